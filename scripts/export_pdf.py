#!/usr/bin/env python3
"""Export the offline PDF training pack, whole or filtered like the explorer.

    scripts/export_pdf.py                                  the full pack
    scripts/export_pdf.py --dimension housing --size small-town --country AT
    scripts/export_pdf.py --sheets --checklists            also practice sheets and benchmark checklists
    scripts/export_pdf.py --site-dir site --sheets         into a built site's downloads/
    scripts/export_pdf.py --paper letter                   US Letter instead of A4

Values of one facet are alternatives (OR); facets combine with AND. Links and
QR codes lead to the site at mkdocs.yml's `site_url` (or --site-url); without
one, the PDFs name the page's path and carry no link to it. Sheets are kept in
a cache (build/pdf-cache/) by a hash of everything they print, so a second run
remakes only the sheets whose practice, templates or code changed.
"""

from __future__ import annotations

import argparse
import difflib
import logging
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

# Only light modules here: `--help` and a mistyped flag answer at once; WeasyPrint is imported in main().
from atlas.facets import FACETS
from atlas.project import PROJECT_ROOT as ROOT

PACK_FILE = "atlas-training-pack.pdf"  # the same names as atlas.pdf's (tests check they agree)
DOWNLOADS_FOLDER = "downloads"
SHEETS_FOLDER = "sheets"
CHECKLISTS_FOLDER = "checklists"
DEFAULT_OUTPUT = ROOT / "out" / PACK_FILE
DEFAULT_CACHE = ROOT / "build" / "pdf-cache"


class FriendlyParser(argparse.ArgumentParser):
    """argparse that answers an unknown or mistyped option with one line naming the closest valid one."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\n")

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:
        parsed, extra = self.parse_known_args(args, namespace)
        if extra:
            self.error(self.unknown_message(extra))
        return parsed

    def unknown_message(self, extra: list[str]) -> str:
        options = [o for action in self._actions for o in action.option_strings if o.startswith("--")]
        flag = next((e for e in extra if e.startswith("-")), None)
        if flag is None:
            return f"unexpected argument {extra[0]!r} (values follow a flag, e.g. --country AT)"
        name = flag.split("=", 1)[0]
        close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else "; see --help for the options"
        return f"unknown option {name}{hint}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = FriendlyParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter, allow_abbrev=False
    )
    facets = parser.add_argument_group("selection (repeat a flag to allow several values)")
    for facet in FACETS:
        facets.add_argument(
            f"--{facet.key}",
            action="append",
            default=[],
            metavar="ID",
            help=f"{facet.cover_label} id"
            + (" (full id, e.g. governance.coordination.internal-cooperation)" if facet.is_benchmarks else ""),
        )
    out = parser.add_argument_group("output")
    out.add_argument("-o", "--output", type=Path, help=f"the pack's PDF file (default: out/{PACK_FILE})")
    out.add_argument(
        "--site-dir", type=Path, help=f"a built site: write <site>/{DOWNLOADS_FOLDER}/{PACK_FILE} and sheets beside it"
    )
    out.add_argument("--sheets", action="store_true", help="also write a PDF sheet per selected practice")
    out.add_argument("--sheets-dir", type=Path, help=f"where sheets go (default: {SHEETS_FOLDER}/ beside the pack)")
    out.add_argument(
        "--checklists",
        action="store_true",
        help=f"also write a fill-in benchmark checklist per dimension ({CHECKLISTS_FOLDER}/ beside the pack)",
    )
    out.add_argument("--no-pack", action="store_true", help="write only the sheets (and checklists)")
    out.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size (default: a4)")
    out.add_argument(
        "--site-url",
        help="the published site's address for links and QR codes (default: mkdocs.yml's site_url; '' for none)",
    )
    out.add_argument("--cache-dir", type=Path, help="where finished sheets are kept (default: build/pdf-cache)")
    out.add_argument("--no-cache", action="store_true", help="remake every sheet")
    source = parser.add_argument_group("input")
    source.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this checkout)")
    source.add_argument("--practices", type=Path, help="practice folder (default: <root>/practices)")
    source.add_argument("--data", type=Path, help="data folder (default: <root>/data)")
    source.add_argument("--benchmarks", type=Path, help="benchmark folder (default: <data>/benchmarks)")
    meta = parser.add_argument_group("cover")
    meta.add_argument("--date", type=date.fromisoformat, help="the edition's date (default: today)")
    meta.add_argument(
        "--pack-version", help="version printed on the cover (default: CITATION.cff's version, else the edition's date)"
    )
    parsed: argparse.Namespace = parser.parse_args(argv)
    return parsed


def empty_selection_message(selection: Any, catalogue: Any) -> str:
    """Why nothing matched: how many practices each facet alone would leave, and what dropping one gives."""
    from atlas.selection import Selection

    chosen = {k: v for k, v in selection.chosen.items() if v}
    lines = ["No practice matches this selection; nothing was written."]
    for key in chosen:
        without = Selection({k: v for k, v in chosen.items() if k != key}).apply(catalogue)
        flags = " ".join(f"--{key} {v}" for v in chosen[key])
        lines.append(f"  without {flags}: {len(without)} practice{'s' if len(without) != 1 else ''}")
    return "\n".join(lines)


class Progress:
    """A progress bar on stderr when it is a terminal (rich), silence otherwise (logs, CI, tests)."""

    def __init__(self, enabled: bool) -> None:
        self._progress: Any = None
        self._task: Any = None
        if enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            self._progress = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )

    def start(self, description: str, total: int) -> None:
        if self._progress is None:
            return
        self._progress.start()
        if self._task is not None:
            self._progress.remove_task(self._task)
        self._task = self._progress.add_task(description, total=total)

    def __call__(self, _what: str, steps: int) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, steps)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    # WeasyPrint's own warnings (e.g. a refused URL) go to stderr; its progress chatter does not.
    logging.getLogger("weasyprint.progress").setLevel(logging.ERROR)
    args = parse_args(argv)

    from atlas.packplan import plan_pack
    from atlas.pdf import SheetCache, export_checklists, export_pack, export_sheets
    from atlas.pdfwriter import PdfWriter, edition_version, pack_version
    from atlas.pipeline import AtlasPaths, load_atlas
    from atlas.printhtml import pack_parts
    from atlas.printlinks import SiteAddress
    from atlas.selection import Selection, normalise
    from atlas.validate import format_report

    root = args.root.resolve()
    data = (args.data or root / "data").resolve()
    paths = AtlasPaths(
        root, (args.practices or root / "practices").resolve(), data, (args.benchmarks or data / "benchmarks").resolve()
    )
    day = args.date or date.today()

    started = time.perf_counter()
    result = load_atlas(paths)
    if result.problems or result.catalogue is None:
        print("The practice files have problems:\n" + format_report(result.problems), file=sys.stderr)
        return 1
    catalogue = result.catalogue
    selection, problems = normalise(Selection.of(**{f.key: getattr(args, f.key) for f in FACETS}), catalogue)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    practices = selection.apply(catalogue)
    if not practices:
        print(empty_selection_message(selection, catalogue), file=sys.stderr)
        return 1

    site = SiteAddress.from_mkdocs_yml(root / "mkdocs.yml")
    if args.site_url is not None:
        site = SiteAddress.of(args.site_url, site.directory_urls)
    if args.site_dir:
        output = args.site_dir / DOWNLOADS_FOLDER / PACK_FILE
    else:
        output = args.output or DEFAULT_OUTPUT
    sheets_dir = args.sheets_dir or output.parent / SHEETS_FOLDER
    version = args.pack_version or edition_version(root / "CITATION.cff", day)
    writer = PdfWriter(args.paper)
    progress = Progress(sys.stderr.isatty())
    try:
        if not args.no_pack:
            steps = len(pack_parts(plan_pack(catalogue, selection, day=day, version=version)))
            progress.start("training pack", 2 * steps + 1)
            pack, written = export_pack(
                catalogue,
                selection,
                output,
                day=day,
                version=version,
                writer=writer,
                site=site,
                revision=pack_version(root, day),
                progress=progress,
            )
            print(
                f"{written.path}: {len(pack.practices)} practices, {written.pages} pages, "
                f"{written.path.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - started:.1f} s"
            )
        if args.sheets or (args.no_pack and not args.checklists):
            sheets_started = time.perf_counter()
            progress.start("practice sheets", len(practices))
            cache = SheetCache(None if args.no_cache else (args.cache_dir or DEFAULT_CACHE))
            sheets = export_sheets(
                catalogue, practices, sheets_dir, writer=writer, site=site, cache=cache, progress=progress
            )
            made = sum(1 for s in sheets if not s.cached)
            print(
                f"{sheets_dir}: {len(sheets)} sheets ({made} made, {len(sheets) - made} from the cache), "
                f"{time.perf_counter() - sheets_started:.1f} s"
            )
        if args.checklists:
            checklists_started = time.perf_counter()
            folder = output.parent / CHECKLISTS_FOLDER
            lists = export_checklists(catalogue, practices, folder, day=day, writer=writer, site=site)
            print(f"{folder}: {len(lists)} checklists, {time.perf_counter() - checklists_started:.1f} s")
    finally:
        progress.stop()
    if writer.fetcher.refused:
        print("Refused to fetch: " + ", ".join(sorted(set(writer.fetcher.refused))), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
