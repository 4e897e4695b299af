"""Loading: line marks, front matter splitting and the data files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from atlas.load import UnsafeFile, load_atlas_data, practice_paths, read_bounded, read_practice_file
from atlas.yamlmarks import YamlRefused, YamlSyntaxError, parse_yaml

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


def test_anchors_and_aliases_are_refused_before_any_expansion() -> None:
    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)
    )
    with pytest.raises(YamlRefused) as refused:
        parse_yaml(bomb, first_line=5)
    assert refused.value.line == 5
    assert "anchors and aliases ('&a0', '*a0') are not allowed" in refused.value.message
    with pytest.raises(YamlRefused):
        parse_yaml("a: [1]\nb: *undefined\n")


def test_node_count_and_depth_are_bounded() -> None:
    with pytest.raises(YamlRefused, match="more than 100 values"):
        parse_yaml("x: [" + ", ".join(["1"] * 200) + "]", max_nodes=100)
    with pytest.raises(YamlRefused, match="nested more than 40 levels") as deep:
        parse_yaml("x:\n" + "".join("  " * i + "- \n" for i in range(1, 60)))
    assert deep.value.line == 41  # the first line deeper than allowed
    with pytest.raises(YamlRefused, match="nested more than 40 levels"):
        parse_yaml("[" * 100_000 + "]" * 100_000)
    # The mapping, its key, the list and its 99 items: 102 values, just within the bound.
    assert parse_yaml("x: [" + ", ".join(["1"] * 99) + "]", max_nodes=102).data == {"x": [1] * 99}


OUTSIDE = "is a link to a file outside the repository, which is not read"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda folder: (folder / "x.md").symlink_to("/etc/hostname"), OUTSIDE),
        (lambda folder: (folder / "x.md").symlink_to("/dev/zero"), OUTSIDE),
        (lambda folder: os.mkfifo(folder / "x.md"), "is a named pipe, not a regular file"),
        (lambda folder: (folder / "x.md").mkdir(), "is a folder, not a regular file"),
        (lambda folder: (folder / "x.md").symlink_to("gone.md"), "is a link to gone.md, which does not exist"),
    ],
)
def test_only_regular_files_inside_the_repository_are_read(tmp_path: Path, make, message: str) -> None:
    repo = tmp_path / "repo"
    (repo / "practices").mkdir(parents=True)
    make(repo / "practices")
    raw, problems = read_practice_file(repo / "practices" / "x.md", repo)
    assert raw is None
    assert [(p.path, p.line, p.message) for p in problems] == [("practices/x.md", None, message)]


def test_a_link_inside_the_repository_is_read(tmp_path: Path) -> None:
    (tmp_path / "practices").mkdir()
    (tmp_path / "shared.md").write_text("---\ntitle: x\n---\nBody\n", encoding="utf-8")
    (tmp_path / "practices" / "x.md").symlink_to("../shared.md")
    raw, problems = read_practice_file(tmp_path / "practices" / "x.md", tmp_path)
    assert problems == [] and raw is not None and raw.data == {"title": "x"}


def test_size_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * 10)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read before its size was checked"))
    with pytest.raises(UnsafeFile, match="more than the 0 KB allowed"):
        read_bounded(big, tmp_path, 5)


def test_files_that_are_not_practices_are_named_in_warnings(tmp_path: Path) -> None:
    folder = tmp_path / "practices"
    (folder / "regional").mkdir(parents=True)
    for name in ("a.md", "_template.md", "B.MD", "regional/c.md", "notes.markdown", ".hidden.md", "README.txt"):
        (folder / name).write_text("x", encoding="utf-8")
    (folder / "loop").symlink_to(".")  # links to folders are not followed: no loop, no walk of /
    (folder / "everything").symlink_to("/")
    paths, warnings = practice_paths(folder, tmp_path)
    assert [p.name for p in paths] == ["a.md"]
    assert [str(w) for w in warnings] == [
        "practices/B.MD: warning: is not read as a practice "
        "(rename it to practices/B.md: only names ending in .md are read)",
        "practices/notes.markdown: warning: is not read as a practice "
        "(rename it to practices/notes.md: only names ending in .md are read)",
        "practices/regional/c.md: warning: is not read as a practice "
        "(move it to practices/c.md: practices are read from that folder only)",
    ]
