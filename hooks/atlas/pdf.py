"""The offline PDF training pack, the practice sheets and the benchmark checklists.

WeasyPrint lays out our own print HTML (Jinja templates with autoescape and a
print stylesheet in templates/print/), not Material's screen pages: that is
what gives a contents list with page numbers (`target-counter`), running
headers, bookmarks from the headings, and no browser to install. It reads the
same catalogue as the site, so the pack and the site never disagree.

Nothing is fetched while exporting: the URL fetcher serves our own stylesheet
(and the QR codes, inline data: URIs) and refuses every other URL, and fonts
are system fonts named in the CSS. Every PDF is tagged (PDF/UA-1), so a
screen reader gets its headings, lists, tables, links and figures.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import gc
import hashlib
import logging
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown
import weasyprint
import yaml
from jinja2 import Environment
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup
from pikepdf import __version__ as pikepdf_version
from weasyprint.text.fonts import FontConfiguration

from .catalogue import Catalogue
from .model import Benchmark, BenchmarkGroup, Practice, Source
from .pdfjoin import CROSS_PART_SCHEME, join_tagged_parts
from .pdftags import LinkDescriber, finish_tagged_pdf
from .printlinks import SiteAddress, qr_data_uri
from .project import PROJECT_ROOT
from .selection import Selection, describe
from .templating import PRINT_TEMPLATES, catalogue_globals, html_environment

log = logging.getLogger("atlas.pdf")

PACK_FILE = "atlas-training-pack.pdf"
SHEETS_FOLDER = "sheets"
DOWNLOADS_FOLDER = "downloads"  # under the built site; the pages link here
ATLAS_TITLE = "Local Integration Practice Atlas"

CHECKLISTS_FOLDER = "checklists"


# --- Practice bodies: Markdown to safe print HTML -----------------------------------------------

_SLUG_LINK = re.compile(r"(?:^|/)([a-z0-9]+(?:-[a-z0-9]+)*)\.(?:md|html)$")


class _PrintTree(Treeprocessor):
    """Fit a body into the pack: headings one level down, links kept only where they resolve."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.anchors: dict[str, str] = {}

    def run(self, root: etree.Element) -> None:
        # Images are not fetched: each becomes a note with its alt text.
        images = [
            (parent, index, child) for parent in root.iter() for index, child in enumerate(parent) if child.tag == "img"
        ]
        for parent, index, image in images:
            note = etree.Element("span", {"class": "image-note"})
            note.text = f"[image: {image.get('alt') or 'not included in print'}]"
            note.tail = image.tail
            parent[index] = note
        for element in root.iter():
            if re.fullmatch(r"h[1-6]", element.tag):
                element.tag = f"h{min(6, max(3, int(element.tag[1]) + 1))}"
                element.set("class", "body-heading")
            elif element.tag == "a":
                self._fix_link(element)

    def _fix_link(self, element: etree.Element) -> None:
        href = element.get("href", "")
        parts = urlsplit(href)
        if parts.scheme in ("http", "https", "mailto"):
            return
        slug_match = _SLUG_LINK.search(unquote(parts.path)) if not parts.scheme else None
        if slug_match and slug_match.group(1) in self.anchors:
            element.set("href", "#" + self.anchors[slug_match.group(1)])
            element.set("class", "practice-link")  # a link; page numbers are in the contents and the index
            return
        # A link that would point nowhere in a printed pack becomes plain text.
        element.tag = "span"
        element.attrib.clear()


class _PrintBody(Extension):
    """No raw HTML at all (it shows as text), no attribute lists; only our tree fixes."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_PrintTree(md), "atlas_print", 0)


class BodyRenderer:
    """One reusable Markdown converter for practice bodies."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            extensions=["tables", "def_list", "sane_lists", _PrintBody()], output_format="html"
        )
        self._tree: _PrintTree = self._md.treeprocessors["atlas_print"]  # type: ignore[assignment]

    def __call__(self, body: str, anchors: dict[str, str]) -> Markup:
        self._tree.anchors = anchors
        html = self._md.reset().convert(body)
        return Markup(html)  # everything in it was escaped by Markdown's serializer


# --- The pack's plan -----------------------------------------------------------------------------


@dataclass
class Chapter:
    """A dimension (with its checklist and practices) or a set of cross-cutting principles."""

    anchor: str
    title: str
    description: str
    group: BenchmarkGroup | None
    challenges: tuple[str, ...] = ()
    practices: list[Practice] = field(default_factory=list)
    also: list[Practice] = field(default_factory=list)  # placed in another chapter, relevant here too


@dataclass
class Pack:
    title: str
    subtitle: str
    day: date
    version: str
    selection_lines: list[tuple[str, list[str]]]
    practices: list[Practice]
    chapters: list[Chapter]
    by_country: list[tuple[str, list[Practice]]]
    by_size: list[tuple[str, list[Practice]]]
    chosen_benchmarks: frozenset[str]
    selection_sentence: str = ""
    sources: list[Source] = field(default_factory=list)
    citation: str = ""
    revision: str | None = None  # the source commit, printed in the colophon
    home_url: str | None = None
    author: str = ATLAS_TITLE

    @property
    def edition(self) -> str:
        return f"{self.day.day} {self.day:%B %Y}"

    @property
    def front(self) -> list[tuple[str, str]]:
        return [("how-to-use", HOWTO_TITLE), ("licence", LICENCE_TITLE)]

    @property
    def back(self) -> list[tuple[str, str]]:
        return [("sources", SOURCES_TITLE), ("index", INDEX_TITLE)]

    @property
    def toc(self) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """The contents list: front pages, chapters with their practices, back pages, as (anchor, title, children)."""
        return (
            [(a, t, []) for a, t in self.front]
            + [(c.anchor, c.title, [(practice_anchor(p), p.title) for p in c.practices]) for c in self.chapters]
            + [(a, t, []) for a, t in self.back]
        )

    @property
    def outline(self) -> list[tuple[str, list[str]]]:
        """What the contents list and the PDF bookmarks show."""
        return [(title, [t for _, t in children]) for _, title, children in self.toc]


HOWTO_TITLE = "How to use this pack in a training"
LICENCE_TITLE = "Licence and how to cite"
SOURCES_TITLE = "Sources"
INDEX_TITLE = "Index of practices"
# Practices named under one checklist item. Beyond a dozen a list stops helping the reader.
CHECKLIST_REFS = 12
# On a checklist printed on its own (no page numbers to follow), a few names are enough.
SHEET_CHECKLIST_REFS = 5


def practice_anchor(practice: Practice) -> str:
    return f"p-{practice.slug}"


def benchmark_anchor(benchmark_id: str) -> str:
    return f"b-{benchmark_id}"


def selection_sentence(lines: list[tuple[str, list[str]]], count: int) -> str:
    """The selection in words, for the cover: "3 practices whose dimension is Housing and whose country is Austria"."""
    noun = "practice" if count == 1 else "practices"
    if not lines:
        return f"All {count} {noun} in the atlas." if count != 1 else "The one practice in the atlas."
    clauses = [f"whose {facet.lower()} is {' or '.join(values)}" for facet, values in lines]
    return f"{count} {noun} " + " and ".join(clauses) + "."


def citation_of(cff_file: Path, *, edition: str, version: str, url: str | None) -> str:
    """How to cite the pack, from CITATION.cff (authors, title, licence) so the two never disagree."""
    cff: dict[str, Any] = {}
    if cff_file.is_file():
        loaded = yaml.safe_load(cff_file.read_text(encoding="utf-8"))
        cff = loaded if isinstance(loaded, dict) else {}
    authors = ", ".join(
        str(a.get("name") or " ".join(filter(None, (a.get("given-names"), a.get("family-names")))))
        for a in cff.get("authors") or []
        if isinstance(a, dict)
    )
    title = str(cff.get("title") or ATLAS_TITLE)
    parts = [
        f"{authors}." if authors else "",
        f"{title}: training pack.",
        f"Edition {edition}, version {version}.",
        f"Licence {cff.get('license') or 'CC-BY-4.0'}.",
    ]
    if url:
        parts.append(url)
    return " ".join(p for p in parts if p)


def plan_pack(
    catalogue: Catalogue,
    selection: Selection,
    *,
    day: date,
    version: str,
    revision: str | None = None,
    site: SiteAddress | None = None,
    cff_file: Path | None = None,
) -> Pack:
    """Decide chapters and the place of every selected practice (each printed once)."""
    practices = selection.apply(catalogue)
    dimension_ids = catalogue.vocabulary("dimensions").ids
    if selection.values("dimension"):
        chapter_ids = [d for d in dimension_ids if d in selection.values("dimension")]
    elif selection.is_everything:
        chapter_ids = list(dimension_ids)
    else:
        present = {d for p in practices for d in p.dimensions}
        chapter_ids = [d for d in dimension_ids if d in present]
    groups = {g.id: g for g in catalogue.groups}
    chapters = {}
    for dim in chapter_ids:
        term = catalogue.vocabulary("dimensions").get(dim)
        group = groups.get(dim)
        chapters[dim] = Chapter(
            anchor=f"ch-{dim}",
            title=term.label if term else dim,
            description=group.description if group else (term.description if term else ""),
            group=group,
            challenges=group.challenges if group else (),
        )
    for practice in practices:
        home = next(d for d in practice.dimensions if d in chapters)
        chapters[home].practices.append(practice)
        for other in practice.dimensions:
            if other in chapters and other != home:
                chapters[other].also.append(practice)
    # Cross-cutting groups: all in the full pack; in a selection, those its practices or benchmarks touch.
    cited = {b.split(".", 1)[0] for p in practices for b in p.benchmarks}
    cited |= {b.split(".", 1)[0] for b in selection.values("benchmark")}
    principle_chapters = [
        Chapter(anchor=f"ch-{g.id}", title=g.title, description=g.description, group=g, challenges=g.challenges)
        for g in catalogue.groups
        if g.kind != "dimension" and (selection.is_everything or g.id in cited)
    ]
    all_chapters = principle_chapters + list(chapters.values())  # principles first: they frame every dimension
    countries = catalogue.vocabulary("countries")
    by_country: dict[str, list[Practice]] = {}
    for practice in practices:
        by_country.setdefault(practice.country, []).append(practice)
    sizes = catalogue.vocabulary("municipality_sizes")
    used_sources = {s.key for p in practices for s in p.sources}
    used_sources |= {c.group.source.key for c in all_chapters if c.group}
    lines = describe(selection, catalogue)
    site = site or SiteAddress()
    pack = Pack(
        title=ATLAS_TITLE,
        subtitle="Training pack" if selection.is_everything else "Training pack: a selection",
        day=day,
        version=version,
        revision=revision,
        selection_lines=lines,
        selection_sentence=selection_sentence(lines, len(practices)),
        practices=practices,
        chapters=all_chapters,
        by_country=sorted(((countries.label(c), ps) for c, ps in by_country.items()), key=lambda x: x[0].casefold()),
        by_size=[
            (t.label, [p for p in practices if p.municipality_size == t.id])
            for t in sizes.terms
            if any(p.municipality_size == t.id for p in practices)
        ],
        chosen_benchmarks=frozenset(selection.values("benchmark")),
        sources=[s for key, s in catalogue.sources.items() if key in used_sources],
        home_url=site.base,
    )
    pack.citation = citation_of(
        cff_file or PROJECT_ROOT / "CITATION.cff", edition=pack.edition, version=version, url=site.base
    )
    return pack


# --- HTML ------------------------------------------------------------------------------------------


def fact_rows(catalogue: Catalogue, p: Practice) -> list[tuple[str, str]]:
    """The facts box of a practice, as (label, text) pairs; plain strings, escaped by the template."""
    label, labels = catalogue.label, catalogue.labels
    started = (
        (f"running by {p.started.year}" if p.started.by else str(p.started.year))
        if p.started
        else "start year not reported"
    )
    since = started + (f"; ended {p.ended}" if p.ended else "") + f"; {label('status', p.status).lower()}"
    rows = [
        ("Country", label("countries", p.country)),
        ("Places", ", ".join(p.places)),
        ("Municipality size", label("municipality_sizes", p.municipality_size)),
        ("Governance level", label("governance_levels", p.governance_level)),
        ("Dimensions", labels("dimensions", p.dimensions)),
        ("Actors", labels("actors", p.actors)),
        ("Target groups", labels("target_groups", p.target_groups)),
        ("Migrant participation", label("migrant_participation", p.migrant_participation)),
        ("Since", since),
        ("Evidence", f"{label('evidence_levels', p.evidence.level)}: {p.evidence.note}"),
    ]
    if p.replicated_in:
        rows.append(("Replicated in", ", ".join(p.replicated_in)))
    rows.append(("Last reviewed", p.last_reviewed.isoformat()))
    return rows


def make_print_environment(catalogue: Catalogue, site: SiteAddress | None = None) -> Environment:
    """Jinja with HTML autoescape: every contributor value is escaped; only `body()` is Markup."""
    site = site or SiteAddress()
    env = html_environment(PRINT_TEMPLATES)
    env.globals.update(
        catalogue_globals(catalogue),
        practice_anchor=practice_anchor,
        benchmark_anchor=benchmark_anchor,
        fact_rows=lambda p: fact_rows(catalogue, p),
        practice_url=site.practice_url,
        page_path=site.page_path,
        qr_uri=qr_data_uri,
        atlas_title=ATLAS_TITLE,
    )
    return env


@dataclass
class Section:
    """One block of the pack's HTML: the cover, the contents, a chapter's opener or practices, the index..."""

    kind: str
    chapter: Chapter | None = None

    @property
    def practices(self) -> list[Practice]:
        return self.chapter.practices if self.chapter else []


@dataclass
class Part:
    """Sections laid out together as one WeasyPrint document; `numbered` parts print page numbers of others."""

    name: str
    sections: list[Section]
    numbered: bool
    header: str = ""  # the running header of a part of practices: its chapter


def pack_parts(pack: Pack) -> list[Part]:
    """The pack in document order. Parts without page numbers (the practices, most of the pages) are laid
    out once; the few with page numbers (contents, checklists, index) are laid out again once every
    number is known."""
    parts = [Part("front", [Section("cover"), Section("contents"), Section("howto"), Section("licence")], True)]
    for chapter in pack.chapters:
        parts.append(Part(f"opener-{chapter.anchor}", [Section("opener", chapter)], True))
        if chapter.practices:
            parts.append(Part(f"practices-{chapter.anchor}", [Section("practices", chapter)], False, chapter.title))
    parts.append(Part("back", [Section("sources"), Section("index")], True))
    return parts


class PageNumbers:
    """Page numbers of anchors, printed in a box as wide as `digits` digits: a number as wide as its
    placeholder, so laying a part out again with the real numbers cannot move a line or a page."""

    def __init__(self, digits: int) -> None:
        self.digits = digits
        self.pages: dict[str, int] = {}

    def number(self, anchor: str) -> str:
        found = self.pages.get(anchor)
        return str(found) if found is not None else "8" * self.digits

    def box(self, anchor: str) -> Markup:
        return Markup('<span class="pn" style="min-width: {}ch">{}</span>').format(self.digits, self.number(anchor))


class PackRenderer:
    """Renders the pack and the sheets of one catalogue, reusing the Markdown converter."""

    def __init__(self, catalogue: Catalogue, site: SiteAddress | None = None) -> None:
        self.catalogue = catalogue
        self.site = site or SiteAddress()
        self.env = make_print_environment(catalogue, self.site)
        self.bodies = BodyRenderer()

    def pack_html(self, pack: Pack, sections: list[Section] | None = None, numbers: PageNumbers | None = None) -> str:
        """The pack's HTML: every section (one document), or the sections of one part."""
        anchors = {p.slug: practice_anchor(p) for p in pack.practices}
        printed = {b.id for c in pack.chapters if c.group for b in c.group.benchmarks}
        by_benchmark: dict[str, list[Practice]] = {}
        for practice in pack.practices:
            for benchmark_id in practice.benchmarks:
                by_benchmark.setdefault(benchmark_id, []).append(practice)
        numbers = numbers or PageNumbers(len(str(3 * len(pack.practices) + 100)))
        if sections is None:
            sections = [s for part in pack_parts(pack) for s in part.sections]

        def ref(p: Practice) -> Markup:
            anchor = practice_anchor(p)
            return Markup('<a href="#{}">{}</a><span class="page-ref"> (p.&#xa0;{})</span>').format(
                anchor, p.title, numbers.box(anchor)
            )

        def helping(b: Benchmark) -> tuple[list[Practice], int]:
            found = by_benchmark.get(b.id, [])
            return found[:CHECKLIST_REFS], max(0, len(found) - CHECKLIST_REFS)

        return self.env.get_template("pack.html.j2").render(
            pack=pack,
            part_list=sections,
            body=lambda p: self.bodies(p.body, anchors),
            benchmark_printed=printed,
            ref=ref,
            helping=helping,
            page_ref=numbers.number,
            index_title=INDEX_TITLE,
        )

    def sheets_html(self, sheets: list[tuple[Practice, str]]) -> str:
        """Several sheets, each (practice, layout tier), every one starting a page."""
        return self.env.get_template("sheet.html.j2").render(
            sheets=sheets, body=lambda p: self.bodies(p.body, {}), benchmark=self._benchmark
        )

    def checklist_html(self, group: BenchmarkGroup, practices: list[Practice], *, edition: str) -> str:
        """One benchmark group's checklist on its own: titles of practices that help, linked to the site if known."""
        by_benchmark: dict[str, list[Practice]] = {}
        for practice in practices:
            for benchmark_id in practice.benchmarks:
                by_benchmark.setdefault(benchmark_id, []).append(practice)

        def ref(p: Practice) -> Markup:
            url = self.site.practice_url(p)
            return Markup('<a href="{}">{}</a>').format(url, p.title) if url else Markup("{}").format(p.title)

        def helping(b: Benchmark) -> tuple[list[Practice], int]:
            found = by_benchmark.get(b.id, [])
            return found[:SHEET_CHECKLIST_REFS], max(0, len(found) - SHEET_CHECKLIST_REFS)

        return self.env.get_template("checklist.html.j2").render(
            group=group, helping=helping, ref=ref, edition=edition, home_url=self.site.base
        )

    def _benchmark(self, benchmark_id: str) -> Benchmark:
        return self.catalogue.benchmarks[benchmark_id]


# --- PDF -------------------------------------------------------------------------------------------

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
PDF_VARIANT = "pdf/ua-1"  # tagged: headings, lists, tables, links and figures reach a screen reader


class LocalOnlyFetcher(weasyprint.URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
    """Serves files from our print templates and inline data: URIs (the QR codes); refuses every other URL."""

    def __init__(self, allowed: Path = PRINT_TEMPLATES) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.allowed = allowed.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
        if path is None or not path.is_relative_to(self.allowed):
            self.refused.append(url)
            raise ValueError(f"the PDF export fetches nothing outside {self.allowed}: {url}")
        return super().fetch(url, headers)


@dataclass
class PdfResult:
    path: Path
    pages: int
    refused_urls: list[str]
    cached: bool = False


def css_string(text: str) -> str:
    """A CSS string literal (for running headers and footers made from titles)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


class PdfWriter:
    """WeasyPrint with fonts configured once, on one paper size; writes tagged PDF (PDF/UA-1)."""

    def __init__(self, paper: str = "a4") -> None:
        if paper not in PAPER_SIZES:
            raise ValueError(f"paper {paper!r}: expected one of {', '.join(PAPER_SIZES)}")
        self.paper = paper
        self.fonts = FontConfiguration()
        self.fetcher = LocalOnlyFetcher()
        self.base_url = PRINT_TEMPLATES.as_uri() + "/"
        self._paper_css = weasyprint.CSS(string=f"@page {{ size: {PAPER_SIZES[paper]}; }}", font_config=self.fonts)

    def layout(self, html: str, extra_css: str = "") -> Any:
        document = weasyprint.HTML(string=html, base_url=self.base_url, url_fetcher=self.fetcher)
        sheets = [self._paper_css]
        if extra_css:
            sheets.append(weasyprint.CSS(string=extra_css, font_config=self.fonts))
        with _rare_garbage_collection():
            return document.render(font_config=self.fonts, stylesheets=sheets)

    def write(self, document: Any, target: Path, describe_link: LinkDescriber | None = None) -> PdfResult:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _rare_garbage_collection():
            document.write_pdf(target, pdf_variant=PDF_VARIANT)
        finish_tagged_pdf(target, describe_link or _describe_by_target)
        return PdfResult(target, len(document.pages), list(self.fetcher.refused))


def _describe_by_target(target: str, page: int | None) -> str | None:
    if "://" in target or target.startswith("mailto:"):
        return f"Web address {target}"
    return f"Go to page {page + 1}" if page is not None else None


@contextlib.contextmanager
def _rare_garbage_collection():  # type: ignore[no-untyped-def]
    """Layout allocates millions of boxes that live until the end, and Python's default collector
    rescans them, and the parsed HTML, again and again: 10 to 25 % of the layout time at 400
    practices (measured on a busy machine). Freeze what exists, collect rarely, restore after."""
    saved = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*saved)
        gc.unfreeze()


def pack_version(root: Path, day: date) -> str:
    """The git commit the pack was made from, or a date stamp outside a git checkout."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "describe", "--always", "--dirty", "--exclude=*"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        done = None
    if done is not None and done.returncode == 0 and done.stdout.strip():
        return done.stdout.strip()
    return f"snapshot {day.isoformat()}"


def edition_version(cff_file: Path, day: date) -> str:
    """The version printed on the cover: CITATION.cff's `version` when it has one, else the edition's date."""
    if cff_file.is_file():
        loaded = yaml.safe_load(cff_file.read_text(encoding="utf-8"))
        if isinstance(loaded, dict) and loaded.get("version"):
            return str(loaded["version"])
    return f"{day:%Y.%m.%d}"


Progress = Callable[[str, int], None]  # (what was just done, how many steps it was)


def _no_progress(_: str, __: int) -> None:
    pass


def _link_describer(pack: Pack, catalogue: Catalogue) -> LinkDescriber:
    names = {practice_anchor(p): f"Practice: {p.title}" for p in pack.practices}
    names.update({c.anchor: f"Chapter: {c.title}" for c in pack.chapters})
    names.update({benchmark_anchor(b.id): f"Checklist item: {b.title}" for b in catalogue.benchmarks.values()})
    names.update({anchor: title for anchor, title in pack.front + pack.back})

    def describe_link(target: str, page: int | None) -> str | None:
        on_page = f", page {page + 1}" if page is not None else ""
        if target in names:
            return names[target] + on_page
        return _describe_by_target(target, page)

    return describe_link


def export_pack(
    catalogue: Catalogue,
    selection: Selection,
    target: Path,
    *,
    day: date,
    version: str,
    writer: PdfWriter | None = None,
    site: SiteAddress | None = None,
    revision: str | None = None,
    progress: Progress = _no_progress,
) -> tuple[Pack, PdfResult]:
    """The training pack, laid out part by part and joined, with every page number exact.

    WeasyPrint's time per page grows with the length of a document, and page
    references (target-counter) make it lay pages out again. So each part
    (the front pages, a chapter's checklist, a chapter's practices, the back
    pages) is its own document: the practices' parts, which carry no page
    numbers, are laid out once with their first page number set; the parts
    that print numbers are laid out first with placeholders as wide as the
    real numbers (to count their pages), then again with the real numbers.
    Each part is written (tagged) as soon as it is laid out, so memory holds
    one part at a time; the parts are then joined into one tagged PDF whose
    structure tree, links and bookmarks span the whole pack (pdfjoin.py).
    """
    writer = writer or PdfWriter()
    pack = plan_pack(catalogue, selection, day=day, version=version, revision=revision, site=site)
    renderer = PackRenderer(catalogue, site)
    parts = pack_parts(pack)
    numbers = PageNumbers(len(str(3 * len(pack.practices) + 100)))
    foot = css_string(f"{ATLAS_TITLE}, edition {pack.edition}")

    def lay_out(part: Part, first_page: int) -> Any:
        css = f"@page {{ @bottom-left {{ content: {foot}; }} }}"
        if first_page > 1:
            css += f"\n@page :first {{ counter-reset: page {first_page}; }}"
        # A part cannot link into another: its internal links go out as atlas-dest: addresses, which
        # join_tagged_parts turns back into internal links of the joined PDF.
        html = renderer.pack_html(pack, part.sections, numbers).replace(' href="#', f' href="{CROSS_PART_SCHEME}')
        document = writer.layout(html, css)
        progress(part.name, 1)
        return document

    counts: dict[str, int] = {}
    local: dict[str, dict[str, int]] = {}  # part -> anchor -> page index within the part
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="atlas-pack-") as tmp:
        files = {part.name: Path(tmp) / f"part-{index:03d}.pdf" for index, part in enumerate(parts)}
        written: set[str] = set()

        def make(part: Part, first_page: int, write: bool) -> None:
            """Lay a part out; write it at once when asked, so only one part's layout is ever in memory."""
            document = lay_out(part, first_page)
            counts[part.name] = len(document.pages)
            anchors: dict[str, int] = {}
            for index, page in enumerate(document.pages):
                for anchor in page.anchors:  # an element that goes on over a page is on both: keep its first
                    anchors.setdefault(anchor, index)
            local[part.name] = anchors
            if write:
                with _rare_garbage_collection():
                    document.write_pdf(files[part.name], pdf_variant=PDF_VARIANT)
                written.add(part.name)
            del document
            gc.collect()

        # 1. Count the pages of the numbered parts, with placeholders (their layout is the same with numbers).
        for part in parts:
            if part.numbered:
                make(part, 1, write=False)
        while True:
            # 2. The practices, once each, in order, each knowing its first page number.
            starts: dict[str, int] = {}
            first = 1
            for part in parts:
                starts[part.name] = first
                if not part.numbered and part.name not in written:
                    make(part, first, write=True)
                first += counts[part.name]
            if len(str(first - 1)) > numbers.digits:  # more pages than the placeholders allow: widen, start again
                numbers = PageNumbers(len(str(first - 1)))
                written.clear()
                for part in parts:
                    if part.numbered:
                        make(part, 1, write=False)
                continue
            numbers.pages = {a: starts[name] + i for name, anchors in local.items() for a, i in anchors.items()}
            # 3. The numbered parts again, with the real numbers.
            placeholders = dict(counts)
            for part in parts:
                if part.numbered:
                    make(part, starts[part.name], write=True)
            moved = [p.name for p in parts if p.numbered and counts[p.name] != placeholders[p.name]]
            if not moved:
                break
            # Not expected (a number is as wide as its placeholder), but then every later part moved.
            log.warning("%s: page count changed with the real page numbers; laying out again", ", ".join(moved))
            written.clear()
        pages = join_tagged_parts(
            [files[part.name] for part in parts], target, pack.toc, f"{pack.title}: {pack.subtitle}"
        )
    finish_tagged_pdf(target, _link_describer(pack, catalogue))
    progress("write", 1)
    return pack, PdfResult(target, pages, list(writer.fetcher.refused))


# --- Sheets and checklists -----------------------------------------------------------------------

# A sheet is one page when it fits, in the normal layout and then a denser one; otherwise it goes on
# over a second page in the denser layout ("continued"), with "Page 1 of 2" in its footer. Text is never cut.
SHEET_TIERS: tuple[str, ...] = ("full", "compact")
CONTINUED = "continued"
_CONTINUED_CSS = (
    '@page { @bottom-right { content: "Page " counter(page) " of " counter(pages); '
    'font: 7pt "DejaVu Sans", sans-serif; color: #4a4a4a; } }'
)
_CODE_FILES = ("pdf.py", "pdftags.py", "printlinks.py")  # pdfjoin.py makes no sheet


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """What a sheet's look depends on besides its content: this code, the print templates and CSS, the libraries."""
    digest = hashlib.sha256(f"weasyprint {weasyprint.__version__}; pikepdf {pikepdf_version}".encode())
    here = Path(__file__).parent
    for path in [*(here / name for name in _CODE_FILES), *sorted(PRINT_TEMPLATES.iterdir())]:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class SheetCache:
    """Finished sheets by a hash of their inputs (the sheet's HTML, which holds every value printed, the
    paper size and `code_fingerprint`), so a build remakes only the sheets whose inputs changed."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def key(self, html: str, paper: str) -> str:
        return hashlib.sha256(f"{code_fingerprint()}\0{paper}\0{html}".encode()).hexdigest()

    def get(self, key: str) -> Path | None:
        if self.folder is None:
            return None
        found = self.folder / f"{key}.pdf"
        return found if found.is_file() else None

    def put(self, key: str, pdf: Path) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = self.folder / f"{key}.pdf.partial"
        shutil.copyfile(pdf, partial)
        partial.replace(self.folder / f"{key}.pdf")  # never a half-written entry


def _pages_per_sheet(document: Any, slugs: list[str]) -> dict[str, list[Any]]:
    """Which pages of a batch belong to which sheet, found by each sheet's anchor."""
    owner: dict[str, list[Any]] = {slug: [] for slug in slugs}
    current: str | None = None
    for page in document.pages:
        starts = [a.removeprefix("sheet-") for a in page.anchors if a.startswith("sheet-")]
        current = starts[0] if starts else current
        if current in owner:
            owner[current].append(page)
    return owner


def export_sheets(
    catalogue: Catalogue,
    practices: list[Practice],
    folder: Path,
    *,
    writer: PdfWriter | None = None,
    site: SiteAddress | None = None,
    cache: SheetCache | None = None,
    progress: Progress = _no_progress,
) -> list[PdfResult]:
    """One PDF per practice, `<folder>/<slug>.pdf`: one page when it fits, else two (never cut).

    All sheets of a layout are laid out in one document (much faster than one
    document each), then every sheet's pages are written on their own.
    """
    renderer = PackRenderer(catalogue, site)
    writer = writer or PdfWriter()
    cache = cache or SheetCache(None)
    folder.mkdir(parents=True, exist_ok=True)
    results: dict[str, PdfResult] = {}
    keys: dict[str, str] = {}
    todo = []
    for practice in practices:
        keys[practice.slug] = cache.key(renderer.sheets_html([(practice, "any")]), writer.paper)
        hit = cache.get(keys[practice.slug])
        if hit is None:
            todo.append(practice)
            continue
        target = folder / f"{practice.slug}.pdf"
        shutil.copyfile(hit, target)
        results[practice.slug] = PdfResult(target, -1, [], cached=True)
        progress(practice.slug, 1)
    fitted: dict[str, tuple[Any, list[Any]]] = {}  # slug -> (document, its pages)
    for tier in SHEET_TIERS:
        if not todo:
            break
        document = writer.layout(renderer.sheets_html([(p, tier) for p in todo]))
        pages = _pages_per_sheet(document, [p.slug for p in todo])
        for practice in todo:
            if len(pages[practice.slug]) == 1:
                fitted[practice.slug] = (document, pages[practice.slug])
        todo = [p for p in todo if p.slug not in fitted]
    for practice in todo:  # the few that need a second page: a document each, so "Page 1 of 2" is right
        document = writer.layout(renderer.sheets_html([(practice, CONTINUED)]), _CONTINUED_CSS)
        fitted[practice.slug] = (document, list(document.pages))
    describe_link = _describe_by_target
    for practice in practices:
        if practice.slug in results:
            continue
        document, own_pages = fitted[practice.slug]
        single = document.copy(own_pages)
        single.metadata = copy.copy(document.metadata)
        single.metadata.title = f"{practice.title}: practice sheet"
        single.metadata.description = practice.summary
        result = writer.write(single, folder / f"{practice.slug}.pdf", describe_link)
        cache.put(keys[practice.slug], result.path)
        results[practice.slug] = result
        progress(practice.slug, 1)
    return [results[p.slug] for p in practices]


def checklist_file(group: BenchmarkGroup) -> str:
    return f"checklist-{group.id}.pdf"


def export_checklists(
    catalogue: Catalogue,
    practices: list[Practice],
    folder: Path,
    *,
    day: date,
    writer: PdfWriter | None = None,
    site: SiteAddress | None = None,
    groups: list[BenchmarkGroup] | None = None,
) -> list[PdfResult]:
    """One fill-in checklist per benchmark group (each dimension and the principles), `<folder>/checklist-<id>.pdf`."""
    renderer = PackRenderer(catalogue, site)
    writer = writer or PdfWriter()
    edition = f"{day.day} {day:%B %Y}"
    results = []
    for group in groups if groups is not None else sorted(catalogue.groups, key=lambda g: g.order):
        document = writer.layout(renderer.checklist_html(group, practices, edition=edition))
        document.metadata.title = f"Benchmark checklist: {group.title}"
        results.append(writer.write(document, folder / checklist_file(group)))
    return results
