#!/usr/bin/env python3
"""Export the offline PDF training pack, whole or filtered like the explorer.

    scripts/export_pdf.py                                  the full pack
    scripts/export_pdf.py --dimension housing --size small-town --country AT
    scripts/export_pdf.py --sheets                         also one-page sheets
    scripts/export_pdf.py --site-dir site --sheets         into a built site's downloads/

Values of one facet are alternatives (OR); facets combine with AND.
"""
from __future__ import annotations

import argparse
import logging
import sys
import time
from datetime import date
from pathlib import Path

from atlas.facets import FACETS
from atlas.pdf import DOWNLOADS_FOLDER, PACK_FILE, SHEETS_FOLDER, PdfWriter, export_pack, export_sheets, pack_version
from atlas.pipeline import AtlasPaths, load_atlas
from atlas.project import PROJECT_ROOT as ROOT
from atlas.selection import Selection, normalise
from atlas.validate import format_report

DEFAULT_OUTPUT = ROOT / "out" / PACK_FILE


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    facets = parser.add_argument_group("selection (repeat a flag to allow several values)")
    for facet in FACETS:
        facets.add_argument(f"--{facet.key}", action="append", default=[], metavar="ID",
                            help=f"{facet.cover_label} id" + (" (full id, e.g. governance.coordination.internal-cooperation)"
                                                        if facet.is_benchmarks else ""))
    out = parser.add_argument_group("output")
    out.add_argument("-o", "--output", type=Path, help=f"the pack's PDF file (default: out/{PACK_FILE})")
    out.add_argument("--site-dir", type=Path,
                     help=f"a built site: write <site>/{DOWNLOADS_FOLDER}/{PACK_FILE} and sheets beside it")
    out.add_argument("--sheets", action="store_true", help="also write a one-page PDF sheet per selected practice")
    out.add_argument("--sheets-dir", type=Path, help=f"where sheets go (default: {SHEETS_FOLDER}/ beside the pack)")
    out.add_argument("--no-pack", action="store_true", help="write only the sheets")
    source = parser.add_argument_group("input")
    source.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this checkout)")
    source.add_argument("--practices", type=Path, help="practice folder (default: <root>/practices)")
    source.add_argument("--data", type=Path, help="data folder (default: <root>/data)")
    source.add_argument("--benchmarks", type=Path, help="benchmark folder (default: <data>/benchmarks)")
    meta = parser.add_argument_group("cover")
    meta.add_argument("--date", type=date.fromisoformat, help="date printed on the cover (default: today)")
    meta.add_argument("--pack-version", help="version printed on the cover (default: git commit, or a date stamp)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    # WeasyPrint's own warnings (e.g. a refused URL) go to stderr; its progress chatter does not.
    logging.getLogger("weasyprint.progress").setLevel(logging.ERROR)
    args = parse_args(argv)
    root = args.root.resolve()
    data = (args.data or root / "data").resolve()
    paths = AtlasPaths(root, (args.practices or root / "practices").resolve(), data,
                       (args.benchmarks or data / "benchmarks").resolve())
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
        print("No practice matches this selection; nothing was written.", file=sys.stderr)
        return 1

    if args.site_dir:
        output = args.site_dir / DOWNLOADS_FOLDER / PACK_FILE
    else:
        output = args.output or DEFAULT_OUTPUT
    sheets_dir = args.sheets_dir or output.parent / SHEETS_FOLDER
    version = args.pack_version or pack_version(root, day)
    writer = PdfWriter()
    if not args.no_pack:
        pack, written = export_pack(catalogue, selection, output, day=day, version=version, writer=writer)
        print(f"{written.path}: {len(pack.practices)} practices, {written.pages} pages, "
              f"{time.perf_counter() - started:.1f} s")
    if args.sheets or args.no_pack:
        sheets_started = time.perf_counter()
        sheets = export_sheets(catalogue, practices, sheets_dir, day=day, version=version, writer=writer)
        print(f"{sheets_dir}: {len(sheets)} sheets, {time.perf_counter() - sheets_started:.1f} s")
    if writer.fetcher.refused:
        print("Refused to fetch: " + ", ".join(sorted(set(writer.fetcher.refused))), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
