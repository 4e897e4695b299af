"""A practice whose every free field carries HTML, Markdown-table and attribute-breaking
characters builds into pages where it shows as text and runs nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from atlas.pipeline import AtlasPaths, load_atlas

from conftest import FIXTURES, ROOT, built, served
from quality_support import SECTION_PAGES, Recorder, open_search

HOSTILE = FIXTURES / "hostile"
PRACTICE_FILE = HOSTILE / "practices" / "hostile.md"


def _front_matter() -> dict:
    text = PRACTICE_FILE.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(tmp_path_factory, HOSTILE / "mkdocs.yml", "hostile")


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path):
    with served(hostile_site) as url:
        yield url


@pytest.fixture
def watched(browser):
    """A page that records every dialog (alert, confirm, prompt) instead of blocking on it."""
    context = browser.new_context()
    recorder = Recorder().attach(context)
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page, dialogs, recorder
    context.close()


def test_fixture_carries_hostile_text_in_every_free_field() -> None:
    """Keeps the fixture honest: each free-text field really holds markup and table syntax."""
    data = _front_matter()
    free = [
        data["title"],
        data["title_original"],
        data["summary"],
        data["evidence"]["note"],
        *data["places"],
        *data["replicated_in"],
        data["sources"][0]["locator"],
        data["benchmarks"][0]["how"],
        data["population"]["source"],
    ]
    for value in free:
        assert "<" in value and ">" in value, value
        assert any(c in value for c in "|]'\"{*`"), value


def _assert_inert(page, dialogs: list[str], recorder: Recorder) -> None:
    page.wait_for_timeout(200)
    assert dialogs == []
    assert page.locator("[id^='pwn']").count() == 0
    assert page.locator("iframe[src^='javascript'], a[href^='javascript'], img[onerror], svg[onload]").count() == 0
    # (structured data holds the text as JSON in a block that runs nothing: tests/test_jsonld.py)
    assert not any(
        "alert(" in text for text in page.locator("script:not([type='application/ld+json'])").all_inner_texts()
    )
    assert recorder.page_errors == []


LISTING_PAGES = [
    "practices/hostile.html",
    "practices/index.html",
    "countries/se.html",
    "dimensions/governance.html",
    "sizes/small-town.html",
    "benchmarks/governance.html",
    "index.html",
]


def test_pages_listing_the_practice_run_nothing(watched, hostile_url: str, hostile_site: Path) -> None:
    """Every page that shows the practice, including those other parts of the atlas add when built."""
    page, dialogs, recorder = watched
    sections = [p for p in SECTION_PAGES if (hostile_site / p).is_file()]
    assert "explorer.html" in sections and "self-assessment/index.html" in sections
    for path in LISTING_PAGES + sections:
        page.goto(hostile_url + path)
        page.wait_for_load_state("load")
        _assert_inert(page, dialogs, recorder)


def test_practice_page_shows_every_field_literally(watched, hostile_url: str) -> None:
    page, dialogs, recorder = watched
    data = _front_matter()
    page.goto(hostile_url + "practices/hostile.html")
    article = page.locator("article")
    expect(article.locator("h1")).to_contain_text(data["title"])
    assert page.title().startswith(data["title"])
    expect(page.locator(".md-header__topic").last).to_contain_text(data["title"])
    expect(article).to_contain_text(data["title_original"])
    expect(article.locator(".atlas-summary")).to_have_text(data["summary"])
    assert page.locator('meta[name="description"]').get_attribute("content") == data["summary"]
    facts = article.locator(".atlas-facts")
    expect(facts).to_contain_text(", ".join(data["places"]))
    expect(facts).to_contain_text(data["evidence"]["note"])
    expect(facts).to_contain_text(data["replicated_in"][0])
    # The facts list keeps its shape: one term per fact, none swallowed by a stray tag.
    # ("File last changed" comes from git, which a shallow or git-less checkout may not have.)
    terms = [t for t in facts.locator("dt").all_inner_texts() if t != "File last changed"]
    assert terms == [
        "Country",
        "Places",
        "Municipality size",
        "Population",
        "Governance level",
        "Dimensions",
        "Actors",
        "Target groups",
        "Migrant participation",
        "Started",
        "Status",
        "Evidence",
        "Replicated in",
        "Last reviewed",
    ]
    expect(facts).to_contain_text(data["population"]["source"])
    # A contributor's locator and 'how' sentence are text; the bibliography gives the title and its link.
    expect(article).to_contain_text(data["sources"][0]["locator"])
    expect(article).to_contain_text(data["benchmarks"][0]["how"])
    expect(article.locator("li a[href='https://whole-comm.eu/']")).to_have_count(1)
    # The body's own table (Markdown is allowed there) is still a 2-column table.
    body_table = article.locator("table").first
    assert body_table.locator("th").all_inner_texts() == ["Column", "Other"]
    assert body_table.locator("tbody td").first.inner_text() == "a | b"
    _assert_inert(page, dialogs, recorder)


def test_practice_list_keeps_its_table_shape(watched, hostile_url: str) -> None:
    page, dialogs, recorder = watched
    data = _front_matter()
    page.goto(hostile_url + "practices/index.html")
    row = page.locator("article table tbody tr").first
    expect(row.locator("td")).to_have_count(5)
    expect(row.locator("td").first.locator("a")).to_have_text(data["title"])
    assert row.locator("td").first.locator("a").get_attribute("href") == "hostile.html"
    expect(row.locator("td").nth(1)).to_have_text(", ".join(data["places"]))
    _assert_inert(page, dialogs, recorder)


def test_benchmark_back_link_shows_the_title_as_text(watched, hostile_url: str) -> None:
    page, dialogs, recorder = watched
    data = _front_matter()
    page.goto(hostile_url + "benchmarks/governance.html")
    expect(page.locator("article a[href$='practices/hostile.html']").first).to_have_text(data["title"])
    _assert_inert(page, dialogs, recorder)


def test_search_results_show_the_title_as_text(watched, hostile_url: str) -> None:
    page, dialogs, recorder = watched
    page.goto(hostile_url + "index.html")
    open_search(page, "Hostile")
    result = page.locator(".md-search-result__item a[href*='hostile.html']").first
    expect(result).to_be_attached(timeout=15000)
    expect(result).to_contain_text("<script>")
    _assert_inert(page, dialogs, recorder)


@pytest.mark.parametrize(
    "line, what",
    [
        ("<script>alert(1)</script>", "a <script> element"),
        ('<img src="x" onerror="alert(1)">', "event attribute"),
        ("[click](javascript:alert(1))", "a javascript: URL"),
        ('<iframe src="https://example.org"></iframe>', "an <iframe> element"),
    ],
)
def test_validator_rejects_active_content_in_the_body(tmp_path: Path, line: str, what: str) -> None:
    """The body is Markdown passed through as is, so the validator stops script before the build."""
    practices = tmp_path / "practices"
    practices.mkdir()
    text = PRACTICE_FILE.read_text(encoding="utf-8").replace("Nobody: this is a test fixture.", "Nobody.\n\n" + line)
    (practices / "hostile.md").write_text(text, encoding="utf-8")
    result = load_atlas(AtlasPaths.under(tmp_path, data=str(ROOT / "data")))
    assert result.catalogue is None
    expected_line = text.splitlines().index(line) + 1
    body_problems = [p for p in result.problems if p.field == "body"]
    assert len(body_problems) == 1, result.problems
    assert what in body_problems[0].message
    assert body_problems[0].line == expected_line


def test_the_fixture_itself_is_valid(tmp_path: Path) -> None:
    shutil.copytree(HOSTILE / "practices", tmp_path / "practices")
    result = load_atlas(AtlasPaths.under(tmp_path, data=str(ROOT / "data")))
    assert result.problems == []
    assert [p.slug for p in result.catalogue.practices] == ["hostile"]
