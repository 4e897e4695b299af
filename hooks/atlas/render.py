"""Turn the catalogue into the site's Markdown pages: practices, facet indexes, benchmarks, explorer, sources.

The Jinja setup, escaping included, is atlas.templating's; the URLs are atlas.urls'.
"""

from __future__ import annotations

from datetime import date

from markupsafe import Markup

from .catalogue import Catalogue
from .europemap import LOCATOR_TOLERANCE, LOCATOR_WIDTH, europe_map, locator_svg
from .explorer import DATA_URI as EXPLORER_DATA_URI
from .explorer import PAGE_URI as EXPLORER_PAGE_URI
from .facets import PAGE_FACETS
from .model import BenchmarkGroup, Practice
from .related import Related, related_practices
from .templating import GeneratedPage, MarkdownPages
from .urls import (
    BENCHMARKS_INDEX,
    PRACTICES_INDEX,
    SOURCES_URI,
    benchmark_group_uri,
    edit_url,
    facet_index_uri,
    facet_uri,
    practice_uri,
)


class PageRenderer(MarkdownPages):
    def __init__(
        self, catalogue: Catalogue, git_dates: dict[str, date] | None = None, edit_base: str | None = None
    ) -> None:
        super().__init__(
            catalogue,
            git_dates=git_dates,  # slug -> last commit date; None when git cannot tell
            body=lambda p: Markup(p.body),
            linked_practice_count=self.linked_practice_count,
            related=self.related,
            edit_url=lambda p: edit_url(edit_base, p),
            explorer_data_uri=EXPLORER_DATA_URI,
            country_locator=self.country_locator,
        )
        self._related: dict[str, list[Related]] | None = None

    def linked_practice_count(self, group: BenchmarkGroup) -> int:
        """How many practices help meet at least one benchmark of the group."""
        by_benchmark = self.catalogue.by_benchmark
        return len({p.slug for b in group.benchmarks for p in by_benchmark.get(b.id, ())})

    def related(self, practice: Practice) -> list[Related]:
        """Related practices, computed for all at first use (bounded work per practice)."""
        if self._related is None:
            self._related = related_practices(self.catalogue)
        return self._related[practice.slug]

    def country_locator(self, code: str, name: str) -> Markup | None:
        """A small map of Europe with the country picked out, for its page (atlas.europemap)."""
        return locator_svg(europe_map(LOCATOR_WIDTH, LOCATOR_TOLERANCE), code, name)

    def practice_page(self, practice: Practice) -> GeneratedPage:
        return self.page("practice.md.j2", practice_uri(practice), practice=practice)

    def pages(self) -> list[GeneratedPage]:
        cat = self.catalogue
        out = [self.practice_page(p) for p in cat.practices]
        out.append(self.page("practices_index.md.j2", PRACTICES_INDEX, in_nav=True))
        for facet in PAGE_FACETS:
            assert facet.pages is not None
            groups = cat.by_facet[facet.attribute]
            vocabulary = cat.vocabulary(facet.vocabulary)
            values = cat.offered_values(facet)
            out.append(
                self.page(
                    "facet_index.md.j2",
                    facet_index_uri(facet.pages),
                    in_nav=True,
                    attribute=facet.attribute,
                    vocabulary=vocabulary,
                    folder=facet.pages,
                    values=values,
                    groups=groups,
                )
            )
            for value in values:
                out.append(
                    self.page(
                        "facet_page.md.j2",
                        facet_uri(facet.pages, value),
                        attribute=facet.attribute,
                        vocabulary=vocabulary,
                        value=value,
                        term=vocabulary.get(value),
                        practices=groups.get(value, []),
                        group=next((g for g in cat.groups if g.id == value), None),
                    )
                )
        out.append(self.page("explorer.md.j2", EXPLORER_PAGE_URI, in_nav=True))
        out.append(self.page("benchmarks_index.md.j2", BENCHMARKS_INDEX, in_nav=True))
        out += [self.page("benchmark_group.md.j2", benchmark_group_uri(group), group=group) for group in cat.groups]
        out.append(self.page("sources.md.j2", SOURCES_URI, in_nav=True))
        return out


def render_site_pages(
    catalogue: Catalogue, git_dates: dict[str, date] | None = None, edit_base: str | None = None
) -> list[GeneratedPage]:
    """Every generated page; `edit_base` is the repository's edit URL prefix (e.g. .../edit/main)."""
    return PageRenderer(catalogue, git_dates, edit_base).pages()
