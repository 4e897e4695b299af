"""The one Jinja setup: an environment for Markdown pages, one for print HTML, shared helpers.

Markdown pages: every `{{ value }}` is escaped for Markdown *and* HTML by the
environment's finalize hook, so a contributor's `<script>` or `|` shows as
text; only values wrapped in `Markup` (our own URLs, the practice body) pass
through unchanged. Print HTML (the PDF pack) uses Jinja's HTML autoescape.
Both get the same catalogue helpers, so a label or a link is written one way.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

from .model import Practice, Source, YearClaim
from .names import original_title
from .urls import (
    benchmark_group_uri,
    benchmark_uri,
    external_url,
    facet_uri,
    practice_uri,
    source_link,
    source_uri,
    url_path,
)

if TYPE_CHECKING:
    from .catalogue import Catalogue

TEMPLATES = Path(__file__).parent / "templates"
PRINT_TEMPLATES = TEMPLATES / "print"

# Characters Python-Markdown (with the tables extension) treats as syntax, and
# the HTML-significant ones, each mapped to a form that renders as itself.
_MD_ESCAPES = {c: "\\" + c for c in "\\`*_{}[]()#+-.!|>"}
_MD_ESCAPES.update({"<": "&lt;", "&": "&amp;", '"': "&quot;", "'": "&#39;", "\n": " ", "\r": " ", "\t": " "})
_MD_TABLE = str.maketrans(_MD_ESCAPES)


@dataclass(frozen=True)
class GeneratedPage:
    """One file the build adds to the site: its source URI and its text."""

    src_uri: str
    content: str
    in_nav: bool = False
    replaceable: bool = False  # a default: a site's own docs/ file of that name replaces it (the home page)


def md_text(value: Any) -> str:
    """Escape text for an inline Markdown context (paragraph, heading, link text, table cell)."""
    return str(value).translate(_MD_TABLE)


def yaml_string(value: Any) -> Markup:
    """A front-matter scalar for the generated page (JSON is valid YAML).

    HTML-escaped too: MkDocs and Material put `title` and `description` into
    `<title>`, headers and attributes without escaping.
    """
    return Markup(json.dumps(html.escape(" ".join(str(value).split()), quote=True), ensure_ascii=False))


def html_text(value: Any) -> Markup:
    """Escape for raw HTML blocks, which Markdown leaves alone (the Markdown escapes would show)."""
    return Markup(escape(str(value)))


def year_claim_text(claim: YearClaim | None, by_words: str, missing: str) -> str:
    """ "2014", "running by 2021" (with by_words="running by"), or the words for no year."""
    if claim is None:
        return missing
    return f"{by_words} {claim.year}" if claim.by else str(claim.year)


def source_line(source: Source) -> Markup:
    """'Title. Authors; Publisher, January 2024.' with the title linked when the source gives an address."""
    title = md_text(source.title)
    if source.url:
        title = f"[{title}]({external_url(source.url)})"
    who = "; ".join(filter(None, [", ".join(source.authors), source.publisher]))
    when = (
        source.date
        if source.date and source.year and str(source.year) in source.date
        else (str(source.year) if source.year else "not dated")
    )
    return Markup(f"{title}. {md_text(who)}, {md_text(when)}.")


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    return md_text(value)


@pass_context
def _link(context: Any, target: str) -> Markup:
    """Relative Markdown link from the page being rendered (`page_uri`) to another source page."""
    return url_path(source_link(context["page_uri"], target))


def markdown_environment(folder: Path = TEMPLATES) -> Environment:
    """Jinja for generated Markdown pages: everything escaped unless it is Markup."""
    env = Environment(
        loader=FileSystemLoader(folder),
        autoescape=False,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        thousands=lambda n: f"{n:,}",
        url=url_path,
        external_url=external_url,
        yaml_string=yaml_string,
        html=html_text,
        md=lambda v: Markup(md_text(v)),
    )
    env.globals.update(link=_link, year_claim=year_claim_text, source_line=source_line, source_uri=source_uri)
    return env


def html_environment(folder: Path = PRINT_TEMPLATES, *, keep_trailing_newline: bool = False) -> Environment:
    """Jinja for HTML files (print pages, redirect pages), with HTML autoescape: every contributor value is escaped."""
    return Environment(
        loader=FileSystemLoader(folder),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=keep_trailing_newline,
    )


def catalogue_globals(catalogue: Catalogue) -> dict[str, Any]:
    """The helpers every template may use: labels of vocabulary ids and the source URIs of pages."""
    return {
        "catalogue": catalogue,
        "label": catalogue.label,
        "labels": catalogue.labels,
        "practice_uri": practice_uri,
        "facet_uri": facet_uri,
        "benchmark_uri": benchmark_uri,
        "benchmark_group_uri": benchmark_group_uri,
        "where": catalogue.where,
        "place_line": catalogue.place_line,
        "place_names": catalogue.place_names,
        "original_title": practice_original_title,
    }


def practice_original_title(practice: Practice) -> str | None:
    """The subtitle under a practice's title: its original name, unless the title starts with it."""
    return original_title(practice.title, practice.title_original)


class MarkdownPages:
    """Renders generated Markdown pages of one catalogue; each page gets its own URI for relative links."""

    def __init__(self, catalogue: Catalogue, **extra_globals: Any) -> None:
        self.catalogue = catalogue
        self.env = markdown_environment()
        self.env.globals.update(catalogue_globals(catalogue), **extra_globals)

    def render(self, template: str, page_uri: str, **context: Any) -> str:
        return self.env.get_template(template).render(page_uri=page_uri, **context)

    def page(self, template: str, page_uri: str, *, in_nav: bool = False, **context: Any) -> GeneratedPage:
        return GeneratedPage(page_uri, self.render(template, page_uri, **context), in_nav)
