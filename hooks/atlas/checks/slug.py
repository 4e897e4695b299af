"""The slug is the file name: the two must agree, and the hint must name a valid one."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..load import RawPractice
from ..model import Problem
from ..slug import slugify
from .context import CheckContext

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def check(raw: RawPractice, context: CheckContext, bad_fields: frozenset[str]) -> Iterator[Problem]:
    slug, stem = raw.data.get("slug"), raw.path.stem
    if not isinstance(slug, str) or "slug" in bad_fields or slug == stem:
        return
    if SLUG.fullmatch(stem):
        hint = f"rename the file to {slug}.md or set slug: {stem}"
    else:  # spaces, accents or capitals: the file name cannot become the slug
        valid = slugify(stem) or "my-practice"
        hint = f"rename the file to {slug}.md" + (
            f", or to {valid}.md and set slug: {valid}"
            if valid != slug
            else ": a file name is lower-case letters, digits and hyphens"
        )
    yield Problem(
        raw.display_path,
        raw.lines.get(("slug",)),
        "slug",
        f"'{slug}' does not match the file name '{raw.path.name}'",
        hint,
    )
