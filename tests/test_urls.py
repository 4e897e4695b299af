"""atlas.urls: source URIs, the URLs MkDocs makes of them, and relative links between pages."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from atlas.urls import (
    benchmark_uri,
    facet_uri,
    page_file,
    page_link,
    page_url,
    practice_uri,
    root_link,
    source_link,
)

PAGES = [
    "index.md",
    "explorer.md",
    "practices/index.md",
    "practices/ung-kraft.md",
    "self-assessment/alpha.md",
    "benchmarks/health.md#health.access.interpreters",
    "assets/atlas/practices.js",
]


def test_source_uris() -> None:
    assert practice_uri("ung-kraft") == "practices/ung-kraft.md"
    assert facet_uri("countries", "SE") == "countries/se.md"
    assert benchmark_uri("health.access.interpreters") == "benchmarks/health.md#health.access.interpreters"


@pytest.mark.parametrize(
    ("here", "target", "expected"),
    [
        ("index.md", "practices/index.md", "practices/index.md"),
        ("practices/a.md", "benchmarks/x.md#x.y.z", "../benchmarks/x.md#x.y.z"),
        ("self-assessment/deep/page.md", "index.md", "../../index.md"),
    ],
)
def test_source_link_climbs_once_per_folder(here: str, target: str, expected: str) -> None:
    assert source_link(here, target) == expected


@pytest.mark.parametrize("directory_urls", [False, True])
@pytest.mark.parametrize("here", PAGES[:5])
@pytest.mark.parametrize("target", PAGES)
def test_page_link_resolves_where_the_browser_would(here: str, target: str, directory_urls: bool) -> None:
    """Resolved against the page's own URL, the link reaches the target's URL (trailing slash included)."""
    site = "http://127.0.0.1/atlas/"
    link = page_link(here, target, directory_urls)
    assert urljoin(site + page_url(here, directory_urls), link) == site + page_url(target, directory_urls)


@pytest.mark.parametrize(
    ("directory_urls", "expected"),
    [
        (False, "practices/{slug}.html"),
        (True, "../practices/{slug}/"),
    ],
)
def test_explorer_link_pattern(directory_urls: bool, expected: str) -> None:
    assert page_link("explorer.md", practice_uri("{slug}"), directory_urls) == expected


@pytest.mark.parametrize(
    ("src_uri", "directory_urls", "expected"),
    [
        ("practices/old-name.md", False, "practices/old-name.html"),
        ("practices/old-name.md", True, "practices/old-name/index.html"),
        ("index.md", True, "index.html"),
        ("practices/index.md", True, "practices/index.html"),
        ("feeds/practices.atom", True, "feeds/practices.atom"),
    ],
)
def test_page_file_is_where_mkdocs_writes_the_page(src_uri: str, directory_urls: bool, expected: str) -> None:
    assert page_file(src_uri, directory_urls) == expected


@pytest.mark.parametrize("here_url", ["", "index.html", "practices/a.html", "practices/a/", "feeds/practices.atom"])
def test_root_link_resolves_to_the_site_path(here_url: str) -> None:
    """From a built page's URL (MkDocs page.url, directory URLs too), the link reaches the file at the root."""
    site = "http://127.0.0.1/atlas/"
    assert urljoin(site + here_url, root_link(here_url, "feeds/practices.atom")) == site + "feeds/practices.atom"
