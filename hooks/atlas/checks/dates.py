"""The review date: a real date, not in the future (years of a practice: checks/provenance.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..load import RawPractice
from ..model import Problem
from .context import CheckContext


def check(raw: RawPractice, context: CheckContext, bad_fields: frozenset[str]) -> Iterator[Problem]:
    data, shown, today = raw.data, raw.display_path, context.today
    reviewed = data.get("last_reviewed")
    if isinstance(reviewed, str) and "last_reviewed" not in bad_fields:
        try:
            day = date.fromisoformat(reviewed)
        except ValueError:
            yield Problem(
                shown,
                raw.lines.get(("last_reviewed",)),
                "last_reviewed",
                f"'{reviewed}' is not a real date",
                "check the month (01-12) and the day",
            )
        else:
            if day > today:
                yield Problem(
                    shown,
                    raw.lines.get(("last_reviewed",)),
                    "last_reviewed",
                    f"{reviewed} is in the future",
                    f"use the date you checked the facts, at latest {today}",
                )
