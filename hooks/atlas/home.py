"""The home page: the atlas at a glance, generated from the catalogue at every build.

Entry cards (by dimension, by municipality size, by country, benchmarks) carry
their counts, the most recently added or reviewed practices come from the same
dates as the feeds, a plain GET form hands words to the explorer's text
filter, and the map (atlas.europemap) shades the countries with practices.
Nothing is hard-coded: a new practice file changes every figure on the next
build. The page is raw HTML inside Markdown, so its links are browser URLs
(atlas.urls.page_link), and it is rendered with HTML autoescape.

A site may keep its own docs/index.md (the test sites do): that file then
replaces this page (GeneratedPage.replaceable).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from markupsafe import Markup

from .catalogue import Catalogue
from .europemap import CountClass, EuropeMap, MapCountry, choropleth_svg, europe_map, map_countries
from .explorer import PAGE_URI as EXPLORER_URI
from .feeds import ATOM_URI, JSON_URI, feed_items
from .model import Practice
from .templating import TEMPLATES, GeneratedPage, html_environment
from .urls import (
    ASSESSMENT_INDEX,
    BENCHMARKS_INDEX,
    PRACTICES_INDEX,
    facet_index_uri,
    facet_uri,
    page_link,
    practice_uri,
)

HOME_URI = "index.md"
ABOUT_URI = "guide/about.md"
RECENT_LIMIT = 5
_ENV = html_environment(TEMPLATES / "home")


@dataclass(frozen=True)
class Entry:
    """One line of a card: a value, its count and its page."""

    label: str
    count: int
    href: str
    unit: str = "practices"  # what is counted, for screen readers ("3 practices")

    @property
    def unit_text(self) -> str:
        return self.unit.removesuffix("s") if self.count == 1 else self.unit


@dataclass(frozen=True)
class Card:
    """An entry card: a heading link, one live count with its noun, and a few entries."""

    key: str
    title: str
    href: str
    count: int
    noun: str
    entries: tuple[Entry, ...]
    more: tuple[tuple[str, str], ...] = ()  # (text, href) links under the entries


@dataclass(frozen=True)
class Recent:
    practice: Practice
    href: str
    where: str
    size: str
    verb: str  # "Added", "Reviewed" or "Updated"
    day: date


class HomePage:
    def __init__(
        self,
        catalogue: Catalogue,
        directory_urls: bool = False,
        changed: dict[str, date] | None = None,
        added: dict[str, date] | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.directory_urls = directory_urls
        self.changed = changed
        self.added = added

    def href(self, target: str) -> str:
        """A browser link from the home page to a source page (or file) of the site."""
        return page_link(HOME_URI, target, self.directory_urls)

    def explorer_href(self, **filters: str) -> str:
        """The explorer with its URL state set (explorer.js reads `?country=SE`, `?text=...`)."""
        query = urlencode(filters)
        return self.href(EXPLORER_URI) + (f"?{query}" if query else "")

    def _facet_entries(self, attribute: str, vocabulary: str, folder: str, values: Sequence[str]) -> tuple[Entry, ...]:
        groups = self.catalogue.by_facet.get(attribute, {})
        return tuple(
            Entry(self.catalogue.label(vocabulary, v), len(groups.get(v, [])), self.href(facet_uri(folder, v)))
            for v in values
        )

    def cards(self) -> list[Card]:
        cat = self.catalogue
        dimensions = cat.vocabulary("dimensions").ids
        sizes = cat.vocabulary("municipality_sizes").ids
        by_country = cat.by_facet.get("country", {})
        countries = sorted(by_country, key=lambda c: (-len(by_country[c]), cat.label("countries", c).casefold()))
        linked = sum(1 for b in cat.benchmarks if cat.by_benchmark.get(b))
        groups = sorted(cat.groups, key=lambda g: g.order)
        return [
            Card(
                "dimension",
                "By policy dimension",
                self.href(facet_index_uri("dimensions")),
                len(dimensions),
                "dimensions",
                self._facet_entries("dimensions", "dimensions", "dimensions", dimensions),
            ),
            Card(
                "size",
                "By municipality size",
                self.href(facet_index_uri("sizes")),
                len(sizes),
                "size bands",
                self._facet_entries("municipality_size", "municipality_sizes", "sizes", sizes),
            ),
            Card(
                "country",
                "By country",
                self.href(facet_index_uri("countries")),
                len(by_country),
                "countries",
                self._facet_entries("country", "countries", "countries", countries[:5]),
                (("All countries", self.href(facet_index_uri("countries"))), ("On the map", "#map")),
            ),
            Card(
                "benchmark",
                "Benchmarks",
                self.href(BENCHMARKS_INDEX),
                len(cat.benchmarks),
                "benchmarks",
                (
                    Entry("Met by at least one practice", linked, self.href(BENCHMARKS_INDEX), "benchmarks"),
                    Entry(
                        "Waiting for a first practice",
                        len(cat.benchmarks) - linked,
                        self.href(BENCHMARKS_INDEX),
                        "benchmarks",
                    ),
                    Entry(
                        "Groups, from governance to volunteering", len(groups), self.href(BENCHMARKS_INDEX), "groups"
                    ),
                ),
                (("Check your municipality: self-assessment", self.href(ASSESSMENT_INDEX)),),
            ),
        ]

    def recent(self) -> list[Recent]:
        """Newest first, by the later of `last_reviewed` and the file's last commit (as the feeds)."""
        out = []
        for item in feed_items(self.catalogue, self.changed, self.added, limit=RECENT_LIMIT):
            p = item.practice
            verb = (
                "Added"
                if item.published == item.updated
                else "Reviewed"
                if item.updated == p.last_reviewed
                else "Updated"
            )
            out.append(
                Recent(
                    p,
                    self.href(practice_uri(p)),
                    self.catalogue.place_line(p),
                    self.catalogue.label("municipality_sizes", p.municipality_size),
                    verb,
                    item.updated,
                )
            )
        return out

    def map_countries(self, europe: EuropeMap) -> tuple[list[MapCountry], list[CountClass]]:
        by_country = self.catalogue.by_facet.get("country", {})
        counts = {code: len(practices) for code, practices in by_country.items()}
        names = {code: self.catalogue.label("countries", code) for code in counts}
        countries, classes = map_countries(
            europe,
            counts,
            names,
            lambda c: self.explorer_href(country=c),
            lambda c: self.href(facet_uri("countries", c)),
        )
        return countries, classes

    def render(self, europe: EuropeMap | None = None) -> str:
        europe = europe or europe_map()
        countries, classes = self.map_countries(europe)
        drawn = [c for c in countries if c.shape is not None]
        svg = choropleth_svg(europe, countries, classes)
        dashboard = _ENV.get_template("dashboard.html.j2").render(
            practices=len(self.catalogue.practices),
            cards=self.cards(),
            recent=self.recent(),
            countries=countries,
            drawn=drawn,
            classes=classes,
            svg=svg,
            explorer=self.href(EXPLORER_URI),
            about=self.href(ABOUT_URI),
            href=self.href,
            practices_index=self.href(PRACTICES_INDEX),
            atom=self.href(ATOM_URI),
            json_feed=self.href(JSON_URI),
        )
        return _ENV.get_template("home.md.j2").render(dashboard=Markup(dashboard))


def render_home_page(
    catalogue: Catalogue,
    directory_urls: bool = False,
    changed: dict[str, date] | None = None,
    added: dict[str, date] | None = None,
) -> GeneratedPage:
    return GeneratedPage(
        HOME_URI, HomePage(catalogue, directory_urls, changed, added).render(), in_nav=True, replaceable=True
    )
