"""Where each fact of a practice comes from: the bibliography, and the checks on it.

A practice cites sources by key into one bibliography (data/sources.yml) with
a locator; says when it started only as far as a source shows ("2014", or
"by 2021" when a source only shows it running then); records the population
its municipality size was read from; and gives, for every benchmark it
links, one sentence on how it helps meet it. These checks make each of those
rules an error with a line number rather than a reviewer's judgement.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from .model import Citation, Population, Problem, Source, Vocabulary, YearClaim
from .yamlmarks import line_of

BIBLIOGRAPHY_FILE = "sources.yml"
_BY_YEAR = re.compile(r"^by (\d{4})$")
_SOURCE_FIELDS = ("key", "title", "publisher", "year", "url", "authors", "date", "languages", "kind", "note")
_KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# (problem reporter for a benchmark id) -> Problem | None; the validator's vocabulary check, passed in.
BenchmarkIdCheck = Callable[[str, tuple[str | int, ...]], "Problem | None"]


# -- the bibliography -----------------------------------------------------------------


def load_bibliography(data_dir: Path, root: Path | None = None) -> tuple[dict[str, Source], list[Problem]]:
    """Every entry of data/sources.yml by key; a missing file is an empty bibliography."""
    from .load import display_path, read_yaml_file  # load imports this module

    path = data_dir / BIBLIOGRAPHY_FILE
    if not path.is_file():
        return {}, []
    parsed, problems = read_yaml_file(path, root, data_dir)
    if parsed is None:
        return {}, problems
    shown = display_path(path, root)
    data = parsed.data if isinstance(parsed.data, dict) else {}
    entries = data.get("entries")
    if not isinstance(entries, list):
        return {}, [
            Problem(
                shown,
                1,
                "entries",
                "the bibliography needs a list of entries",
                "start each entry with '- key: ...' under 'entries:'",
            )
        ]
    sources: dict[str, Source] = {}
    for index, item in enumerate(entries):
        line = parsed.lines.get(("entries", index))
        if not isinstance(item, dict):
            problems.append(Problem(shown, line, f"entries[{index + 1}]", "each entry needs key, title and publisher"))
            continue
        missing = [k for k in ("key", "title", "publisher") if not str(item.get(k) or "").strip()]
        unknown = [k for k in item if k not in _SOURCE_FIELDS]
        key = str(item.get("key") or "")
        year = item.get("year")
        if missing:
            problems.append(
                Problem(
                    shown,
                    line,
                    f"entries[{index + 1}]",
                    f"lacks {', '.join(missing)}",
                    "every entry has a key, the document's exact title and its publisher",
                )
            )
            continue
        if unknown:
            problems.append(
                Problem(
                    shown,
                    line_of(parsed.lines, ("entries", index, unknown[0])),
                    f"entries[{index + 1}].{unknown[0]}",
                    "unknown field",
                    f"allowed fields: {', '.join(_SOURCE_FIELDS)}",
                )
            )
            continue
        if not _KEY.match(key):
            problems.append(
                Problem(
                    shown,
                    line_of(parsed.lines, ("entries", index, "key")),
                    f"entries[{index + 1}].key",
                    f"'{key}' is not a valid key",
                    "lower-case words joined by hyphens",
                )
            )
            continue
        if year is not None and not (isinstance(year, int) and 1900 <= year <= 2100):
            problems.append(
                Problem(
                    shown,
                    line_of(parsed.lines, ("entries", index, "year")),
                    f"entries[{index + 1}].year",
                    f"expected a year, found {year!r}",
                    "leave 'year' out when the document has no date",
                )
            )
            continue
        if key in sources:
            problems.append(
                Problem(
                    shown,
                    line,
                    f"entries[{index + 1}].key",
                    f"'{key}' is used twice",
                    "each document is listed once; give each entry its own key",
                )
            )
            continue
        sources[key] = Source(
            key=key,
            title=" ".join(str(item["title"]).split()),
            publisher=" ".join(str(item["publisher"]).split()),
            year=year,
            url=item.get("url"),
            authors=tuple(str(a) for a in item.get("authors") or ()),
            date=_text(item.get("date")),
            languages=tuple(str(x) for x in item.get("languages") or ()),
            kind=_text(item.get("kind")),
            note=_text(item.get("note")),
        )
    return sources, problems


def _text(value: Any) -> str | None:
    return " ".join(str(value).split()) if value not in (None, "") else None


def source_problem(shown: str, line: int | None, field: str, key: Any, sources: dict[str, Source]) -> Problem | None:
    """None when `key` names an entry of the bibliography; else a located problem with a suggestion."""
    if isinstance(key, str) and key in sources:
        return None
    close = difflib.get_close_matches(str(key), list(sources), n=1, cutoff=0.5)
    hint = (
        f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(sorted(sources))}"
    ) + "; a new document is added to data/sources.yml first"
    return Problem(shown, line, field, f"'{key}' is not a key of the bibliography (data/sources.yml)", hint)


# -- reading the new fields into the model ----------------------------------------------


def year_claim(value: Any) -> YearClaim | None:
    """2014 -> YearClaim(2014); "by 2021" -> YearClaim(2021, by=True); anything else -> None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return YearClaim(value)
    match = _BY_YEAR.match(value) if isinstance(value, str) else None
    return YearClaim(int(match.group(1)), by=True) if match else None


def benchmark_entries(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(id, how) of each well-formed entry under `benchmarks:`."""
    return [
        (str(e["id"]), " ".join(str(e["how"]).split()))
        for e in data.get("benchmarks") or []
        if isinstance(e, dict) and isinstance(e.get("id"), str) and isinstance(e.get("how"), str)
    ]


def provenance_fields(data: dict[str, Any], sources: dict[str, Source]) -> dict[str, Any]:
    """The Practice fields this module owns, from a record that passed every check."""
    entries = benchmark_entries(data)
    pop = data.get("population")
    return {
        "started": year_claim(data.get("started")),
        "ended": year_claim(data.get("ended")),
        "benchmarks": tuple(bid for bid, _ in entries),
        "benchmark_how": dict(entries),
        "citations": tuple(Citation(sources[c["key"]], " ".join(str(c["locator"]).split())) for c in data["sources"]),
        "population": Population(
            pop["figure"], pop["year"], " ".join(str(pop["source"]).split()), bool(pop.get("rounded"))
        )
        if isinstance(pop, dict)
        else None,
    }


# -- the checks ---------------------------------------------------------------------


def check_provenance(
    raw: Any,
    sources: dict[str, Source],
    sizes: Vocabulary | None,
    today: date,
    bad_fields: set[str],
    benchmark_id_problem: BenchmarkIdCheck,
) -> Iterator[Problem]:
    """Every provenance problem of one practice record (`raw` is a load.RawPractice)."""
    yield from _check_years(raw, today, bad_fields)
    # Entry by entry: one citation lacking its locator does not hide another's unknown key.
    yield from _check_citations(raw, sources)
    yield from _check_benchmark_links(raw, benchmark_id_problem)
    if not {"population", "municipality_size"} & bad_fields:
        yield from _check_population(raw, sizes, today)


def _check_years(raw: Any, today: date, bad_fields: set[str]) -> Iterator[Problem]:
    claims: dict[str, YearClaim] = {}
    for name in ("started", "ended"):
        value = raw.data.get(name)
        if name in bad_fields or value is None:
            continue
        claim = year_claim(value)
        line = raw.lines.get((name,))
        if claim is None:  # the schema has already said so
            continue
        if claim.year > today.year:
            yield Problem(
                raw.display_path,
                line,
                name,
                f"{value} is in the future",
                "give the year the practice began"
                if name == "started"
                else "leave 'ended' out while the practice runs",
            )
            continue
        claims[name] = claim
    started, ended = claims.get("started"), claims.get("ended")
    # "by 2021" only bounds the start from above, so only two exact years can be out of order.
    if started and ended and not started.by and ended.year < started.year:
        yield Problem(
            raw.display_path,
            raw.lines.get(("ended",)),
            "ended",
            f"{ended} is before started ({started})",
            "check both years: a practice ends after it starts",
        )
    if "ended" in claims and raw.data.get("status") not in (None, "ended") and "status" not in bad_fields:
        yield Problem(
            raw.display_path,
            raw.lines.get(("ended",)),
            "ended",
            f"an end year is given but status is '{raw.data.get('status')}'",
            "set status: ended, or leave 'ended' out",
        )


def _check_citations(raw: Any, sources: dict[str, Source]) -> Iterator[Problem]:
    seen: dict[tuple[str, str], int] = {}
    for index, citation in enumerate(raw.data.get("sources") or []):
        if not isinstance(citation, dict):
            continue
        key = citation.get("key")
        if key is None:
            continue  # the schema reported it
        problem = source_problem(
            raw.display_path, line_of(raw.lines, ("sources", index, "key")), f"sources[{index + 1}].key", key, sources
        )
        if problem:
            yield problem
        pair = (str(key), " ".join(str(citation.get("locator", "")).split()).lower())
        if pair in seen:
            yield Problem(
                raw.display_path,
                line_of(raw.lines, ("sources", index)),
                f"sources[{index + 1}]",
                f"cites the same place as sources[{seen[pair]}]",
                "keep one of the two",
            )
        seen.setdefault(pair, index + 1)


def _check_benchmark_links(raw: Any, benchmark_id_problem: BenchmarkIdCheck) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for index, entry in enumerate(raw.data.get("benchmarks") or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue  # the schema reported it
        path = ("benchmarks", index, "id")
        problem = benchmark_id_problem(entry["id"], path)
        if problem:
            yield problem
        if entry["id"] in seen:
            yield Problem(
                raw.display_path,
                line_of(raw.lines, path),
                f"benchmarks[{index + 1}].id",
                f"'{entry['id']}' is linked twice (first as benchmarks[{seen[entry['id']]}])",
                "keep one entry, with one sentence on how",
            )
        seen.setdefault(entry["id"], index + 1)


def _check_population(raw: Any, sizes: Vocabulary | None, today: date) -> Iterator[Problem]:
    size_id = raw.data.get("municipality_size")
    term = sizes.get(size_id) if sizes and isinstance(size_id, str) else None
    if term is None or sizes is None:
        return  # an unknown size is reported by the vocabulary check
    pop = raw.data.get("population")
    banded = term.min is not None or term.max is not None
    if not isinstance(pop, dict):
        if banded:
            yield Problem(
                raw.display_path,
                raw.lines.get(("municipality_size",)),
                "population",
                f"'{size_id}' is a population band, but no population is recorded",
                "add 'population:' with figure, year and source (an official statistic is fine); "
                "when no figure can be named, use 'region' or 'national' only if the practice "
                "really runs at that scale",
            )
        return
    figure, year = pop.get("figure"), pop.get("year")
    if isinstance(year, int) and year > today.year:
        yield Problem(
            raw.display_path,
            line_of(raw.lines, ("population", "year")),
            "population.year",
            f"{year} is in the future",
            "give the year the figure refers to",
        )
    if not banded or not isinstance(figure, int):
        return
    low, high = term.min or 0, term.max
    if figure < low or (high is not None and figure >= high):
        fitting = next(
            (
                t
                for t in sizes.terms
                if (t.min is not None or t.max is not None)
                and figure >= (t.min or 0)
                and (t.max is None or figure < t.max)
            ),
            None,
        )
        band = f"{low:,} to {high - 1:,}" if high is not None else f"{low:,} or more"
        yield Problem(
            raw.display_path,
            raw.lines.get(("municipality_size",)),
            "municipality_size",
            f"'{size_id}' means {band} inhabitants, but population.figure is {figure:,}",
            f"did you mean '{fitting.id}'?" if fitting else "check the figure",
        )
