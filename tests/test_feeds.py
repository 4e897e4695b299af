"""Atom and JSON feeds: valid, newest first, dated from the records and git, linked from every page."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import urljoin

import feedparser
from bs4 import BeautifulSoup

from atlas.feeds import ATOM_URI, JSON_URI, FeedWriter, feed_items, practice_id
from atlas.gitdates import parse_added_log
from atlas.pipeline import AtlasPaths, load_atlas
from atlas.project import PROJECT_ROOT as ROOT

SITE_FIXTURE = ROOT / "tests" / "fixtures" / "site"


def fixture_catalogue():
    result = load_atlas(
        AtlasPaths.under(SITE_FIXTURE, practices="practices", data="../../../data", benchmarks="benchmarks")
    )
    assert result.catalogue is not None, result.problems
    return result.catalogue


def test_atom_feed_parses_and_lists_practices_newest_first(real_site: Path) -> None:
    feed = feedparser.parse((real_site / ATOM_URI).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    practices = [p for p in (ROOT / "practices").glob("*.md") if not p.name.startswith("_")]
    assert len(feed.entries) == min(50, len(practices))
    updated = [entry.updated_parsed for entry in feed.entries]
    assert updated == sorted(updated, reverse=True)
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)
    for entry in feed.entries:  # every link leads to a built practice page
        target = urljoin("http://atlas.invalid/" + ATOM_URI, entry.link).removeprefix("http://atlas.invalid/")
        assert (real_site / target).is_file(), entry.link
        assert entry.summary and entry.title


def test_json_feed_matches_the_atom_feed(real_site: Path) -> None:
    document = json.loads((real_site / JSON_URI).read_text(encoding="utf-8"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"] and document["items"]
    atom = feedparser.parse((real_site / ATOM_URI).read_bytes())
    assert [item["id"] for item in document["items"]] == [entry.id for entry in atom.entries]
    for item in document["items"]:  # what JSON Feed 1.1 requires of an item
        assert isinstance(item["id"], str) and (item.get("content_html") or item.get("content_text"))
    modified = [item["date_modified"] for item in document["items"]]
    assert modified == sorted(modified, reverse=True)


def test_entries_are_dated_from_git_and_review_and_ordered() -> None:
    catalogue = fixture_catalogue()
    reviewed = {p.slug: p.last_reviewed for p in catalogue.practices}
    changed = {"alpha-housing": date(2026, 3, 1), "hostile": date(2025, 1, 1)}
    added = {"alpha-housing": date(2025, 6, 1), "hostile": date(2024, 1, 1), "beta-health": date(2024, 2, 2)}
    items = feed_items(catalogue, changed, added)
    by_slug = {item.practice.slug: item for item in items}
    assert by_slug["alpha-housing"].updated == max(date(2026, 3, 1), reviewed["alpha-housing"])
    assert by_slug["hostile"].updated == reviewed["hostile"]  # reviewed after its last commit
    assert by_slug["beta-health"].published == date(2024, 2, 2)
    assert [i.updated for i in items] == sorted((i.updated for i in items), reverse=True)
    assert feed_items(catalogue, None, None, limit=1)[0].practice.slug in reviewed


def test_hostile_text_stays_text_in_both_feeds() -> None:
    catalogue = fixture_catalogue()
    writer = FeedWriter(
        catalogue, feed_items(catalogue, None, None), site_url="https://atlas.example.org/", directory_urls=False
    )
    atom = feedparser.parse(writer.atom().encode("utf-8"))
    assert not atom.bozo
    hostile = next(e for e in atom.entries if e.id == practice_id("hostile"))
    assert hostile.title == "<script>alert(1)</script> Rent | Care [x](y) *bold* {: #id }"
    assert hostile.link == "https://atlas.example.org/practices/hostile.html"
    content = BeautifulSoup(hostile.content[0].value, "html.parser")
    assert content.find("img") is None and content.find("script") is None
    assert content.p.get_text().startswith("Summary with <img src=x onerror=alert(2)>")
    document = json.loads(writer.json_feed())
    item = next(i for i in document["items"] if i["id"] == practice_id("hostile"))
    assert item["title"] == hostile.title and "<img" not in item["content_html"]
    assert document["feed_url"] == "https://atlas.example.org/" + JSON_URI


def test_first_added_reads_the_oldest_add() -> None:
    log = "\x1e2026-05-01\n\nb.md\n\x1e2026-01-01\n\na.md\nsub/c.md\n\x1e2025-01-01\n\na.md\n"
    assert parse_added_log(log) == {"b": date(2026, 5, 1), "a": date(2025, 1, 1)}


def test_every_page_links_the_feeds_and_the_home_page_shows_them(real_site: Path) -> None:
    for page in ("index.html", "practices/ung-kraft.html", "data/index.html"):
        soup = BeautifulSoup((real_site / page).read_text(encoding="utf-8"), "html.parser")
        links = {link["type"]: link["href"] for link in soup.select('head link[rel~="alternate"]')}
        for kind, uri in (("application/atom+xml", ATOM_URI), ("application/feed+json", JSON_URI)):
            resolved = urljoin("http://atlas.invalid/" + page, links[kind]).removeprefix("http://atlas.invalid/")
            assert resolved == uri, (page, kind)
    home = BeautifulSoup((real_site / "index.html").read_text(encoding="utf-8"), "html.parser").select_one("article")
    hrefs = {a["href"] for a in home.select("a[href]")}
    assert {ATOM_URI, JSON_URI, "data/index.html"} <= hrefs


def test_feed_links_make_the_browser_request_nothing_missing(real_site_url: str, page) -> None:
    """Material fetches a sitemap.xml beside every exact rel=alternate link: ours must not be taken for one."""
    failed: list[str] = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.goto(real_site_url + "practices/ung-kraft.html")
    page.wait_for_load_state("networkidle")
    assert page.locator('link[rel~="alternate"][type="application/atom+xml"]').count() == 1
    assert failed == []
