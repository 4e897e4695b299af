"""Across files: each slug and each title belongs to one practice, and to the one that had it first."""

from __future__ import annotations

from collections.abc import Iterator

from ..load import RawPractice
from ..model import Problem
from .context import CheckContext


def check(records: list[RawPractice], context: CheckContext) -> Iterator[Problem]:
    """The established file keeps the value; the newcomer is named as the duplicate.

    Established means: for a slug, the file named after it; then a file
    already committed to the repository (`context.established`) before a new
    one; then the shorter file name (a copy usually adds to the name:
    `x-copy.md`, `x-2.md`); then the order of the file names.
    """
    for key in ("slug", "title"):
        first: dict[str, RawPractice] = {}

        def rank(raw: RawPractice, key: str = key) -> tuple[bool, bool, int, str]:
            return (
                key == "slug" and raw.path.stem != raw.data.get(key),
                raw.display_path not in context.established,
                len(raw.path.stem),
                raw.display_path,
            )

        for raw in sorted(records, key=rank):
            value = raw.data.get(key)
            if not isinstance(value, str):
                continue
            norm = " ".join(value.lower().split())
            if norm in first:
                other = first[norm]
                yield Problem(
                    raw.display_path,
                    raw.lines.get((key,)),
                    key,
                    f"'{value}' is already used by {other.display_path}",
                    f"each practice needs its own {key}",
                )
            else:
                first[norm] = raw
