"""Dates and years: real, not in the future, and an end after the start."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..load import RawPractice
from ..model import Problem
from ..yamlmarks import line_of
from .context import CheckContext


def check(raw: RawPractice, context: CheckContext, bad_fields: frozenset[str]) -> Iterator[Problem]:
    data, shown, today = raw.data, raw.display_path, context.today
    reviewed = data.get("last_reviewed")
    if isinstance(reviewed, str) and "last_reviewed" not in bad_fields:
        try:
            day = date.fromisoformat(reviewed)
        except ValueError:
            yield Problem(shown, raw.lines.get(("last_reviewed",)), "last_reviewed",
                          f"'{reviewed}' is not a real date", "check the month (01-12) and the day")
        else:
            if day > today:
                yield Problem(shown, raw.lines.get(("last_reviewed",)), "last_reviewed",
                              f"{reviewed} is in the future", f"use the date you checked the facts, at latest {today}")
    started, ended = data.get("started"), data.get("ended")
    if isinstance(started, int) and "started" not in bad_fields and started > today.year:
        yield Problem(shown, raw.lines.get(("started",)), "started", f"{started} is in the future",
                      "give the year the practice began")
    if isinstance(ended, int) and "ended" not in bad_fields:
        if ended > today.year:
            yield Problem(shown, raw.lines.get(("ended",)), "ended", f"{ended} is in the future",
                          "leave 'ended' out while the practice runs")
        elif isinstance(started, int) and ended < started:
            yield Problem(shown, raw.lines.get(("ended",)), "ended", f"{ended} is before started ({started})",
                          "check both years: a practice ends after it starts")
    sources = data.get("sources")
    for index, source in enumerate(sources if isinstance(sources, list) else []):
        year = source.get("year") if isinstance(source, dict) else None
        if isinstance(year, int) and year > today.year and "sources" not in bad_fields:
            yield Problem(shown, line_of(raw.lines, ("sources", index, "year")), f"sources[{index + 1}].year",
                          f"{year} is in the future", "give the year the source was published")
