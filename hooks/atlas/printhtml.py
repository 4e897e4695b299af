"""The pack's print HTML: the Jinja print environment, the facts of a practice, the parts laid out one by one."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup

from .catalogue import Catalogue
from .model import Benchmark, BenchmarkGroup, Practice
from .packplan import (
    ATLAS_TITLE,
    INDEX_TITLE,
    Chapter,
    Pack,
    benchmark_anchor,
    practice_anchor,
)
from .printbody import BodyRenderer
from .printlinks import SiteAddress, qr_data_uri
from .templating import PRINT_TEMPLATES, catalogue_globals, html_environment

# Practices named under one checklist item. Beyond a dozen a list stops helping the reader.
CHECKLIST_REFS = 12
# On a checklist printed on its own (no page numbers to follow), a few names are enough.
SHEET_CHECKLIST_REFS = 5


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
