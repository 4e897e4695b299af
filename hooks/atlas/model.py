"""Typed records of the atlas: practices, benchmarks, vocabularies, problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located and with a fix to try."""

    path: str
    line: int | None
    field: str | None
    message: str
    hint: str | None = None
    warning: bool = False  # reported, but does not stop the build (e.g. a file that is not read)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {'warning: ' if self.warning else ''}{what}" + (f" ({self.hint})" if self.hint else "")

    def sort_key(self) -> tuple[str, int, str]:
        return (self.path, self.line or 0, self.field or "")


@dataclass(frozen=True)
class Term:
    """One allowed value of a vocabulary, with the label the site shows."""

    id: str
    label: str
    description: str = ""
    min: int | None = None
    max: int | None = None


@dataclass(frozen=True)
class Vocabulary:
    name: str
    title: str
    terms: tuple[Term, ...]
    _by_id: dict[str, Term] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {t.id: t for t in self.terms})  # frozen: set once, here

    def __contains__(self, term_id: object) -> bool:
        return term_id in self._by_id

    def get(self, term_id: str) -> Term | None:
        return self._by_id.get(term_id)

    def label(self, term_id: str) -> str:
        term = self.get(term_id)
        return term.label if term else term_id

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.terms]


@dataclass(frozen=True)
class Benchmark:
    id: str  # stable full id: group.theme.item
    title: str
    statement: str
    group_id: str
    theme_id: str


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    benchmarks: tuple[Benchmark, ...]


@dataclass(frozen=True)
class Source:
    """One entry of the bibliography (data/sources.yml), cited by its key.

    `year` is None when the document carries no date; `date` is how the
    document itself dates it ("January 2024"), `note` anything a reader needs
    to find it (what the copy is, what it does not say).
    """

    key: str
    title: str
    publisher: str
    year: int | None
    url: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    languages: tuple[str, ...] = ()
    kind: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Citation:
    """A practice's reference to one source, with where in it the facts stand."""

    source: Source
    locator: str


@dataclass(frozen=True)
class YearClaim:
    """A year as the sources support it: exactly that year, or only "running by" it."""

    year: int
    by: bool = False

    def __str__(self) -> str:
        return f"by {self.year}" if self.by else str(self.year)


@dataclass(frozen=True)
class Population:
    """The resident population a practice's municipality size was classified by."""

    figure: int
    year: int
    source: str
    rounded: bool = False  # the figure is given to the nearest thousand or so


@dataclass(frozen=True)
class BenchmarkGroup:
    """A dimension, or a set of cross-cutting principles, with its themes."""

    id: str
    kind: str
    title: str
    order: int
    description: str
    challenges: tuple[str, ...]
    source: Source
    themes: tuple[Theme, ...]
    source_locator: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def benchmarks(self) -> list[Benchmark]:
        return [b for theme in self.themes for b in theme.benchmarks]


@dataclass(frozen=True)
class Evidence:
    level: str
    note: str


@dataclass(frozen=True)
class Practice:
    slug: str
    title: str
    summary: str
    dimensions: tuple[str, ...]
    country: str
    places: tuple[str, ...]
    municipality_size: str
    governance_level: str
    actors: tuple[str, ...]
    target_groups: tuple[str, ...]
    started: YearClaim | None
    status: str
    benchmarks: tuple[str, ...]
    citations: tuple[Citation, ...]
    evidence: Evidence
    migrant_participation: str
    last_reviewed: date
    body: str
    path: Path
    display_path: str
    title_original: str | None = None
    ended: YearClaim | None = None
    replicated_in: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # former slugs whose addresses redirect here
    benchmark_how: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    population: Population | None = None

    @property
    def sources(self) -> tuple[Source, ...]:
        """The cited bibliography entries, each once, in citation order."""
        return tuple(dict.fromkeys(c.source for c in self.citations))
