"""Which practices a trainer picked: the explorer's facets, as plain data.

Semantics (the same as the explorer's filter): values given for one facet
are alternatives (OR), facets are combined with AND, and a facet left empty
does not filter. A practice with several dimensions or benchmarks matches
when any of them is chosen.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .catalogue import Catalogue, facet_values
from .explorer import EXPLORER_FACETS
from .model import Practice
from .validate import suggest


@dataclass(frozen=True)
class Facet:
    """One filter: its command-line name, the practice attribute it reads, and its vocabulary."""

    name: str
    attribute: str
    vocabulary: str | None  # None: benchmark ids, checked against the catalogue's benchmarks
    label: str


# Exactly the explorer's filters (names, attributes, order), so a pack selects what
# the explorer shows; only the cover's wording of a label may differ.
_COVER_LABELS = {"dimension": "Dimension"}
FACETS: tuple[Facet, ...] = tuple(
    Facet(f.key, f.attribute, None if f.vocabulary == "benchmarks" else f.vocabulary,
          _COVER_LABELS.get(f.key, f.label))
    for f in EXPLORER_FACETS
)
FACETS_BY_NAME: dict[str, Facet] = {f.name: f for f in FACETS}


@dataclass(frozen=True)
class Selection:
    """Chosen values per facet name; facets not named are not filtered."""

    chosen: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, **facets: Iterable[str] | None) -> Selection:
        unknown = set(facets) - set(FACETS_BY_NAME)
        if unknown:
            raise ValueError(f"unknown facet(s): {', '.join(sorted(unknown))}")
        chosen = {name: tuple(dict.fromkeys(values)) for name, values in facets.items() if values}
        return cls(chosen)

    @property
    def is_everything(self) -> bool:
        return not any(self.chosen.values())

    def values(self, facet: str) -> tuple[str, ...]:
        return tuple(self.chosen.get(facet, ()))

    def matches(self, practice: Practice) -> bool:
        for name, wanted in self.chosen.items():
            if wanted and not set(facet_values(practice, FACETS_BY_NAME[name].attribute)) & set(wanted):
                return False
        return True

    def apply(self, catalogue: Catalogue) -> list[Practice]:
        """The matching practices, in the catalogue's order (by title)."""
        return [p for p in catalogue.practices if self.matches(p)]


def _ids_and_labels(facet: Facet, catalogue: Catalogue) -> tuple[list[str], dict[str, str]]:
    if facet.vocabulary is None:
        return list(catalogue.benchmarks), {b.id: b.title for b in catalogue.benchmarks.values()}
    vocabulary = catalogue.vocabulary(facet.vocabulary)
    return vocabulary.ids, {t.id: t.label for t in vocabulary.terms}


def normalise(selection: Selection, catalogue: Catalogue) -> tuple[Selection, list[str]]:
    """Match each value to a known id (ignoring case); list every unknown one with a suggestion."""
    problems: list[str] = []
    chosen: dict[str, tuple[str, ...]] = {}
    for name, values in selection.chosen.items():
        facet = FACETS_BY_NAME[name]
        ids, labels = _ids_and_labels(facet, catalogue)
        by_lower = {i.lower(): i for i in ids}
        known: list[str] = []
        for value in values:
            found = by_lower.get(value.strip().lower())
            if found:
                known.append(found)
                continue
            close = suggest(value, ids, labels)
            hint = f"; did you mean '{close}'?" if close else ""
            problems.append(f"--{name} {value}: not a known {facet.label.lower()}{hint}")
        chosen[name] = tuple(dict.fromkeys(known))
    return Selection(chosen), problems


def describe(selection: Selection, catalogue: Catalogue) -> list[tuple[str, list[str]]]:
    """(facet label, chosen value labels) for the cover; empty for the full pack."""
    lines = []
    for facet in FACETS:
        values = selection.values(facet.name)
        if not values:
            continue
        _, labels = _ids_and_labels(facet, catalogue)
        shown = [f"{labels.get(v, v)} ({v})" if facet.vocabulary is None else labels.get(v, v) for v in values]
        lines.append((facet.label, shown))
    return lines
