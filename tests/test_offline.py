"""The built site works opened from a folder (file://): navigation, search, the explorer."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from quality_support import Recorder, block_network, open_search


@pytest.fixture
def file_context(browser, real_site: Path):
    """A browser context with the network cut off, recording what pages do."""
    context = browser.new_context()
    recorder = Recorder().attach(context)
    block_network(context, real_site.as_uri() + "/")
    yield context, recorder
    context.close()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def test_internal_links_name_files_not_folders(real_site: Path) -> None:
    """From file:// a link to `folder/` opens a directory listing, not the page."""
    folder_links = []
    for html_file in sorted(real_site.rglob("*.html")):
        parser = _Links()
        parser.feed(html_file.read_text(encoding="utf-8"))
        for href in parser.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            if parts.path.endswith("/") or parts.path in (".", ".."):
                folder_links.append(f"{html_file.relative_to(real_site)}: {href}")
    assert folder_links == []


def test_navigation_from_a_folder(file_context, real_site: Path) -> None:
    context, recorder = file_context
    page = context.new_page()
    page.goto((real_site / "index.html").as_uri())
    page.locator(".md-nav--primary a.md-nav__link[href$='practices/index.html']").first.click()
    expect(page).to_have_url(re.compile(r"/practices/index\.html$"))
    first_practice = page.locator("article table a").first
    title = first_practice.inner_text()
    first_practice.click()
    expect(page).to_have_url(re.compile(r"/practices/[a-z0-9-]+\.html$"))
    expect(page.locator("article h1")).to_contain_text(title)
    page.locator("article a[href*='benchmarks/']").first.click()
    expect(page).to_have_url(re.compile(r"/benchmarks/[a-z0-9-]+\.html#[\w.-]+$"))
    assert recorder.page_errors == []
    assert recorder.csp_violations(page) == []
    assert recorder.foreign_requests(real_site.as_uri() + "/") == []


def test_search_from_a_folder(file_context, real_site: Path) -> None:
    """Material's search runs its worker through the local iframe-worker shim and the inlined index."""
    context, recorder = file_context
    page = context.new_page()
    practices = sorted(p for p in (real_site / "practices").glob("*.html") if p.name != "index.html")
    page.goto(practices[0].as_uri())
    title = page.locator("article h1").inner_text()
    word = max(re.findall(r"[A-Za-z]{4,}", title), key=len)
    open_search(page, word)
    result = page.locator(f".md-search-result__item a[href*='{practices[0].name}']").first
    expect(result).to_be_attached(timeout=15000)
    assert recorder.csp_violations(page) == []
    assert recorder.page_errors == []
    assert recorder.foreign_requests(real_site.as_uri() + "/") == []
    assert any(url.endswith("search/search_index.js") for url in recorder.requests)
    assert any("iframe-worker/shim.js" in url for url in recorder.requests)


def test_explorer_filters_from_a_folder(file_context, real_site: Path) -> None:
    """The explorer filters from file:// under the site's CSP."""
    explorer = real_site / "explorer.html"
    context, recorder = file_context
    page = context.new_page()
    page.goto(explorer.as_uri())
    expect(page.locator("#atlas-explorer")).to_be_visible()
    cards = page.locator("#atlas-results > li")
    expect(cards.first).to_be_visible()
    total = cards.count()
    first_title = cards.first.locator("a").first.inner_text()
    word = max(re.findall(r"[A-Za-z]{4,}", first_title), key=len)
    page.locator("#atlas-q").fill(word)
    expect(cards.filter(has_text=first_title).first).to_be_visible()
    assert cards.count() <= total
    page.locator("#atlas-q").fill("zzqxj no practice has this")
    expect(cards).to_have_count(0)
    assert recorder.page_errors == []
    assert recorder.csp_violations(page) == []
    assert recorder.foreign_requests(real_site.as_uri() + "/") == []
