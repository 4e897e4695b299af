"""YAML parsing that keeps line numbers, refuses duplicate keys, and stays bounded.

PyYAML's loaders forget where a value stood; contributors need the line. We
compose the node tree (events from the C parser when present), record the line
of every key and list item, then construct plain Python values. Timestamps are
left as strings so that a date is checked by us, with a useful message,
instead of failing inside the parser.

A file from a pull request is untrusted: anchors and aliases (`&a`, `*a`) are
refused while composing, before any alias is followed, because ten nested
aliases expand a 3 KB file into billions of values (the "billion laughs").
The number of nodes and the nesting depth of every document are bounded too,
so no YAML text can make the build use more than a little time and memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent

Path_ = tuple[str | int, ...]  # a field path such as ("sources", 0, "url")

MAX_NODES = 20_000  # a practice has about 100; the largest data file about 1,500
MAX_DEPTH = 40  # a practice nests 3 deep


class _BoundedComposer(Composer):
    """Composer that refuses anchors and aliases and counts what it builds.

    PyYAML assembles a loader from mixins, so `peek_event` comes from the parser
    the loader is combined with (the stubs cannot know which).
    """

    max_nodes = MAX_NODES

    def compose_document(self) -> yaml.Node:
        self._atlas_nodes = 0
        self._atlas_depth = 0
        return super().compose_document()  # type: ignore[return-value]  # None only at the stream's end

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise YamlRefused(
                f"anchors and aliases ('&{event.anchor}', '*{event.anchor}') are not allowed",
                event.start_mark.line,
                "write the value out in full where it is needed",
            )
        self._atlas_nodes += 1
        if self._atlas_nodes > self.max_nodes:
            raise YamlRefused(
                f"more than {self.max_nodes:,} values in one YAML document",
                event.start_mark.line,
                "a practice needs far fewer values: remove the repeated ones",
            )
        self._atlas_depth += 1
        if self._atlas_depth > MAX_DEPTH:
            raise YamlRefused(
                f"lists or fields nested more than {MAX_DEPTH} levels deep",
                event.start_mark.line,
                "check the indentation and the brackets: a practice nests at most three levels",
            )
        try:
            return super().compose_node(parent, index)  # type: ignore[return-value]
        finally:
            self._atlas_depth -= 1


_WITH_C = getattr(yaml, "__with_libyaml__", False)
_Parser: type = yaml.cyaml.CParser if _WITH_C else yaml.parser.Parser  # type: ignore[attr-defined]
_Reader: tuple[type, ...] = () if _WITH_C else (yaml.reader.Reader, yaml.scanner.Scanner)


# PyYAML's loaders are assembled from mixins chosen at import time (C parser or pure Python).
class AtlasLoader(
    _BoundedComposer,
    _Parser,  # type: ignore[misc]
    *_Reader,  # type: ignore[misc]
    yaml.constructor.SafeConstructor,
    yaml.resolver.Resolver,
):
    """Safe loader without implicit timestamps, anchors or aliases, and with a node budget."""

    def __init__(self, stream: str) -> None:
        if _Reader:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            _Parser.__init__(self)  # type: ignore[misc]
        else:
            _Parser.__init__(self, stream)  # type: ignore[misc]
        Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


AtlasLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class ParsedYaml:
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    duplicates: list[tuple[Path_, int, int]] = field(default_factory=list)  # (path, line, first line)


class YamlSyntaxError(ValueError):
    def __init__(self, message: str, line: int | None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.hint = hint


class YamlRefused(YamlSyntaxError):
    """Valid YAML that a practice or data file may not use (aliases, too many values, too deep)."""


def parse_yaml(text: str, first_line: int = 1, max_nodes: int = MAX_NODES) -> ParsedYaml:
    """Parse one YAML document; lines are 1-based and offset by `first_line - 1`."""
    offset = first_line
    try:
        loader = AtlasLoader(text)
        loader.max_nodes = max_nodes
        try:
            node = loader.get_single_node()
            result = ParsedYaml(data=None)
            if node is not None:
                _record(node, (), result, offset)
                result.data = loader.construct_document(node)
        finally:
            loader.dispose()
    except YamlRefused as err:
        raise YamlRefused(err.message, None if err.line is None else err.line + offset, err.hint) from None
    except yaml.reader.ReaderError as err:  # a control character: invisible in most editors, so say where
        line = text.count("\n", 0, err.position) + offset
        raise YamlSyntaxError(
            f"a control character (0x{err.character:02x}) that YAML does not allow",
            line,
            "delete it: most editors do not show it",
        ) from None
    except yaml.MarkedYAMLError as err:
        # For an unclosed list, mapping or quote the useful line is where it opened.
        opened = err.context and ("flow" in err.context or "quoted" in err.context)
        mark = (err.context_mark if opened else None) or err.problem_mark or err.context_mark
        mark_line = mark.line + offset if mark else None
        text_ = " ".join(p for p in (err.context, err.problem) if p)
        raise YamlSyntaxError(text_ or "the YAML cannot be read", mark_line) from None
    except yaml.YAMLError as err:  # e.g. a reader error on a control character
        raise YamlSyntaxError(str(err).splitlines()[0], None) from None
    except RecursionError:  # deeper than Python's stack before our depth bound (flow collections in C)
        raise YamlRefused(
            f"lists or fields nested more than {MAX_DEPTH} levels deep",
            None,
            "check the brackets: a practice nests at most three levels",
        ) from None
    return result


def _record(node: yaml.Node, path: Path_, out: ParsedYaml, offset: int) -> None:
    out.lines.setdefault(path, node.start_mark.line + offset)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + offset
            if not isinstance(key, str):  # a list or mapping used as a key: never hashable as a path
                key = repr(key)
            if key in seen:
                out.duplicates.append((path + (key,), line, seen[key]))
                continue
            seen[key] = line
            out.lines[path + (key,)] = line
            _record(value_node, path + (key,), out, offset)
            out.lines[path + (key,)] = line  # the key's line, not its value's
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record(item, path + (index,), out, offset)


def line_of(lines: dict[Path_, int], path: Path_) -> int | None:
    """The line of a path, or of its nearest ancestor that has one."""
    path = tuple(path)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())
