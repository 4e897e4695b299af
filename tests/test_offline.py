"""The built site works opened from a folder (file://): navigation, the search box (handing over
to the explorer), the explorer."""

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


def test_search_from_a_folder_hands_over_to_the_explorer(file_context, real_site: Path) -> None:
    """From file:// the search box says in one line that search needs a server, links to the
    explorer's text filter, and Enter goes there: no Pagefind request, no endless spinner."""
    context, recorder = file_context
    page = context.new_page()
    page.goto((real_site / "practices" / "ung-kraft.html").as_uri())
    open_search(page, "Hudiksvall")
    status = page.locator("[data-atlas-search-status]")
    expect(status).to_contain_text("Search needs a web server")
    link = status.locator("a")
    expect(link).to_have_attribute("href", re.compile(r"/explorer\.html\?text=Hudiksvall$"))
    page.locator("input.md-search__input").press("Enter")
    expect(page).to_have_url(re.compile(r"/explorer\.html\?text=Hudiksvall$"))
    cards = page.locator("#atlas-results > li")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Ung Kraft")
    assert not any("/pagefind/" in url for url in recorder.requests)
    assert recorder.csp_violations(page) == []
    assert recorder.page_errors == []
    assert recorder.foreign_requests(real_site.as_uri() + "/") == []


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
