"""Stable addresses: a practice's URL never changes once published.

`practices/_published_slugs.txt` is the committed list of every slug the atlas
has published. The validator refuses a collection in which a listed slug is
neither a practice's slug nor one of its `aliases` (a renamed practice keeps
its old slug as an alias), and the build writes a small redirect page at each
alias's old address. The list sits beside the practices, not in data/, because
every collection (the atlas, each test fixture) has its own published history
while they share the schema and vocabularies.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment

from .csp import add_policy
from .load import RawPractice, display_path
from .model import Problem
from .templating import TEMPLATES, html_environment
from .urls import page_link, practice_uri

PUBLISHED_FILE = "_published_slugs.txt"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Slugs that name the practices section itself, never a practice's old address.
RESERVED = frozenset({"index"})
_HEADER = """\
# Every practice slug the atlas has published, one a line: its address
# practices/<slug> must keep working. Renaming a practice? Keep the old slug
# in the practice's `aliases:` list, and the old address redirects.
# Add the slugs of new practices with `make slugs` (tests check it is done).
"""


@dataclass(frozen=True)
class PublishedSlugs:
    """The committed list: each slug with the line it is on."""

    path: Path
    lines: dict[str, int]

    @property
    def slugs(self) -> list[str]:
        return list(self.lines)


def published_path(practices_dir: Path) -> Path:
    return practices_dir / PUBLISHED_FILE


def read_published(practices_dir: Path, root: Path | None = None) -> tuple[PublishedSlugs, list[Problem]]:
    """The list, or an empty one when the collection has published nothing yet (no file)."""
    path = published_path(practices_dir)
    shown = display_path(path, root)
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return PublishedSlugs(path, {}), []
    except (OSError, UnicodeDecodeError) as err:
        return PublishedSlugs(path, {}), [Problem(shown, None, None, f"cannot be read: {err}")]
    for number, line in enumerate(text.splitlines(), start=1):
        slug = line.split("#", 1)[0].strip()
        if not slug:
            continue
        if not SLUG.match(slug):
            problems.append(
                Problem(
                    shown,
                    number,
                    None,
                    f"'{slug}' is not a slug",
                    "one slug a line: lower-case words joined by hyphens",
                )
            )
            continue
        lines.setdefault(slug, number)
    return PublishedSlugs(path, lines), problems


def _aliases(raw: RawPractice) -> list[str]:
    value = raw.data.get("aliases")
    return [a for a in value if isinstance(a, str)] if isinstance(value, list) else []


def check_addresses(
    records: list[RawPractice], published: PublishedSlugs, root: Path | None = None
) -> Iterator[Problem]:
    """Every published slug still leads somewhere; aliases are old slugs only, each claimed once."""
    slugs = {raw.path.stem: raw for raw in records}
    claimed: dict[str, RawPractice] = {}
    for raw in records:
        for index, alias in enumerate(_aliases(raw)):
            line = raw.lines.get(("aliases", index)) or raw.lines.get(("aliases",))
            field = f"aliases[{index + 1}]"
            if alias in RESERVED:
                yield Problem(
                    raw.display_path,
                    line,
                    field,
                    f"'{alias}' is the address of the practices index",
                    "an alias is a former slug of this practice; remove this one",
                )
            elif alias in slugs:
                owner = slugs[alias]
                what = "this practice's own slug" if owner is raw else f"the slug of {owner.display_path}"
                yield Problem(
                    raw.display_path,
                    line,
                    field,
                    f"'{alias}' is {what}",
                    "an alias is a former slug that no practice uses now; remove it",
                )
            elif alias in claimed and claimed[alias] is not raw:
                yield Problem(
                    raw.display_path,
                    line,
                    field,
                    f"'{alias}' is already an alias of {claimed[alias].display_path}",
                    "an old address can redirect to one practice only",
                )
            else:
                claimed.setdefault(alias, raw)
    shown = display_path(published.path, root)
    for slug, line in published.lines.items():
        if slug in slugs or slug in claimed:
            continue
        yield Problem(
            shown,
            line,
            "slug",
            f"'{slug}' was published (practices/{slug}) but no practice has this slug or alias",
            _removed_hint(slug, slugs),
        )


def _removed_hint(slug: str, current: dict[str, RawPractice]) -> str:
    close = difflib.get_close_matches(slug, list(current), n=1, cutoff=0.5)
    if close:
        return (
            f"if it was renamed to '{close[0]}', add `aliases: [{slug}]` to {current[close[0]].display_path} "
            "so the old address redirects"
        )
    return (
        "if the practice was renamed, add `aliases: [" + slug + "]` to its file so the old address redirects; "
        "a published practice is not deleted: set `status: ended` instead"
    )


def missing_from_published(practice_slugs: list[str], published: PublishedSlugs) -> list[str]:
    """Current slugs not yet recorded as published."""
    return sorted(set(practice_slugs) - set(published.lines))


def updated_list_text(current_text: str, new_slugs: list[str]) -> str:
    """The list file with `new_slugs` appended; existing lines (and comments) are kept as they are."""
    text = current_text if current_text.strip() else _HEADER
    if text and not text.endswith("\n"):
        text += "\n"
    return text + "".join(f"{slug}\n" for slug in new_slugs)


@dataclass(frozen=True)
class Redirect:
    """An old address and the practice it now leads to."""

    alias: str
    slug: str
    title: str


@cache
def _redirect_environment() -> Environment:
    return html_environment(TEMPLATES, keep_trailing_newline=True)


def render_redirect(
    redirect: Redirect, directory_urls: bool, site_name: str = "Local Integration Practice Atlas"
) -> str:
    """A page that sends readers (and search engines, via canonical) on, with no script: the CSP holds.

    It is written at the old page's address, `page_file(practice_uri(alias))` (see atlas.urls).
    """
    target = page_link(practice_uri(redirect.alias), practice_uri(redirect.slug), directory_urls)
    html = (
        _redirect_environment()
        .get_template("redirect.html.j2")
        .render(title=redirect.title, target=target, site_name=site_name)
    )
    return add_policy(html)
