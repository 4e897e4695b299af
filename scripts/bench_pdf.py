#!/usr/bin/env python3
"""How long the PDF export takes: the real practices, then N synthetic ones.

Prints, for each set: practices, pages, and the wall-clock seconds spent
loading and validating, rendering the print HTML, laying out (WeasyPrint) and
writing the PDF; the CPU seconds (steadier than wall time on a shared
machine); the peak memory of this process; and the time per one-page sheet.
"""
from __future__ import annotations

import argparse
import logging
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from atlas.load import load_atlas_data
from atlas.pdf import PackRenderer, PdfWriter, export_sheets, plan_pack
from atlas.pipeline import AtlasPaths, load_atlas
from atlas.project import PROJECT_ROOT as ROOT
from atlas.selection import Selection
from atlas.synthetic import write_synthetic_practices


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(name: str, paths: AtlasPaths, out: Path, sheets: int) -> None:
    day = date.today()
    c0 = time.process_time()
    t0 = time.perf_counter()
    result = load_atlas(paths)
    if result.problems or result.catalogue is None:
        raise SystemExit(f"{name}: {len(result.problems)} problems, first: {result.problems[0]}")
    catalogue = result.catalogue
    t1 = time.perf_counter()
    pack = plan_pack(catalogue, Selection(), day=day, version="bench")
    html = PackRenderer(catalogue).pack_html(pack)
    t2 = time.perf_counter()
    writer = PdfWriter()
    document = writer.layout(html)
    t3 = time.perf_counter()
    written = writer.write(document, out / f"{name}.pdf")
    t4 = time.perf_counter()
    cpu = time.process_time() - c0
    size = written.path.stat().st_size / 1e6
    print(f"{name}: {len(pack.practices)} practices, {written.pages} pages, {size:.1f} MB; "
          f"total {t4 - t0:.1f} s (load+validate {t1 - t0:.2f}, html {t2 - t1:.2f}, "
          f"layout {t3 - t2:.1f}, write {t4 - t3:.1f}); CPU {cpu:.1f} s; peak memory {peak_mb():.0f} MB",
          flush=True)
    if sheets:
        chosen = pack.practices[:sheets]
        t5 = time.perf_counter()
        export_sheets(catalogue, chosen, out / f"{name}-sheets", day=day, version="bench", writer=writer)
        each = (time.perf_counter() - t5) / len(chosen)
        print(f"{name}: sheets {len(chosen)} in {each * len(chosen):.1f} s, {each * 1000:.0f} ms each "
              f"(all {len(pack.practices)} would take about {each * len(pack.practices):.0f} s)", flush=True)


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
            measure(f"synthetic-{args.count}", AtlasPaths(args.root.resolve(), folder, data_dir, data_dir / "benchmarks"),
                    out, args.sheets)
    return 0


if __name__ == "__main__":
    sys.exit(main())
