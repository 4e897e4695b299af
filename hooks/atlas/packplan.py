"""What goes into a training pack, and in which order: chapters, practices, checklists, front and back pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .catalogue import Catalogue
from .model import BenchmarkGroup, Practice, Source
from .printlinks import SiteAddress
from .project import PROJECT_ROOT
from .selection import Selection, describe

ATLAS_TITLE = "Local Integration Practice Atlas"


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
