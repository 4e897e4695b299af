"""The explorer's text box, in Chromium: it folds case and accents and matches a practice's title,
summary, places and country name (as the interface names it).

Expected results come from a plain-Python reading of the rule over the
catalogue of the layout site (the atlas plus a sample practice), never from a
list written here: every word of the query must occur in the folded text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from atlas.catalogue import Catalogue
from atlas.model import Practice
from atlas.pipeline import AtlasPaths, load_atlas

from conftest import built, served
from helpers import load_script

screens = load_script("screens")

# Letters that lose nothing to accent stripping but that a reader types otherwise.
TYPED_AS = {"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}


@pytest.fixture(scope="module")
def layout_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return screens.write_layout_atlas(tmp_path_factory.getbasetemp() / "layout-atlas")


@pytest.fixture(scope="module")
def layout_url(tmp_path_factory: pytest.TempPathFactory, layout_config: Path) -> Iterator[str]:
    with served(built(tmp_path_factory, layout_config, "layout")) as url:
        yield url


@pytest.fixture(scope="module")
def catalogue(layout_config: Path) -> Catalogue:
    result = load_atlas(AtlasPaths.from_mkdocs_yml(layout_config))
    assert result.catalogue is not None, result.problems
    return result.catalogue


def fold(text: str) -> str:
    stripped = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()
    return "".join(TYPED_AS.get(c, c) for c in stripped)


def expected(catalogue: Catalogue, query: str) -> list[str]:
    def text(p: Practice) -> str:
        return fold(" ".join([p.title, p.summary, *p.places, catalogue.label("countries", p.country)]))

    return [p.title for p in catalogue.practices if all(w in text(p) for w in fold(query).split())]


def shown(page) -> list[str]:
    return page.eval_on_selector_all("#atlas-results .atlas-card__title a", "links => links.map(a => a.textContent)")


# Each query exercises one part of the rule; the test checks that it finds something.
QUERIES = {
    "Sweden": "a country name",
    "sweden": "a country name, lower case",
    "TÜRKIYE": "a country name typed in capitals, with its accent",
    "turkiye": "a country name without its accent",
    "Polten": "a place without its accent",
    "CAFE": "a title in capitals without its accent",
    "café st. pölten": "several words, with accents",
    "Rosslau": "ß typed as ss",
    "dessau-roßlau": "a place as written",
    "Finland partnership": "a country and a title word together",
}


@pytest.mark.parametrize("query", sorted(QUERIES))
def test_text_box_finds_by_title_summary_place_and_country(
    page, layout_url: str, catalogue: Catalogue, query: str
) -> None:
    titles = expected(catalogue, query)
    assert titles, f"{query!r} ({QUERIES[query]}) should match a practice of the atlas"
    page.goto(layout_url + "explorer.html")
    page.fill("#atlas-q", query)
    page.wait_for_function("n => document.querySelectorAll('#atlas-results .atlas-card').length === n", arg=len(titles))
    assert shown(page) == titles


def test_country_search_finds_every_practice_of_the_country(page, layout_url: str, catalogue: Catalogue) -> None:
    """ "Sweden" lists exactly the practices whose country is Sweden (Ung Kraft among them)."""
    swedish = [p.title for p in catalogue.practices if p.country == "SE"]
    assert any("Ung Kraft" in t for t in swedish)
    page.goto(layout_url + "explorer.html?text=Sweden")
    page.wait_for_selector("#atlas-results .atlas-card")
    assert set(swedish) <= set(shown(page))


def test_placeholder_names_what_the_box_searches(page, layout_url: str) -> None:
    page.goto(layout_url + "explorer.html")
    assert "country" in (page.get_attribute("#atlas-q", "placeholder") or "").lower()
