"""Self-assessment pages, in a real Chromium: answers kept, export/import, results, no-JS checklist.

Most tests use the small fixture atlas in tests/fixtures/selfassess (its own
benchmark groups and practices, so the expected practices are stable); the
no-JavaScript checklist is also checked on the real atlas, for whatever
benchmark groups exist.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import expect

from atlas.assessment import (
    ANSWERS,
    DATA_GLOBAL,
    DATA_URI,
    FORMAT,
    FORMAT_VERSION,
    STORAGE_KEY,
    assessment_data,
    data_script,
)
from atlas.catalogue import Catalogue
from atlas.pipeline import AtlasPaths, load_atlas
from atlas.urls import page_url

from conftest import ROOT, built, served

FIXTURE = ROOT / "tests" / "fixtures" / "selfassess"
SCRIPT = ROOT / "docs" / "assets" / "atlas" / "self-assessment.js"
# The pure part (format, validation, counts): unit-tested by `node --test tests/js/`.
CORE_SCRIPT = ROOT / "docs" / "assets" / "atlas" / "self-assessment-core.js"
MARKUP_TITLE = 'Title with <b>markup</b> & "quotes" | [brackets]'
HOSTILE_PRACTICE = "Dormouse <img src=x onerror=alert(1)> & co"
TOWN = "Ørsta <b>kommune</b> & co"


def fixture_catalogue() -> Catalogue:
    result = load_atlas(AtlasPaths.under(FIXTURE, practices="practices", data="../../../data", benchmarks="benchmarks"))
    assert not result.problems, result.problems
    assert result.catalogue is not None
    return result.catalogue


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return fixture_catalogue()


@pytest.fixture(scope="module")
def sa_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(tmp_path_factory, FIXTURE / "mkdocs.yml", "selfassess")


@pytest.fixture(scope="module")
def sa_url(sa_site: Path) -> Iterator[str]:
    with served(sa_site) as url:
        yield url


# ---- helpers ---------------------------------------------------------------


def radio(page, benchmark_id: str, answer: str):
    return page.locator(f'input[type=radio][name="{benchmark_id}"][value="{answer}"]')


def notes(page, benchmark_id: str):
    return page.locator(f'textarea[name="notes.{benchmark_id}"]')


def answer_all(page, base: str, answers: dict[str, str], texts: dict[str, str] | None = None) -> None:
    """Answer on each group's checklist page, by clicking the labels as a user would."""
    by_group: dict[str, list[str]] = {}
    for benchmark_id in answers:
        by_group.setdefault(benchmark_id.split(".")[0], []).append(benchmark_id)
    for group_id, ids in by_group.items():
        page.goto(f"{base}self-assessment/{group_id}.html")
        for benchmark_id in ids:
            page.locator(f'label[for="sa-{benchmark_id}--{answers[benchmark_id]}"]').click()
            if texts and benchmark_id in texts:
                notes(page, benchmark_id).fill(texts[benchmark_id])


def gap_practices(page) -> dict[str, list[str]]:
    """The results view as {benchmark id: [practice slugs in the order shown]}."""
    return page.evaluate("""() => {
        const out = {};
        for (const gap of document.querySelectorAll('#atlas-sa-results [data-sa-gap]')) {
            out[gap.dataset.saGap] = [...gap.querySelectorAll('[data-sa-practice]')].map(li => li.dataset.saPractice);
        }
        return out;
    }""")


def expected_order(catalogue: Catalogue, benchmark_id: str, size: str | None) -> list[str]:
    """The catalogue's cross-links, the user's size first, catalogue order kept within each part."""
    linked = catalogue.by_benchmark.get(benchmark_id, [])
    return [p.slug for p in linked if p.municipality_size == size] + [
        p.slug for p in linked if p.municipality_size != size
    ]


ANSWERS_GIVEN = {
    "alpha.planning.plan": "partly",
    "alpha.planning.owner": "not-yet",
    "alpha.planning.markup": "not-yet",
    "alpha.data.figures": "in-place",
    "alpha.data.orphan": "not-yet",
    "beta.ways.together": "partly",
    "beta.ways.ground-up": "not-applicable",
}
NOTES_GIVEN = {
    "alpha.planning.plan": '=SUM(1)\nDraft ready, "not adopted", council in May',
    "beta.ways.ground-up": "We run no such scheme.",
}


# ---- the data the pages are generated from ----------------------------------


def test_data_script_carries_the_catalogue_cross_links(catalogue: Catalogue) -> None:
    script = data_script(catalogue)
    prefix = f"window.{DATA_GLOBAL} = "
    body = script.split(prefix, 1)[1].rstrip().rstrip(";")
    assert "<" not in script  # no `</script>` can end it early, even inside a practice title
    data = json.loads(body)
    assert data == assessment_data(catalogue)
    assert (data["format"], data["version"], data["storageKey"]) == (FORMAT, FORMAT_VERSION, STORAGE_KEY)
    shown = {b["id"]: b["practices"] for g in data["groups"] for t in g["themes"] for b in t["benchmarks"]}
    assert list(shown) == [b.id for g in catalogue.groups for b in g.benchmarks]
    for benchmark_id, slugs in shown.items():
        assert slugs == [p.slug for p in catalogue.by_benchmark.get(benchmark_id, [])]
    # Each practice's own sentence on how it helps, aligned with the slugs (the report shows it).
    hows = {b["id"]: b["how"] for g in data["groups"] for t in g["themes"] for b in t["benchmarks"]}
    for benchmark_id, slugs in shown.items():
        assert hows[benchmark_id] == [catalogue.by_slug[s].benchmark_how[benchmark_id] for s in slugs]
        assert all(hows[benchmark_id])
    assert data["practices"]["ddd-small-owner"] == {
        "title": HOSTILE_PRACTICE,
        "url": "practices/ddd-small-owner.html",
        "size": "small-town",
        "country": "Italy",
        "places": ["Riace"],
    }
    assert [a["id"] for a in data["answers"]] == [a for a, _ in ANSWERS]


@pytest.mark.parametrize(
    ("uri", "directory_urls", "expected"),
    [
        ("self-assessment/alpha.md", False, "self-assessment/alpha.html"),
        ("benchmarks/alpha.md#alpha.data.figures", False, "benchmarks/alpha.html#alpha.data.figures"),
        ("self-assessment/index.md", True, "self-assessment/"),
        ("practices/x.md", True, "practices/x/"),
        ("assets/atlas/assessment-data.js", False, "assets/atlas/assessment-data.js"),
    ],
)
def test_page_url_follows_mkdocs(uri: str, directory_urls: bool, expected: str) -> None:
    assert page_url(uri, directory_urls) == expected


def test_script_and_data_agree_on_format() -> None:
    """The checklist pages load the scripts without the data, so they repeat these constants."""
    js = SCRIPT.read_text(encoding="utf-8") + CORE_SCRIPT.read_text(encoding="utf-8")
    assert f'var KEY = "{STORAGE_KEY}";' in js
    assert f'var FORMAT = "{FORMAT}";' in js
    assert f"var VERSION = {FORMAT_VERSION};" in js
    assert re.findall(r'\{ id: "([a-z-]+)", label: "([^"]+)" \}', js) == list(ANSWERS)


class _ContentScan(HTMLParser):
    """Collects what a `script-src 'self'` policy would block in the page content."""

    def __init__(self) -> None:
        super().__init__()
        self.in_article = 0
        self.offences: list[str] = []
        self.script_srcs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "article":
            self.in_article += 1
        if not self.in_article:
            return
        if tag == "script":
            if not names.get("src"):
                self.offences.append("inline script")
            else:
                self.script_srcs.append(names["src"] or "")
        self.offences += [f"{tag} {n}=" for n in names if n.startswith("on") or n == "style"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.in_article -= 1


@pytest.mark.parametrize("name", ["index", "alpha", "beta", "report"])
def test_pages_have_no_inline_script_or_style(sa_site: Path, name: str) -> None:
    scan = _ContentScan()
    scan.feed((sa_site / "self-assessment" / f"{name}.html").read_text(encoding="utf-8"))
    assert scan.offences == []
    assert "../assets/atlas/self-assessment.js" in scan.script_srcs
    # The core goes first: deferred scripts run in document order.
    assert scan.script_srcs.index("../assets/atlas/self-assessment-core.js") < scan.script_srcs.index(
        "../assets/atlas/self-assessment.js"
    )
    assert (name in ("index", "report")) == (f"../{DATA_URI}" in scan.script_srcs)
    assert (sa_site / DATA_URI).is_file()


# ---- in the browser ----------------------------------------------------------


def test_answers_are_kept_after_reload(page, sa_url: str) -> None:
    page.goto(sa_url + "self-assessment/alpha.html")
    # Keyboard alone: focus the first answer, Space ticks it, an arrow moves the tick.
    radio(page, "alpha.planning.plan", "in-place").focus()
    page.keyboard.press("Space")
    assert radio(page, "alpha.planning.plan", "in-place").is_checked()
    page.keyboard.press("ArrowRight")
    assert radio(page, "alpha.planning.plan", "partly").is_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("Draft exists.\nCouncil votes in May.")
    assert notes(page, "alpha.planning.plan").input_value() == "Draft exists.\nCouncil votes in May."
    page.locator('label[for="sa-alpha.data.figures--not-yet"]').click()

    status = page.locator("#atlas-sa-status")
    expect(page.locator("#atlas-sa-status")).to_contain_text("Not yet")
    assert "Local figures: Not yet. Data: Answered 1 of 2" in status.text_content()
    planning = page.locator('[data-sa-progress="alpha.planning"]')
    assert planning.is_visible()
    assert planning.text_content() == "Answered 1 of 3: 0 in place, 1 partly, 0 not yet, 0 not applicable."
    assert page.locator('[data-sa-progress="alpha"]').text_content() == (
        "Whole checklist: Answered 2 of 5: 0 in place, 1 partly, 1 not yet, 0 not applicable."
    )

    page.reload()
    assert radio(page, "alpha.planning.plan", "partly").is_checked()
    assert not radio(page, "alpha.planning.plan", "in-place").is_checked()
    assert radio(page, "alpha.data.figures", "not-yet").is_checked()
    assert not radio(page, "alpha.planning.owner", "in-place").is_checked()
    assert notes(page, "alpha.planning.plan").input_value() == "Draft exists.\nCouncil votes in May."
    stored = json.loads(page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')"))
    assert stored["answers"] == {
        "alpha.planning.plan": {"answer": "partly", "notes": "Draft exists.\nCouncil votes in May."},
        "alpha.data.figures": {"answer": "not-yet", "notes": ""},
    }

    # Clearing an answer keeps the notes; the count goes down.
    page.locator('[data-sa-clear="alpha.planning.plan"]').click()
    page.reload()
    assert not any(radio(page, "alpha.planning.plan", a).is_checked() for a, _ in ANSWERS)
    assert notes(page, "alpha.planning.plan").input_value() == "Draft exists.\nCouncil votes in May."
    assert page.locator('[data-sa-progress="alpha.planning"]').text_content().startswith("Answered 0 of 3")


def test_size_is_kept_and_results_follow_the_catalogue(page, sa_url: str, catalogue: Catalogue) -> None:
    answer_all(page, sa_url, ANSWERS_GIVEN)
    page.goto(sa_url + "self-assessment/index.html")
    page.locator('label[for="atlas-sa-size--small-town"]').click()
    page.reload()
    assert page.locator("#atlas-sa-size--small-town").is_checked()

    gaps = [b for b, a in ANSWERS_GIVEN.items() if a in ("partly", "not-yet")]
    shown = gap_practices(page)
    assert list(shown) == gaps  # in catalogue order; in-place and not-applicable left out
    for benchmark_id in gaps:
        assert shown[benchmark_id] == expected_order(catalogue, benchmark_id, "small-town")
        assert set(shown[benchmark_id]) == {p.slug for p in catalogue.by_benchmark.get(benchmark_id, [])}
    # The size really reorders: two small towns before the large city and the village.
    assert shown["alpha.planning.plan"] == ["bbb-small-plan", "ddd-small-owner", "aaa-large-plan", "ccc-village"]
    assert page.locator('[data-sa-gap="alpha.planning.plan"] .atlas-sa-your-size').count() == 2
    assert (
        page.locator('[data-sa-gap="alpha.data.orphan"]')
        .text_content()
        .endswith("No practice in the atlas addresses it yet.")
    )

    # Contributors' text stays text.
    hostile = page.locator('[data-sa-gap="alpha.planning.owner"] [data-sa-practice="ddd-small-owner"] a')
    assert hostile.text_content() == HOSTILE_PRACTICE
    assert page.locator("#atlas-sa-results img").count() == 0
    assert page.locator('[data-sa-gap="alpha.planning.markup"] .atlas-sa-gap-title a').text_content() == MARKUP_TITLE

    # Overview counts per checklist.
    assert page.locator('[data-sa-count="alpha:not-yet"]').text_content() == "3"
    assert page.locator('[data-sa-count="alpha:answered"]').text_content() == "5 of 5"
    assert page.locator('[data-sa-count="beta:answered"]').text_content() == "2 of 2"

    # Another size, another order.
    page.locator('label[for="atlas-sa-size--village"]').click()
    assert gap_practices(page)["alpha.planning.plan"] == expected_order(catalogue, "alpha.planning.plan", "village")
    assert gap_practices(page)["alpha.planning.plan"][0] == "ccc-village"
    expect(page.locator("#atlas-sa-status")).to_contain_text("Village")

    # The links lead to the practice and back to the item.
    page.locator('[data-sa-gap="alpha.planning.plan"] [data-sa-practice="aaa-large-plan"] a').click()
    page.wait_for_load_state()
    assert page.locator("h1").first.text_content().startswith("Aardvark plan of a large city")
    page.go_back()
    expect(page.locator('[data-sa-gap="beta.ways.together"]')).to_be_visible()
    page.locator('[data-sa-gap="beta.ways.together"] .atlas-sa-gap-title a').click()
    page.wait_for_load_state()
    assert page.url.endswith("self-assessment/beta.html#sa-beta.ways.together")
    expect(radio(page, "beta.ways.together", "partly")).to_be_checked()


def test_export_then_import_into_a_fresh_profile(browser, sa_url: str, catalogue: Catalogue, tmp_path: Path) -> None:
    first = browser.new_context(accept_downloads=True)
    page = first.new_page()
    answer_all(page, sa_url, ANSWERS_GIVEN, NOTES_GIVEN)
    page.goto(sa_url + "self-assessment/index.html")
    page.locator('label[for="atlas-sa-size--medium-town"]').click()
    page.get_by_label("Name of your municipality").fill(TOWN)

    with page.expect_download() as info:
        page.get_by_role("button", name="Export answers (JSON)").click()
    download = info.value
    assert re.fullmatch(r"self-assessment-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    exported = tmp_path / "answers.json"
    download.save_as(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert (data["format"], data["version"], data["municipality_size"]) == (FORMAT, FORMAT_VERSION, "medium-town")
    assert data["municipality_name"] == TOWN
    assert abs(datetime.fromisoformat(data["exported"].replace("Z", "+00:00")) - datetime.now(UTC)) < timedelta(hours=1)
    assert data["answers"] == {b: {"answer": a, "notes": NOTES_GIVEN.get(b, "")} for b, a in ANSWERS_GIVEN.items()}

    with page.expect_download() as info:
        page.get_by_role("button", name="Export as a spreadsheet (CSV)").click()
    csv_file = tmp_path / "answers.csv"
    info.value.save_as(csv_file)
    assert info.value.suggested_filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0] == ["Checklist", "Theme", "Benchmark id", "Benchmark", "Answer", "Notes", "Municipality size"]
    assert [r[2] for r in rows[1:]] == [b.id for g in catalogue.groups for b in g.benchmarks]
    by_id = {r[2]: r for r in rows[1:]}
    labels = dict(ANSWERS)
    for benchmark_id, answer in ANSWERS_GIVEN.items():
        assert by_id[benchmark_id][4] == labels[answer]
        assert by_id[benchmark_id][6] == "Medium-sized town"
    # Commas, quotes and line breaks survive; a leading "=" cannot become a formula.
    assert by_id["alpha.planning.plan"][5] == "'" + NOTES_GIVEN["alpha.planning.plan"]
    assert by_id["alpha.planning.plan"][:4] == [
        "Alpha dimension",
        "Planning & <checks>",
        "alpha.planning.plan",
        "A written plan",
    ]
    assert by_id["alpha.planning.markup"][3] == MARKUP_TITLE
    first.close()

    fresh = browser.new_context()
    page = fresh.new_page()
    page.goto(sa_url + "self-assessment/index.html")
    assert page.locator("[data-sa-empty]").is_visible()
    assert not page.locator("#atlas-sa-size--medium-town").is_checked()

    # A file that is not an export changes nothing, and says why.
    bad_files = {
        "not JSON {": "is not valid JSON",
        json.dumps({"format": "other"}): "not a self-assessment exported from this atlas",
        json.dumps({"format": FORMAT, "version": 2, "answers": {}}): "version 2",
        json.dumps(
            {"format": FORMAT, "version": 1, "answers": {"alpha.planning.plan": {"answer": "maybe"}}}
        ): "expected one of in-place, partly, not-yet, not-applicable",
        '{"format": "' + FORMAT + '", "version": 1, "answers": {"__proto__": {"answer": "partly"}}}': (
            "'__proto__' is not a benchmark id"
        ),
    }
    for number, (text, reason) in enumerate(bad_files.items()):
        bad = tmp_path / f"bad{number}.json"
        bad.write_text(text)
        page.locator("#atlas-sa-import").set_input_files(bad)
        expect(page.locator("#atlas-sa-message")).to_contain_text(reason)
        assert page.locator("#atlas-sa-message").text_content().startswith("Nothing imported")
        assert page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") is None

    page.locator("#atlas-sa-import").set_input_files(exported)
    expect(page.locator("#atlas-sa-message")).to_have_text(re.compile(r"^Imported"))
    assert page.locator("#atlas-sa-message").text_content() == (
        "Imported 7 answers from answers.json; municipality size: Medium-sized town."
    )
    assert page.locator("#atlas-sa-size--medium-town").is_checked()
    assert page.get_by_label("Name of your municipality").input_value() == TOWN
    shown = gap_practices(page)
    assert list(shown) == [b for b, a in ANSWERS_GIVEN.items() if a in ("partly", "not-yet")]
    for benchmark_id, slugs in shown.items():
        assert slugs == expected_order(catalogue, benchmark_id, "medium-town")

    page.reload()  # kept in the new profile too
    page.goto(sa_url + "self-assessment/alpha.html")
    for benchmark_id, answer in ANSWERS_GIVEN.items():
        if benchmark_id.startswith("alpha."):
            assert radio(page, benchmark_id, answer).is_checked(), benchmark_id
    assert notes(page, "alpha.planning.plan").input_value() == NOTES_GIVEN["alpha.planning.plan"]
    fresh.close()


def test_print_view_hides_the_chrome_and_shows_answers(page, sa_url: str) -> None:
    answer_all(page, sa_url, {"alpha.planning.plan": "partly"}, {"alpha.planning.plan": "One\nTwo\nThree\nFour"})
    page.reload()
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.get_by_role("button", name="Print this checklist").is_visible()
    assert not page.locator('[data-sa-clear="alpha.planning.plan"]').is_visible()
    assert radio(page, "alpha.planning.plan", "partly").is_checked()
    assert page.locator("legend", has_text="A written plan").is_visible()
    # The notes box grows with the text, so the whole note is printed.
    assert int(notes(page, "alpha.planning.plan").get_attribute("rows")) >= 4


def test_works_from_a_folder(page, sa_site: Path, catalogue: Catalogue) -> None:
    """Opened from disk (file://), as from a USB stick: scripts load, links resolve to files."""
    base = sa_site.as_uri() + "/"
    answer_all(page, base, {"alpha.planning.owner": "not-yet"})
    page.goto(base + "self-assessment/index.html")
    page.locator('label[for="atlas-sa-size--village"]').click()
    shown = gap_practices(page)
    assert shown == {"alpha.planning.owner": expected_order(catalogue, "alpha.planning.owner", "village")}
    hrefs = page.eval_on_selector_all("#atlas-sa-results a", "links => links.map(a => a.href)")
    assert hrefs
    for href in hrefs:
        assert href.startswith("file://")
        target = Path(href[len("file://") :].split("#")[0])
        assert target.is_file(), href


@pytest.mark.parametrize("name", ["index", "alpha", "report"])
def test_no_serious_accessibility_violations(page, sa_url: str, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    answer_all(page, sa_url, ANSWERS_GIVEN, NOTES_GIVEN)
    page.goto(f"{sa_url}self-assessment/{name}.html")
    if name == "index":
        page.locator('label[for="atlas-sa-size--small-town"]').click()  # results rendered
        expect(page.locator("[data-sa-gap]").first).to_be_visible()
    if name == "report":
        expect(page.locator("[data-sa-report-gap]").first).to_be_visible()
    # The page content: Material's own search dialog and footer are checked with the rest of the site.
    results = Axe().run(page, context={"include": [[".md-content"]]})
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], json.dumps(serious, indent=1)


# ---- the report page -----------------------------------------------------------

SEGMENT_IDS = [a for a, _ in ANSWERS] + ["unanswered"]
SEGMENT_LABELS = [label for _, label in ANSWERS] + ["Unanswered"]


def expected_counts(catalogue: Catalogue, answers: dict[str, str]) -> dict[str, dict[str, int]]:
    """Per benchmark group: how many benchmarks carry each answer, and how many none."""
    out = {}
    for group in catalogue.groups:
        counts = dict.fromkeys(SEGMENT_IDS, 0)
        for b in group.benchmarks:
            counts[answers.get(b.id, "unanswered")] += 1
        out[group.id] = counts
    return out


def report_bars(page) -> dict[str, dict]:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-sa-dim]')].map(d => [
        d.dataset.saDim, {
          legend: [...d.querySelectorAll('.atlas-sa-legend li')].map(li => li.textContent),
          segments: [...d.querySelectorAll('[data-sa-seg]')].map(s => ({
            id: s.dataset.saSeg, count: Number(s.dataset.saCount), width: s.getBoundingClientRect().width})),
          bar: d.querySelector('.atlas-sa-bar').getBoundingClientRect().width,
          hidden: d.querySelector('.atlas-sa-bar').getAttribute('aria-hidden'),
        }]))""")


@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}], ids=["390", "1280"]
)
def test_report_bars_match_the_answers(browser, sa_url: str, catalogue: Catalogue, viewport: dict) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    answer_all(page, sa_url, ANSWERS_GIVEN, NOTES_GIVEN)
    page.goto(sa_url + "self-assessment/report.html")
    page.get_by_label("Name of your municipality").fill(TOWN)
    page.reload()  # the name is kept with the answers
    assert page.get_by_label("Name of your municipality").input_value() == TOWN
    assert page.locator("#atlas-sa-report-name").text_content() == TOWN  # text, not markup
    assert page.locator("#atlas-sa-report b").count() == 0

    expected = expected_counts(catalogue, ANSWERS_GIVEN)
    bars = report_bars(page)
    assert list(bars) == [g.id for g in catalogue.groups]
    for group_id, bar in bars.items():
        counts = expected[group_id]
        # The figures in words, every answer named (not colour alone)...
        assert bar["legend"] == [f"{label}: {counts[i]}" for i, label in zip(SEGMENT_IDS, SEGMENT_LABELS, strict=True)]
        # ...and the bar, hidden from screen readers, drawn to the same figures.
        assert bar["hidden"] == "true"
        assert [(s["id"], s["count"]) for s in bar["segments"]] == [(i, counts[i]) for i in SEGMENT_IDS if counts[i]]
        drawn = sum(s["width"] for s in bar["segments"])
        total = sum(counts.values())
        for segment in bar["segments"]:
            assert abs(segment["width"] - drawn * segment["count"] / total) < 4, (group_id, segment, drawn)
    total = sum(len(g.benchmarks) for g in catalogue.groups)
    overall = {i: sum(c[i] for c in expected.values()) for i in SEGMENT_IDS}
    assert page.locator("#atlas-sa-report-total").text_content() == (
        f"All {total} benchmarks: "
        + ", ".join(f"{label}: {overall[i]}" for i, label in zip(SEGMENT_IDS, SEGMENT_LABELS, strict=True))
        + "."
    )

    # The gaps, each with up to three practices (none chosen size: catalogue order) and how each helps.
    gaps = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-sa-report-gap]')].map(g => [
        g.dataset.saReportGap, [...g.querySelectorAll('[data-sa-practice]')].map(li => [
          li.dataset.saPractice, li.querySelector('[data-sa-how]').textContent])]))""")
    assert list(gaps) == [b for b, a in ANSWERS_GIVEN.items() if a in ("partly", "not-yet")]
    for benchmark_id, shown in gaps.items():
        slugs = expected_order(catalogue, benchmark_id, None)[:3]
        assert shown == [[s, catalogue.by_slug[s].benchmark_how[benchmark_id]] for s in slugs]
    assert page.locator('[data-sa-report-gap="alpha.planning.plan"] .atlas-sa-more').text_content() == (
        "1 more practice on the benchmark page"
    )
    assert (
        page.locator('[data-sa-report-gap="alpha.data.orphan"]')
        .text_content()
        .endswith("Not yet; no practice in the atlas addresses it yet.")
    )
    context.close()


def test_report_prints_the_name_and_date_without_the_chrome(page, sa_url: str, tmp_path: Path) -> None:
    import pypdf

    page.clock.set_fixed_time(datetime(2026, 3, 15, 10, 0))
    answer_all(page, sa_url, ANSWERS_GIVEN)
    page.goto(sa_url + "self-assessment/report.html")
    page.get_by_label("Name of your municipality").fill("Hudiksvall")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".atlas-sa-report-setup", "#atlas-sa-compare"):
        assert not page.locator(chrome).first.is_visible(), chrome
    assert not page.get_by_role("button", name="Print / save as PDF").is_visible()
    assert page.locator("#atlas-sa-report-name").is_visible()
    assert page.locator("#atlas-sa-report-name").text_content() == "Hudiksvall"
    assert page.locator("#atlas-sa-report-meta").text_content().startswith("Report of 15 March 2026")
    assert page.locator("[data-sa-dim]").first.is_visible()
    assert not page.locator(".atlas-sa-compare").is_visible()  # no comparison made: nothing to print there
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), format="A4")
    reader = pypdf.PdfReader(pdf)
    assert 1 <= len(reader.pages) <= 4
    first = reader.pages[0].extract_text()
    assert "Hudiksvall" in first and "Report of 15 March 2026" in first
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Print / save as PDF" not in text and "Name of your municipality" not in text


OLDER = {
    "alpha.planning.plan": "not-yet",  # -> partly: improved
    "alpha.planning.owner": "in-place",  # -> not-yet: regressed
    "alpha.planning.markup": "not-yet",  # unchanged
    "alpha.data.figures": "not-applicable",  # -> in-place: otherwise changed
    "beta.ways.together": "partly",  # unchanged
    # alpha.data.orphan unanswered -> not-yet, beta.ways.ground-up unanswered -> not-applicable: changed
}


def test_compare_with_an_earlier_file_shows_what_changed(
    browser, sa_url: str, catalogue: Catalogue, tmp_path: Path
) -> None:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    answer_all(page, sa_url, OLDER)
    page.goto(sa_url + "self-assessment/report.html")
    page.get_by_label("Name of your municipality").fill("Old town")
    page.goto(sa_url + "self-assessment/index.html")
    with page.expect_download() as info:
        page.get_by_role("button", name="Export answers (JSON)").click()
    older = tmp_path / "last-year.json"
    info.value.save_as(older)
    exported = json.loads(older.read_text(encoding="utf-8"))
    assert exported["municipality_name"] == "Old town"

    # This year's answers replace last year's in the browser.
    for benchmark_id, answer in ANSWERS_GIVEN.items():
        page.goto(f"{sa_url}self-assessment/{benchmark_id.split('.')[0]}.html")
        page.locator(f'label[for="sa-{benchmark_id}--{answer}"]').click()
    stored_before = json.loads(page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')"))["answers"]

    page.goto(sa_url + "self-assessment/report.html")
    page.locator("#atlas-sa-compare").set_input_files(older)
    summary = page.locator("[data-sa-compare-summary]")
    expect(summary).to_be_visible()
    exported_on = datetime.fromisoformat(exported["exported"].replace("Z", "+00:00"))
    date_words = page.evaluate(
        "iso => new Date(iso).toLocaleDateString('en-GB', {day: 'numeric', month: 'long', year: 'numeric'})",
        exported["exported"],
    )
    assert str(exported_on.year) in date_words
    assert summary.text_content() == (
        f"Compared with last-year.json (Old town, exported {date_words}): "
        "1 improved, 1 regressed, 3 otherwise changed, 2 unchanged."
    )
    changes = page.evaluate("""() => [...document.querySelectorAll('[data-sa-change]')].map(li => [
        li.dataset.saChange, li.dataset.saKind, li.textContent])""")
    titles = {b.id: b.title for b in catalogue.benchmarks.values()}
    groups = {b.id: g.title for g in catalogue.groups for b in g.benchmarks}
    assert [(c[0], c[1]) for c in changes] == [
        ("alpha.planning.plan", "improved"),
        ("alpha.planning.owner", "regressed"),
        ("alpha.data.figures", "other"),
        ("alpha.data.orphan", "other"),
        ("beta.ways.ground-up", "other"),
    ]
    assert (
        changes[0][2]
        == f"{titles['alpha.planning.plan']} ({groups['alpha.planning.plan']}): Not yet \u2192 Partly improved"
    )
    assert changes[3][2].endswith(": unanswered \u2192 Not yet changed")
    # Comparing changed nothing in the browser.
    assert json.loads(page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')"))["answers"] == stored_before
    # The comparison prints with the report.
    page.emulate_media(media="print")
    assert summary.is_visible() and not page.locator("#atlas-sa-compare").is_visible()
    page.emulate_media(media="screen")

    # A file that is not an export is refused, and says why.
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": FORMAT, "version": 1, "answers": {"x.y": {"answer": "maybe"}}}))
    page.locator("#atlas-sa-compare").set_input_files(bad)
    expect(page.locator("#atlas-sa-compare-message")).to_contain_text("Nothing compared:")

    # Importing is a choice of its own.
    page.locator("#atlas-sa-compare").set_input_files(older)
    page.get_by_role("button", name="Replace the answers in this browser with last-year.json").click()
    stored = json.loads(page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')"))
    assert {b: e["answer"] for b, e in stored["answers"].items()} == OLDER
    assert stored["municipality_name"] == "Old town"
    bars = report_bars(page)
    for group_id, counts in expected_counts(catalogue, OLDER).items():
        assert [(s["id"], s["count"]) for s in bars[group_id]["segments"]] == [
            (i, counts[i]) for i in SEGMENT_IDS if counts[i]
        ]
    context.close()


# ---- without JavaScript ------------------------------------------------------


def checklist_items(page) -> list[dict[str, object]]:
    return page.evaluate("""() => [...document.querySelectorAll('fieldset[data-sa-benchmark]')].map(f => ({
        id: f.dataset.saBenchmark,
        legend: f.querySelector('legend').textContent,
        answers: [...f.querySelectorAll('input[type=radio]')].map(r => [r.value, r.labels[0].textContent]),
        notes: f.querySelector('textarea').labels[0].textContent,
    }))""")


def test_without_javascript_every_real_benchmark_is_a_checklist_item(browser, real_site_url: str) -> None:
    result = load_atlas(AtlasPaths.under(ROOT))
    assert result.catalogue is not None, result.problems
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(real_site_url + "self-assessment/index.html")
    assert page.locator(".atlas-sa-nojs").first.is_visible()
    assert not page.get_by_role("button", name="Export answers (JSON)").is_visible()
    listed = page.eval_on_selector_all(
        ".atlas-sa-overview table tbody th a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert listed == [f"{g.id}.html" for g in result.catalogue.groups]
    for group in result.catalogue.groups:
        page.goto(f"{real_site_url}self-assessment/{group.id}.html")
        items = checklist_items(page)
        assert [(i["id"], i["legend"]) for i in items] == [(b.id, b.title) for b in group.benchmarks]
        for item in items:
            assert item["answers"] == [list(a) for a in ANSWERS]
            assert item["notes"] == "Notes"
        assert not page.locator("[data-sa-clear]").first.is_visible()
        assert not page.get_by_role("button", name="Print this checklist").is_visible()
        # Still a form one can tick before printing.
        first = group.benchmarks[0].id
        page.locator(f'label[for="sa-{first}--partly"]').click()
        assert radio(page, first, "partly").is_checked()
    context.close()


def test_without_javascript_titles_show_as_written(browser, sa_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sa_url + "self-assessment/alpha.html")
    items = {i["id"]: i["legend"] for i in checklist_items(page)}
    assert items["alpha.planning.markup"] == MARKUP_TITLE
    assert page.locator("fieldset b, fieldset script").count() == 0
    assert page.locator('[id="sa-alpha.planning.markup--statement"]').text_content() == (
        "A statement with <script>alert(1)</script> in it."
    )
    context.close()
