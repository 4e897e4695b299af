"""The explorer in a real Chromium: filters, counts, URL state, no-JS list, file://, sub-path, axe.

Expectations are computed from the catalogue by a plain-Python reading of the
same rules (OR within a facet, AND across facets), never hard-coded, so these
tests hold for any catalogue; most run on the small atlas in
tests/fixtures/explorer, one checks the real atlas.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from atlas.catalogue import Catalogue
from atlas.explorer import explorer_data, facet_value_table
from atlas.facets import FACETS as EXPLORER_FACETS
from atlas.model import Practice
from atlas.pipeline import AtlasPaths, load_atlas

from conftest import FIXTURES, ROOT, built, serve_directory, served

FIXTURE = FIXTURES / "explorer"


# ---- the catalogue and a reference implementation of the filter -------------


def load_catalogue(root: Path, **options: str) -> Catalogue:
    result = load_atlas(AtlasPaths.under(root, **options))
    assert not result.problems, result.problems
    assert result.catalogue is not None
    return result.catalogue


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(FIXTURE, practices="practices", data="../../../data", benchmarks="benchmarks")


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def _values(practice: Practice, attribute: str) -> set[str]:
    value = getattr(practice, attribute)
    return set(value) if isinstance(value, tuple) else {value}


def reference(
    catalogue: Catalogue, selected: dict[str, set[str]], query: str = ""
) -> tuple[list[str], dict[str, Counter]]:
    """Matching titles (title order) and, per facet, each value's count given the other filters."""
    words = _fold(query).split()

    def text_ok(p: Practice) -> bool:
        hay = _fold(" ".join([p.title, p.summary, " ".join(p.places)]))
        return all(w in hay for w in words)

    def ok(p: Practice, skip: str | None = None) -> bool:
        return all(
            _values(p, f.attribute) & selected[f.key] for f in EXPLORER_FACETS if f.key != skip and selected.get(f.key)
        )

    pool = [p for p in catalogue.practices if text_ok(p)]
    matches = [p.title for p in pool if ok(p)]
    counts = {f.key: Counter(v for p in pool if ok(p, f.key) for v in _values(p, f.attribute)) for f in EXPLORER_FACETS}
    return matches, counts


# ---- the built fixture site --------------------------------------------------


@pytest.fixture(scope="module")
def explorer_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(tmp_path_factory, FIXTURE / "mkdocs.yml", "explorer")


@pytest.fixture(scope="module")
def explorer_url(explorer_site: Path) -> Iterator[str]:
    with served(explorer_site) as url:
        yield url


UI_STATE = """() => ({
  status: document.getElementById('atlas-result-count').textContent,
  titles: [...document.querySelectorAll('#atlas-results .atlas-card__title a')].map(a => a.textContent),
  values: [...document.querySelectorAll('.atlas-facet__value input')].map(i => ({
    facet: i.closest('[data-facet-key]').getAttribute('data-facet-key'), id: i.value,
    checked: i.checked, disabled: i.disabled,
    count: Number(i.parentElement.querySelector('.atlas-facet__count').textContent.replace(/[()]/g, '')),
  })),
})"""


def assert_matches_reference(page, catalogue: Catalogue, selected: dict[str, set[str]], query: str = "") -> list[str]:
    titles, counts = reference(catalogue, selected, query)
    state = page.evaluate(UI_STATE)
    assert state["titles"] == titles[:50]
    assert state["status"].startswith(f"All {len(titles)} ") or state["status"].startswith(f"{len(titles)} practice")
    offered = {(v["facet"], v["id"]) for v in state["values"]}
    for facet in EXPLORER_FACETS:
        for value in facet_value_table(catalogue, facet):
            assert (facet.key, value[0]) in offered, f"{facet.key}={value[0]} is not offered"
    for value in state["values"]:
        expected = counts[value["facet"]][value["id"]]
        assert value["count"] == expected, value
        assert value["checked"] == (value["id"] in selected.get(value["facet"], set()))
        assert value["disabled"] == (expected == 0 and not value["checked"]), value
    return titles


def box(page, facet: str, value: str):
    return page.locator(f'[data-facet-key="{facet}"] input[value="{value}"]')


# ---- data file ---------------------------------------------------------------


def read_data_script(site: Path) -> dict:
    text = (site / "assets" / "atlas" / "practices.js").read_text(encoding="utf-8")
    prefix = "window.ATLAS_EXPLORER="
    assert text.startswith(prefix) and text.rstrip().endswith(";")
    return json.loads(text[len(prefix) :].rstrip().rstrip(";"))


def test_data_file_round_trips_the_catalogue(explorer_site: Path, catalogue: Catalogue) -> None:
    data = read_data_script(explorer_site)
    assert data == json.loads(json.dumps(explorer_data(catalogue)))
    fields = data["fields"]
    for row, practice in zip(data["practices"], catalogue.practices, strict=True):
        assert row[fields.index("slug")] == practice.slug
        for facet, table in zip(EXPLORER_FACETS, data["facets"], strict=True):
            cell = row[fields.index(facet.key)]
            ids = {table["values"][i][0] for i in (cell if isinstance(cell, list) else [cell])}
            assert ids == _values(practice, facet.attribute)


# ---- browser: filters, counts, URL --------------------------------------------


def test_clicking_filters_matches_the_catalogue(page, explorer_url: str, catalogue: Catalogue) -> None:
    page.goto(explorer_url + "explorer.html")
    selected: dict[str, set[str]] = {}
    assert_matches_reference(page, catalogue, selected)
    # OR within a facet, AND across facets.
    for facet, value in [("dimension", "education"), ("dimension", "housing"), ("country", "FR"), ("size", "region")]:
        box(page, facet, value).check()
        selected.setdefault(facet, set()).add(value)
        titles = assert_matches_reference(page, catalogue, selected)
        assert titles, "the fixture was chosen so that each step still matches something"
    box(page, "dimension", "housing").uncheck()
    selected["dimension"].discard("housing")
    assert_matches_reference(page, catalogue, selected)
    page.wait_for_url(lambda url: "country=FR" in url and "dimension=education" in url)
    # Every match is listed, so there is nothing more to show: the button stays out of sight.
    expect(page.locator(".atlas-explorer__more")).to_be_hidden()


def test_values_without_matches_are_disabled_not_hidden(page, explorer_url: str, catalogue: Catalogue) -> None:
    page.goto(explorer_url + "explorer.html?country=SE")
    assert_matches_reference(page, catalogue, {"country": {"SE"}})
    # No Swedish practice in the fixture is about health: shown, with 0, disabled.
    health = box(page, "dimension", "health")
    assert health.is_visible() and health.is_disabled()
    # A vocabulary value no practice uses at all is offered too.
    assert box(page, "size", "national").is_disabled()


def test_url_query_restores_the_view(page, explorer_url: str, catalogue: Catalogue) -> None:
    page.goto(explorer_url + "explorer.html?dimension=education,governance&sort=newest&text=plan")
    selected = {"dimension": {"education", "governance"}}
    titles, _ = reference(catalogue, selected, "plan")
    state = page.evaluate(UI_STATE)
    by_year = sorted(
        (p for p in catalogue.practices if p.title in titles),
        key=lambda p: (-(p.started.year if p.started else 0), catalogue.practices.index(p)),
    )
    assert state["titles"] == [p.title for p in by_year]
    assert page.input_value("#atlas-q") == "plan"
    assert page.input_value("#atlas-sort") == "newest"
    assert box(page, "dimension", "education").is_checked() and box(page, "dimension", "governance").is_checked()


def test_benchmark_and_level_filters_from_the_url(page, explorer_url: str, catalogue: Catalogue) -> None:
    selected = {"benchmark": {"governance.planning.budget"}, "level": {"regional"}}
    page.goto(explorer_url + "explorer.html?benchmark=governance.planning.budget&level=regional")
    assert len(assert_matches_reference(page, catalogue, selected)) == 2
    assert page.locator('[data-facet-key="benchmark"]').get_attribute("open") is not None
    # Unknown ids in a hand-edited link are ignored, not an error.
    page.goto(explorer_url + "explorer.html?benchmark=no.such.id&country=SE")
    assert_matches_reference(page, catalogue, {"country": {"SE"}})


def test_back_button_returns_to_the_previous_filter(page, explorer_url: str, catalogue: Catalogue) -> None:
    page.goto(explorer_url + "explorer.html")
    box(page, "country", "AT").check()
    page.wait_for_url(lambda url: url.endswith("explorer.html?country=AT"))
    box(page, "status", "pilot").check()
    page.wait_for_url(lambda url: url.endswith("explorer.html?country=AT&status=pilot"))
    assert_matches_reference(page, catalogue, {"country": {"AT"}, "status": {"pilot"}})
    # Typing makes one entry of its own, however many keys are pressed.
    page.locator("#atlas-q").press_sequentially("graz")
    page.wait_for_url(lambda url: url.endswith("&text=graz"))
    assert_matches_reference(page, catalogue, {"country": {"AT"}, "status": {"pilot"}}, "graz")
    page.go_back()
    page.wait_for_url(lambda url: url.endswith("explorer.html?country=AT&status=pilot"))
    assert_matches_reference(page, catalogue, {"country": {"AT"}, "status": {"pilot"}})
    page.go_back()
    page.wait_for_url(lambda url: url.endswith("explorer.html?country=AT"))
    assert_matches_reference(page, catalogue, {"country": {"AT"}})
    page.go_forward()
    page.wait_for_url(lambda url: url.endswith("status=pilot"))
    assert_matches_reference(page, catalogue, {"country": {"AT"}, "status": {"pilot"}})


def test_text_search_covers_title_summary_and_places_ignoring_accents(
    page, explorer_url: str, catalogue: Catalogue
) -> None:
    page.goto(explorer_url + "explorer.html")
    for query in ("malmo", "hotline", "villeurbanne", "host families"):
        page.fill("#atlas-q", query)
        titles = assert_matches_reference(page, catalogue, {}, query)
        assert len(titles) == 1, query
    page.wait_for_url(lambda url: url.endswith("explorer.html?text=host+families"))


def test_sort_by_country(page, explorer_url: str, catalogue: Catalogue) -> None:
    page.goto(explorer_url + "explorer.html")
    page.select_option("#atlas-sort", "country")
    labels = {p.slug: catalogue.label("countries", p.country) for p in catalogue.practices}
    expected = [p.title for p in sorted(catalogue.practices, key=lambda p: labels[p.slug])]  # stable: title order
    assert page.evaluate(UI_STATE)["titles"] == expected
    page.wait_for_url(lambda url: url.endswith("explorer.html?sort=country"))


def test_empty_state_suggests_a_filter_to_drop_and_clear_all_resets(
    page, explorer_url: str, catalogue: Catalogue
) -> None:
    page.goto(explorer_url + "explorer.html?country=AT&text=malmo")
    empty = page.locator(".atlas-explorer__empty")
    assert empty.is_visible()
    assert page.locator("#atlas-result-count").text_content() == "0 practices match"
    without_country, _ = reference(catalogue, {}, "malmo")
    without_query, _ = reference(catalogue, {"country": {"AT"}})
    suggestions = empty.locator("button").all_text_contents()
    assert suggestions == sorted(
        [
            f"Drop Country ({len(without_country)} practice{'s' if len(without_country) != 1 else ''})",
            f"Drop the search words ({len(without_query)} practices)",
        ],
        key=lambda s: -int(s.rsplit("(", 1)[1].split()[0]),
    )
    empty.locator("button", has_text="Drop Country").click()
    assert_matches_reference(page, catalogue, {}, "malmo")
    page.click("text=Clear all")
    assert_matches_reference(page, catalogue, {})
    page.wait_for_url(lambda url: url.endswith("explorer.html"))


def test_result_count_is_announced_in_a_live_region(page, explorer_url: str) -> None:
    page.goto(explorer_url + "explorer.html")
    status = page.locator("#atlas-result-count")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    before = status.text_content()
    box(page, "country", "SE").check()
    assert status.text_content() != before and status.text_content().startswith("2 practices match")


# ---- phone first: filter panel, chips ----------------------------------------

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


def first_screen(page) -> dict:
    return page.evaluate("""() => ({
      count: document.getElementById('atlas-result-count').getBoundingClientRect().bottom,
      card: document.querySelector('#atlas-results .atlas-card').getBoundingClientRect().top,
      boxes: [...document.querySelectorAll('.atlas-facet__value input')].filter(i => i.checkVisibility()).length,
    })""")


@pytest.mark.parametrize("query", ["", "?country=SE&dimension=employment&text=job"])
def test_on_a_phone_the_count_and_first_result_are_on_the_first_screen(phone, explorer_url: str, query: str) -> None:
    phone.goto(explorer_url + "explorer.html" + query)
    seen = first_screen(phone)
    assert seen["count"] < seen["card"] < PHONE["height"], seen
    assert seen["boxes"] == 0  # the filters wait behind their button
    toggle = phone.locator("#atlas-filters-toggle")
    expect(toggle).to_be_visible()
    assert toggle.text_content() == ("Filters (2 active)" if query else "Filters")


def test_on_a_wide_screen_the_filters_stay_in_a_side_column(browser, explorer_url: str) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(explorer_url + "explorer.html?country=SE")
        expect(page.locator("#atlas-filters-toggle")).to_be_hidden()
        side = page.locator(".atlas-explorer__side")
        results = page.locator(".atlas-explorer__results").bounding_box()
        assert side.locator('[data-facet-key="country"] input[value="SE"]').is_visible()
        assert side.bounding_box()["x"] + side.bounding_box()["width"] <= results["x"]  # beside, not above
        # From narrow to wide and back, the same checkboxes move between the panel and the column.
        page.set_viewport_size(PHONE)
        expect(page.locator("#atlas-filters-toggle")).to_be_visible()
        # The move runs on the media query's change event, after the resize: wait for it, never sleep.
        expect(page.locator(".atlas-explorer__dialog .atlas-facet")).to_have_count(len(EXPLORER_FACETS))
        page.set_viewport_size(DESKTOP)
        expect(side.locator(".atlas-facet")).to_have_count(len(EXPLORER_FACETS))
        expect(side.locator('[data-facet-key="country"] input[value="SE"]')).to_be_checked()
    finally:
        context.close()


def test_filter_panel_opens_and_closes_by_keyboard(phone, explorer_url: str, catalogue: Catalogue) -> None:
    phone.goto(explorer_url + "explorer.html")
    toggle = phone.locator("#atlas-filters-toggle")
    dialog = phone.locator("#atlas-filters-dialog")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.get_attribute("aria-controls") == "atlas-filters-dialog"
    toggle.focus()
    phone.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert phone.evaluate("document.getElementById('atlas-filters-dialog').contains(document.activeElement)")
    # Tab to the first checkbox in the panel, tick it with Space.
    for _ in range(10):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.type") == "checkbox":
            break
    ticked = phone.evaluate(
        "({facet: document.activeElement.closest('[data-facet-key]').dataset.facetKey,"
        " id: document.activeElement.value})"
    )
    phone.keyboard.press("Space")
    titles, _ = reference(catalogue, {ticked["facet"]: {ticked["id"]}})
    many = "practice matches" if len(titles) == 1 else "practices match"
    # The panel has a live count of its own (the page behind a modal dialog is inert).
    count = dialog.locator(".atlas-explorer__dialog-count")
    assert count.get_attribute("aria-live") == "polite"
    expect(count).to_have_text(f"{len(titles)} {many}")
    assert phone.evaluate("document.getElementById('atlas-filters-dialog').contains(document.activeElement)")
    # Escape closes it; focus is back on the button, which now counts the filter.
    phone.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert phone.evaluate("document.activeElement.id") == "atlas-filters-toggle"
    assert toggle.text_content() == "Filters (1 active)"
    assert_matches_reference(phone, catalogue, {ticked["facet"]: {ticked["id"]}})
    phone.wait_for_url(lambda url: f"{ticked['facet']}={ticked['id']}" in url)
    # The button at the foot of the panel closes it too, and says how many it will show.
    phone.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    done = dialog.locator(".atlas-explorer__dialog-done")
    expect(done).to_have_text(f"Show {len(titles)} practice{'s' if len(titles) != 1 else ''}")
    done.click()
    expect(dialog).to_be_hidden()
    assert phone.evaluate("document.activeElement.id") == "atlas-filters-toggle"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_active_filters_show_as_chips_that_remove_their_filter(
    browser, explorer_url: str, catalogue: Catalogue, viewport: dict
) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        page.goto(explorer_url + "explorer.html?dimension=education,housing&country=FR&text=lyon")
        selected = {"dimension": {"education", "housing"}, "country": {"FR"}}
        chips = page.locator(".atlas-explorer__chip")
        names = [c.get_attribute("aria-label") for c in chips.all()]
        dimension = next(f.label for f in EXPLORER_FACETS if f.key == "dimension")
        country = next(f.label for f in EXPLORER_FACETS if f.key == "country")
        assert names == [
            f"Remove filter: {dimension} {catalogue.label('dimensions', 'education')}",
            f"Remove filter: {dimension} {catalogue.label('dimensions', 'housing')}",
            f"Remove filter: {country} {catalogue.label('countries', 'FR')}",
            "Remove filter: Words lyon",
        ]
        assert_matches_reference(page, catalogue, selected, "lyon")
        # Each chip shows what it removes, in words (not only a cross).
        assert (
            chips.nth(2).inner_text().replace("\n", " ").startswith(f"{country}: {catalogue.label('countries', 'FR')}")
        )

        page.get_by_role("button", name=f"Remove filter: {country} {catalogue.label('countries', 'FR')}").click()
        del selected["country"]
        assert_matches_reference(page, catalogue, selected, "lyon")
        page.wait_for_url(lambda url: "country=" not in url and "dimension=education%2Chousing" in url)
        # Focus moves to the chip that took its place, so a keyboard user can go on removing.
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Remove filter: Words lyon"
        page.keyboard.press("Enter")
        assert_matches_reference(page, catalogue, selected)
        page.wait_for_url(lambda url: "text=" not in url)

        page.get_by_role(
            "button", name=f"Remove filter: {dimension} {catalogue.label('dimensions', 'education')}"
        ).click()
        selected["dimension"].discard("education")
        assert_matches_reference(page, catalogue, selected)
        page.wait_for_url(lambda url: url.endswith("explorer.html?dimension=housing"))
        page.get_by_role(
            "button", name=f"Remove filter: {dimension} {catalogue.label('dimensions', 'housing')}"
        ).click()
        assert_matches_reference(page, catalogue, {})
        page.wait_for_url(lambda url: url.endswith("explorer.html"))
        # No filter left: the bar goes, focus lands on the count, the back button restores the last chip.
        expect(page.locator(".atlas-explorer__active")).to_be_hidden()
        assert page.evaluate("document.activeElement.id") == "atlas-result-count"
        page.go_back()
        page.wait_for_url(lambda url: url.endswith("explorer.html?dimension=housing"))
        expect(chips).to_have_count(1)
        assert_matches_reference(page, catalogue, {"dimension": {"housing"}})
    finally:
        context.close()


def test_keyboard_only_filtering_with_visible_focus(page, explorer_url: str, catalogue: Catalogue) -> None:
    page.goto(explorer_url + "explorer.html")
    page.focus("#atlas-q")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "checkbox":
            break
    focused = page.evaluate(
        "({id: document.activeElement.value, facet: document.activeElement"
        ".closest('[data-facet-key]').dataset.facetKey,"
        " outline: getComputedStyle(document.activeElement).outlineStyle})"
    )
    assert focused["outline"] not in ("", "none")
    page.keyboard.press("Space")
    assert_matches_reference(page, catalogue, {focused["facet"]: {focused["id"]}})
    # The card links are reachable and followable from the keyboard too.
    page.locator("#atlas-results a").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/practices/*.html")


def test_cards_link_to_practice_pages_with_place_size_and_dimensions(
    page, explorer_url: str, catalogue: Catalogue
) -> None:
    page.goto(explorer_url + "explorer.html")
    first = catalogue.practices[0]
    card = page.locator(".atlas-card").first
    assert card.locator("a").get_attribute("href") == f"practices/{first.slug}.html"
    meta = card.locator(".atlas-card__meta").text_content()
    assert first.places[0] in meta and catalogue.label("countries", first.country) in meta
    assert catalogue.label("municipality_sizes", first.municipality_size) in meta
    assert card.locator(".atlas-chip").all_text_contents() == [
        catalogue.label("dimensions", d) for d in first.dimensions
    ]
    assert card.locator(".atlas-card__summary").text_content() == first.summary


def test_titles_are_shown_as_text_not_markup(page, explorer_url: str) -> None:
    page.goto(explorer_url + "explorer.html?text=tenant")
    assert page.locator(".atlas-card__title a").text_content() == "Tenant school <Lyon> & co"


# ---- without JavaScript, from file://, under a sub-path -----------------------


def test_without_javascript_every_practice_is_listed(browser, explorer_url: str, catalogue: Catalogue) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(explorer_url + "explorer.html")
        assert page.locator("#atlas-explorer").is_hidden()
        links = page.locator("#atlas-explorer-fallback li a")
        assert links.evaluate_all("as => as.map(a => a.getAttribute('href'))") == [
            f"practices/{p.slug}.html" for p in catalogue.practices
        ]
        # The static browsing pages stay one link away.
        for folder in ("dimensions", "countries", "sizes"):
            assert page.locator(f'#atlas-explorer-fallback a[href="{folder}/index.html"]').count() == 1
        links.first.click()
        assert page.locator("h1").first.text_content().strip().rstrip("¶") == catalogue.practices[0].title
    finally:
        context.close()


def test_works_from_a_copied_folder(page, explorer_site: Path, catalogue: Catalogue) -> None:
    page.goto((explorer_site / "explorer.html").as_uri() + "?size=large-city")
    assert_matches_reference(page, catalogue, {"size": {"large-city"}})
    box(page, "country", "FR").check()
    assert_matches_reference(page, catalogue, {"size": {"large-city"}, "country": {"FR"}})


def test_works_under_a_sub_path(page, explorer_site: Path, tmp_path: Path, catalogue: Catalogue) -> None:
    shutil.copytree(explorer_site, tmp_path / "project" / "atlas")
    url, server = serve_directory(tmp_path / "project")
    try:
        page.goto(url + "atlas/explorer.html?dimension=health")
        assert_matches_reference(page, catalogue, {"dimension": {"health"}})
        page.locator("#atlas-results a").first.click()
        page.wait_for_url(url + "atlas/practices/*.html")
        assert page.locator("h1").first.is_visible()
    finally:
        server.shutdown()


# ---- practice pages: breadcrumbs, related, correction link, search -------------


def test_practice_page_leads_onward(page, explorer_url: str, catalogue: Catalogue) -> None:
    practice = catalogue.by_slug["regional-language-plan"]
    page.goto(explorer_url + f"practices/{practice.slug}.html")
    crumbs = page.locator("nav[aria-label=Breadcrumb] a")
    assert crumbs.last.text_content() == catalogue.label("dimensions", practice.dimensions[0])
    assert crumbs.last.get_attribute("href") == f"../dimensions/{practice.dimensions[0]}.html"
    related = page.locator("h2#related-practices + ul > li > a")
    assert related.first.get_attribute("href") == "welcome-desk-malmo.html"
    assert related.count() >= 2
    edit = page.locator("a", has_text="Suggest a correction")
    assert edit.get_attribute("href") == f"https://git.example.org/atlas/edit/trunk/{practice.display_path}"


def test_search_finds_practices_by_title_summary_and_place(page, explorer_url: str) -> None:
    # "language" is in one title and in two other practices' summaries: the title must win.
    for query, slug in (
        ("mediators", "health-mediators-graz"),
        ("hotline", "tenant-school-lyon"),
        ("Villeurbanne", "tenant-school-lyon"),
        ("language", "regional-language-plan"),
    ):
        page.goto(explorer_url + "index.html")
        page.locator(".md-search__input").press_sequentially(query, delay=20)
        # (A locator, not wait_for_function: the page's CSP forbids the eval that polling a string uses.)
        status = page.locator(f"[data-atlas-search-status][data-atlas-search-query='{query}']")
        expect(status).to_contain_text("matching", timeout=15000)
        first = page.locator(".md-search-result__item a").first
        assert first.get_attribute("href").endswith(f"practices/{slug}.html"), query


def test_search_index_holds_the_practice_pages_only(explorer_site: Path, catalogue: Catalogue) -> None:
    """Pagefind indexes the pages marked data-pagefind-body: every practice, and no list page
    (the explorer, the practice list, facet and benchmark pages repeat practice text)."""
    fragments = list((explorer_site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert len(fragments) == len(catalogue.practices)
    for practice in catalogue.practices:
        assert "data-pagefind-body" in (explorer_site / "practices" / f"{practice.slug}.html").read_text(
            encoding="utf-8"
        )
    for listing in ("explorer.html", "practices/index.html", "index.html"):
        assert "data-pagefind-body" not in (explorer_site / listing).read_text(encoding="utf-8"), listing
    assert not (explorer_site / "search").exists()  # Material's index is gone


# ---- accessibility ------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["explorer.html", "explorer.html?country=AT&text=malmo", "practices/regional-language-plan.html"]
)
def test_no_serious_axe_violations(page, explorer_url: str, path: str) -> None:
    page.goto(explorer_url + path)
    violations = Axe().run(page).response["violations"]
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_open_filter_panel_on_a_phone_has_no_serious_axe_violations(phone, explorer_url: str) -> None:
    phone.goto(explorer_url + "explorer.html?country=SE")
    phone.locator("#atlas-filters-toggle").click()
    expect(phone.locator("#atlas-filters-dialog")).to_be_visible()
    violations = Axe().run(phone).response["violations"]
    assert [(v["id"], v["impact"]) for v in violations if v["impact"] in ("serious", "critical")] == []


# ---- the real atlas -------------------------------------------------------------


def test_real_atlas_explorer_matches_its_catalogue(page, real_site: Path, real_site_url: str) -> None:
    catalogue = load_catalogue(ROOT)
    data = read_data_script(real_site)
    slug_at = data["fields"].index("slug")
    assert [row[slug_at] for row in data["practices"]] == [p.slug for p in catalogue.practices]
    page.goto(real_site_url + "explorer.html")
    assert_matches_reference(page, catalogue, {})
    dimension = next(d for d in catalogue.vocabulary("dimensions").ids if d in catalogue.by_facet["dimensions"])
    box(page, "dimension", dimension).check()
    assert_matches_reference(page, catalogue, {"dimension": {dimension}})
    html = (real_site / "explorer.html").read_text(encoding="utf-8")
    for practice in catalogue.practices:
        assert f'href="practices/{practice.slug}.html"' in html


def test_real_atlas_explorer_on_a_phone_shows_the_first_result_on_the_first_screen(phone, real_site_url: str) -> None:
    phone.goto(real_site_url + "explorer.html")
    seen = first_screen(phone)
    assert seen["count"] < seen["card"] < PHONE["height"], seen
    assert seen["boxes"] == 0


def test_real_atlas_pages_have_no_serious_axe_violations(page, real_site_url: str) -> None:
    catalogue = load_catalogue(ROOT)
    for path in ("explorer.html", f"practices/{catalogue.practices[0].slug}.html"):
        page.goto(real_site_url + path)
        violations = Axe().run(page).response["violations"]
        assert [(v["id"], v["impact"]) for v in violations if v["impact"] in ("serious", "critical")] == [], path
