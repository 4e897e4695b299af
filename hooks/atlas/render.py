"""Turn the catalogue into Markdown pages through Jinja templates.

Every `{{ value }}` is escaped for Markdown *and* HTML by the environment's
finalize hook, so a contributor's `<script>` or `|` shows as text; only values
wrapped in `Markup` (our own URLs, the practice body) pass through unchanged.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup

from .catalogue import PAGE_FACETS, Catalogue
from .explorer import DATA_URI as EXPLORER_DATA_URI
from .explorer import PAGE_URI as EXPLORER_PAGE_URI
from .model import Practice, Source, YearClaim
from .related import Related, related_practices

TEMPLATES = Path(__file__).parent / "templates"
SOURCES_URI = "guide/sources.md"  # the generated bibliography page (nav: "Sources and credits")

# Characters Python-Markdown (with the tables extension) treats as syntax, and
# the HTML-significant ones, each mapped to a form that renders as itself.
_MD_ESCAPES = {c: "\\" + c for c in "\\`*_{}[]()#+-.!|>"}
_MD_ESCAPES.update({"<": "&lt;", "&": "&amp;", '"': "&quot;", "'": "&#39;", "\n": " ", "\r": " ", "\t": " "})
_MD_TABLE = str.maketrans(_MD_ESCAPES)


def md_text(value: Any) -> str:
    """Escape text for an inline Markdown context (paragraph, heading, link text, table cell)."""
    return str(value).translate(_MD_TABLE)


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    return md_text(value)


def url_path(value: str) -> Markup:
    """A relative URL made of our own ids, percent-quoted for safety."""
    return Markup(quote(value, safe="/#.-_"))


def external_url(value: str) -> Markup:
    """A contributor's http(s) URL (already validated), quoted so it cannot close the link."""
    return Markup(quote(value, safe=":/?#@!$&*+,;=%~.-_"))


def yaml_string(value: Any) -> Markup:
    """A front-matter scalar for the generated page (JSON is valid YAML).

    HTML-escaped too: MkDocs and Material put `title` and `description` into
    `<title>`, headers and attributes without escaping.
    """
    return Markup(json.dumps(html.escape(" ".join(str(value).split()), quote=True), ensure_ascii=False))


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    content: str
    in_nav: bool = False


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=False,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["url"] = url_path
    env.filters["external_url"] = external_url
    env.filters["yaml_string"] = yaml_string
    env.filters["md"] = lambda v: Markup(md_text(v))
    env.filters["thousands"] = lambda n: f"{n:,}"
    env.globals["year_claim"] = year_claim_text
    env.globals["source_line"] = source_line
    env.globals["source_uri"] = source_uri
    env.globals["link"] = _link
    return env


@pass_context
def _link(context: Any, target: str) -> Markup:
    """Relative link from the page being rendered to another source page."""
    # Every page URI is relative to the docs root, so going up once per folder
    # of the current page reaches any target (cheaper than posixpath.relpath).
    return url_path("../" * context["page_uri"].count("/") + target)


def year_claim_text(claim: YearClaim | None, by_words: str, missing: str) -> str:
    """"2014", "running by 2021" (with by_words="running by"), or the words for no year."""
    if claim is None:
        return missing
    return f"{by_words} {claim.year}" if claim.by else str(claim.year)


def source_line(source: Source) -> Markup:
    """'Title. Authors; Publisher, January 2024.' with the title linked when the source gives an address."""
    title = md_text(source.title)
    if source.url:
        title = f"[{title}]({external_url(source.url)})"
    who = "; ".join(filter(None, [", ".join(source.authors), source.publisher]))
    when = source.date if source.date and source.year and str(source.year) in source.date else (
        str(source.year) if source.year else "not dated")
    return Markup(f"{title}. {md_text(who)}, {md_text(when)}.")


def source_uri(source: Source) -> str:
    return f"{SOURCES_URI}#source-{source.key}"


def practice_uri(practice: Practice) -> str:
    return f"practices/{practice.slug}.md"


def facet_uri(folder: str, value: str) -> str:
    return f"{folder}/{value.lower()}.md"


def benchmark_uri(benchmark_id: str) -> str:
    """Link target of one benchmark: its group page, anchored at its id."""
    group_id = benchmark_id.split(".", 1)[0]
    return f"benchmarks/{group_id}.md#{benchmark_id}"


class PageRenderer:
    def __init__(self, catalogue: Catalogue, git_dates: dict[str, date] | None = None,
                 edit_base: str | None = None) -> None:
        self.catalogue = catalogue
        self.env = make_environment()
        self.env.globals["git_dates"] = git_dates  # slug -> last commit date; None when git cannot tell
        self._related: dict[str, list[Related]] | None = None
        self.env.globals.update(
            catalogue=catalogue, practice_uri=practice_uri, facet_uri=facet_uri,
            benchmark_uri=benchmark_uri, body=lambda p: Markup(p.body),
            labels=lambda vocabulary, ids: ", ".join(catalogue.label(vocabulary, i) for i in ids),
            linked_practice_count=lambda group: len(
                {p.slug for b in group.benchmarks for p in catalogue.by_benchmark.get(b.id, ())}),
            related=self.related, edit_url=lambda p: edit_url(edit_base, p),
            explorer_data_uri=EXPLORER_DATA_URI,
        )

    def related(self, practice: Practice) -> list[Related]:
        """Related practices, computed for all at first use (bounded work per practice)."""
        if self._related is None:
            self._related = related_practices(self.catalogue)
        return self._related[practice.slug]

    def render(self, template: str, page_uri: str, **context: Any) -> str:
        return self.env.get_template(template).render(page_uri=page_uri, **context)

    def practice_page(self, practice: Practice) -> GeneratedPage:
        uri = practice_uri(practice)
        return GeneratedPage(uri, self.render("practice.md.j2", uri, practice=practice))

    def pages(self) -> list[GeneratedPage]:
        cat = self.catalogue
        out = [self.practice_page(p) for p in cat.practices]
        out.append(GeneratedPage("practices/index.md",
                                 self.render("practices_index.md.j2", "practices/index.md"), in_nav=True))
        for attribute, vocabulary, folder in PAGE_FACETS:
            groups = cat.by_facet[attribute]
            # Closed scales get a page for every value; countries only where practices exist.
            values = cat.used_values(attribute, vocabulary) if vocabulary == "countries" else cat.vocabulary(vocabulary).ids
            index_uri = f"{folder}/index.md"
            out.append(GeneratedPage(index_uri, self.render(
                "facet_index.md.j2", index_uri, attribute=attribute, vocabulary=cat.vocabulary(vocabulary),
                folder=folder, values=values, groups=groups), in_nav=True))
            for value in values:
                uri = facet_uri(folder, value)
                out.append(GeneratedPage(uri, self.render(
                    "facet_page.md.j2", uri, attribute=attribute, vocabulary=cat.vocabulary(vocabulary),
                    value=value, term=cat.vocabulary(vocabulary).get(value), practices=groups.get(value, []),
                    group=next((g for g in cat.groups if g.id == value), None))))
        out.append(GeneratedPage(EXPLORER_PAGE_URI, self.render("explorer.md.j2", EXPLORER_PAGE_URI), in_nav=True))
        out.append(GeneratedPage("benchmarks/index.md", self.render("benchmarks_index.md.j2", "benchmarks/index.md"),
                                 in_nav=True))
        for group in cat.groups:
            uri = f"benchmarks/{group.id}.md"
            out.append(GeneratedPage(uri, self.render("benchmark_group.md.j2", uri, group=group)))
        out.append(GeneratedPage(SOURCES_URI, self.render("sources.md.j2", SOURCES_URI), in_nav=True))
        return out


def edit_url(edit_base: str | None, practice: Practice) -> Markup | None:
    """Where a reader can propose a fix to the practice's source file, if a repository is configured."""
    if not edit_base:
        return None
    return external_url(edit_base.rstrip("/") + "/" + practice.display_path)


def render_site_pages(catalogue: Catalogue, git_dates: dict[str, date] | None = None,
                      edit_base: str | None = None) -> list[GeneratedPage]:
    """Every generated page; `edit_base` is the repository's edit URL prefix (e.g. .../edit/main)."""
    return PageRenderer(catalogue, git_dates, edit_base).pages()
