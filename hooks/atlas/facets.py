"""The facets practices are filtered and grouped by, read once from data/facets.yml.

One table serves the explorer's filters, the generated index pages (by
dimension, country, size), the PDF export's flags and a pack's cover, so
adding a facet is one entry in the data file, not an edit in three modules.
It is program configuration, not per-site data: the export's command-line
flags exist before any data folder is chosen, so the table is read from the
project's own data/ when this module is imported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import Practice, Problem, Vocabulary
from .project import PROJECT_ROOT
from .yamlmarks import YamlSyntaxError, parse_yaml

FACETS_FILE = PROJECT_ROOT / "data" / "facets.yml"
# The benchmark framework stands in for a vocabulary file for this facet.
BENCHMARKS = "benchmarks"
_VALUE_CHOICES = ("all", "used")
_REQUIRED = ("key", "attribute", "vocabulary", "label", "values")


class FacetTableError(ValueError):
    """data/facets.yml cannot be used; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class Facet:
    """One facet: its key (URL parameter, export flag), the practice field it reads, its vocabulary."""

    key: str
    attribute: str
    vocabulary: str
    label: str
    cover_label: str
    only_used_values: bool  # offer only values some practice has (countries), not the whole vocabulary
    pages: str | None = None  # URL folder of the generated index pages, if any

    @property
    def is_benchmarks(self) -> bool:
        return self.vocabulary == BENCHMARKS

    def values_of(self, practice: Practice) -> tuple[str, ...]:
        """The practice's values for this facet, whether its field holds one or several."""
        return facet_values(practice, self.attribute)


def facet_values(practice: Practice, attribute: str) -> tuple[str, ...]:
    value = getattr(practice, attribute)
    return tuple(value) if isinstance(value, tuple) else (value,)


def load_facets(path: Path = FACETS_FILE) -> tuple[Facet, ...]:
    """The facet table, checked; raises FacetTableError listing every problem in the file."""
    try:
        parsed = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise FacetTableError(f"{path}: cannot be read: {err}") from None
    except YamlSyntaxError as err:
        raise FacetTableError(f"{path}:{err.line or 1}: invalid YAML: {err.message}") from None
    entries = parsed.data.get("facets") if isinstance(parsed.data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise FacetTableError(f"{path}:1: facets: expected a list of facets under 'facets:'")
    fields = {f.name for f in dataclasses.fields(Practice)}
    facets: list[Facet] = []
    problems: list[str] = []
    for index, entry in enumerate(entries):
        where = f"{path}:{parsed.lines.get(('facets', index), 1)}: facets[{index + 1}]"
        found = _entry_problems(entry, fields, {f.key for f in facets})
        if found:
            problems += [f"{where}: {message}" for message in found]
            continue
        facets.append(_facet(entry))
    if problems:
        raise FacetTableError("\n".join(problems))
    return tuple(facets)


def _entry_problems(entry: Any, fields: set[str], seen_keys: set[str]) -> list[str]:
    if not isinstance(entry, dict):
        return ["expected a set of fields (key, attribute, vocabulary, label, values)"]
    found = [f"{name}: required field is missing" for name in _REQUIRED if not entry.get(name)]
    if entry.get("attribute") and entry["attribute"] not in fields:
        found.append(f"attribute: '{entry['attribute']}' is not a practice field (one of: {', '.join(sorted(fields))})")
    if entry.get("values") and entry["values"] not in _VALUE_CHOICES:
        found.append(f"values: '{entry['values']}' is not 'all' or 'used'")
    if entry.get("key") in seen_keys:
        found.append(f"key: '{entry['key']}' is used twice")
    return found


def _facet(entry: Mapping[str, Any]) -> Facet:
    return Facet(
        key=str(entry["key"]),
        attribute=str(entry["attribute"]),
        vocabulary=str(entry["vocabulary"]),
        label=str(entry["label"]),
        cover_label=str(entry.get("cover_label") or entry["label"]),
        only_used_values=entry["values"] == "used",
        pages=str(entry["pages"]) if entry.get("pages") else None,
    )


def facet_problems(
    facets: tuple[Facet, ...], vocabularies: Mapping[str, Vocabulary], shown_path: str = "data/facets.yml"
) -> list[Problem]:
    """A facet whose vocabulary does not exist (checked once the vocabularies are loaded)."""
    return [
        Problem(
            shown_path,
            None,
            f"facets.{f.key}.vocabulary",
            f"'{f.vocabulary}' is not a known vocabulary",
            f"add data/vocabularies/{f.vocabulary}.yml or use one of: {', '.join(sorted(vocabularies))}",
        )
        for f in facets
        if not f.is_benchmarks and f.vocabulary not in vocabularies
    ]


FACETS: tuple[Facet, ...] = load_facets()
FACETS_BY_KEY: dict[str, Facet] = {f.key: f for f in FACETS}
# The facets that get index pages (Practices > By dimension, By country, By municipality size).
PAGE_FACETS: tuple[Facet, ...] = tuple(f for f in FACETS if f.pages)
