"""The in-memory model the pages are generated from: practices, benchmarks, facets.

Built in one pass over the practices, so its cost is linear in their number;
every page generator reads from it and none scans the practice list again.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .load import AtlasData
from .model import Benchmark, BenchmarkGroup, Practice, Source, Vocabulary

# Facets that index pages are generated for: (practice attribute, vocabulary, URL folder).
PAGE_FACETS: tuple[tuple[str, str, str], ...] = (
    ("dimensions", "dimensions", "dimensions"),
    ("country", "countries", "countries"),
    ("municipality_size", "municipality_sizes", "sizes"),
)


def facet_values(practice: Practice, attribute: str) -> tuple[str, ...]:
    value = getattr(practice, attribute)
    return tuple(value) if isinstance(value, tuple) else (value,)


def facet_counts(practices: list[Practice], attribute: str) -> Counter[str]:
    """How many practices carry each value of one facet."""
    return Counter(v for p in practices for v in facet_values(p, attribute))


@dataclass
class Catalogue:
    practices: list[Practice]
    vocabularies: dict[str, Vocabulary]
    groups: list[BenchmarkGroup]
    benchmarks: dict[str, Benchmark] = field(default_factory=dict)
    by_slug: dict[str, Practice] = field(default_factory=dict)
    by_benchmark: dict[str, list[Practice]] = field(default_factory=dict)
    by_facet: dict[str, dict[str, list[Practice]]] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)  # the bibliography, by key
    by_source: dict[str, list[Practice]] = field(default_factory=dict)  # source key -> practices citing it

    def vocabulary(self, name: str) -> Vocabulary:
        return self.vocabularies[name]

    def label(self, vocabulary: str, term_id: str) -> str:
        return self.vocabularies[vocabulary].label(term_id)

    def group(self, group_id: str) -> BenchmarkGroup:
        return next(g for g in self.groups if g.id == group_id)

    def used_values(self, attribute: str, vocabulary: str) -> list[str]:
        """Values that at least one practice carries, in vocabulary order."""
        present = self.by_facet[attribute]
        return [term_id for term_id in self.vocabularies[vocabulary].ids if term_id in present]


def build_catalogue(practices: list[Practice], data: AtlasData) -> Catalogue:
    ordered = sorted(practices, key=lambda p: (p.title.casefold(), p.slug))
    catalogue = Catalogue(ordered, data.vocabularies, data.groups, benchmarks=data.benchmarks, sources=data.sources)
    by_source: dict[str, list[Practice]] = defaultdict(list)
    by_benchmark: dict[str, list[Practice]] = defaultdict(list)
    by_facet: dict[str, dict[str, list[Practice]]] = {attr: defaultdict(list) for attr, _, _ in PAGE_FACETS}
    for practice in ordered:
        catalogue.by_slug[practice.slug] = practice
        for benchmark_id in practice.benchmarks:
            by_benchmark[benchmark_id].append(practice)
        for source in practice.sources:
            by_source[source.key].append(practice)
        for attribute, _, _ in PAGE_FACETS:
            for value in facet_values(practice, attribute):
                by_facet[attribute][value].append(practice)
    catalogue.by_benchmark = dict(by_benchmark)
    catalogue.by_source = dict(by_source)
    catalogue.by_facet = {attr: dict(values) for attr, values in by_facet.items()}
    return catalogue
