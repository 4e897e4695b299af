"""The offline PDF training pack and the one-page practice sheets.

WeasyPrint lays out our own print HTML (Jinja templates with autoescape and a
print stylesheet in templates/print/), not Material's screen pages: that is
what gives a contents list with page numbers (`target-counter`), running
headers, bookmarks from the headings, and no browser to install. It reads the
same catalogue as the site, so the pack and the site never disagree.

Nothing is fetched while exporting: the URL fetcher serves our own stylesheet
and refuses every other URL, and fonts are system fonts named in the CSS.
"""
from __future__ import annotations

import contextlib
import copy
import gc
import logging
import re
import subprocess
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown
import weasyprint
from jinja2 import Environment
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup
from weasyprint.text.fonts import FontConfiguration

from .catalogue import Catalogue
from .model import Benchmark, BenchmarkGroup, Practice
from .selection import Selection, describe
from .templating import PRINT_TEMPLATES, catalogue_globals, html_environment

log = logging.getLogger("atlas.pdf")

PACK_FILE = "atlas-training-pack.pdf"
SHEETS_FOLDER = "sheets"
DOWNLOADS_FOLDER = "downloads"  # under the built site; the pages link here
ATLAS_TITLE = "Local Integration Practice Atlas"

# Layout tiers for a one-page sheet, tried in turn until the practice fits.
SHEET_TIERS: tuple[str, ...] = ("full", "compact", "brief", "tiny")


# --- Practice bodies: Markdown to safe print HTML -----------------------------------------------

_SLUG_LINK = re.compile(r"(?:^|/)([a-z0-9]+(?:-[a-z0-9]+)*)\.(?:md|html)$")


class _PrintTree(Treeprocessor):
    """Fit a body into the pack: headings one level down, links kept only where they resolve."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.anchors: dict[str, str] = {}

    def run(self, root: etree.Element) -> None:
        # Images are not fetched: each becomes a note with its alt text.
        images = [(parent, index, child) for parent in root.iter()
                  for index, child in enumerate(parent) if child.tag == "img"]
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
            element.set("class", "ref")  # prints the page number after the link text
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
        self._md = markdown.Markdown(extensions=["tables", "def_list", "sane_lists", _PrintBody()],
                                     output_format="html")
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

    @property
    def outline(self) -> list[tuple[str, list[str]]]:
        """What the contents list and the PDF bookmarks show: chapters, their practices, the index."""
        return [(c.title, [p.title for p in c.practices]) for c in self.chapters] + [(INDEX_TITLE, [])]


INDEX_TITLE = "Index of practices"
# Practices named under one checklist item. Beyond a dozen a list stops helping the reader, and a
# long run of page references is the slowest thing WeasyPrint lays out (its cost grows faster than linearly).
CHECKLIST_REFS = 12


def practice_anchor(practice: Practice) -> str:
    return f"p-{practice.slug}"


def benchmark_anchor(benchmark_id: str) -> str:
    return f"b-{benchmark_id}"


def plan_pack(catalogue: Catalogue, selection: Selection, *, day: date, version: str) -> Pack:
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
            anchor=f"ch-{dim}", title=term.label if term else dim,
            description=group.description if group else (term.description if term else ""),
            group=group, challenges=group.challenges if group else ())
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
        for g in catalogue.groups if g.kind != "dimension" and (selection.is_everything or g.id in cited)
    ]
    countries = catalogue.vocabulary("countries")
    by_country: dict[str, list[Practice]] = {}
    for practice in practices:
        by_country.setdefault(practice.country, []).append(practice)
    sizes = catalogue.vocabulary("municipality_sizes")
    return Pack(
        title=ATLAS_TITLE,
        subtitle="Training pack" if selection.is_everything else "Training pack: a selection",
        day=day, version=version,
        selection_lines=describe(selection, catalogue),
        practices=practices,
        # Principles first: they frame every dimension that follows.
        chapters=principle_chapters + list(chapters.values()),
        by_country=sorted(((countries.label(c), ps) for c, ps in by_country.items()), key=lambda x: x[0].casefold()),
        by_size=[(t.label, [p for p in practices if p.municipality_size == t.id]) for t in sizes.terms
                 if any(p.municipality_size == t.id for p in practices)],
        chosen_benchmarks=frozenset(selection.values("benchmark")),
    )


# --- HTML ------------------------------------------------------------------------------------------

def fact_rows(catalogue: Catalogue, p: Practice) -> list[tuple[str, str]]:
    """The facts box of a practice, as (label, text) pairs; plain strings, escaped by the template."""
    label, labels = catalogue.label, catalogue.labels
    started = (f"running by {p.started.year}" if p.started.by else str(p.started.year)) if p.started \
        else "start year not reported"
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


def make_print_environment(catalogue: Catalogue) -> Environment:
    """Jinja with HTML autoescape: every contributor value is escaped; only `body()` is Markup."""
    env = html_environment(PRINT_TEMPLATES)
    env.globals.update(
        catalogue_globals(catalogue),
        practice_anchor=practice_anchor,
        benchmark_anchor=benchmark_anchor,
        fact_rows=lambda p: fact_rows(catalogue, p),
    )
    return env


class PackRenderer:
    """Renders the pack and the sheets of one catalogue, reusing the Markdown converter."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.env = make_print_environment(catalogue)
        self.bodies = BodyRenderer()

    def pack_html(self, pack: Pack) -> str:
        anchors = {p.slug: practice_anchor(p) for p in pack.practices}
        printed = {b.id for c in pack.chapters if c.group for b in c.group.benchmarks}
        by_benchmark: dict[str, list[Practice]] = {}
        for practice in pack.practices:
            for benchmark_id in practice.benchmarks:
                by_benchmark.setdefault(benchmark_id, []).append(practice)
        return self.env.get_template("pack.html.j2").render(
            pack=pack, body=lambda p: self.bodies(p.body, anchors),
            benchmark_printed=printed, pack_by_benchmark=by_benchmark,
            index_title=INDEX_TITLE, checklist_refs=CHECKLIST_REFS)

    def sheets_html(self, sheets: list[tuple[Practice, str]], *, day: date, version: str) -> str:
        """Several sheets, each (practice, layout tier), every one starting a page."""
        return self.env.get_template("sheet.html.j2").render(
            sheets=sheets, day=day, version=version, atlas_title=ATLAS_TITLE,
            body=lambda p: self.bodies(p.body, {}), benchmark=self._benchmark)

    def _benchmark(self, benchmark_id: str) -> Benchmark:
        return self.catalogue.benchmarks[benchmark_id]


# --- PDF -------------------------------------------------------------------------------------------

class LocalOnlyFetcher(weasyprint.URLFetcher):
    """Serves files from our print templates and refuses every other URL (no network, no other files)."""

    def __init__(self, allowed: Path = PRINT_TEMPLATES) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.allowed = allowed.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        parts = urlsplit(url)
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


class PdfWriter:
    """WeasyPrint with our stylesheet parsed once and fonts configured once."""

    def __init__(self) -> None:
        self.fonts = FontConfiguration()
        self.fetcher = LocalOnlyFetcher()
        self.base_url = PRINT_TEMPLATES.as_uri() + "/"

    def layout(self, html: str) -> Any:
        document = weasyprint.HTML(string=html, base_url=self.base_url, url_fetcher=self.fetcher)
        with _rare_garbage_collection():
            return document.render(font_config=self.fonts)

    def write(self, document: Any, target: Path) -> PdfResult:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _rare_garbage_collection():
            document.write_pdf(target)
        return PdfResult(target, len(document.pages), list(self.fetcher.refused))


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
        done = subprocess.run(["git", "-C", str(root), "describe", "--always", "--dirty", "--exclude=*"],
                              capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        done = None
    if done is not None and done.returncode == 0 and done.stdout.strip():
        return done.stdout.strip()
    return f"snapshot {day.isoformat()}"


def export_pack(catalogue: Catalogue, selection: Selection, target: Path, *, day: date, version: str,
                writer: PdfWriter | None = None) -> tuple[Pack, PdfResult]:
    pack = plan_pack(catalogue, selection, day=day, version=version)
    html = PackRenderer(catalogue).pack_html(pack)
    writer = writer or PdfWriter()
    return pack, writer.write(writer.layout(html), target)


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


def export_sheets(catalogue: Catalogue, practices: list[Practice], folder: Path, *, day: date, version: str,
                  writer: PdfWriter | None = None) -> list[PdfResult]:
    """One single-page PDF per practice, `<folder>/<slug>.pdf`, trying denser layouts until it fits.

    All sheets of a tier are laid out in one document (much faster than one
    document each), then every sheet's page is written on its own.
    """
    renderer = PackRenderer(catalogue)
    writer = writer or PdfWriter()
    todo = list(practices)
    fitted: dict[str, Any] = {}  # slug -> (document, page)
    for tier in SHEET_TIERS:
        if not todo:
            break
        document = writer.layout(renderer.sheets_html([(p, tier) for p in todo], day=day, version=version))
        pages = _pages_per_sheet(document, [p.slug for p in todo])
        last = tier == SHEET_TIERS[-1]
        for practice in todo:
            if len(pages[practice.slug]) == 1 or last:
                if len(pages[practice.slug]) > 1:
                    log.warning("%s: the sheet does not fit on one page even in the smallest layout; "
                                "its first page is kept", practice.display_path)
                fitted[practice.slug] = (document, pages[practice.slug][0])
        todo = [p for p in todo if p.slug not in fitted]
    results = []
    for practice in practices:
        document, page = fitted[practice.slug]
        single = document.copy([page])
        single.metadata = copy.copy(document.metadata)
        single.metadata.title = practice.title
        single.metadata.description = practice.summary
        results.append(writer.write(single, folder / f"{practice.slug}.pdf"))
    return results
