"""Related practices: ranked like an all-pairs comparison, with bounded work per practice."""

from __future__ import annotations

from pathlib import Path

import pytest

from atlas.catalogue import Catalogue
from atlas.load import load_atlas_data
from atlas.model import Practice
from atlas.pipeline import AtlasPaths, load_atlas
from atlas.related import RelatedIndex, related_practices
from atlas.synthetic import write_synthetic_practices

from conftest import FIXTURES, ROOT


def synthetic_catalogue(folder: Path, count: int, seed: int) -> Catalogue:
    data = load_atlas_data(ROOT / "data", ROOT / "data" / "benchmarks", ROOT)
    write_synthetic_practices(folder / "practices", count, data, seed=seed)
    result = load_atlas(AtlasPaths.under(folder, practices="practices", data=str(ROOT / "data")))
    assert not result.problems, result.problems[:3]
    assert result.catalogue is not None
    return result.catalogue


def brute_force(catalogue: Catalogue, practice: Practice, limit: int) -> list[tuple[str, tuple[int, int, int]]]:
    """Compare with every other practice: the definition the fast version must agree with."""
    scored = []
    for other in catalogue.practices:
        if other.slug == practice.slug:
            continue
        score = (
            len(set(practice.benchmarks) & set(other.benchmarks)),
            len(set(practice.dimensions) & set(other.dimensions)),
            int(practice.municipality_size == other.municipality_size),
        )
        if score[0] or score[1]:
            scored.append(((-score[0], -score[1], -score[2], other.title.casefold(), other.slug), other.slug, score))
    return [(slug, score) for _, slug, score in sorted(scored)[:limit]]


@pytest.mark.parametrize("seed", [1, 2])
def test_same_ranking_as_comparing_every_pair_when_the_cap_allows(tmp_path: Path, seed: int) -> None:
    catalogue = synthetic_catalogue(tmp_path, 150, seed)
    related = related_practices(catalogue, limit=5, candidate_cap=10_000)
    for practice in catalogue.practices:
        got = [(r.practice.slug, r.score) for r in related[practice.slug]]
        assert got == brute_force(catalogue, practice, 5), practice.slug


def test_work_per_practice_is_bounded_and_results_stay_relevant(tmp_path: Path) -> None:
    catalogue = synthetic_catalogue(tmp_path, 800, 3)
    cap = 5
    index = RelatedIndex(catalogue, limit=4, candidate_cap=cap)
    results = {p.slug: index.related(p) for p in catalogue.practices}
    # Nearly every benchmark list is longer than the cap, yet no practice looks at more than `cap`.
    lengths = [len(v) for v in catalogue.by_benchmark.values()]
    assert sum(n > cap for n in lengths) >= 0.9 * len(lengths) and max(lengths) > 4 * cap
    assert index.examined <= cap * len(catalogue.practices)
    for practice in catalogue.practices:
        found = results[practice.slug]
        assert len(found) == 4
        assert all(r.shared_benchmarks >= 1 for r in found)
        assert practice.slug not in {r.practice.slug for r in found}
        assert [r.score for r in found] == sorted((r.score for r in found), reverse=True)
    # The windows start at each practice's own position, so popular benchmarks do not
    # send every practice to the same few alphabetically-first ones.
    targets = {r.practice.slug for found in results.values() for r in found}
    assert len(targets) > len(catalogue.practices) // 2


def test_benchmarks_first_then_dimension_then_size() -> None:
    root = FIXTURES / "explorer"
    result = load_atlas(AtlasPaths.under(root, practices="practices", data="../../../data", benchmarks="benchmarks"))
    assert result.catalogue is not None
    related = related_practices(result.catalogue, limit=5)
    # Regional language plan (plan, budget, named; education + governance) shares two
    # benchmarks with both the Malmö desk (also governance) and the Lyon school (housing):
    # the shared dimension breaks the tie.
    ranked = [(r.practice.slug, r.score) for r in related["regional-language-plan"]]
    assert ranked[:2] == [("welcome-desk-malmo", (2, 1, 0)), ("tenant-school-lyon", (2, 0, 0))]
    # With fewer benchmark-sharing practices than the limit, dimension-sharing ones fill in, after them.
    assert [(r.practice.slug, r.score) for r in related["village-host-families"]] == [
        ("regional-language-plan", (1, 1, 0)),
        ("welcome-desk-malmo", (1, 0, 0)),
        ("tenant-school-lyon", (0, 1, 0)),
    ]
