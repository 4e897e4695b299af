"""Loading: line marks, front matter splitting and the data files."""
from __future__ import annotations

from pathlib import Path

import pytest

from atlas.load import load_atlas_data, read_practice_file
from atlas.yamlmarks import YamlSyntaxError, parse_yaml
from helpers import ROOT


def test_line_marks_follow_the_file() -> None:
    raw, problems = read_practice_file(ROOT / "tests" / "fixtures" / "valid" / "rent-and-care.md", ROOT)
    assert problems == [] and raw is not None
    assert raw.lines[("country",)] == 6
    assert raw.lines[("sources", 0, "locator")] == 25
    heading = raw.body.split("\n").index("## What it is")
    assert raw.body_line + heading == 33  # the heading's line in the file


def test_dates_stay_strings() -> None:
    assert parse_yaml("day: 2026-02-30\n").data == {"day": "2026-02-30"}


def test_duplicate_keys_are_recorded_not_overwritten_silently() -> None:
    parsed = parse_yaml("a: 1\nb: 2\na: 3\n")
    assert parsed.duplicates == [(("a",), 3, 1)]


def test_syntax_error_carries_its_line() -> None:
    with pytest.raises(YamlSyntaxError) as err:
        parse_yaml("a: 1\nb: [x, y\nc: 2\n", first_line=10)
    assert err.value.line == 11


def test_data_files_load_without_problems() -> None:
    data = load_atlas_data(ROOT / "data", root=ROOT)
    assert data.problems == []
    assert data.vocabularies["countries"].label("SE") == "Sweden"
    sizes = data.vocabularies["municipality_sizes"]
    assert sizes.get("small-town").min == 5000 and sizes.get("small-town").max == 50000
    assert set(data.vocabularies["dimensions"].ids) == {"governance", "employment", "education", "health", "housing"}
    assert all(b.id.count(".") == 2 for b in data.benchmarks.values())


def test_benchmark_ids_must_be_unique(tmp_path: Path) -> None:
    text = (ROOT / "tests" / "fixtures" / "site" / "benchmarks" / "testing.yml").read_text(encoding="utf-8")
    (tmp_path / "a.yml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yml").write_text(text, encoding="utf-8")
    from atlas.load import load_benchmarks

    _, problems = load_benchmarks(tmp_path, tmp_path)
    assert any("governance.planning.plan' is used twice" in str(p) for p in problems)
