#!/usr/bin/env python3
"""Start a new practice file: asks for each field, checks each answer, writes practices/<slug>.md.

Interactive by default; every answer can also be given as a flag, and
--non-interactive never asks (missing or wrong answers are listed at once).
An existing file is never overwritten.

Allowed values of each field: the site's Contribute > Practice file reference
page, or run without --non-interactive to see them listed as you go.

Example:
  scripts/new_practice.py --title "Welcome Desk" --country PT --places Fundão ...
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

try:
    from atlas.load import load_atlas_data, load_practices
    from atlas.model import Problem
    from atlas.pipeline import AtlasPaths
    from atlas.project import PROJECT_ROOT as ROOT
    from atlas.scaffold import (
        FieldChecker,
        describe,
        parse_benchmark,
        parse_population,
        parse_source,
        parse_year,
        practice_text,
        set_path,
        split_list,
    )
    from atlas.slug import slugify
except ModuleNotFoundError as missing:  # run with a Python that lacks the project's packages
    sys.exit(
        f"new_practice.py needs the project's packages ({missing.name} is missing): run `make practice`, "
        "which sets them up in .venv"
    )


Parser = Callable[[str], Any]


@dataclass(frozen=True)
class Question:
    field: str  # dotted field path in the front matter
    flag: str  # command-line flag, without the dashes
    prompt: str
    parse: Parser = str.strip
    vocabulary: str | None = None
    optional: bool = False
    default: str | None = None  # used when the answer is left blank


def _text(value: str) -> str:
    return " ".join(value.split())


def _country(value: str) -> str:
    """'pt' -> 'PT'; a longer answer is kept as typed so the did-you-mean reads naturally."""
    value = value.strip()
    return value.upper() if len(value) == 2 else value


QUESTIONS: tuple[Question, ...] = (
    Question("title", "title", "Name of the practice (in English where one exists)", _text),
    Question(
        "title_original", "title-original", "Name in its original language (blank if the same)", _text, optional=True
    ),
    Question("slug", "slug", "File name (lower-case words joined by hyphens)"),
    Question("summary", "summary", "One or two sentences saying what it is", _text),
    Question("country", "country", "Country, as a two-letter code (e.g. SE, PT, AT)", _country, "countries"),
    Question("places", "places", "Municipalities or regions where it runs, separated by commas", split_list),
    Question("municipality_size", "size", "Size of the place that runs it", str.strip, "municipality_sizes"),
    Question(
        "population",
        "population",
        "Population the size was read from: FIGURE | YEAR | SOURCE (blank for region or national)",
        parse_population,
        optional=True,
    ),
    Question("governance_level", "level", "Level of government that leads it", str.strip, "governance_levels"),
    Question("dimensions", "dimensions", "Policy dimensions, separated by commas", split_list, "dimensions"),
    Question("actors", "actors", "Who runs it, separated by commas", split_list, "actors"),
    Question("target_groups", "target-groups", "Who it is for, separated by commas", split_list, "target_groups"),
    Question(
        "started",
        "started",
        "Year it started, as a source states it (2014; 'by 2021' if a source only shows it running then; "
        "blank if no source says)",
        parse_year,
        optional=True,
    ),
    Question("status", "status", "Status", str.strip, "status", default="running"),
    Question("ended", "ended", "Year it ended (blank if it still runs)", parse_year, optional=True),
    Question(
        "evidence.level",
        "evidence-level",
        "What is known of its results",
        str.strip,
        "evidence_levels",
        default="described-only",
    ),
    Question(
        "evidence.note",
        "evidence-note",
        "One line on what was measured or reported",
        _text,
        default="The sources describe the practice but report no results.",
    ),
    Question(
        "migrant_participation",
        "migrant-participation",
        "Do migrants or refugees shape or deliver it?",
        str.strip,
        "migrant_participation",
        default="unknown",
    ),
    Question(
        "replicated_in",
        "replicated-in",
        "Other places that took it up, separated by commas (blank if none)",
        split_list,
        optional=True,
    ),
    Question("last_reviewed", "last-reviewed", "Date you checked the facts (YYYY-MM-DD)"),
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[2:]),
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder holding practices/ and data/")
    parser.add_argument(
        "--non-interactive", action="store_true", help="never ask; fail listing what is missing or wrong"
    )
    parser.add_argument("--today", type=date.fromisoformat, default=None, help=argparse.SUPPRESS)
    for q in QUESTIONS:
        parser.add_argument(f"--{q.flag}", dest=q.field, metavar="TEXT", help=q.prompt)
    parser.add_argument(
        "--benchmark",
        action="append",
        default=[],
        metavar="'ID | HOW'",
        help="a benchmark it helps meet, with one sentence on how; repeat for several",
    )
    parser.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="'KEY | LOCATOR'",
        help="a source of the facts: its key in data/sources.yml and the section, page or heading; repeat for several",
    )
    return parser


class Session:
    """One run of the scaffold: answers collected so far, and where to ask."""

    def __init__(self, checker: FieldChecker, interactive: bool, stdin: TextIO, stdout: TextIO) -> None:
        self.checker = checker
        self.interactive = interactive
        self.stdin, self.stdout = stdin, stdout
        self.values: dict[str, Any] = {}
        self.attempted: dict[str, Any] = {}  # last answer to each question, accepted or not
        self.problems: list[str] = []

    def say(self, text: str = "") -> None:
        print(text, file=self.stdout)

    def read(self, prompt: str) -> str:
        self.stdout.write(prompt)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\n")

    def slug(self) -> str:
        return str(self.values.get("slug") or "new-practice")

    def default_for(self, q: Question) -> str | None:
        if q.field == "slug":
            return slugify(str(self.values.get("title") or self.attempted.get("title") or "")) or None
        if q.field == "last_reviewed":
            return self.checker.today.isoformat()
        return q.default

    def show_choices(self, q: Question) -> None:
        data = self.checker.data
        if q.vocabulary == "benchmarks":
            self.say("  Benchmark ids (full list on the site's Benchmarks pages):")
            for benchmark in data.benchmarks.values():
                self.say(f"    {benchmark.id}  ({benchmark.title})")
        elif q.vocabulary and q.vocabulary != "countries":
            self.say("  Allowed values:")
            for term in data.vocabularies[q.vocabulary].terms:
                self.say(f"    {term.id:<22} {term.label}")

    def answer(self, q: Question, given: str | None) -> None:
        """Take the flag's value, or ask until the validator accepts the answer."""
        if q.field == "ended" and self.values.get("status") != "ended" and given is None:
            return
        default = self.default_for(q)
        shown_choices = False
        while True:
            text = given
            given = None  # a rejected flag value is asked again
            if text is None and self.interactive:
                if not shown_choices:
                    self.show_choices(q)
                    shown_choices = True
                suffix = f" [{default}]" if default else (" (optional)" if q.optional else "")
                text = self.read(f"{q.prompt}{suffix}: ")
            if text is None or not text.strip():
                if default is not None:
                    text = default
                elif q.optional:
                    return
                elif not self.interactive:
                    self.problems.append(f"{q.field}: required; give --{q.flag}")
                    return
                else:
                    self.say("  An answer is needed here.")
                    continue
            value = q.parse(text)
            self.attempted[q.field] = value
            found = self.checker.check(q.field, value, self.slug(), size=self.values.get("municipality_size"))
            if not found:
                set_path(self.values, q.field, value)
                return
            if not self.interactive:
                self.problems += [f"--{q.flag}: " + describe(p) for p in found]
                return
            for problem in found:
                self.say("  " + describe(problem))

    def collect(self, entries: Entries, given: list[str]) -> None:
        """A list field whose entries are given as repeated flags, or asked one by one."""
        collected: list[dict[str, Any]] = []
        for text in given:
            entry = entries.parse(text)
            found = self.checker.check(entries.field, [entry], self.slug())
            if found:
                self.problems += [f"--{entries.flag} '{text}': " + self._describe(entries, p) for p in found]
            else:
                collected.append(entry)
        if self.interactive and not given:
            entries.show(self)
            self.say(f"{entries.intro} Leave the first answer blank when done.")
        while self.interactive and not given:
            entry = self._ask_entry(entries, len(collected) + 1)
            if entry is None:
                if collected:
                    break
                self.say("  At least one is needed.")
                continue
            collected.append(entry)
        if not collected and not given:
            self.problems.append(f"{entries.field}: at least one is required; give --{entries.flag} '{entries.form}'")
        if collected:
            self.values[entries.field] = collected

    def _describe(self, entries: Entries, problem: Problem) -> str:
        return describe(problem).replace(f"{entries.field}[1]", entries.flag)

    def _ask_entry(self, entries: Entries, number: int) -> dict[str, Any] | None:
        while True:
            entry: dict[str, Any] = {}
            for index, (name, prompt) in enumerate(entries.prompts):
                answer = " ".join(self.read(f"  {entries.flag.capitalize()} {number}, {prompt}: ").split())
                if index == 0 and not answer:
                    return None
                if answer:
                    entry[name] = answer
            found = self.checker.check(entries.field, [entry], self.slug())
            if not found:
                return entry
            for problem in found:
                self.say("  " + self._describe(entries, problem))
            self.say(f"  Let's try that {entries.flag} again.")


@dataclass(frozen=True)
class Entries:
    """A front matter list whose entries have several parts (benchmark links, citations)."""

    field: str
    flag: str
    form: str
    intro: str
    prompts: tuple[tuple[str, str], ...]
    parse: Parser

    def show(self, session: Session) -> None:
        data = session.checker.data
        if self.field == "benchmarks":
            session.say("  Benchmark ids (full list on the site's Benchmarks pages):")
            for benchmark in data.benchmarks.values():
                session.say(f"    {benchmark.id}  ({benchmark.title})")
        else:
            session.say("  Sources in the bibliography (add a new one to data/sources.yml first):")
            for source in data.sources.values():
                session.say(f"    {source.key:<36} {source.title}")


BENCHMARK_ENTRIES = Entries(
    "benchmarks",
    "benchmark",
    "ID | one sentence on how",
    "Benchmarks the practice helps meet, each with one sentence, from the practice's own facts, on how.",
    (("id", "id"), ("how", "how does the practice help meet it (one sentence)")),
    parse_benchmark,
)
SOURCE_ENTRIES = Entries(
    "sources",
    "source",
    "KEY | LOCATOR",
    "Sources of the facts (at least one): a key of the bibliography and where in the document the facts stand.",
    (("key", "key"), ("locator", "section, page or heading")),
    parse_source,
)


def main(argv: list[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    args = build_parser().parse_args(argv)
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    paths = AtlasPaths.under(args.root)
    data = load_atlas_data(paths.data, paths.benchmarks, paths.root)
    if data.problems:
        print("The atlas's own data has problems; fix them first:", file=stdout)
        print("\n".join(map(str, data.problems)), file=stdout)
        return 1
    existing, _ = load_practices(paths.practices, paths.root)
    checker = FieldChecker(data, paths.practices, existing, args.today or date.today())
    session = Session(checker, not args.non_interactive, stdin, stdout)
    try:
        for q in QUESTIONS:
            session.answer(q, getattr(args, q.field))
            if q.field == "ended":
                session.collect(BENCHMARK_ENTRIES, args.benchmark)
                session.collect(SOURCE_ENTRIES, args.source)
    except (EOFError, KeyboardInterrupt):
        print("\nStopped before all answers were given; nothing was written.", file=stdout)
        return 1
    if session.problems:
        print("\n".join(session.problems), file=stdout)
        print(
            f"{len(session.problems)} problem{'s' if len(session.problems) != 1 else ''}; nothing was written.",
            file=stdout,
        )
        return 1
    return write(session, paths, stdout)


def write(session: Session, paths: AtlasPaths, stdout: TextIO) -> int:
    slug = session.slug()
    text = practice_text(session.values, session.checker.data)
    problems: list[Problem] = session.checker.check_text(slug, text)
    if problems:  # a safety net: every answer was already checked
        print("\n".join(describe(p) for p in problems), file=stdout)
        return 1
    target = paths.practices / f"{slug}.md"
    try:
        paths.practices.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        print(
            f"practices/{slug}.md already exists; nothing was written (the scaffold never overwrites a file).",
            file=stdout,
        )
        return 1
    shown = target.relative_to(paths.root) if target.is_relative_to(paths.root) else target
    print(
        f"Wrote {shown.as_posix()}. Next: write the sections of the body, then run `make validate` and "
        "`make serve` to preview.",
        file=stdout,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
