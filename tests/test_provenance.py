"""atlas.provenance: the bibliography, year claims, populations against size bands, benchmark links with 'how'."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from atlas.load import RawPractice, load_atlas_data, load_benchmarks
from atlas.model import YearClaim
from atlas.pipeline import AtlasPaths, load_atlas
from atlas.provenance import load_bibliography, year_claim
from atlas.validate import PracticeValidator

from helpers import ROOT, TODAY

DATA = load_atlas_data(ROOT / "data")


def problems(front: dict, today: date = TODAY) -> list[str]:
    """The provenance-related messages for one record built from a valid base."""
    base = {
        "title": "A test practice",
        "slug": "test-practice",
        "summary": "A practice made up for the provenance tests.",
        "dimensions": ["governance"],
        "country": "SE",
        "places": ["Hudiksvall"],
        "municipality_size": "small-town",
        "population": {"figure": 37000, "year": 2023, "source": "Statistics Sweden"},
        "governance_level": "local",
        "actors": ["public-authority"],
        "target_groups": ["refugees"],
        "status": "running",
        "benchmarks": [
            {
                "id": "governance.coordination.involve-stakeholders",
                "how": "Its steering group brings the town hall and NGOs together.",
            }
        ],
        "sources": [{"key": "wholecomm-toolbox-2024", "locator": "1. Governance"}],
        "evidence": {"level": "described-only", "note": "Nothing measured in this test."},
        "migrant_participation": "unknown",
        "last_reviewed": "2026-01-01",
    }
    base.update(front)
    base = {k: v for k, v in base.items() if v is not None}
    raw = RawPractice(ROOT / "practices" / "test-practice.md", "practices/test-practice.md", base, {}, "", 1)
    validator = PracticeValidator(DATA, today)
    return [f"{p.field}: {p.message}" for p in validator.check_record(raw) if p.field != "body"]


@pytest.mark.parametrize(
    ("value", "claim", "shown"),
    [
        (2014, YearClaim(2014), "2014"),
        ("by 2021", YearClaim(2021, by=True), "by 2021"),
        ("2019", None, None),
        ("around 2019", None, None),
        (True, None, None),
    ],
)
def test_year_claim(value: object, claim: YearClaim | None, shown: str | None) -> None:
    assert year_claim(value) == claim
    if claim:
        assert str(claim) == shown


def test_a_valid_record_has_no_provenance_problem() -> None:
    assert problems({}) == []
    assert problems({"started": "by 2021"}) == []
    assert problems({"started": 2014, "ended": 2019, "status": "ended"}) == []


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ({"started": "since 2016"}, "started: 'since 2016' does not have the expected form"),
        ({"started": 2031}, "started: 2031 is in the future"),
        ({"started": "by 2031"}, "started: by 2031 is in the future"),
        ({"started": 2019, "ended": 2015, "status": "ended"}, "ended: 2015 is before started (2019)"),
        ({"ended": 2020}, "ended: an end year is given but status is 'running'"),
    ],
)
def test_year_problems(front: dict, expected: str) -> None:
    assert problems(front) == [expected]


def test_by_year_starts_do_not_order_against_an_end() -> None:
    """'by 2021' says only that it ran in 2021; an end in 2019 is still possible."""
    assert problems({"started": "by 2021", "ended": 2019, "status": "ended"}) == []


@pytest.mark.parametrize(
    ("size", "figure", "expected"),
    [
        ("small-town", 5000, None),
        ("small-town", 49999, None),
        ("village", 4999, None),
        (
            "small-town",
            4999,
            "municipality_size: 'small-town' means 5,000 to 49,999 inhabitants, but population.figure is 4,999",
        ),
        (
            "small-town",
            50000,
            "municipality_size: 'small-town' means 5,000 to 49,999 inhabitants, but population.figure is 50,000",
        ),
        (
            "medium-town",
            255000,
            "municipality_size: 'medium-town' means 50,000 to 249,999 inhabitants, but population.figure is 255,000",
        ),
        ("large-city", 3000000, None),
        ("region", 2200000, None),
    ],
)
def test_population_against_the_band(size: str, figure: int, expected: str | None) -> None:
    found = problems({"municipality_size": size, "population": {"figure": figure, "year": 2023, "source": "A census"}})
    assert found == ([expected] if expected else [])


def test_a_band_without_population_is_refused_but_region_and_national_need_none() -> None:
    assert problems({"population": None}) == [
        "population: 'small-town' is a population band, but no population is recorded"
    ]
    assert problems({"population": None, "municipality_size": "region"}) == []
    assert problems({"population": None, "municipality_size": "national"}) == []


def test_population_needs_figure_year_and_source() -> None:
    assert sorted(problems({"population": {"figure": 37000}})) == [
        "population.source: required field is missing",
        "population.year: required field is missing",
    ]
    assert problems({"population": {"figure": 37000, "year": 2031, "source": "x census"}}) == [
        "population.year: 2031 is in the future"
    ]


def test_citations_need_a_known_key_and_a_locator() -> None:
    assert problems({"sources": [{"key": "whole-comm-toolbox", "locator": "page 3"}]}) == [
        "sources[1].key: 'whole-comm-toolbox' is not a key of the bibliography (data/sources.yml)"
    ]
    assert problems({"sources": [{"key": "wholecomm-toolbox-2024"}]}) == [
        "sources[1].locator: required field is missing"
    ]
    assert sorted(problems({"sources": [{"title": "A report", "publisher": "Someone", "year": 2024}]})) == [
        "sources[1].key: required field is missing",
        "sources[1].locator: required field is missing",
        "sources[1].title: unknown field",
    ]
    twice = {"key": "wholecomm-toolbox-2024", "locator": "1. Governance"}
    assert problems({"sources": [twice, dict(twice)]}) == ["sources[2]: cites the same place as sources[1]"]


def test_every_benchmark_link_says_how() -> None:
    assert problems({"benchmarks": ["governance.coordination.involve-stakeholders"]}) == [
        "benchmarks[1]: 'governance.coordination.involve-stakeholders' is linked without its sentence on how "
        "the practice helps meet it"
    ]
    assert problems({"benchmarks": [{"id": "governance.coordination.involve-stakeholders", "how": "Too short."}]}) == [
        "benchmarks[1].how: is too short: at least 20 characters expected"
    ]
    link = {"id": "governance.coordination.involve-stakeholders", "how": "Its steering group brings partners together."}
    assert problems({"benchmarks": [link, dict(link)]}) == [
        "benchmarks[2].id: 'governance.coordination.involve-stakeholders' is linked twice (first as benchmarks[1])"
    ]
    assert problems({"benchmarks": [dict(link, id="governance.coordination.involve-stakeholder")]}) == [
        "benchmarks[1].id: 'governance.coordination.involve-stakeholder' is not a known benchmark id"
    ]


def test_the_practice_model_carries_citations_how_and_population() -> None:
    result = load_atlas(AtlasPaths.under(ROOT))
    assert result.problems == []
    ung_kraft = result.catalogue.by_slug["ung-kraft"]
    assert ung_kraft.started is None
    assert ung_kraft.population.figure == 37645 and not ung_kraft.population.rounded
    assert result.catalogue.by_slug["poli-susa-valley"].population.rounded
    assert [c.source.key for c in ung_kraft.citations] == ["wholecomm-toolbox-2024"]
    assert "Ung Kraft" in ung_kraft.citations[0].locator
    assert set(ung_kraft.benchmark_how) == set(ung_kraft.benchmarks)
    assert result.catalogue.by_slug["croatia-include-advisory-group"].started == YearClaim(2021, by=True)
    assert set(result.catalogue.sources) == {s.key for s in result.data.sources.values()}
    assert ung_kraft in result.catalogue.by_source["wholecomm-toolbox-2024"]


def test_the_real_bibliography(tmp_path: Path) -> None:
    sources, found = load_bibliography(ROOT / "data", ROOT)
    assert found == []
    toolbox = sources["wholecomm-toolbox-2024"]
    assert toolbox.title == "Local Strategies for Effective Migrant and Refugee Integration"
    assert toolbox.publisher == "Migration Policy Group" and toolbox.date == "January 2024"
    assert sources["share-volunteering-toolkit"].languages == ("English", "French", "German")
    assert sources["share-our-approach"].year is None, "an undated document keeps no year"


def test_bibliography_problems_are_located(tmp_path: Path) -> None:
    (tmp_path / "sources.yml").write_text(
        "entries:\n"
        "  - key: one\n    title: A title\n    publisher: P\n"
        "  - key: one\n    title: Another\n    publisher: P\n"
        "  - key: Bad Key\n    title: T\n    publisher: P\n"
        "  - key: three\n    title: T\n"
        "  - key: four\n    title: T\n    publisher: P\n    year: soon\n"
        "  - key: five\n    title: T\n    publisher: P\n    edition: 2\n",
        encoding="utf-8",
    )
    sources, found = load_bibliography(tmp_path, tmp_path)
    assert list(sources) == ["one"]
    assert [str(p) for p in found] == [
        "sources.yml:5: entries[2].key: 'one' is used twice (each document is listed once; give each entry its own key)",
        "sources.yml:8: entries[3].key: 'Bad Key' is not a valid key (lower-case words joined by hyphens)",
        "sources.yml:11: entries[4]: lacks publisher (every entry has a key, the document's exact title and its publisher)",
        "sources.yml:16: entries[5].year: expected a year, found 'soon' (leave 'year' out when the document has no date)",
        "sources.yml:20: entries[6].edition: unknown field (allowed fields: key, title, publisher, year, url, authors, "
        "date, languages, kind, note)",
    ]


def test_a_benchmark_group_cites_the_bibliography(tmp_path: Path) -> None:
    (tmp_path / "g.yml").write_text(
        "id: g\nkind: dimension\ntitle: G\ndescription: D\n"
        "source:\n  key: no-such-source\n  locator: page 1\n"
        "themes:\n  - id: t\n    benchmarks:\n      - id: b\n        title: B\n        statement: S\n",
        encoding="utf-8",
    )
    groups, found = load_benchmarks(tmp_path, tmp_path, DATA.sources)
    assert groups == []
    assert [str(p) for p in found] == [
        "g.yml:5: source.key: 'no-such-source' is not a key of the bibliography (data/sources.yml) "
        "(known keys: emn-fostering-cooperation, share-our-approach, share-sponsorship-conclusions-2022, "
        "share-volunteering-toolkit, wholecomm-toolbox-2024; a new document is added to data/sources.yml first)"
    ]
