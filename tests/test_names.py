"""A name is shown once.

When a practice's place is its country (a national programme: places [Finland],
country FI), lists and cards say "Finland", not "Finland (Finland)"; when a
practice's original name is where its title starts ("Diversity Café (St. Pölten)"
and "Diversity Café"), the page shows no subtitle repeating it. Checked on the
built pages, the explorer's cards, the self-assessment's results and the print
pages, against what the catalogue says (no list of practices written here).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from atlas.catalogue import Catalogue
from atlas.model import Practice
from atlas.names import folded, original_title, place_names, same_name, where
from atlas.pipeline import AtlasPaths, load_atlas


@pytest.fixture(scope="module")
def catalogue(layout_config: Path) -> Catalogue:
    result = load_atlas(AtlasPaths.from_mkdocs_yml(layout_config))
    assert result.catalogue is not None, result.problems
    return result.catalogue


# ---- the rule, atlas.names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("places", "country", "expected"),
    [
        (["Larissa"], "Greece", "Larissa (Greece)"),
        (["Avigliana", "Susa Valley"], "Italy", "Avigliana, Susa Valley (Italy)"),
        (["Finland"], "Finland", "Finland"),
        (["finland "], "Finland", "finland "),  # case and spacing aside, it is the country
        (["Sittard-Geleen", "Netherlands"], "Netherlands", "Sittard-Geleen, Netherlands"),
        ([], "Cyprus", "Cyprus"),
    ],
)
def test_where_names_the_country_unless_a_place_is_it(places: list[str], country: str, expected: str) -> None:
    assert where(places, country) == expected
    names = place_names(places, country)
    assert names[: len(places)] == places
    assert sum(same_name(name, country) for name in names) == 1  # the country, said once


@pytest.mark.parametrize(
    ("title", "original", "expected"),
    [
        ("Diversity Café (St. Pölten)", "Diversity Café", None),
        ("Ung Kraft (Young Power)", "Ung Kraft", None),
        ("Diversity Cafe", "Diversity Café", None),
        ("De Nomade welcome hub (Leuven)", "De Nomade", "De Nomade"),
        ("Swiss Integration Agenda", "Integrationsagenda Schweiz", "Integrationsagenda Schweiz"),
        ("POLI migrant desks (Susa Valley)", "POLI (Poli)", "POLI (Poli)"),
        ("Ung Kraftwerk", "Ung Kraft", "Ung Kraft"),  # a longer word is another name
        ("Anything", None, None),
    ],
)
def test_original_title_only_when_the_title_does_not_start_with_it(
    title: str, original: str | None, expected: str | None
) -> None:
    assert original_title(title, original) == expected


def test_folding_is_what_a_reader_types() -> None:
    assert folded("Dessau-Roßlau") == "dessau-rosslau"
    assert folded("TÜRKIYE") == "turkiye"
    assert folded("St. Pölten Café") == "st. polten cafe"
    assert folded("Tromsø, Łódź, Æbeltoft") == "tromso, lodz, aebeltoft"


# ---- the built pages -------------------------------------------------------------------------------------


def _plain(text: str) -> str:
    return " ".join(
        "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold().split()
    )


def country_as_place(catalogue: Catalogue) -> list[Practice]:
    """Practices one of whose places is the country itself."""
    found = [
        p
        for p in catalogue.practices
        if _plain(catalogue.label("countries", p.country)) in {_plain(place) for place in p.places}
    ]
    assert len(found) >= 2, "the real atlas has national practices (Finland, Cyprus...); the test needs them"
    return found


def article_text(html_file: Path) -> str:
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article") or soup
    return " ".join(article.get_text(" ").split())


def test_lists_name_the_country_once(layout_site: Path, catalogue: Catalogue) -> None:
    """Benchmark pages, related practices, the explorer's no-JS list: "Finland", never "Finland (Finland)"."""
    doubled = {
        f"{label} ({label})" for label in (catalogue.label("countries", p.country) for p in country_as_place(catalogue))
    }
    found = {}
    for html_file in sorted(layout_site.rglob("*.html")):
        text = article_text(html_file)
        hits = sorted(d for d in doubled if d in text)
        if hits:
            found[html_file.relative_to(layout_site).as_posix()] = hits
    assert found == {}
    # ... while a place in a country still names it, once.
    other = next(p for p in catalogue.practices if p not in country_as_place(catalogue) and len(p.places) == 1)
    benchmark_page = layout_site / "benchmarks" / f"{other.benchmarks[0].split('.')[0]}.html"
    assert f"{other.places[0]} ({catalogue.label('countries', other.country)})" in article_text(benchmark_page)


def _redundant(practice: Practice) -> bool:
    title, original = _plain(practice.title), _plain(practice.title_original or "")
    return title == original or title.startswith(original + " (")


def test_original_name_is_shown_only_when_the_title_does_not_start_with_it(
    layout_site: Path, catalogue: Catalogue
) -> None:
    with_original = [p for p in catalogue.practices if p.title_original]
    assert any(_redundant(p) for p in with_original) and not all(_redundant(p) for p in with_original)
    for practice in with_original:
        soup = BeautifulSoup(
            (layout_site / "practices" / f"{practice.slug}.html").read_text(encoding="utf-8"), "html.parser"
        )
        after_title = soup.find("h1").find_next_sibling()
        subtitle = after_title.get_text(" ").strip() if after_title.name == "p" and after_title.find("em") else None
        assert subtitle == (None if _redundant(practice) else practice.title_original), practice.slug


def test_explorer_cards_name_the_country_once(page, layout_url: str, catalogue: Catalogue) -> None:
    page.goto(layout_url + "explorer.html")
    page.wait_for_selector("#atlas-results .atlas-card")
    metas = dict(
        page.evaluate("""() => [...document.querySelectorAll('#atlas-results .atlas-card')].map(card => [
        card.querySelector('.atlas-card__title').textContent, card.querySelector('.atlas-card__meta').textContent])""")
    )
    for practice in country_as_place(catalogue):
        parts = metas[practice.title].split(" · ")
        assert len(parts) == len(set(parts)), metas[practice.title]
        assert catalogue.label("countries", practice.country) in parts


def test_self_assessment_results_name_the_country_once(page, layout_url: str, catalogue: Catalogue) -> None:
    practice = country_as_place(catalogue)[0]
    benchmark_id = practice.benchmarks[0]
    page.goto(layout_url + f"self-assessment/{benchmark_id.split('.')[0]}.html")
    page.locator(f'label[for="sa-{benchmark_id}--not-yet"]').click()
    page.goto(layout_url + "self-assessment/index.html")
    item = page.locator(f'#atlas-sa-results li[data-sa-practice="{practice.slug}"]').first
    after_title = item.evaluate("li => li.textContent.replace(li.querySelector('a').textContent, '')")
    assert after_title.count(catalogue.label("countries", practice.country)) == 1, after_title


def test_print_pages_name_the_country_and_the_original_name_once(catalogue: Catalogue) -> None:
    from atlas.pdf import SHEET_TIERS
    from atlas.printhtml import PackRenderer

    practices = [*country_as_place(catalogue), *(p for p in catalogue.practices if p.title_original)]
    html = PackRenderer(catalogue).sheets_html([(p, SHEET_TIERS[0]) for p in practices])
    soup = BeautifulSoup(html, "html.parser")
    wheres = [" ".join(w.get_text(" ").split()) for w in soup.select(".where")]
    for practice, line in zip(country_as_place(catalogue), wheres, strict=False):
        label = catalogue.label("countries", practice.country)
        assert line.count(label) == 1, line
    originals = {" ".join(o.get_text(" ").split()) for o in soup.select(".original-title")}
    for practice in catalogue.practices:
        if practice.title_original and _redundant(practice):
            assert practice.title_original not in originals, practice.slug


def test_no_name_is_doubled_in_brackets_anywhere(layout_site: Path) -> None:
    """The general form of the mistake, on every page: "X (X)" with the same words twice."""
    doubled = re.compile(r"(?<![\w(])([A-Z][\w'’.-]*(?: [\w'’.-]+){0,3}) \(\1\)")
    found = {}
    for html_file in sorted(layout_site.rglob("*.html")):
        hits = sorted({m.group(0) for m in doubled.finditer(article_text(html_file))})
        if hits:
            found[html_file.relative_to(layout_site).as_posix()] = hits
    assert found == {}
