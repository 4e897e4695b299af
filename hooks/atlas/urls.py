"""Every URL the atlas builds, in one place.

Three kinds, kept apart on purpose:
- source URIs (`practices/ung-kraft.md`): what a generated page is called in
  the docs tree, and what a Markdown link points at (MkDocs rewrites them);
- page URLs (`practices/ung-kraft.html`): what MkDocs makes of a source URI,
  needed inside raw HTML and data files, which MkDocs does not rewrite;
- relative links between two pages, in either form.
Templates and data files call these and never paste folders together.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote

from markupsafe import Markup

from .model import BenchmarkGroup, Practice, Source

PRACTICES_INDEX = "practices/index.md"
BENCHMARKS_INDEX = "benchmarks/index.md"
SOURCES_URI = "guide/sources.md"  # the generated bibliography page (nav: "Sources and credits")
ASSESSMENT_INDEX = "self-assessment/index.md"
ASSESSMENT_REPORT = "self-assessment/report.md"  # the printable report built in the browser from the answers


# --- Source URIs ---------------------------------------------------------------------------------


def practice_uri(practice: Practice | str) -> str:
    """A practice's page; a slug may stand in for the practice (e.g. "{slug}" as a pattern)."""
    slug = practice if isinstance(practice, str) else practice.slug
    return f"practices/{slug}.md"


def facet_index_uri(folder: str) -> str:
    return f"{folder}/index.md"


def facet_uri(folder: str, value: str) -> str:
    """One value's page of a facet, e.g. countries/se.md (ids are lower-cased: country codes are not)."""
    return f"{folder}/{value.lower()}.md"


def benchmark_group_uri(group: BenchmarkGroup | str) -> str:
    group_id = group if isinstance(group, str) else group.id
    return f"benchmarks/{group_id}.md"


def benchmark_uri(benchmark_id: str) -> str:
    """Link target of one benchmark: its group page, anchored at its id."""
    return f"{benchmark_group_uri(benchmark_id.split('.', 1)[0])}#{benchmark_id}"


def assessment_uri(group: BenchmarkGroup | str) -> str:
    """The self-assessment checklist of one benchmark group."""
    group_id = group if isinstance(group, str) else group.id
    return f"self-assessment/{group_id}.md"


def source_uri(source: Source) -> str:
    """One bibliography entry on the Sources page."""
    return f"{SOURCES_URI}#source-{source.key}"


# --- What MkDocs makes of them -------------------------------------------------------------------


def page_url(src_uri: str, directory_urls: bool = False) -> str:
    """The URL MkDocs gives a source page, relative to the site root.

    The offline plugin turns directory URLs off, so `x/y.md` becomes `x/y.html`;
    with directory URLs it becomes `x/y/` (and `x/index.md` becomes `x/`).
    Files that are not pages keep their path.
    """
    path, _, fragment = src_uri.partition("#")
    if not path.endswith(".md"):
        return src_uri
    stem = path[: -len(".md")]
    if directory_urls:
        stem = stem[: -len("index")] if posixpath.basename(stem) == "index" else stem + "/"
    else:
        stem += ".html"
    return stem + (f"#{fragment}" if fragment else "")


def page_file(src_uri: str, directory_urls: bool = False) -> str:
    """The file MkDocs writes for a source page: its URL, with `index.html` added to a folder URL."""
    url = page_url(src_uri, directory_urls)
    return url + "index.html" if url == "" or url.endswith("/") else url


# --- Links between pages -------------------------------------------------------------------------


def source_link(here: str, target: str) -> str:
    """A Markdown link from source page `here` to source path `target`; MkDocs resolves and rewrites it.

    Every source URI is relative to the docs root, so going up once per folder
    of the current page reaches any target (cheaper than posixpath.relpath).
    """
    return root_link(here, target)


def root_link(here_url: str, site_path: str) -> str:
    """A link from the file at `here_url` to `site_path`, both relative to the site root (e.g. MkDocs page.url).

    Like source_link, one "../" per folder of `here_url`; a folder URL ("x/y/") counts its last folder.
    """
    return "../" * here_url.count("/") + site_path


def page_link(here: str, target: str, directory_urls: bool = False) -> str:
    """A link from page `here` to `target` (both source URIs) as the browser needs it: for raw HTML and data."""
    path, _, fragment = page_url(target, directory_urls).partition("#")
    base = posixpath.dirname(page_url(here, directory_urls)) or "."
    relative = posixpath.relpath(path or ".", base)
    if not path or path.endswith("/"):  # a folder URL (the site root is ""): relpath drops the slash it needs
        relative = "./" if relative == "." else relative + "/"
    return relative + (f"#{fragment}" if fragment else "")


def url_path(value: str) -> Markup:
    """A relative URL made of our own ids, percent-quoted for safety."""
    return Markup(quote(value, safe="/#.-_"))


def external_url(value: str) -> Markup:
    """A contributor's http(s) URL (already validated), quoted so it cannot close the link."""
    return Markup(quote(value, safe=":/?#@!$&*+,;=%~.-_"))


def edit_url(edit_base: str | None, practice: Practice) -> Markup | None:
    """Where a reader can propose a fix to the practice's source file, if a repository is configured."""
    if not edit_base:
        return None
    return external_url(edit_base.rstrip("/") + "/" + practice.display_path)
