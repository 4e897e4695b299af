"""Which practices a trainer picked: the explorer's facets, as plain data.

Semantics (the same as the explorer's filter): values given for one facet
are alternatives (OR), facets are combined with AND, and a facet left empty
does not filter. A practice with several dimensions or benchmarks matches
when any of them is chosen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .catalogue import Catalogue
from .facets import FACETS, FACETS_BY_KEY, Facet
from .model import Practice
from .validate import suggest


@dataclass(frozen=True)
class Selection:
    """Chosen values per facet name; facets not named are not filtered."""

    chosen: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, **facets: Iterable[str] | None) -> Selection:
        unknown = set(facets) - set(FACETS_BY_KEY)
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
            if wanted and not set(FACETS_BY_KEY[name].values_of(practice)) & set(wanted):
                return False
        return True

    def apply(self, catalogue: Catalogue) -> list[Practice]:
        """The matching practices, in the catalogue's order (by title)."""
        return [p for p in catalogue.practices if self.matches(p)]


def _ids_and_labels(facet: Facet, catalogue: Catalogue) -> tuple[list[str], dict[str, str]]:
    if facet.is_benchmarks:
        return list(catalogue.benchmarks), {b.id: b.title for b in catalogue.benchmarks.values()}
    vocabulary = catalogue.vocabulary(facet.vocabulary)
    return vocabulary.ids, {t.id: t.label for t in vocabulary.terms}


def normalise(selection: Selection, catalogue: Catalogue) -> tuple[Selection, list[str]]:
    """Match each value to a known id (ignoring case); list every unknown one with a suggestion."""
    problems: list[str] = []
    chosen: dict[str, tuple[str, ...]] = {}
    for name, values in selection.chosen.items():
        facet = FACETS_BY_KEY[name]
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
            problems.append(f"--{name} {value}: not a known {facet.cover_label.lower()}{hint}")
        chosen[name] = tuple(dict.fromkeys(known))
    return Selection(chosen), problems


def describe(selection: Selection, catalogue: Catalogue) -> list[tuple[str, list[str]]]:
    """(facet label, chosen value labels) for the cover; empty for the full pack."""
    lines = []
    for facet in FACETS:
        values = selection.values(facet.key)
        if not values:
            continue
        _, labels = _ids_and_labels(facet, catalogue)
        shown = [f"{labels.get(v, v)} ({v})" if facet.is_benchmarks else labels.get(v, v) for v in values]
        lines.append((facet.cover_label, shown))
    return lines
