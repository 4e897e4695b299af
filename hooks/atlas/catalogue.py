"""The in-memory model the pages are generated from: practices, benchmarks, facets.

Built in one pass over the practices, so its cost is linear in their number;
every page generator reads from it and none scans the practice list again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from .facets import PAGE_FACETS, Facet, facet_values
from .load import AtlasData
from .model import Benchmark, BenchmarkGroup, Practice, Source, Vocabulary
from .names import place_names, where


@dataclass
class Catalogue:
    practices: list[Practice]
    vocabularies: dict[str, Vocabulary]
    groups: list[BenchmarkGroup]
    benchmarks: dict[str, Benchmark] = field(default_factory=dict)
    by_slug: dict[str, Practice] = field(default_factory=dict)
    by_benchmark: dict[str, list[Practice]] = field(default_factory=dict)
    by_facet: dict[str, dict[str, list[Practice]]] = field(default_factory=dict)  # page facets' attribute -> value
    sources: dict[str, Source] = field(default_factory=dict)  # the bibliography, by key
    by_source: dict[str, list[Practice]] = field(default_factory=dict)  # source key -> practices citing it

    def vocabulary(self, name: str) -> Vocabulary:
        return self.vocabularies[name]

    def label(self, vocabulary: str, term_id: str) -> str:
        return self.vocabularies[vocabulary].label(term_id)

    def group(self, group_id: str) -> BenchmarkGroup:
        return next(g for g in self.groups if g.id == group_id)

    def labels(self, vocabulary: str, term_ids: Iterable[str]) -> str:
        """Labels of several ids, as a reader sees them in a sentence or a table cell."""
        return ", ".join(self.label(vocabulary, term_id) for term_id in term_ids)

    def where(self, practice: Practice) -> str:
        """'Larissa (Greece)', or just 'Finland' when the place is the country: for lists and cards."""
        return where(practice.places, self.label("countries", practice.country))

    def place_names(self, practice: Practice) -> list[str]:
        """The places, then the country's name unless a place already is the country."""
        return place_names(practice.places, self.label("countries", practice.country))

    def place_line(self, practice: Practice) -> str:
        """'Hudiksvall, Sweden', or 'Cyprus': a practice's heading line, related practices, the home page."""
        return ", ".join(self.place_names(practice))

    def offered_values(self, facet: Facet) -> list[str]:
        """The ids a facet offers, in vocabulary (or benchmark framework) order.

        Every value of a closed vocabulary, so an empty one can show as such;
        only those some practice has when the facet says so (countries).
        """
        if facet.is_benchmarks:
            ids = [b.id for group in sorted(self.groups, key=lambda g: g.order) for b in group.benchmarks]
        else:
            ids = self.vocabularies[facet.vocabulary].ids
        if not facet.only_used_values:
            return ids
        present: Collection[str] = self.by_facet.get(facet.attribute) or {
            v for p in self.practices for v in facet_values(p, facet.attribute)
        }
        return [term_id for term_id in ids if term_id in present]


def build_catalogue(practices: list[Practice], data: AtlasData) -> Catalogue:
    ordered = sorted(practices, key=lambda p: (p.title.casefold(), p.slug))
    catalogue = Catalogue(ordered, data.vocabularies, data.groups, benchmarks=data.benchmarks, sources=data.sources)
    by_source: dict[str, list[Practice]] = defaultdict(list)
    by_benchmark: dict[str, list[Practice]] = defaultdict(list)
    by_facet: dict[str, dict[str, list[Practice]]] = {f.attribute: defaultdict(list) for f in PAGE_FACETS}
    for practice in ordered:
        catalogue.by_slug[practice.slug] = practice
        for benchmark_id in practice.benchmarks:
            by_benchmark[benchmark_id].append(practice)
        for source in practice.sources:
            by_source[source.key].append(practice)
        for facet in PAGE_FACETS:
            for value in facet_values(practice, facet.attribute):
                by_facet[facet.attribute][value].append(practice)
    catalogue.by_benchmark = dict(by_benchmark)
    catalogue.by_source = dict(by_source)
    catalogue.by_facet = {attr: dict(values) for attr, values in by_facet.items()}
    return catalogue
