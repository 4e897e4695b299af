"""No page of the built site asks any host but the site's own for anything."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from quality_support import Recorder, block_network, open_search, sample_pages

# Attributes that make the browser fetch something by themselves (links a
# person clicks, <a href>, are external links, listed by the link check).
_FETCHING = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("iframe", "src"),
    ("source", "src"),
    ("source", "srcset"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
    ("track", "src"),
}


class _FetchedUrls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if (tag, name) in _FETCHING and value:
                self.urls += [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]


def _remote(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme in ("http", "https")


def test_sample_pages_request_only_the_site_itself(browser, real_site: Path, real_site_url: str) -> None:
    """Every request of each sampled page (and of its search, which loads Pagefind, its WebAssembly,
    a worker and index chunks) stays local."""
    context = browser.new_context()
    recorder = Recorder().attach(context)
    block_network(context, real_site_url)
    page = context.new_page()
    for path in sample_pages(real_site):
        page.goto(real_site_url + path, wait_until="networkidle")
        page.mouse.wheel(0, 4000)
    open_search(page, "integration")
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_load_state("networkidle")
    context.close()
    assert any(url.endswith(".js") for url in recorder.requests), "the recorder saw no script load: it is not watching"
    assert any("/pagefind/" in url for url in recorder.requests), "the search made no request: it did not run"
    assert recorder.foreign_requests(real_site_url) == []


def test_no_built_file_references_another_host(real_site: Path) -> None:
    """The same promise for every page and stylesheet, not only the sampled ones."""
    offenders = []
    for html_file in sorted(real_site.rglob("*.html")):
        parser = _FetchedUrls()
        parser.feed(html_file.read_text(encoding="utf-8"))
        offenders += [f"{html_file.relative_to(real_site)}: {url}" for url in parser.urls if _remote(url)]
    for css_file in sorted(real_site.rglob("*.css")):
        for url in re.findall(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", css_file.read_text(encoding="utf-8")):
            if _remote(url):
                offenders.append(f"{css_file.relative_to(real_site)}: {url}")
    assert offenders == []


@pytest.mark.parametrize(
    "html, remote",
    [
        ('<script src="https://unpkg.com/iframe-worker/shim"></script>', True),
        ('<link rel="stylesheet" href="//fonts.googleapis.com/css">', True),
        ('<img srcset="a.png 1x, https://cdn.example/b.png 2x">', True),
        ('<script src="assets/javascripts/iframe-worker/shim.js"></script>', False),
        ('<a href="https://example.org/">a link, not a fetch</a>', False),
    ],
)
def test_the_file_scan_tells_remote_fetches_from_local_ones(html: str, remote: bool) -> None:
    parser = _FetchedUrls()
    parser.feed(html)
    assert any(_remote(url) for url in parser.urls) is remote


def test_the_browser_check_catches_a_planted_third_party_request(browser, real_site: Path, tmp_path: Path) -> None:
    """The same recording on a copy of the site whose home page asks a CDN for a font and a script."""
    from conftest import serve_directory

    site = tmp_path / "site"
    shutil.copytree(real_site, site)
    home = site / "index.html"
    planted = (
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<script src="https://unpkg.com/iframe-worker/shim"></script>'
    )
    home.write_text(home.read_text(encoding="utf-8").replace("</head>", planted + "</head>", 1), encoding="utf-8")
    url, server = serve_directory(site)
    context = browser.new_context()
    recorder = Recorder().attach(context)
    block_network(context, url)
    try:
        context.new_page().goto(url + "index.html")
    finally:
        context.close()
        server.shutdown()
    assert sorted(recorder.foreign_requests(url)) == [
        "https://fonts.googleapis.com/css?family=Roboto",
        "https://unpkg.com/iframe-worker/shim",
    ]
