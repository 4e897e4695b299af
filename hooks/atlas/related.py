"""Related practices: those sharing the most benchmarks, then dimensions, then size.

Comparing every pair of practices costs N^2; instead candidates come from the
inverted indexes the catalogue already holds (benchmark -> practices, and
dimension -> practices as a fallback), and each practice looks at no more than
`candidate_cap` of them. The window read from a long posting list starts at
the practice's own position in it, so popular benchmarks do not send everyone
to the same few alphabetically-first practices.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from .catalogue import Catalogue
from .model import Practice

DEFAULT_LIMIT = 4
DEFAULT_CANDIDATE_CAP = 200


@dataclass(frozen=True)
class Related:
    practice: Practice
    shared_benchmarks: int
    shared_dimensions: int
    same_size: bool

    @property
    def score(self) -> tuple[int, int, int]:
        return (self.shared_benchmarks, self.shared_dimensions, int(self.same_size))


@dataclass
class RelatedIndex:
    """Computes related practices with bounded work; `examined` counts candidates looked at."""

    catalogue: Catalogue
    limit: int = DEFAULT_LIMIT
    candidate_cap: int = DEFAULT_CANDIDATE_CAP
    examined: int = 0
    _positions: dict[int, dict[str, int]] = field(default_factory=dict, repr=False)

    def _window(self, postings: list[Practice], practice: Practice, budget: int) -> list[Practice]:
        """Up to `budget` entries of a posting list, starting just after `practice`."""
        if len(postings) <= budget:
            return postings
        key = id(postings)
        positions = self._positions.get(key)
        if positions is None:
            positions = self._positions[key] = {p.slug: i for i, p in enumerate(postings)}
        start = positions.get(practice.slug, -1) + 1
        end = start + budget
        return postings[start:end] + postings[: max(0, end - len(postings))]

    def _candidates(self, practice: Practice) -> dict[str, Practice]:
        cat = self.catalogue
        found: dict[str, Practice] = {}
        budget = self.candidate_cap
        # Rarest benchmarks first: sharing a rare benchmark says more.
        lists = sorted((cat.by_benchmark.get(b, []) for b in practice.benchmarks), key=len)
        dimension_lists = sorted((cat.by_facet["dimensions"].get(d, []) for d in practice.dimensions), key=len)
        for phase, group in enumerate((lists, dimension_lists)):
            if phase == 1 and len(found) >= self.limit:
                break  # enough practices share a benchmark; dimensions only break ties among them
            for postings in group:
                if budget <= 0:
                    break
                window = self._window(postings, practice, budget)
                budget -= len(window)
                self.examined += len(window)
                for other in window:
                    if other.slug != practice.slug:
                        found.setdefault(other.slug, other)
        return found

    def related(self, practice: Practice) -> list[Related]:
        benchmarks = set(practice.benchmarks)
        dimensions = set(practice.dimensions)
        size = practice.municipality_size
        scored = []
        for other in self._candidates(practice).values():
            shared_b = sum(1 for b in other.benchmarks if b in benchmarks)
            shared_d = sum(1 for d in other.dimensions if d in dimensions)
            if shared_b or shared_d:
                scored.append(
                    (-shared_b, -shared_d, other.municipality_size != size, other.title.casefold(), other.slug, other)
                )
        best = heapq.nsmallest(self.limit, scored, key=lambda t: t[:5])
        return [Related(t[5], -t[0], -t[1], not t[2]) for t in best]


def related_practices(
    catalogue: Catalogue, limit: int = DEFAULT_LIMIT, candidate_cap: int = DEFAULT_CANDIDATE_CAP
) -> dict[str, list[Related]]:
    """Related practices of every practice, keyed by slug."""
    index = RelatedIndex(catalogue, limit, candidate_cap)
    return {p.slug: index.related(p) for p in catalogue.practices}
