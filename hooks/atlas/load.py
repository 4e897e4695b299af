"""Read the atlas's inputs from disk, turning every failure into a Problem.

Nothing here raises for a contributor's mistake: each reader returns what it
could read together with the problems it met, so that all of them can be
reported at once.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry

from .model import Benchmark, BenchmarkGroup, Problem, Source, Term, Theme, Vocabulary
from .provenance import load_bibliography, source_problem
from .yamlmarks import ParsedYaml, YamlSyntaxError, parse_yaml

MAX_PRACTICE_BYTES = 200 * 1024
_BOUNDARY = re.compile(r"^-{3,}\s*$", re.MULTILINE)  # a line of three or more dashes


@dataclass
class RawPractice:
    """A practice file as read: front matter (with line marks) and body."""

    path: Path
    display_path: str
    data: dict[str, Any]
    lines: dict[tuple, int]
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
    try:
        return path.resolve().relative_to(root.resolve()).as_posix() if root else path.as_posix()
    except ValueError:
        return path.as_posix()


def read_yaml_file(path: Path, root: Path | None) -> tuple[ParsedYaml | None, list[Problem]]:
    shown = display_path(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return None, [Problem(shown, None, None, f"cannot be read: {err}")]
    try:
        return parse_yaml(text), []
    except YamlSyntaxError as err:
        return None, [Problem(shown, err.line, None, f"invalid YAML: {err.message}")]


def load_schema(data_dir: Path) -> dict[str, Any]:
    return json.loads((data_dir / "schema" / "practice.schema.json").read_text(encoding="utf-8"))


def country_vocabulary() -> Vocabulary:
    """ISO 3166-1 alpha-2 codes with their short English names."""
    terms = [
        Term(c.alpha_2, getattr(c, "common_name", None) or c.name)
        for c in pycountry.countries
    ]
    return Vocabulary("countries", "Country", tuple(sorted(terms, key=lambda t: t.label)))


def load_vocabularies(data_dir: Path, root: Path | None = None) -> tuple[dict[str, Vocabulary], list[Problem]]:
    vocabularies: dict[str, Vocabulary] = {"countries": country_vocabulary()}
    problems: list[Problem] = []
    for path in sorted((data_dir / "vocabularies").glob("*.yml")):
        parsed, found = read_yaml_file(path, root)
        problems += found
        if parsed is None:
            continue
        shown = display_path(path, root)
        data = parsed.data if isinstance(parsed.data, dict) else {}
        terms = []
        for index, item in enumerate(data.get("values") or []):
            if not isinstance(item, dict) or not item.get("id") or not item.get("label"):
                problems.append(Problem(shown, parsed.lines.get(("values", index)), "values",
                                        "each value needs an id and a label"))
                continue
            terms.append(Term(str(item["id"]), str(item["label"]), str(item.get("description", "")),
                              item.get("min"), item.get("max")))
        if not terms:
            problems.append(Problem(shown, None, "values", "a vocabulary needs a list of values"))
        vocabularies[path.stem] = Vocabulary(path.stem, str(data.get("name", path.stem)), tuple(terms))
    return vocabularies, problems


def load_benchmarks(benchmarks_dir: Path, root: Path | None = None,
                    sources: dict[str, Source] | None = None) -> tuple[list[BenchmarkGroup], list[Problem]]:
    """Benchmark groups, each benchmark with its stable id `group.theme.item`.

    A group's `source` is a key into the bibliography plus a locator.
    """
    groups: list[BenchmarkGroup] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in sorted(benchmarks_dir.glob("*.yml")):
        parsed, found = read_yaml_file(path, root)
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
                    problems.append(Problem(shown, line, "id", f"benchmark id '{full_id}' is used twice",
                                            f"first in {seen[full_id]}"))
                    continue
                seen[full_id] = shown
                items.append(Benchmark(full_id, str(item["title"]), " ".join(str(item["statement"]).split()),
                                       group_id, str(theme["id"])))
            themes.append(Theme(str(theme["id"]), str(theme.get("title", theme["id"])), tuple(items)))
        src = data["source"] if isinstance(data["source"], dict) else {}
        source_line = parsed.lines.get(("source",))
        found_source = source_problem(shown, source_line, "source.key", src.get("key"), sources or {})
        if found_source or not str(src.get("locator") or "").strip():
            problems.append(found_source or Problem(shown, source_line, "source.locator", "required field is missing",
                                                    "say where in the source the benchmarks stand"))
            continue
        groups.append(BenchmarkGroup(
            id=group_id, kind=str(data["kind"]), title=str(data["title"]), order=int(data.get("order", 99)),
            description=" ".join(str(data["description"]).split()),
            challenges=tuple(str(c) for c in data.get("challenges") or ()),
            source=(sources or {})[src["key"]], source_locator=" ".join(str(src["locator"]).split()),
            themes=tuple(themes),
            extra={k: v for k, v in data.items() if k not in {"id", "kind", "title", "order", "description",
                                                                "challenges", "source", "themes"}},
        ))
    groups.sort(key=lambda g: (g.order, g.id))
    return groups, problems


def load_atlas_data(data_dir: Path, benchmarks_dir: Path | None = None, root: Path | None = None) -> AtlasData:
    schema_file = data_dir / "schema" / "practice.schema.json"
    if not schema_file.is_file():
        return AtlasData({}, {}, [], problems=[Problem(display_path(schema_file, root), None, None,
                                                      "the practice schema is missing", "check the data folder setting")])
    vocabularies, problems = load_vocabularies(data_dir, root)
    sources, source_problems = load_bibliography(data_dir, root)
    groups, found = load_benchmarks(benchmarks_dir or data_dir / "benchmarks", root, sources)
    body, body_problems = read_yaml_file(data_dir / "schema" / "body.yml", root)
    body_rules = body.data if body and isinstance(body.data, dict) else {}
    return AtlasData(load_schema(data_dir), vocabularies, groups, body_rules,
                     problems + source_problems + found + body_problems, sources)


def read_practice_file(path: Path, root: Path | None = None) -> tuple[RawPractice | None, list[Problem]]:
    """Split one practice file into front matter and body; never raises for bad content."""
    shown = display_path(path, root)
    try:
        raw = path.read_bytes()
    except OSError as err:
        return None, [Problem(shown, None, None, f"cannot be read: {err.strerror}")]
    if len(raw) > MAX_PRACTICE_BYTES:
        return None, [Problem(shown, None, None,
                              f"file is {len(raw) // 1024} KB, more than the {MAX_PRACTICE_BYTES // 1024} KB allowed",
                              "shorten the body, and link to long documents instead of pasting them")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        return None, [Problem(shown, line, None,
                              f"the file is not UTF-8 text (byte 0x{raw[err.start]:02x} cannot be decoded)",
                              "save the file with UTF-8 encoding in your editor")]
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return None, [Problem(shown, 1, None, "the file is empty",
                              "start from practices/_template.md or run scripts/new_practice.py")]
    opening = _BOUNDARY.match(text)
    if not opening:
        return None, [Problem(shown, 1, None, "no front matter: the file must start with a line '---'",
                              "put the fields between two lines of '---' at the top of the file")]
    closing = _BOUNDARY.search(text, opening.end())
    if not closing:
        return None, [Problem(shown, 1, None, "front matter is not closed",
                              "add a line '---' after the last field")]
    front = text[opening.end():closing.start()]
    first_line = text.count("\n", 0, opening.end()) + 1
    problems = [
        Problem(shown, first_line + n, None, "a tab character in the front matter",
                "YAML needs spaces for indentation; replace the tab with spaces")
        for n, line in enumerate(front.split("\n")) if "\t" in line
    ]
    if problems:
        return None, problems
    try:
        parsed = parse_yaml(front, first_line)
    except YamlSyntaxError as err:
        return None, [Problem(shown, err.line, None, f"invalid YAML: {err.message}", _yaml_hint(err.message))]
    if not isinstance(parsed.data, dict):
        return None, [Problem(shown, first_line + 1, None, "front matter must be a list of 'field: value' lines",
                              "see the practice file reference")]
    for dup_path, line, first in parsed.duplicates:
        problems.append(Problem(shown, line, ".".join(map(str, dup_path)),
                                f"appears twice (first on line {first})", "keep one of the two"))
    body_line = text.count("\n", 0, closing.end()) + 1
    body = text[closing.end():]
    return RawPractice(path, shown, parsed.data, parsed.lines, body, body_line), problems


def _yaml_hint(message: str) -> str:
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


def load_practices(practices_dir: Path, root: Path | None = None) -> tuple[list[RawPractice], list[Problem]]:
    """Every `*.md` under practices/ except files starting with '_' (templates)."""
    records: list[RawPractice] = []
    problems: list[Problem] = []
    for path in sorted(practices_dir.glob("*.md")):
        if path.name.startswith("_"):
            continue
        record, found = read_practice_file(path, root)
        problems += found
        if record is not None:
            records.append(record)
    return records, problems
