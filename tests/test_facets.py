"""data/facets.yml: one table for the explorer, the index pages, the PDF flags and the cover."""

from __future__ import annotations

from pathlib import Path

import pytest

from atlas.explorer import explorer_data
from atlas.facets import FACETS, PAGE_FACETS, FacetTableError, facet_problems, load_facets
from atlas.load import load_atlas_data
from atlas.model import Vocabulary
from atlas.pipeline import AtlasPaths, load_atlas, read_mkdocs_yml
from atlas.selection import Selection, describe

from helpers import ROOT


def test_every_facet_names_a_known_vocabulary_and_a_practice_field() -> None:
    data = load_atlas_data(ROOT / "data")
    assert facet_problems(FACETS, data.vocabularies) == []
    assert [f.key for f in FACETS] == [
        "dimension",
        "country",
        "size",
        "level",
        "target",
        "actor",
        "benchmark",
        "status",
    ]


def test_the_explorer_offers_the_facets_of_the_table_in_its_order() -> None:
    catalogue = load_atlas(AtlasPaths.under(ROOT)).catalogue
    assert catalogue is not None
    data = explorer_data(catalogue)
    assert [f["key"] for f in data["facets"]] == [f.key for f in FACETS]
    assert [f["label"] for f in data["facets"]] == [f.label for f in FACETS]
    countries = next(f for f in data["facets"] if f["key"] == "country")["values"]
    assert {code for code, _ in countries} == {p.country for p in catalogue.practices}  # values: used


def test_index_page_folders_are_the_ones_mkdocs_yml_lists() -> None:
    nav = str(read_mkdocs_yml(ROOT / "mkdocs.yml")["nav"])
    assert [f.pages for f in PAGE_FACETS] == ["dimensions", "countries", "sizes"]
    for facet in PAGE_FACETS:
        assert f"{facet.pages}/index.md" in nav


def test_a_pack_cover_uses_the_cover_label() -> None:
    catalogue = load_atlas(AtlasPaths.under(ROOT)).catalogue
    assert catalogue is not None
    lines = describe(Selection.of(dimension=["housing"], status=["running"]), catalogue)
    assert [label for label, _ in lines] == ["Dimension", "Status"]


def test_selection_refuses_a_key_the_table_does_not_have() -> None:
    with pytest.raises(ValueError, match="unknown facet"):
        Selection.of(colour=["blue"])


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "facets.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_mistake_in_the_table_is_listed_with_its_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """facets:
  - key: dimension
    attribute: dimensions
    vocabulary: dimensions
    label: Policy dimension
    values: all
  - key: colour
    attribute: colour
    vocabulary: colours
    values: some
  - key: dimension
    attribute: status
    vocabulary: status
    label: Status
    values: all
""",
    )
    with pytest.raises(FacetTableError) as error:
        load_facets(path)
    message = str(error.value)
    assert f"{path}:7: facets[2]: label: required field is missing" in message
    assert f"{path}:7: facets[2]: attribute: 'colour' is not a practice field" in message
    assert f"{path}:7: facets[2]: values: 'some' is not 'all' or 'used'" in message
    assert f"{path}:11: facets[3]: key: 'dimension' is used twice" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("facets: [\n", ": invalid YAML"),
        ("facets: {}\n", ":1: facets: expected a list of facets"),
        ("- key: x\n", ":1: facets: expected a list of facets"),
    ],
)
def test_an_unusable_file_is_one_clear_error(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(FacetTableError, match=expected):
        load_facets(_write(tmp_path, text))


def test_a_facet_on_a_missing_vocabulary_is_a_problem_with_a_hint() -> None:
    vocabularies = {"dimensions": Vocabulary("dimensions", "Dimension", ())}
    problems = facet_problems(FACETS, vocabularies)
    fields = {p.field for p in problems}
    assert "facets.size.vocabulary" in fields and "facets.dimension.vocabulary" not in fields
    assert "facets.benchmark.vocabulary" not in fields  # the benchmark framework, not a file
    assert all(p.hint and "data/vocabularies/" in p.hint for p in problems)
