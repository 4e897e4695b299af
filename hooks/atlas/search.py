"""Site search with Pagefind: which page text is indexed, with what metadata, and the indexing run.

Why Pagefind: Material's built-in search downloads the whole index on every
page load (6.5 MB at 1,000 practices, 31.6 MB at 5,000) and does not fold
accents. Pagefind writes a static, chunked index at build time; the browser
fetches nothing until someone searches, then only the chunks the query needs.
It folds diacritics itself ("Cafe" finds "Café", "Polten" finds "Pölten").

What is indexed: practice pages only. A practice page's <article> carries
`data-pagefind-body`; since at least one page does, Pagefind skips every page
without it, so list, facet and benchmark pages (which repeat practice titles
and summaries) never outrank the practice itself. Inside a practice page only
the title, the summary and the body's prose are indexed: the facts box, the
section headings (the same on every practice), the benchmark list, the
sources and the related practices are left out (EXCLUDE_SELECTORS, and the
sections whose heading is marked `data-search-exclude`, Material's own
convention). Why so little: Pagefind stores a page's indexed text in the
page's result fragment and every word's positions in the index chunks, and at
5,000 practices the text that repeats on every page (facts labels, "How this
practice helps", benchmark statements) filled the chunk a common word such as
"housing" sits in to 46 KB and each fragment to 1.3 KB; without it, 6 KB and
0.5 KB (issue 19's budget is 150 KB a search; scripts/bench_search.py).
The place, country and size are still found: they are metadata (below).

Metadata: place, country and size ride on one hidden, empty element as
attribute values, so they are shown under each result's title and are
searchable without being repeated in the page text. German-style spellings of
umlauts ("Koeln" for "Köln", "Poelten" for "Pölten"), which no accent folding
produces, are added as a searchable `aliases` value.

Nothing here imports MkDocs; the hook calls `mark_practice_page` for each
practice page and `build_search_index` after the build.
"""

from __future__ import annotations

import re
import subprocess
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape

from .catalogue import Catalogue
from .model import Practice
from .project import PROJECT_ROOT
from .urls import practice_uri

# Where Pagefind writes its bundle, relative to the site folder; the search box loads
# `<site>/pagefind/pagefind.js` from here (overrides/partials/search.html).
BUNDLE_DIR = "pagefind"

# Page parts never indexed, whatever page they are on: permalink signs, the
# breadcrumb trail, the PDF-sheet and "suggest a correction" lines (the same
# words on every practice), the facts box (its labels repeat on every page; its
# place, country and size are metadata instead), the section headings ("What
# it is", "How it works": on every practice, so they match everything and
# rank nothing), and whatever the templates mark data-search-exclude.
EXCLUDE_SELECTORS = (
    ".headerlink",
    ".atlas-breadcrumbs",
    ".atlas-sheet",
    ".atlas-correction",
    ".atlas-facts",
    "h2",
    "[data-search-exclude]",
)

# Pagefind's indexer, from npm (package.json pins it; `make setup` runs npm ci): the
# PyPI wheel stops at 1.5, whose browser files (pagefind.js and its WebAssembly) are 11 KB larger than 1.6's.
PAGEFIND = PROJECT_ROOT / "node_modules" / ".bin" / "pagefind"

# Material renders every page's content into this element.
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')
_ARTICLE_END = "</article>"

# German transliterations of letters that accent folding maps differently (ö -> o).
_TRANSLITERATIONS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
_WORD = re.compile(r"\w+", re.UNICODE)


class SearchIndexError(RuntimeError):
    """The search index could not be built; the message says why and what to do."""


@dataclass(frozen=True)
class SearchIndexReport:
    pages: int
    seconds: float
    bundle: Path


def folded(text: str) -> str:
    """The text without accents ("Pölten" -> "Polten"): what Pagefind matches anyway."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def aliases(*texts: str) -> list[str]:
    """Spellings people type that accent folding does not reach: "Koeln", "Poelten", "Rosslau".

    Only words with ä, ö, ü or ß yield one, so most practices have none.
    """
    found: list[str] = []
    for text in texts:
        for word in _WORD.findall(text):
            if any(letter in word for letter in _TRANSLITERATIONS):
                spelled = "".join(_TRANSLITERATIONS.get(letter, letter) for letter in word)
                if spelled not in found:
                    found.append(spelled)
    return found


def practice_metadata(practice: Practice, catalogue: Catalogue) -> dict[str, str]:
    """What a search result shows under the practice's title, plus its searchable aliases."""
    metadata = {
        "place": ", ".join(practice.places),
        "country": catalogue.label("countries", practice.country),
        "size": catalogue.label("municipality_sizes", practice.municipality_size),
    }
    extra = aliases(practice.title, *practice.places, *practice.replicated_in)
    if extra:
        metadata["aliases"] = " ".join(extra)
    return metadata


def metadata_element(metadata: dict[str, str]) -> str:
    """One hidden, empty element whose attributes carry the metadata (escaped).

    Pagefind's `key[attribute]` form reads each value from an attribute, so a
    place list with commas in it cannot be split into wrong keys.
    """
    keys = ", ".join(f"{key}[data-atlas-{key}]" for key in metadata)
    values = "".join(f' data-atlas-{key}="{escape(value)}"' for key, value in metadata.items())
    return f'<span hidden data-pagefind-meta="{keys}"{values}></span>'


_EXCLUDED_HEADING = re.compile(r"<h(?P<level>[1-6])\b[^>]*\sdata-search-exclude\b[^>]*>", re.I)
_HEADING = re.compile(r"<h(?P<level>[1-6])\b", re.I)


def _without_excluded_sections(body: str) -> str:
    """Wraps each section whose heading is marked data-search-exclude in a data-pagefind-ignore block.

    Material's search reads the mark on a heading as "leave out this section";
    Pagefind ignores only the marked element, so the section (up to the next
    heading of the same or a higher level) is wrapped to keep that meaning.
    """
    out: list[str] = []
    position = 0
    while (heading := _EXCLUDED_HEADING.search(body, position)) is not None:
        level = int(heading.group("level"))
        end = len(body)
        for following in _HEADING.finditer(body, heading.end()):
            if int(following.group("level")) <= level:
                end = following.start()
                break
        out += [
            body[position : heading.start()],
            '<div data-pagefind-ignore="all">',
            body[heading.start() : end],
            "</div>",
        ]
        position = end
    out.append(body[position:])
    return "".join(out)


def mark_practice_page(html: str, metadata: dict[str, str]) -> str:
    """The built practice page with its article marked for indexing and its metadata added.

    Pages without Material's article element are returned unchanged (nothing to index).
    """
    article = _ARTICLE.search(html)
    if not article:
        return html
    open_end = html.index(">", article.end()) + 1
    close = html.find(_ARTICLE_END, open_end)
    if close < 0:
        return html
    body = _without_excluded_sections(html[open_end:close])
    return (
        html[: article.end()]
        + " data-pagefind-body"
        + html[article.end() : open_end]
        + metadata_element(metadata)
        + body
        + html[close:]
    )


def _pagefind_executable() -> str:
    if not PAGEFIND.exists():
        raise SearchIndexError(
            f"the search indexer (npm package pagefind) is not installed at {PAGEFIND}: "
            "run `make setup`, which runs npm ci"
        )
    return str(PAGEFIND)


def build_search_index(site_dir: Path, *, executable: str | None = None) -> SearchIndexReport:
    """Runs Pagefind over the built site; writes `<site_dir>/pagefind/`.

    Raises SearchIndexError (with Pagefind's own message) when it fails or
    finds no page to index, so a build never publishes a search box without an index.
    """
    command = [
        executable or _pagefind_executable(),
        "--site",
        str(site_dir),
        "--output-subdir",
        BUNDLE_DIR,
        "--exclude-selectors",
        ", ".join(EXCLUDE_SELECTORS),
        "--quiet",
    ]
    started = time.perf_counter()
    try:
        run = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise SearchIndexError(
            f"could not run the search indexer {command[0]}: {error}. Run `make setup` to reinstall it"
        ) from None
    seconds = time.perf_counter() - started
    if run.returncode != 0:
        detail = (run.stderr or run.stdout).strip()
        raise SearchIndexError(f"the search indexer failed (exit {run.returncode}): {detail}")
    bundle = site_dir / BUNDLE_DIR
    pages = len(list((bundle / "fragment").glob("*.pf_fragment")))
    if not (bundle / "pagefind.js").is_file() or pages == 0:
        raise SearchIndexError(
            f"the search indexer wrote no index into {bundle}: no page carries "
            "data-pagefind-body (are the practice pages built?)"
        )
    return SearchIndexReport(pages=pages, seconds=seconds, bundle=bundle)


def metadata_by_page(catalogue: Catalogue) -> dict[str, dict[str, str]]:
    """Each practice page's source path -> its search metadata: the pages to index."""
    return {practice_uri(practice): practice_metadata(practice, catalogue) for practice in catalogue.practices}
