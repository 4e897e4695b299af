#!/usr/bin/env python3
"""Full-page screenshots of every page type at a phone and a laptop width, to look at before a change is done.

Builds the layout site (the atlas plus the sample practice of
tests/fixtures/layout/practices/, which no real practice can stand in for: it
has all five dimensions) when a source is newer than the last build, serves it
on loopback, and writes <out>/<width>/<name>.png for every row of
tests/fixtures/layout/pages.yml (the table the layout test checks), at 390 and
1280 px wide plus any width a row adds. Prints the folder.

    .venv/bin/python scripts/screens.py [--out build/screens] [--only practice-5-dimensions]

The page table and the layout site are shared with tests/test_layout.py.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from atlas.browser import launch_chromium, serve_folder
from atlas.project import PROJECT_ROOT as ROOT

LAYOUT = ROOT / "tests" / "fixtures" / "layout"
PAGE_TABLE = LAYOUT / "pages.yml"
PHONE = (390, 844)
LAPTOP = (1280, 800)
EXTRA_HEIGHT = 800
DEFAULT_OUT = ROOT / "build" / "screens"
# What the layout site is made from: a build older than any of these is redone.
SOURCES = ("mkdocs.yml", "docs", "overrides", "hooks", "practices", "data", "tests/fixtures/layout")


@dataclass(frozen=True)
class PageType:
    """One row of the page table, for one page of the built site."""

    name: str
    path: str
    row: str  # the row's name (a glob row gives several pages)
    widths: tuple[int, ...]
    facts: bool = False
    lists: tuple[dict[str, str], ...] = ()
    tables: bool = False

    def viewports(self) -> list[tuple[int, int]]:
        """Phone and laptop, then the row's own widths."""
        return [PHONE, LAPTOP] + [(w, EXTRA_HEIGHT) for w in self.widths if w not in (PHONE[0], LAPTOP[0])]


class PageTableError(ValueError):
    """A row of pages.yml that is malformed or names no page of the site."""


_KEYS = {"name", "path", "except", "widths", "facts", "lists", "tables"}
_LIST_KEYS = {"after", "css"}


def read_rows(table: Path = PAGE_TABLE) -> list[dict[str, Any]]:
    """The rows as written, each checked for known keys (a typo would silently check nothing)."""
    rows = yaml.safe_load(table.read_text(encoding="utf-8"))
    if not isinstance(rows, list):
        raise PageTableError(f"{table}: expected a list of rows, one per page type")
    for number, row in enumerate(rows, 1):
        where = f"{table}, row {number}"
        if not isinstance(row, dict) or not {"name", "path"} <= row.keys():
            raise PageTableError(f"{where}: each row needs a name and a path, e.g. {{name: home, path: index.html}}")
        unknown = set(row) - _KEYS
        if unknown:
            raise PageTableError(f"{where} ({row['name']}): unknown key {sorted(unknown)}; known: {sorted(_KEYS)}")
        for matcher in row.get("lists", []):
            if not isinstance(matcher, dict) or len(matcher) != 1 or not set(matcher) <= _LIST_KEYS:
                raise PageTableError(
                    f"{where} ({row['name']}): a list matcher is {{after: ...}} or {{css: ...}}, not {matcher!r}"
                )
    return rows


def page_types(site: Path, table: Path = PAGE_TABLE, rows: list[dict[str, Any]] | None = None) -> list[PageType]:
    """Every page the table names in `site`, globs expanded; a row that finds no page is an error."""
    pages: list[PageType] = []
    for row in rows if rows is not None else read_rows(table):
        pattern, skipped = str(row["path"]), set(row.get("except", []))
        if any(c in pattern for c in "*?["):
            found = sorted(p.relative_to(site).as_posix() for p in site.glob(pattern) if p.is_file())
            found = [p for p in found if p not in skipped and fnmatch.fnmatch(p, pattern)]
            named = [(f"{row['name']}-{Path(p).stem}", p) for p in found]
        else:
            named = [(str(row["name"]), pattern)] if (site / pattern).is_file() else []
        if not named:
            raise PageTableError(f"{table}: row {row['name']!r} names {pattern}, which is not in {site}")
        for name, path in named:
            pages.append(
                PageType(
                    name,
                    path,
                    str(row["name"]),
                    tuple(int(w) for w in row.get("widths", ())),
                    bool(row.get("facts")),
                    tuple(row.get("lists", ())),
                    bool(row.get("tables")),
                )
            )
    return pages


def write_layout_atlas(folder: Path) -> Path:
    """The atlas's practices plus the layout samples in `folder`, and a mkdocs.yml that is the real one
    (INHERIT) with its paths made absolute. Returns that mkdocs.yml."""
    practices = folder / "practices"
    shutil.rmtree(practices, ignore_errors=True)
    practices.mkdir(parents=True)
    for source in (ROOT / "practices", LAYOUT / "practices"):
        for path in source.iterdir():
            if path.is_file() and path.suffix in (".md", ".txt"):
                shutil.copy2(path, practices / path.name)
    config = {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "docs_dir": str(ROOT / "docs"),
        "hooks": [str(ROOT / "hooks" / "atlas_hooks.py")],
        "theme": {"custom_dir": str(ROOT / "overrides")},
        "extra": {"atlas": {"practices": "practices", "data": str(ROOT / "data")}},
    }
    config_file = folder / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return config_file


def mkdocs_build(config_file: Path, site: Path) -> None:
    """A strict build; a failure stops here with MkDocs's own message."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config_file), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        cwd=config_file.parent,
    )
    if result.returncode != 0:
        raise SystemExit(f"the layout site did not build:\n{result.stderr[-4000:]}")


def _newest_source() -> float:
    newest = 0.0
    for name in SOURCES:
        path = ROOT / name
        files = (
            [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        )
        newest = max([newest, *(p.stat().st_mtime for p in files)])
    return newest


def ensure_layout_site(folder: Path) -> Path:
    """folder/site, rebuilt only when a source changed since the last build (the stamp file)."""
    site, stamp = folder / "site", folder / ".built"
    if stamp.exists() and (site / "index.html").is_file() and stamp.stat().st_mtime >= _newest_source():
        return site
    print(f"building the layout site into {site} ...", flush=True)
    shutil.rmtree(site, ignore_errors=True)
    mkdocs_build(write_layout_atlas(folder / "atlas"), site)
    stamp.touch()
    return site


def take_screenshots(site: Path, pages: list[PageType], out: Path) -> int:
    """out/<width>/<name>.png for each page and width; returns how many were written."""
    from playwright.sync_api import sync_playwright

    written = 0
    with serve_folder(site) as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for width, height in sorted({v for p in pages for v in p.viewports()}):
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            folder = out / str(width)
            folder.mkdir(parents=True, exist_ok=True)
            for entry in pages:
                if (width, height) not in entry.viewports():
                    continue
                page.goto(url + entry.path)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(folder / f"{entry.name}.png"), full_page=True)
                written += 1
            context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write them (default build/screens)")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="only the page types whose name starts with NAME (repeatable)",
    )
    args = parser.parse_args(argv)
    try:
        rows = read_rows()
        site = ensure_layout_site(args.out)
        pages = page_types(site, rows=rows)
    except PageTableError as err:
        print(err, file=sys.stderr)
        return 2
    if args.only:
        pages = [p for p in pages if any(p.name.startswith(n) for n in args.only)]
    count = take_screenshots(site, pages, args.out)
    print(f"{count} screenshots of {len(pages)} pages in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
