"""Atom and JSON feeds of new and updated practices, newest first.

A practice's date is the later of its `last_reviewed` and the last commit
that changed its file; its first commit is its publication date. Nothing
depends on the clock, so two builds of the same commit give the same feeds.
The Atom feed is written by feedgen; JSON Feed 1.1 is a small JSON document.

Entry ids are `urn:uuid:` names derived from the slug, not URLs: slugs never
change (see slugs.py), and the ids stay the same if the site moves host.
Links are absolute when the site's URL is known (mkdocs.yml `site_url`),
otherwise relative to the feed, which readers resolve against its address.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]  # feedgen ships no type hints
from markupsafe import Markup, escape

from .catalogue import Catalogue
from .model import Practice
from .urls import page_url, practice_uri, root_link

ATOM_URI = "feeds/practices.atom"
JSON_URI = "feeds/practices.json"
MAX_ENTRIES = 50
FEED_TITLE = "Local Integration Practice Atlas: new and updated practices"
AUTHOR = "Local Integration Practice Atlas contributors"
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:local-integration-practice-atlas")
# Characters XML 1.0 cannot carry; YAML lets few through, but a feed must never fail to build.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FeedItem:
    practice: Practice
    updated: date
    published: date | None


def practice_id(slug: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, 'practices/' + slug)}"


def feed_items(
    catalogue: Catalogue, changed: dict[str, date] | None, added: dict[str, date] | None, limit: int = MAX_ENTRIES
) -> list[FeedItem]:
    """The most recently changed practices, newest first (ties by title, so the order is stable)."""
    items = []
    for practice in catalogue.practices:
        dates = [practice.last_reviewed] + ([changed[practice.slug]] if changed and practice.slug in changed else [])
        published = added.get(practice.slug) if added else None
        items.append(FeedItem(practice, max(dates), published))
    items.sort(key=lambda item: (-item.updated.toordinal(), item.practice.title.casefold(), item.practice.slug))
    return items[:limit]


class FeedWriter:
    def __init__(
        self,
        catalogue: Catalogue,
        items: list[FeedItem],
        *,
        site_url: str | None,
        directory_urls: bool,
        site_name: str = "Local Integration Practice Atlas",
    ) -> None:
        self.catalogue = catalogue
        self.items = items
        self.site_url = site_url.rstrip("/") + "/" if site_url else None
        self.directory_urls = directory_urls
        self.site_name = site_name

    def url(self, target_uri: str, from_uri: str) -> str:
        """Where source URI `target_uri` is built: absolute when the site's address is known, else relative
        to the feed file at `from_uri`."""
        site_path = page_url(target_uri, self.directory_urls)
        if self.site_url:
            return urljoin(self.site_url, site_path)
        return root_link(from_uri, site_path)

    def updated(self) -> datetime:
        newest = max((item.updated for item in self.items), default=date(2000, 1, 1))
        return _moment(newest)

    def _facts(self, practice: Practice) -> str:
        cat = self.catalogue
        return " · ".join(
            (
                cat.label("countries", practice.country),
                ", ".join(practice.places),
                ", ".join(cat.label("dimensions", d) for d in practice.dimensions),
            )
        )

    def content_html(self, practice: Practice) -> str:
        """The entry's body: summary and key facts; every value escaped (the feed then escapes it again as XML)."""
        return str(Markup("<p>{}</p><p>{}</p>").format(escape(practice.summary), escape(self._facts(practice))))

    def atom(self) -> str:
        feed = FeedGenerator()
        feed.id(f"urn:uuid:{uuid.uuid5(_NAMESPACE, 'feed')}")
        feed.title(_xml_text(FEED_TITLE))
        feed.subtitle("Local practices for welcoming and integrating migrants and refugees in Europe.")
        feed.author({"name": AUTHOR})
        feed.link(href=self.url(ATOM_URI, ATOM_URI), rel="self", type="application/atom+xml")
        feed.link(href=self.url("index.md", ATOM_URI), rel="alternate", type="text/html")
        feed.language("en")
        feed.rights("CC BY 4.0: https://creativecommons.org/licenses/by/4.0/")
        feed.generator("Local Integration Practice Atlas")
        feed.updated(self.updated())
        for item in self.items:
            practice = item.practice
            entry = feed.add_entry(order="append")
            entry.id(practice_id(practice.slug))
            entry.title(_xml_text(practice.title))
            entry.updated(_moment(item.updated))
            if item.published:
                entry.published(_moment(min(item.published, item.updated)))
            entry.link(href=self.url(practice_uri(practice), ATOM_URI), rel="alternate", type="text/html")
            entry.summary(_xml_text(practice.summary))
            entry.content(_xml_text(self.content_html(practice)), type="html")
            for dimension in practice.dimensions:
                entry.category(term=dimension, label=_xml_text(self.catalogue.label("dimensions", dimension)))
        atom: bytes = feed.atom_str(pretty=True)
        return atom.decode("utf-8")

    def json_feed(self) -> str:
        """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
        document: dict[str, Any] = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": FEED_TITLE,
            "description": "Local practices for welcoming and integrating migrants and refugees in Europe.",
            "language": "en",
            "authors": [{"name": AUTHOR}],
        }
        if self.site_url:
            document["home_page_url"] = self.site_url
            document["feed_url"] = self.url(JSON_URI, JSON_URI)
        items = []
        for item in self.items:
            practice = item.practice
            entry = {
                "id": practice_id(practice.slug),
                "url": self.url(practice_uri(practice), JSON_URI),
                "title": practice.title,
                "summary": practice.summary,
                "content_html": self.content_html(practice),
                "date_modified": _moment(item.updated).isoformat(),
                "tags": [self.catalogue.label("dimensions", d) for d in practice.dimensions],
            }
            if item.published:
                entry["date_published"] = _moment(min(item.published, item.updated)).isoformat()
            items.append(entry)
        document["items"] = items
        return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def feed_files(
    catalogue: Catalogue,
    changed: dict[str, date] | None,
    added: dict[str, date] | None,
    *,
    site_url: str | None,
    directory_urls: bool,
) -> dict[str, str]:
    writer = FeedWriter(
        catalogue, feed_items(catalogue, changed, added), site_url=site_url, directory_urls=directory_urls
    )
    return {ATOM_URI: writer.atom(), JSON_URI: writer.json_feed()}


def autodiscovery_links(here_url: str) -> str:
    """Feed `<link>` tags for a page's head, relative to the page at `here_url` (MkDocs page.url).

    `rel="alternate feed"`: feed readers look for the `alternate` token, while
    Material's script, which takes every `[rel=alternate]` (exact value) for a
    translated version of the site and fetches a sitemap.xml beside it, skips them.
    """
    return (
        f'<link rel="alternate feed" type="application/atom+xml" title="{escape(FEED_TITLE)} (Atom)" '
        f'href="{root_link(here_url, ATOM_URI)}">'
        f'<link rel="alternate feed" type="application/feed+json" title="{escape(FEED_TITLE)} (JSON Feed)" '
        f'href="{root_link(here_url, JSON_URI)}">'
    )
