"""Where each fact comes from (atlas.provenance): citations by key, year claims, population, benchmark 'how'."""

from __future__ import annotations

from collections.abc import Iterator

from ..load import RawPractice
from ..model import Problem
from ..provenance import check_provenance
from .context import CheckContext
from .vocabulary import benchmark_problem


def check(raw: RawPractice, context: CheckContext, bad_fields: frozenset[str]) -> Iterator[Problem]:
    yield from check_provenance(
        raw,
        context.data.sources,
        context.data.vocabularies.get("municipality_sizes"),
        context.today,
        set(bad_fields),
        lambda item, path: benchmark_problem(raw, context, item, path),
    )
