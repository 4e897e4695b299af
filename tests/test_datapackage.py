"""The open data package: valid Frictionless, generated from the schema, and lossless."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from frictionless import validate

from atlas.datapackage import LINKED_FIELDS, LIST_DELIMITER, DataPackageBuilder, list_value, practice_columns
from atlas.pipeline import AtlasPaths, AtlasResult, load_atlas
from atlas.project import PROJECT_ROOT as ROOT

from helpers import problems_for_file

FIXTURE = ROOT / "tests" / "fixtures" / "opendata"
HTML_LIKE = '<b>&amp;"quotes"|, ; newline'


def fixture_result() -> AtlasResult:
    result = load_atlas(
        AtlasPaths.under(FIXTURE, practices="practices", data="../../../data", benchmarks="../site/benchmarks")
    )
    assert not result.problems, result.problems
    return result


def write_package(result: AtlasResult, folder: Path) -> Path:
    for uri, text in DataPackageBuilder(result.catalogue, result.data).files().items():
        target = folder / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")
    return folder / "data"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def real() -> AtlasResult:
    result = load_atlas(AtlasPaths.under(ROOT))
    assert result.catalogue is not None, result.problems
    return result


def test_built_package_validates_with_frictionless(real_site: Path) -> None:
    report = validate(real_site / "data" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert [task.name for task in report.tasks] == [
        "practices",
        "practices_json",
        "practice_benchmarks",
        "benchmarks",
        "sources",
        "practice_sources",
        "vocabularies",
    ]


def test_one_row_per_practice(real_site: Path, real: AtlasResult) -> None:
    practice_files = [p for p in (ROOT / "practices").glob("*.md") if not p.name.startswith("_")]
    rows = read_csv(real_site / "data" / "practices.csv")
    assert len(rows) == len(practice_files) == len(real.catalogue.practices)
    assert sorted(r["slug"] for r in rows) == sorted(p.stem for p in practice_files)
    records = json.loads((real_site / "data" / "practices.json").read_text(encoding="utf-8"))
    assert [r["slug"] for r in records] == [r["slug"] for r in rows]
    links = read_csv(real_site / "data" / "practice_benchmarks.csv")
    assert len(links) == sum(len(p.benchmarks) for p in real.catalogue.practices)
    for row in rows:  # each practice's page exists where `page` says
        assert (real_site / row["page"]).is_file(), row["page"]


def test_every_enum_value_is_in_its_vocabulary(real_site: Path, real: AtlasResult) -> None:
    descriptor = json.loads((real_site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    vocabularies = {name: vocabulary.ids for name, vocabulary in real.data.vocabularies.items()}
    vocabularies["benchmarks"] = list(real.data.benchmarks)
    checked = 0
    for resource in descriptor["resources"]:
        if resource["format"] != "csv":
            continue
        rows = read_csv(real_site / "data" / resource["path"])
        for field in resource["schema"]["fields"]:
            name = field.get("x-vocabulary")
            if name is None or name == "sources":
                continue
            allowed = field.get("x-itemEnum") or field["constraints"]["enum"]
            assert allowed == vocabularies[name], field["name"]
            for row in rows:
                values = list_value(row[field["name"]]) if field["type"] == "list" else [row[field["name"]]]
                assert set(values) <= set(allowed), (resource["name"], field["name"], values)
                checked += len(values)
    assert checked > 100  # dimensions, country, size, level, actors, target groups, status, evidence, benchmarks...


def test_fields_are_described_by_the_practice_schema(real: AtlasResult) -> None:
    """Types and descriptions come from practice.schema.json; every front-matter field is published."""
    schema = real.data.schema
    columns = practice_columns()
    published = {c.schema_path[0] for c in columns if c.schema_path} | set(LINKED_FIELDS)
    assert set(schema["properties"]) <= published, "a schema field is missing from the data package"
    builder = DataPackageBuilder(real.catalogue, real.data)
    fields = {c.name: builder.field(c) for c in columns}
    assert fields["summary"]["description"] == schema["properties"]["summary"]["description"]
    assert (
        fields["evidence_note"]["description"] == schema["properties"]["evidence"]["properties"]["note"]["description"]
    )
    assert fields["last_reviewed"]["type"] == "date"
    assert fields["dimensions"]["type"] == "list" and fields["dimensions"]["delimiter"] == LIST_DELIMITER
    assert fields["slug"]["constraints"]["required"] is True and "required" not in fields["title_original"].get(
        "constraints", {}
    )
    assert fields["slug"]["constraints"]["pattern"] == schema["properties"]["slug"]["pattern"].strip("^$")


def test_html_like_text_round_trips_through_csv_and_json(tmp_path: Path) -> None:
    result = fixture_result()
    folder = write_package(result, tmp_path)
    practice = result.catalogue.by_slug["html-like"]
    assert HTML_LIKE in practice.title and "\n" in practice.title_original
    row = next(r for r in read_csv(folder / "practices.csv") if r["slug"] == "html-like")
    record = next(
        r for r in json.loads((folder / "practices.json").read_text(encoding="utf-8")) if r["slug"] == "html-like"
    )
    for text_field in ("title", "title_original", "summary"):
        assert row[text_field] == record[text_field] == getattr(practice, text_field)
    assert row["evidence_note"] == record["evidence_note"] == practice.evidence.note
    for list_field in ("places", "replicated_in", "dimensions", "target_groups"):
        assert list_value(row[list_field]) == record[list_field] == list(getattr(practice, list_field))
    assert row["population_source"] == record["population_source"] == practice.population.source
    assert row["started"] == record["started"] == "by 2019"
    how = {
        r["benchmark"]: r["how"] for r in read_csv(folder / "practice_benchmarks.csv") if r["practice"] == "html-like"
    }
    assert how == practice.benchmark_how and HTML_LIKE in how["governance.planning.plan"]
    cited = [
        (r["source"], r["locator"]) for r in read_csv(folder / "practice_sources.csv") if r["practice"] == "html-like"
    ]
    assert (
        cited
        == [(c.source.key, c.locator) for c in practice.citations]
        == [("wholecomm-toolbox-2024", 'Section <i>x</i> | "q", ; & co')]
    )
    assert validate(folder / "datapackage.json").valid


def test_frictionless_catches_a_value_outside_the_vocabulary(tmp_path: Path) -> None:
    """The descriptor's constraints bite: a hand-edited bad value makes the package invalid."""
    folder = write_package(fixture_result(), tmp_path)
    practices = folder / "practices.csv"
    text = practices.read_text(encoding="utf-8")
    practices.write_text(text.replace(",small-town,", ",smallish-town,", 1), encoding="utf-8", newline="")
    report = validate(folder / "datapackage.json")
    assert not report.valid
    assert report.flatten(["fieldName", "type"]) == [["municipality_size", "constraint-error"]]


def test_list_delimiter_is_refused_inside_a_place(tmp_path: Path) -> None:
    text = (ROOT / "practices" / "ung-kraft.md").read_text(encoding="utf-8")
    bad = tmp_path / "ung-kraft.md"
    bad.write_text(re.sub(r"^places: .*$", 'places: ["Graz | Linz"]', text, flags=re.M), encoding="utf-8")
    problems = problems_for_file(bad, tmp_path)
    assert [(p.field, p.message) for p in problems] == [("places[1]", "'Graz | Linz' does not have the expected form")]
    assert "without '|'" in problems[0].hint


def test_use_data_page_lists_files_licence_and_working_examples(real_site: Path, tmp_path: Path) -> None:
    page = BeautifulSoup((real_site / "data" / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = page.select_one("article")
    listed = [a["href"] for a in article.select("table a[href]")]
    assert {
        "practices.csv",
        "practice_benchmarks.csv",
        "benchmarks.csv",
        "sources.csv",
        "practices.json",
        "datapackage.json",
        "CITATION.cff",
    } <= set(listed)
    for href in listed:
        assert (real_site / "data" / href).is_file(), href
    assert article.select_one('a[href="https://creativecommons.org/licenses/by/4.0/"]') is not None
    assert "Local Integration Practice Atlas contributors." in article.select_one("blockquote").get_text()
    # The Python examples run as printed, against the published files (pandas is not a dependency).
    blocks = [code.get_text() for code in article.select("pre code")]
    runnable = [b for b in blocks if "pandas" not in b]
    assert len(runnable) == 2
    for block in runnable:
        run = subprocess.run([sys.executable, "-c", block], cwd=real_site / "data", capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip(), block
