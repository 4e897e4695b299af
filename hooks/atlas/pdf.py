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

import copy
import functools
import gc
import hashlib
import logging
import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import weasyprint
from pikepdf import __version__ as pikepdf_version

from .catalogue import Catalogue
from .model import BenchmarkGroup, Practice
from .packplan import ATLAS_TITLE, Pack, benchmark_anchor, plan_pack, practice_anchor
from .pdfjoin import CROSS_PART_SCHEME, join_tagged_parts
from .pdftags import LinkDescriber, finish_tagged_pdf
from .pdfwriter import PDF_VARIANT, PdfResult, PdfWriter, css_string, describe_by_target, rare_garbage_collection
from .printhtml import PackRenderer, PageNumbers, Part, pack_parts
from .printlinks import SiteAddress
from .selection import Selection
from .templating import PRINT_TEMPLATES

log = logging.getLogger("atlas.pdf")

PACK_FILE = "atlas-training-pack.pdf"
SHEETS_FOLDER = "sheets"
DOWNLOADS_FOLDER = "downloads"  # under the built site; the pages link here

CHECKLISTS_FOLDER = "checklists"


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
        return describe_by_target(target, page)

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
                with rare_garbage_collection():
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
_CODE_FILES = (
    "pdf.py",
    "printbody.py",
    "printhtml.py",
    "pdfwriter.py",
    "pdftags.py",
    "printlinks.py",
)  # pdfjoin.py makes no sheet


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
    describe_link = describe_by_target
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
