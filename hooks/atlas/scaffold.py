"""Write a new practice file from a contributor's answers.

Every answer is checked by the one validator (`PracticeValidator`) as soon as
it is given, so the scaffold and the build can never disagree about what is
valid. The same writer renders the example on the practice file reference
page, which is therefore valid by construction (a test holds us to that).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .checks.body import is_empty_section
from .load import AtlasData, RawPractice, read_practice_file
from .model import Problem
from .validate import PracticeValidator

# Where the editor schema lives, relative to a file in practices/ (see scripts/editor_schema.py).
EDITOR_SCHEMA_FROM_PRACTICES = "../data/schema/practice.editor.schema.json"
SCHEMA_COMMENT = f"# yaml-language-server: $schema={EDITOR_SCHEMA_FROM_PRACTICES}"

# Lists of ids read best on one line; lists of names and of sources in blocks.
_FLOW_LISTS = {"dimensions", "actors", "target_groups"}


def split_list(text: str) -> list[str]:
    """'refugees, women' -> ['refugees', 'women']; blanks dropped."""
    parts = (part.strip() for part in text.split(","))
    return [_unquote(part) for part in parts if _unquote(part)]


def _unquote(text: str) -> str:
    """Quotes a contributor typed around one answer are not part of it."""
    return text[1:-1].strip() if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'" else text


def _parts(text: str) -> list[str]:
    return [_unquote(part.strip()) for part in text.split("|")]


def parse_source(text: str) -> dict[str, Any]:
    """'KEY | LOCATOR' -> a citation: a key of data/sources.yml and where in it the facts stand."""
    parts = _parts(text)
    citation: dict[str, Any] = {"key": parts[0]}
    if len(parts) > 1 and parts[1]:
        citation["locator"] = " | ".join(parts[1:])
    return citation


def parse_benchmark(text: str) -> dict[str, Any]:
    """'ID | one sentence on how' -> a benchmark link (the sentence may itself contain '|')."""
    parts = _parts(text)
    link: dict[str, Any] = {"id": parts[0]}
    if len(parts) > 1 and parts[1]:
        link["how"] = " ".join(" | ".join(parts[1:]).split())
    return link


def parse_population(text: str) -> dict[str, Any] | str:
    """'37000 | 2023 | Statistics Sweden' -> a population record; anything else is kept for the validator."""
    parts = _parts(text)
    if len(parts) != 3:
        return text.strip()
    figure = parts[0].replace(",", "").replace(" ", "")
    return {"figure": parse_int(figure), "year": parse_int(parts[1]), "source": parts[2]}


def parse_year(text: str) -> int | str:
    """'2014' -> 2014; 'by 2021' stays text (the validator knows that form)."""
    text = " ".join(text.split())
    return parse_int(text) if re.fullmatch(r"-?\d+", text) else text


def parse_int(text: str) -> int | str:
    """A whole number when the text is one; otherwise the text, for the validator to explain."""
    text = text.strip()
    return int(text) if re.fullmatch(r"-?\d+", text) else text


def _scalar(value: Any, in_flow: bool = False) -> str:
    """One YAML scalar, quoted only when YAML needs it (a colon, a leading '[', 'yes', ...)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value  # dates stay unquoted; the loader reads them as text
    if in_flow:  # inside [a, b] a comma or a bracket needs quotes too
        return yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=10**9).strip()[1:-1]
    dumped = yaml.safe_dump(value, allow_unicode=True, width=10**9)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def front_matter(values: dict[str, Any], field_order: Iterable[str], comment: str | None = SCHEMA_COMMENT) -> str:
    """The YAML between the two '---' lines, fields in schema order."""
    lines = [comment] if comment else []
    for name in field_order:
        if name not in values or values[name] in (None, "", [], {}):
            continue
        value = values[name]
        if isinstance(value, list) and name in _FLOW_LISTS:
            lines.append(f"{name}: [{', '.join(_scalar(v, in_flow=True) for v in value)}]")
        elif isinstance(value, list):
            lines.append(f"{name}:")
            for item in value:
                if isinstance(item, dict):
                    first = True
                    for key, sub in item.items():
                        lines.append(f"  {'- ' if first else '  '}{key}: {_scalar(sub)}")
                        first = False
                else:
                    lines.append(f"  - {_scalar(item)}")
        elif isinstance(value, dict):
            lines.append(f"{name}:")
            lines.extend(f"  {key}: {_scalar(sub)}" for key, sub in value.items())
        else:
            lines.append(f"{name}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def body_template(sections: Iterable[str], guidance: dict[str, str]) -> str:
    """The required sections, each with a note on what to write (an HTML comment: invisible on the site)."""
    parts = []
    for section in sections:
        note = guidance.get(section, "")
        parts.append(f"## {section}\n\n<!-- {note} -->\n" if note else f"## {section}\n")
    return "\n" + "\n".join(parts)


def practice_text(values: dict[str, Any], data: AtlasData, comment: str | None = SCHEMA_COMMENT) -> str:
    order = list(data.schema.get("properties", {}))
    sections = list(data.body.get("required_sections", []))
    guidance = dict(data.body.get("section_guidance") or {})
    return "---\n" + front_matter(values, order, comment) + "---\n" + body_template(sections, guidance)


def set_path(values: dict[str, Any], dotted: str, value: Any) -> None:
    """values['evidence']['level'] = value for 'evidence.level'."""
    *parents, last = dotted.split(".")
    for part in parents:
        values = values.setdefault(part, {})
    values[last] = value


def _about(field: str | None, name: str) -> bool:
    return field is not None and (field == name or field.startswith((f"{name}[", f"{name}.")))


def describe(problem: Problem) -> str:
    """A problem without its file location (the file does not exist yet)."""
    what = f"{problem.field}: {problem.message}" if problem.field else problem.message
    return what + (f" ({problem.hint})" if problem.hint else "")


@dataclass
class FieldChecker:
    """Checks one answer at a time, or a whole new file, with the atlas's validator."""

    data: AtlasData
    practices_dir: Path
    existing: list[RawPractice]
    today: date

    def __post_init__(self) -> None:
        # The files already there keep their titles: a clash is always the new file's.
        self.validator = PracticeValidator(self.data, self.today, [r.display_path for r in self.existing])

    def check(self, name: str, value: Any, slug: str = "new-practice", size: str | None = None) -> list[Problem]:
        """Problems with one field's answer; `name` may be dotted (evidence.level).

        A population is checked against the municipality size already given (`size`).
        """
        record: dict[str, Any] = {"municipality_size": size} if name == "population" and size else {}
        set_path(record, name, value)
        stem = value if name == "slug" and isinstance(value, str) and value else slug
        raw = RawPractice(self.practices_dir / f"{stem}.md", f"practices/{stem}.md", record, {}, "", 1)
        found = [
            p
            for p in self.validator.check_record(raw)
            if _about(p.field, name) or (name == "population" and size and p.field == "municipality_size")
        ]
        if name == "slug" and not found and (self.practices_dir / f"{value}.md").exists():
            return [
                Problem(
                    raw.display_path,
                    None,
                    "slug",
                    f"practices/{value}.md already exists",
                    "choose another slug; the scaffold never overwrites a file",
                )
            ]
        if name in ("slug", "title") and not found:
            found += [
                p
                for p in self.validator.check_collection(self.existing + [raw])
                if p.path == raw.display_path and p.field == name
            ]
        return found

    def check_text(self, slug: str, text: str) -> list[Problem]:
        """Every problem the build would report for this new file among the existing ones."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{slug}.md"
            path.write_text(text, encoding="utf-8")
            raw, problems = read_practice_file(path, Path(folder))
            if raw is None:
                return problems
            problems += list(self.validator.check_record(raw))
            problems += [
                p for p in self.validator.check_collection(self.existing + [raw]) if p.path == raw.display_path
            ]
        # Its sections are empty by design: writing them is the contributor's next step.
        return [p for p in problems if not is_empty_section(p)]
