"""Read the atlas's inputs from disk, turning every failure into a Problem.

Nothing here raises for a contributor's mistake: each reader returns what it
could read together with the problems it met, so that all of them can be
reported at once.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry

from .model import Benchmark, BenchmarkGroup, Problem, Source, Term, Theme, Vocabulary
from .provenance import load_bibliography, source_problem
from .yamlmarks import ParsedYaml, YamlRefused, YamlSyntaxError, parse_yaml

MAX_PRACTICE_BYTES = 200 * 1024
MAX_DATA_BYTES = 2 * 1024 * 1024  # the largest data file is about 60 KB
MAX_PRACTICE_NODES = 2_000  # a practice has about 100 values
_CURLY_QUOTES = "\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb"
_BOUNDARY = re.compile(r"^-{3,}\s*$", re.MULTILINE)  # a line of three or more dashes


@dataclass
class RawPractice:
    """A practice file as read: front matter (with line marks) and body."""

    path: Path
    display_path: str
    data: dict[str, Any]
    lines: dict[tuple[str | int, ...], int]
    body: str
    body_line: int


@dataclass
class AtlasData:
    """Everything a practice is checked against."""

    schema: dict[str, Any]
    vocabularies: dict[str, Vocabulary]
    groups: list[BenchmarkGroup]
    body: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)  # the bibliography, by key

    @property
    def benchmarks(self) -> dict[str, Benchmark]:
        return {b.id: b for g in self.groups for b in g.benchmarks}


def display_path(path: Path, root: Path | None) -> str:
    """The path as a contributor knows it: relative to the repository, a link shown as itself."""
    if not root:
        return path.as_posix()
    try:
        return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class UnsafeFile(ValueError):
    """A path that must not be read: a link out of its folder, a pipe, a device, too large."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_bounded(path: Path, boundary: Path, limit: int, where: str | None = None) -> bytes:
    """The bytes of a regular file inside `boundary`, at most `limit` of them.

    Checked before opening: a symbolic link is followed only to a file inside
    the boundary (a pull request could otherwise publish any file of the
    machine), and only a regular file of at most `limit` bytes is read (a pipe
    would hang, /dev/zero would fill the memory). Raises UnsafeFile or OSError.
    """
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        if path.is_symlink():
            raise UnsafeFile(
                f"is a link to {os.readlink(path)}, which does not exist", "replace the link with the file itself"
            ) from None
        raise
    except RuntimeError:  # a loop of links
        raise UnsafeFile("is a link that points back to itself", "replace the link with the file itself") from None
    if not target.is_relative_to(boundary.resolve()):
        raise UnsafeFile(
            f"is a link to a file outside {where or boundary.name + '/'}, which is not read",
            "put the file itself in the folder instead of a link",
        )
    _check_kind_and_size(target.stat(), limit)
    # Non-blocking, and checked again on the open file: it may have been swapped for a pipe since.
    descriptor = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(descriptor, "rb") as handle:
        _check_kind_and_size(os.fstat(handle.fileno()), limit)
        raw = handle.read(limit + 1)  # the file may have grown since stat
    if len(raw) > limit:
        raise UnsafeFile(
            f"file is more than the {limit // 1024} KB allowed",
            "shorten the body, and link to long documents instead of pasting them",
        )
    return raw


def _check_kind_and_size(info: os.stat_result, limit: int) -> None:
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise UnsafeFile(f"is {kind}, not a regular file", "a practice or data file must be an ordinary text file")
    if info.st_size > limit:
        raise UnsafeFile(
            f"file is {info.st_size // 1024} KB, more than the {limit // 1024} KB allowed",
            "shorten the body, and link to long documents instead of pasting them",
        )


def read_yaml_file(
    path: Path, root: Path | None, boundary: Path | None = None
) -> tuple[ParsedYaml | None, list[Problem]]:
    """One data file (vocabulary, benchmarks, body rules), read within `boundary` (its folder by default)."""
    shown = display_path(path, root)
    try:
        text = read_bounded(path, boundary or path.parent, MAX_DATA_BYTES).decode("utf-8")
    except UnsafeFile as err:
        return None, [Problem(shown, None, None, err.message, err.hint)]
    except OSError as err:
        return None, [Problem(shown, None, None, f"cannot be read: {err.strerror}")]
    except UnicodeDecodeError:
        return None, [Problem(shown, None, None, "the file is not UTF-8 text", "save the file with UTF-8 encoding")]
    try:
        return parse_yaml(text), []
    except YamlSyntaxError as err:
        return None, [
            Problem(
                shown,
                err.line,
                None,
                f"invalid YAML: {err.message}",
                err.hint or _yaml_hint(err.message, _line_text(text, err.line, 1)),
            )
        ]


def load_schema(data_dir: Path) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((data_dir / "schema" / "practice.schema.json").read_text(encoding="utf-8"))
    return schema


def country_vocabulary() -> Vocabulary:
    """ISO 3166-1 alpha-2 codes with their short English names."""
    terms = [Term(c.alpha_2, getattr(c, "common_name", None) or c.name) for c in pycountry.countries]
    return Vocabulary("countries", "Country", tuple(sorted(terms, key=lambda t: t.label)))


def load_vocabularies(data_dir: Path, root: Path | None = None) -> tuple[dict[str, Vocabulary], list[Problem]]:
    vocabularies: dict[str, Vocabulary] = {"countries": country_vocabulary()}
    problems: list[Problem] = []
    for path in sorted((data_dir / "vocabularies").glob("*.yml")):
        parsed, found = read_yaml_file(path, root, data_dir)
        problems += found
        if parsed is None:
            continue
        shown = display_path(path, root)
        data = parsed.data if isinstance(parsed.data, dict) else {}
        terms = []
        for index, item in enumerate(data.get("values") or []):
            if not isinstance(item, dict) or not item.get("id") or not item.get("label"):
                problems.append(
                    Problem(shown, parsed.lines.get(("values", index)), "values", "each value needs an id and a label")
                )
                continue
            terms.append(
                Term(
                    str(item["id"]),
                    str(item["label"]),
                    str(item.get("description", "")),
                    item.get("min"),
                    item.get("max"),
                )
            )
        if not terms:
            problems.append(Problem(shown, None, "values", "a vocabulary needs a list of values"))
        vocabularies[path.stem] = Vocabulary(path.stem, str(data.get("name", path.stem)), tuple(terms))
    return vocabularies, problems


def load_benchmarks(
    benchmarks_dir: Path, root: Path | None = None, sources: dict[str, Source] | None = None
) -> tuple[list[BenchmarkGroup], list[Problem]]:
    """Benchmark groups, each benchmark with its stable id `group.theme.item`.

    A group's `source` is a key into the bibliography plus a locator.
    """
    groups: list[BenchmarkGroup] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in sorted(benchmarks_dir.glob("*.yml")):
        parsed, found = read_yaml_file(path, root, benchmarks_dir)
        problems += found
        if parsed is None:
            continue
        shown = display_path(path, root)
        data = parsed.data if isinstance(parsed.data, dict) else {}
        missing = [k for k in ("id", "kind", "title", "description", "source", "themes") if not data.get(k)]
        if missing:
            problems.append(Problem(shown, 1, None, f"benchmark group lacks {', '.join(missing)}"))
            continue
        group_id = str(data["id"])
        themes = []
        for t_index, theme in enumerate(data["themes"]):
            items = []
            for b_index, item in enumerate(theme.get("benchmarks") or []):
                line = parsed.lines.get(("themes", t_index, "benchmarks", b_index))
                if not all(item.get(k) for k in ("id", "title", "statement")):
                    problems.append(Problem(shown, line, "benchmarks", "a benchmark needs id, title and statement"))
                    continue
                full_id = f"{group_id}.{theme['id']}.{item['id']}"
                if full_id in seen:
                    problems.append(
                        Problem(
                            shown, line, "id", f"benchmark id '{full_id}' is used twice", f"first in {seen[full_id]}"
                        )
                    )
                    continue
                seen[full_id] = shown
                items.append(
                    Benchmark(
                        full_id,
                        str(item["title"]),
                        " ".join(str(item["statement"]).split()),
                        group_id,
                        str(theme["id"]),
                    )
                )
            themes.append(Theme(str(theme["id"]), str(theme.get("title", theme["id"])), tuple(items)))
        src = data["source"] if isinstance(data["source"], dict) else {}
        source_line = parsed.lines.get(("source",))
        found_source = source_problem(shown, source_line, "source.key", src.get("key"), sources or {})
        if found_source or not str(src.get("locator") or "").strip():
            problems.append(
                found_source
                or Problem(
                    shown,
                    source_line,
                    "source.locator",
                    "required field is missing",
                    "say where in the source the benchmarks stand",
                )
            )
            continue
        groups.append(
            BenchmarkGroup(
                id=group_id,
                kind=str(data["kind"]),
                title=str(data["title"]),
                order=int(data.get("order", 99)),
                description=" ".join(str(data["description"]).split()),
                challenges=tuple(str(c) for c in data.get("challenges") or ()),
                source=(sources or {})[src["key"]],
                source_locator=" ".join(str(src["locator"]).split()),
                themes=tuple(themes),
                extra={
                    k: v
                    for k, v in data.items()
                    if k not in {"id", "kind", "title", "order", "description", "challenges", "source", "themes"}
                },
            )
        )
    groups.sort(key=lambda g: (g.order, g.id))
    return groups, problems


def load_atlas_data(data_dir: Path, benchmarks_dir: Path | None = None, root: Path | None = None) -> AtlasData:
    schema_file = data_dir / "schema" / "practice.schema.json"
    if not schema_file.is_file():
        return AtlasData(
            {},
            {},
            [],
            problems=[
                Problem(
                    display_path(schema_file, root),
                    None,
                    None,
                    "the practice schema is missing",
                    "check the data folder setting",
                )
            ],
        )
    vocabularies, problems = load_vocabularies(data_dir, root)
    sources, source_problems = load_bibliography(data_dir, root)
    groups, found = load_benchmarks(benchmarks_dir or data_dir / "benchmarks", root, sources)
    body, body_problems = read_yaml_file(data_dir / "schema" / "body.yml", root, data_dir)
    body_rules = body.data if body and isinstance(body.data, dict) else {}
    return AtlasData(
        load_schema(data_dir),
        vocabularies,
        groups,
        body_rules,
        problems + source_problems + found + body_problems,
        sources,
    )


def read_practice_file(
    path: Path, root: Path | None = None, boundary: Path | None = None
) -> tuple[RawPractice | None, list[Problem]]:
    """Split one practice file into front matter and body; never raises for bad content.

    Only a regular file inside `boundary` (by default `root`, the repository;
    the file's folder when no root is given) is read, and only after its size
    is known to be allowed.
    """
    shown = display_path(path, root)
    inside = boundary or root or path.parent
    where = "the repository" if inside == root else f"{inside.name}/"
    try:
        raw = read_bounded(path, inside, MAX_PRACTICE_BYTES, where)
    except UnsafeFile as err:
        return None, [Problem(shown, None, None, err.message, err.hint)]
    except OSError as err:
        return None, [Problem(shown, None, None, f"cannot be read: {err.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        return None, [
            Problem(
                shown,
                line,
                None,
                f"the file is not UTF-8 text (byte 0x{raw[err.start]:02x} cannot be decoded)",
                "save the file with UTF-8 encoding in your editor",
            )
        ]
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return None, [
            Problem(
                shown, 1, None, "the file is empty", "start from practices/_template.md or run scripts/new_practice.py"
            )
        ]
    opening = _BOUNDARY.match(text)
    if not opening:
        return None, [
            Problem(
                shown,
                1,
                None,
                "no front matter: the file must start with a line '---'",
                "put the fields between two lines of '---' at the top of the file",
            )
        ]
    closing = _BOUNDARY.search(text, opening.end())
    if not closing:
        return None, [Problem(shown, 1, None, "front matter is not closed", "add a line '---' after the last field")]
    front = text[opening.end() : closing.start()]
    first_line = text.count("\n", 0, opening.end()) + 1
    problems = [
        Problem(
            shown,
            first_line + n,
            None,
            "a tab character in the front matter",
            "YAML needs spaces for indentation; replace the tab with spaces",
        )
        for n, line in enumerate(front.split("\n"))
        if "\t" in line
    ]
    if problems:
        return None, problems
    try:
        parsed = parse_yaml(front, first_line, MAX_PRACTICE_NODES)
    except YamlRefused as err:
        return None, [Problem(shown, err.line or first_line, None, err.message, err.hint)]
    except YamlSyntaxError as err:
        return None, [
            Problem(
                shown,
                err.line or first_line,
                None,
                f"invalid YAML: {err.message}",
                err.hint or _yaml_hint(err.message, _line_text(front, err.line, first_line)),
            )
        ]
    if not isinstance(parsed.data, dict):
        return None, [
            Problem(
                shown,
                first_line + 1,
                None,
                "front matter must be a list of 'field: value' lines",
                "see the practice file reference",
            )
        ]
    for dup_path, line, first in parsed.duplicates:
        problems.append(
            Problem(
                shown,
                line,
                ".".join(map(str, dup_path)),
                f"appears twice (first on line {first})",
                "keep one of the two",
            )
        )
    body_line = text.count("\n", 0, closing.end()) + 1
    body = text[closing.end() :]
    return RawPractice(path, shown, parsed.data, parsed.lines, body, body_line), problems


def _line_text(text: str, line: int | None, first_line: int) -> str:
    """The text of a (file) line of a YAML document that starts on `first_line`, with the line before it."""
    if line is None:
        return text
    lines = text.split("\n")
    index = line - first_line
    return "\n".join(lines[max(index - 1, 0) : index + 1])


def _yaml_hint(message: str, near: str = "") -> str:
    """What to try, from the parser's message and the text of the lines it points at."""
    if any(quote in near for quote in _CURLY_QUOTES):
        return (
            "curly quotes (\u201c \u201d \u2018 \u2019) are not YAML quotes: "
            "use straight quotes \" or ' around the value, or none"
        )
    if "flow sequence" in message or "flow mapping" in message:
        return "a value that starts with [ or { is read as a list or mapping: close it, or put the value in quotes"
    if "mapping values are not allowed" in message:
        return "a value that contains ': ' must be put in quotes"
    if "found character '`'" in message or "found character '@'" in message:
        return "a value that starts with ` or @ must be put in quotes"
    if "expected <block end>" in message or "did not find expected key" in message:
        return "check the indentation: list items and fields must line up"
    if "found undefined alias" in message or "found unexpected ':'" in message:
        return "put the value in quotes"
    return "check quotes, colons and indentation on that line and the one before"


def practice_paths(practices_dir: Path, root: Path | None = None) -> tuple[list[Path], list[Problem]]:
    """The practice files of a folder: every `*.md` directly in it except templates ('_' first).

    Anything else a contributor may have meant as a practice (an upper-case
    `.MD`, a file in a subfolder, a `.markdown`) is not read, and a warning
    says so instead of leaving it out in silence. Hidden files are left alone.
    """
    paths: list[Path] = []
    warnings: list[Problem] = []
    entries: list[Path] = []
    # os.walk never follows a link to a folder, so a link loop or a link to / costs nothing.
    for folder, subfolders, files in os.walk(practices_dir, followlinks=False):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        entries += [Path(folder) / name for name in files + subfolders]
    for path in sorted(entries):
        relative = path.relative_to(practices_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if len(relative.parts) == 1 and path.suffix == ".md":  # whatever it is, read_practice_file says why not
            if not path.name.startswith("_"):
                paths.append(path)
            continue
        if (
            path.suffix.lower() in (".md", ".markdown")
            and not path.name.startswith("_")
            and not (path.is_dir() and not path.is_symlink())
        ):
            if len(relative.parts) > 1:
                hint = f"move it to {practices_dir.name}/{path.name}: practices are read from that folder only"
            else:
                hint = f"rename it to {practices_dir.name}/{path.stem}.md: only names ending in .md are read"
            warnings.append(
                Problem(display_path(path, root), None, None, "is not read as a practice", hint, warning=True)
            )
    return paths, warnings


def load_practices(practices_dir: Path, root: Path | None = None) -> tuple[list[RawPractice], list[Problem]]:
    """Every practice file of the folder (see `practice_paths`), read; problems include warnings."""
    records: list[RawPractice] = []
    paths, problems = practice_paths(practices_dir, root)
    # Files are read from inside the repository; a practices folder given outside it (a script's
    # --practices option) is its own boundary.
    inside = root if root and practices_dir.resolve().is_relative_to(root.resolve()) else practices_dir
    for path in paths:
        record, found = read_practice_file(path, root, inside)
        problems += found
        if record is not None:
            records.append(record)
    return records, problems
