"""The validator: every malformed fixture gives exactly its expected, located message."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from atlas.load import load_atlas_data, load_practices
from atlas.validate import format_report, suggest, validate_practices

from helpers import ROOT, TODAY, problems_for_file

INVALID = ROOT / "tests" / "fixtures" / "invalid"
EXPECTED: dict[str, list[str]] = yaml.safe_load((INVALID / "expected.yml").read_text(encoding="utf-8"))


def test_every_invalid_fixture_has_expectations() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in INVALID.glob("*.md"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture_gives_expected_messages(name: str) -> None:
    assert [str(p) for p in problems_for_file(INVALID / name)] == EXPECTED[name]


def test_valid_fixture_has_no_problem() -> None:
    assert problems_for_file(ROOT / "tests" / "fixtures" / "valid" / "rent-and-care.md") == []


def test_all_problems_of_a_folder_are_reported_at_once() -> None:
    records, read_problems = load_practices(INVALID, ROOT)
    _, problems = validate_practices(records, load_atlas_data(ROOT / "data"), TODAY)
    report = format_report(sorted(read_problems + problems, key=lambda p: p.sort_key()))
    expected_lines = [line for lines in EXPECTED.values() for line in lines]
    for line in expected_lines:
        assert line in report
    assert report.endswith(f"{len(expected_lines)} problems found; nothing was built.")


def test_duplicate_slug_and_title_across_files(tmp_path: Path) -> None:
    source = (ROOT / "tests" / "fixtures" / "valid" / "rent-and-care.md").read_text(encoding="utf-8")
    (tmp_path / "rent-and-care.md").write_text(source, encoding="utf-8")
    (tmp_path / "other.md").write_text(source.replace("slug: rent-and-care", "slug: other"), encoding="utf-8")
    records, _ = load_practices(tmp_path, tmp_path)
    _, problems = validate_practices(records, load_atlas_data(ROOT / "data"), TODAY)
    assert [str(p) for p in problems] == [
        "rent-and-care.md:2: title: 'Rent and Care Circle' is already used by other.md (each practice needs its own title)",
    ]


def test_future_review_date_is_rejected(tmp_path: Path) -> None:
    source = (ROOT / "tests" / "fixtures" / "valid" / "rent-and-care.md").read_text(encoding="utf-8")
    path = tmp_path / "rent-and-care.md"
    path.write_text(source.replace("last_reviewed: 2026-01-15", "last_reviewed: 2027-01-01"), encoding="utf-8")
    assert [p.message for p in problems_for_file(path, tmp_path)] == ["2027-01-01 is in the future"]


@pytest.mark.parametrize(
    ("value", "candidates", "expected"),
    [
        ("contry", ["country", "places"], "country"),
        ("Small town", ["small-town", "village"], "small-town"),
        ("zzzz", ["small-town", "village"], None),
    ],
)
def test_suggest(value: str, candidates: list[str], expected: str | None) -> None:
    assert suggest(value, candidates) == expected


def test_a_title_stays_with_the_committed_file_and_the_new_one_is_named(tmp_path: Path) -> None:
    """The established practice keeps its title even when the new file sorts first."""
    import subprocess

    from atlas.pipeline import AtlasPaths, load_atlas

    source = (ROOT / "tests" / "fixtures" / "contrib" / "valid-with-optional-fields.md").read_text(encoding="utf-8")
    practices = tmp_path / "practices"
    practices.mkdir()
    (practices / "zz-established.md").write_text(
        source.replace("slug: valid-with-optional-fields", "slug: zz-established"), encoding="utf-8"
    )
    git = ["git", "-C", str(tmp_path), "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-qm", "established"], check=True)
    (practices / "aa-new.md").write_text(
        source.replace("slug: valid-with-optional-fields", "slug: aa-new"), encoding="utf-8"
    )
    result = load_atlas(AtlasPaths.under(tmp_path, data=str(ROOT / "data")), TODAY)
    assert [str(p) for p in result.problems] == [
        "practices/aa-new.md:3: title: 'Welcome Desk at the Town Hall' is already used by "
        "practices/zz-established.md (each practice needs its own title)"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("governance.coordination.involve-stakeholder", "governance.coordination.involve-stakeholders"),
        ("governance.cordination.involve-stakeholders", "governance.coordination.involve-stakeholders"),
        ("employment.coordination.involve-stakeholders", "governance.coordination.involve-stakeholders"),
    ],
)
def test_benchmark_suggestions_part_by_part(value: str, expected: str) -> None:
    from atlas.checks.context import CheckContext

    context = CheckContext(load_atlas_data(ROOT / "data"), TODAY)
    assert context.suggest_benchmark(value) == expected
