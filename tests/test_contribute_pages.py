"""Contributor pages and files: the reference follows the schema, the editor schema is current,
git dates reach practice pages, and stale practices are listed for review."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from atlas.catalogue import build_catalogue
from atlas.checks.body import is_empty_section
from atlas.gitdates import last_changed, parse_log
from atlas.load import load_atlas_data, load_practices, read_practice_file
from atlas.pipeline import AtlasPaths, load_atlas
from atlas.reference import (
    REFERENCE_URI,
    REVIEW_URI,
    contribute_pages,
    due_for_review,
    editor_schema,
    editor_schema_text,
    field_docs,
    load_example,
    review_cutoff,
)
from atlas.render import render_site_pages
from atlas.scaffold import practice_text
from atlas.validate import validate_practices

from contrib_project import make_project, mkdocs_build
from helpers import ROOT, TODAY, load_script

editor_schema_script = load_script("editor_schema")

DATA = load_atlas_data(ROOT / "data")
EXAMPLE, EXAMPLE_PROBLEMS = load_example(ROOT / "data")


def _practices(tmp_path: Path, texts: dict[str, str]):
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    records, problems = load_practices(tmp_path, tmp_path)
    practices, more = validate_practices(records, DATA, TODAY)
    assert problems + more == []
    return practices


def test_the_example_passes_the_validator(tmp_path: Path) -> None:
    assert EXAMPLE_PROBLEMS == []
    path = tmp_path / f"{EXAMPLE['slug']}.md"
    path.write_text(practice_text(EXAMPLE, DATA), encoding="utf-8")
    raw, problems = read_practice_file(path, tmp_path)
    assert problems == []
    _, problems = validate_practices([raw], DATA, TODAY)
    # The example is the scaffold's output: valid but for the sections, which the contributor writes next.
    assert [p.message for p in problems] == [f"section '## {s}' is empty" for s in DATA.body["required_sections"]]
    assert all(is_empty_section(p) for p in problems)


def test_the_example_uses_every_field() -> None:
    # A running practice has no end year; a practice never renamed has no former slugs (aliases).
    assert set(EXAMPLE) == set(DATA.schema["properties"]) - {"ended", "aliases"}


def _reference_page(tmp_path: Path) -> str:
    practices = _practices(
        tmp_path, {"ung-kraft.md": (ROOT / "practices" / "ung-kraft.md").read_text(encoding="utf-8")}
    )
    pages = contribute_pages(build_catalogue(practices, DATA), DATA, EXAMPLE, TODAY)
    return next(p.content for p in pages if p.src_uri == REFERENCE_URI)


def test_reference_describes_every_field_with_its_rules(tmp_path: Path) -> None:
    page = _reference_page(tmp_path)
    schema = DATA.schema
    for name in schema["properties"]:
        anchor = "field-" + name.replace("_", "-")
        required = "yes" if name in schema["required"] else "no"
        assert f"](#{anchor}) | " in page and f" | {required} |" in page, name
        assert f"{{: #{anchor} }}" in page, name
        assert ("required" if name in schema["required"] else "optional") in page.split(f"{{: #{anchor} }}")[1][:80]
    assert "#### sources\\.locator {: #field-sources-locator }" in page
    assert "#### benchmarks\\.how {: #field-benchmarks-how }" in page
    assert "#### population\\.figure {: #field-population-figure }" in page
    assert "**Text**, required: 20 to 400 characters." in page  # benchmarks.how
    assert "**Text**, required: 3 to 160 characters." in page


def test_reference_lists_every_allowed_value_with_its_label(tmp_path: Path) -> None:
    page = _reference_page(tmp_path)
    for vocabulary in (
        "dimensions",
        "municipality_sizes",
        "actors",
        "target_groups",
        "status",
        "evidence_levels",
        "migrant_participation",
        "governance_levels",
    ):
        for term in DATA.vocabularies[vocabulary].terms:
            assert f"| <code>{term.id}</code> | " in page, (vocabulary, term.id)
    for benchmark in DATA.benchmarks.values():
        assert f"| <code>{benchmark.id}</code> | [" in page
    assert "| <code>small-town</code> | Small town | 5,000 to 49,999 inhabitants\\. |" in page


def test_reference_shows_the_body_sections_and_a_complete_example(tmp_path: Path) -> None:
    page = _reference_page(tmp_path)
    for section in DATA.body["required_sections"]:
        assert f"**{section}**" in page
    example = page.split("## A complete example")[1]
    assert "title: Welcome Desk at the Town Hall" in example and "## What it is" in example


def test_field_docs_follow_the_schema_when_it_changes() -> None:
    """Add a field to a copy of the schema: the reference gains it, with no template edit."""
    schema = json.loads(json.dumps(DATA.schema))
    schema["properties"]["website"] = {"type": "string", "format": "uri", "description": "The practice's own site."}
    docs = field_docs(replace(DATA, schema=schema), EXAMPLE)
    added = docs[-1]
    assert (added.name, added.kind, added.required, added.rules) == (
        "website",
        "text",
        False,
        ["a full web address starting with https:// or http://"],
    )


def test_editor_schema_fills_vocabularies_in() -> None:
    schema = editor_schema(DATA)
    props = schema["properties"]
    assert props["dimensions"]["items"]["enum"] == DATA.vocabularies["dimensions"].ids
    assert props["municipality_size"]["enum"] == DATA.vocabularies["municipality_sizes"].ids
    assert props["municipality_size"]["enumDescriptions"][1] == "Small town"
    assert props["evidence"]["properties"]["level"]["enum"] == DATA.vocabularies["evidence_levels"].ids
    assert props["benchmarks"]["items"]["properties"]["id"]["enum"] == list(DATA.benchmarks)
    assert props["sources"]["items"]["properties"]["key"]["enum"] == list(DATA.sources)
    assert "SE" in props["country"]["enum"] and "XX" not in props["country"]["enum"]
    assert "enum" not in DATA.schema["properties"]["dimensions"]["items"], "the source schema is left alone"


def test_editor_schema_accepts_the_example_and_rejects_a_bad_value() -> None:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(editor_schema(DATA))
    assert list(validator.iter_errors(EXAMPLE)) == []
    assert [e.message for e in validator.iter_errors(dict(EXAMPLE, status="Active"))] == [
        "'Active' is not one of ['running', 'pilot', 'ended', 'not-reported']"
    ]


def test_make_setup_writes_the_editor_schema() -> None:
    dry_run = subprocess.run(["make", "-n", "setup"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "scripts/editor_schema.py --quiet" in dry_run
    ignored = subprocess.run(["git", "check-ignore", "-q", str(editor_schema_script.EDITOR_SCHEMA)], cwd=ROOT)
    assert ignored.returncode == 0, "the generated file is never committed, so it cannot go stale in the repository"


def test_editor_schema_check_notices_a_new_vocabulary_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "schema", data / "schema")
    shutil.copytree(ROOT / "data" / "vocabularies", data / "vocabularies")
    shutil.copy(ROOT / "data" / "sources.yml", data / "sources.yml")
    (data / "benchmarks").symlink_to(ROOT / "data" / "benchmarks", target_is_directory=True)
    status = data / "vocabularies" / "status.yml"
    status.write_text(status.read_text(encoding="utf-8") + "  - id: paused\n    label: Paused\n", encoding="utf-8")
    assert editor_schema_script.main(["--check", "--root", str(tmp_path)]) == 1
    assert capsys.readouterr().out == (
        "data/schema/practice.editor.schema.json is out of date; run scripts/editor_schema.py\n"
    )
    assert editor_schema_script.main(["--root", str(tmp_path)]) == 0
    written = json.loads((data / "schema" / "practice.editor.schema.json").read_text(encoding="utf-8"))
    assert written["properties"]["status"]["enum"] == ["running", "pilot", "ended", "not-reported", "paused"]
    assert editor_schema_script.main(["--check", "--root", str(tmp_path)]) == 0


def test_vscode_maps_practice_files_to_the_editor_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping == {
        f"./{editor_schema_script.EDITOR_SCHEMA.as_posix()}": ["practices/*.md", "data/schema/example.yml"]
    }


def test_the_blank_template_names_every_field_and_only_asks_to_fill_them() -> None:
    raw, problems = read_practice_file(ROOT / "practices" / "_template.md", ROOT)
    assert problems == []
    assert set(raw.data) == set(DATA.schema["properties"]) - {"aliases"}  # only a renamed practice has aliases
    _, problems = validate_practices([raw], DATA, TODAY)
    assert problems and {p.message for p in problems if not is_empty_section(p)} == {"must not be empty"}
    assert sum(is_empty_section(p) for p in problems) == len(DATA.body["required_sections"])


# -- due for review ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "cutoff"),
    [
        (date(2026, 11, 23), date(2024, 11, 23)),
        (date(2028, 2, 29), date(2026, 2, 28)),
    ],
)
def test_review_cutoff(today: date, cutoff: date) -> None:
    assert review_cutoff(today) == cutoff


def test_review_page_lists_practices_not_reviewed_for_two_years(tmp_path: Path) -> None:
    base = (ROOT / "tests" / "fixtures" / "contrib" / "valid-with-optional-fields.md").read_text(encoding="utf-8")
    texts = {}
    for slug, reviewed in [
        ("old", "2021-05-02"),
        ("edge", "2024-11-23"),
        ("older", "2019-01-10"),
        ("fresh", "2026-01-01"),
    ]:
        texts[f"{slug}.md"] = (
            base.replace("slug: valid-with-optional-fields", f"slug: {slug}")
            .replace("title: Welcome Desk at the Town Hall", f"title: Practice {slug}")
            .replace("last_reviewed: 2024-11-23", f"last_reviewed: {reviewed}")
        )
    practices = _practices(tmp_path, texts)
    assert [p.slug for p in due_for_review(practices, TODAY)] == ["older", "old"]
    catalogue = build_catalogue(practices, DATA)
    page = next(
        p.content
        for p in contribute_pages(catalogue, DATA, EXAMPLE, TODAY, {"old": date(2025, 3, 1)})
        if p.src_uri == REVIEW_URI
    )
    rows = [line for line in page.splitlines() if line.startswith("| [")]
    assert rows == [
        "| [Practice older](../practices/older.md) | 2019\\-01\\-10 | not yet committed |",
        "| [Practice old](../practices/old.md) | 2021\\-05\\-02 | 2025\\-03\\-01 |",
    ]
    assert "before 2024\\-11\\-23" in page
    empty = next(
        p.content for p in contribute_pages(build_catalogue([], DATA), DATA, EXAMPLE, TODAY) if p.src_uri == REVIEW_URI
    )
    assert "*Every practice was reviewed in the last 2 years.*" in empty


# -- git dates ----------------------------------------------------------------------------


def test_parse_log_keeps_the_newest_date_per_file() -> None:
    log = "\x1e2026-05-02\n\nb.md\n\x1e2026-03-01\n\na.md\nb.md\nsub/c.md\nnotes.txt\n"
    assert parse_log(log) == {"b": date(2026, 5, 2), "a": date(2026, 3, 1)}


def _git(repo: Path, *args: str, when: str = "2025-06-30T12:00:00+00:00") -> None:
    env = dict(
        os.environ,
        GIT_AUTHOR_DATE=when,
        GIT_COMMITTER_DATE=when,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
    )
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_last_changed_reads_one_log_for_every_file(tmp_path: Path) -> None:
    practices = tmp_path / "practices"
    practices.mkdir()
    _git(tmp_path, "init", "-q")
    (practices / "a.md").write_text("a\n")
    (practices / "b.md").write_text("b\n")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "first", when="2024-02-03T10:00:00+00:00")
    (practices / "b.md").write_text("b changed\n")
    _git(tmp_path, "commit", "-qam", "second", when="2025-06-30T10:00:00+00:00")
    (practices / "new.md").write_text("not committed\n")
    assert last_changed(practices) == {"a": date(2024, 2, 3), "b": date(2025, 6, 30)}


def test_last_changed_is_none_outside_git_and_in_a_shallow_clone(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    assert last_changed(plain) is None
    origin = tmp_path / "origin"
    (origin / "practices").mkdir(parents=True)
    _git(origin, "init", "-q")
    (origin / "practices" / "a.md").write_text("a\n")
    _git(origin, "add", ".")
    _git(origin, "commit", "-qm", "one")
    (origin / "practices" / "a.md").write_text("a2\n")
    _git(origin, "commit", "-qam", "two")
    _git(tmp_path, "clone", "-q", "--depth", "1", origin.as_uri(), "shallow")
    assert last_changed(tmp_path / "shallow" / "practices") is None


def test_practice_page_shows_git_date_or_not_yet_committed(tmp_path: Path) -> None:
    practices = _practices(
        tmp_path, {"ung-kraft.md": (ROOT / "practices" / "ung-kraft.md").read_text(encoding="utf-8")}
    )
    catalogue = build_catalogue(practices, DATA)

    def page(git_dates):
        return next(p.content for p in render_site_pages(catalogue, git_dates) if p.src_uri == "practices/ung-kraft.md")

    assert "File last changed\n:   2025\\-06\\-30" in page({"ung-kraft": date(2025, 6, 30)})
    assert "File last changed\n:   not yet committed" in page({})
    assert "File last changed" not in page(None)
    assert "Last reviewed\n:   2026\\-11\\-23" in page(None)


# -- in the built site --------------------------------------------------------------------


def test_built_site_serves_the_schema_and_the_contribute_pages(real_site: Path) -> None:
    served = (real_site / "schema" / "practice.schema.json").read_text(encoding="utf-8")
    assert served == editor_schema_text(load_atlas(AtlasPaths.under(ROOT)).data)
    reference = (real_site / "contribute" / "reference.html").read_text(encoding="utf-8")
    assert 'id="field-municipality-size"' in reference
    assert 'href="../schema/practice.schema.json"' in reference
    for page in ("contribute/index.html", "contribute/reference.html", "contribute/review.html"):
        assert (real_site / page).is_file()
    index = (real_site / "index.html").read_text(encoding="utf-8")
    assert 'href="contribute/reference.html"' in index and 'href="contribute/review.html"' in index


def test_built_practice_page_shows_its_last_commit(real_site: Path) -> None:
    html = (real_site / "practices" / "ung-kraft.html").read_text(encoding="utf-8")
    dates = last_changed(ROOT / "practices")
    if dates is None:  # a shallow clone or an export without git: the date is left out
        assert "File last changed" not in html
    else:
        shown = dates["ung-kraft"].isoformat() if "ung-kraft" in dates else "not yet committed"
        assert f"<dt>File last changed</dt>\n<dd>{shown}</dd>" in html


def test_a_site_without_contribute_pages_in_its_nav_still_builds(tmp_path: Path) -> None:
    """Sites whose nav leaves the contributor pages out (like the fixture site) keep building strictly."""
    valid = ROOT / "tests" / "fixtures" / "contrib" / "valid-with-optional-fields.md"
    project = make_project(tmp_path, {valid.name: valid.read_text(encoding="utf-8")})
    nav = (
        "nav:\n  - Home: index.md\n  - Practices:\n      - practices/index.md\n"
        "      - dimensions/index.md\n      - countries/index.md\n      - sizes/index.md\n"
        "  - Benchmarks: benchmarks/index.md\n"
    )
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text() + nav)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "contribute" / "reference.html").is_file()
