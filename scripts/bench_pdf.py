#!/usr/bin/env python3
"""How long the PDF export takes, and how much memory: the real practices, then N synthetic ones.

Prints, for each set: practices, pages and size of the training pack; the
wall-clock seconds spent loading and validating and making the pack (laid out
part by part, joined, tagged); seconds per page; the CPU seconds (steadier
than wall time on a shared machine); the peak memory of this process; then
the time per practice sheet made from scratch, and the time of a second run
with one practice changed (the others come from the sheet cache).
"""

from __future__ import annotations

import argparse
import logging
import resource
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from atlas.load import load_atlas_data
from atlas.pdf import SheetCache, export_pack, export_sheets
from atlas.pdfwriter import PdfWriter
from atlas.pipeline import AtlasPaths, load_atlas
from atlas.printlinks import SiteAddress
from atlas.project import PROJECT_ROOT as ROOT
from atlas.selection import Selection
from atlas.synthetic import write_synthetic_practices

TARGET_SECONDS_PER_PAGE = 0.07
TARGET_PEAK_MB = 500


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(name: str, paths: AtlasPaths, out: Path, sheets: int) -> None:
    day = date.today()
    site = SiteAddress.of("https://atlas.example.org/")
    c0 = time.process_time()
    t0 = time.perf_counter()
    result = load_atlas(paths)
    if result.problems or result.catalogue is None:
        raise SystemExit(f"{name}: {len(result.problems)} problems, first: {result.problems[0]}")
    catalogue = result.catalogue
    t1 = time.perf_counter()
    writer = PdfWriter()
    pack, written = export_pack(
        catalogue, Selection(), out / f"{name}.pdf", day=day, version="bench", writer=writer, site=site
    )
    t2 = time.perf_counter()
    cpu = time.process_time() - c0
    size = written.path.stat().st_size / 1e6
    per_page = (t2 - t1) / written.pages
    print(
        f"{name}: {len(pack.practices)} practices, {written.pages} pages, {size:.1f} MB; "
        f"total {t2 - t0:.1f} s (load+validate {t1 - t0:.2f}, pack {t2 - t1:.1f}); "
        f"{per_page:.3f} s/page (target {TARGET_SECONDS_PER_PAGE}); CPU {cpu:.1f} s, "
        f"{cpu / written.pages:.3f} CPU s/page; "
        f"peak memory {peak_mb():.0f} MB (target {TARGET_PEAK_MB})",
        flush=True,
    )
    if sheets:
        chosen = pack.practices[:sheets]
        cache = SheetCache(out / f"{name}-cache")
        t3 = time.perf_counter()
        export_sheets(catalogue, chosen, out / f"{name}-sheets", writer=writer, site=site, cache=cache)
        each = (time.perf_counter() - t3) / len(chosen)
        changed = replace(chosen[0], summary=chosen[0].summary + " Changed for the benchmark.")
        t4 = time.perf_counter()
        again = export_sheets(
            catalogue, [changed, *chosen[1:]], out / f"{name}-sheets", writer=writer, site=site, cache=cache
        )
        second = time.perf_counter() - t4
        made = sum(1 for r in again if not r.cached)
        print(
            f"{name}: sheets {len(chosen)} in {each * len(chosen):.1f} s, {each * 1000:.0f} ms each "
            f"(all {len(pack.practices)} would take about {each * len(pack.practices):.0f} s); "
            f"second run with one practice changed: {made} made, {len(chosen) - made} from the cache, "
            f"{second:.1f} s",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000, help="synthetic practices (default 1000)")
    parser.add_argument("--sheets", type=int, default=50, help="sheets to time in each set (default 50)")
    parser.add_argument("--skip-real", action="store_true", help="only the synthetic set")
    parser.add_argument("--root", type=Path, default=ROOT, help="project whose practices/ and data/ to use")
    args = parser.parse_args(argv)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="atlas-bench-pdf-") as tmp:
        out = Path(tmp)
        if not args.skip_real:
            measure("content", AtlasPaths.under(args.root), out, args.sheets)
        if args.count:
            data_dir = args.root.resolve() / "data"
            data = load_atlas_data(data_dir, data_dir / "benchmarks", args.root)
            folder = out / "practices"
            write_synthetic_practices(folder, args.count, data)
            measure(
                f"synthetic-{args.count}",
                AtlasPaths(args.root.resolve(), folder, data_dir, data_dir / "benchmarks"),
                out,
                args.sheets,
            )
    print("Figures are from a shared machine: wall times vary with its load; CPU seconds vary less.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
