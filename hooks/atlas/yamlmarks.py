"""YAML parsing that keeps line numbers and refuses duplicate keys.

PyYAML's loaders forget where a value stood; contributors need the line. We
compose the node tree (with the C parser when present), record the line of
every key and list item, then construct plain Python values. Timestamps are
left as strings so that a date is checked by us, with a useful message,
instead of failing inside the parser.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple  # a field path such as ("sources", 0, "url")


class AtlasLoader(_Base):  # type: ignore[misc, valid-type]
    """Safe loader without implicit timestamps."""


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
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def parse_yaml(text: str, first_line: int = 1) -> ParsedYaml:
    """Parse one YAML document; lines are 1-based and offset by `first_line - 1`."""
    offset = first_line
    try:
        loader = AtlasLoader(text)
        try:
            node = loader.get_single_node()
            result = ParsedYaml(data=None)
            if node is not None:
                _record(node, (), result, offset)
                result.data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as err:
        # For an unclosed list, mapping or quote the useful line is where it opened.
        opened = err.context and ("flow" in err.context or "quoted" in err.context)
        mark = (err.context_mark if opened else None) or err.problem_mark or err.context_mark
        line = mark.line + offset if mark else None
        text_ = " ".join(p for p in (err.context, err.problem) if p)
        raise YamlSyntaxError(text_ or "the YAML cannot be read", line) from None
    except yaml.YAMLError as err:  # e.g. a reader error on a control character
        raise YamlSyntaxError(str(err).splitlines()[0], None) from None
    return result


def _record(node: yaml.Node, path: Path_, out: ParsedYaml, offset: int) -> None:
    out.lines.setdefault(path, node.start_mark.line + offset)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + offset
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
