#!/usr/bin/env python3
"""Build cost of the atlas against plain Material on the same pages.

For each N, makes N synthetic practices in a temporary folder and builds them
twice, each in a fresh process: (1) with our hooks, which load, validate and
generate every page; (2) as the baseline, the very files our hooks generate (pages
and data scripts), written as plain files into docs/ and built by plain Material with the same
navigation (practices not in the nav). Prints time, peak memory, site size and
the ratio. Target: ratio <= 1.15 at N = 1,000, and time growing linearly.

Usage: scripts/bench.py [--sizes 100 1000 5000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from atlas.load import load_atlas_data
from atlas.pipeline import AtlasPaths, load_atlas
from atlas.project import PROJECT_ROOT as ROOT
from atlas.site import generated_files
from atlas.synthetic import write_synthetic_practices
from atlas.throwaway_site import throwaway_config

_CHILD = """
import json, resource, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
start = time.perf_counter()
build(load_config(sys.argv[1]))
print(json.dumps({"seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_NAV = [
    {"Home": "index.md"},
    {
        "Practices": [
            "practices/index.md",
            {"By dimension": "dimensions/index.md"},
            {"By country": "countries/index.md"},
            {"By municipality size": "sizes/index.md"},
        ]
    },
    {"Benchmarks": "benchmarks/index.md"},
]


def _config(site_dir: Path, with_hooks: bool) -> dict[str, Any]:
    # Plain Material keeps its own search (index built in Python, inlined again for file://);
    # ours builds the Pagefind index instead, so its time includes indexing.
    plugins = () if with_hooks else ("search", "offline")
    config = throwaway_config("Bench", hooks=with_hooks, nav=_NAV, plugins=plugins)
    config["site_dir"] = str(site_dir)
    config["not_in_nav"] = "/practices/*\n/countries/*\n/dimensions/*\n/sizes/*\n/benchmarks/*\n"
    return config


def _build(config_file: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(config_file)],
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    if out.returncode != 0:
        raise SystemExit(f"build failed for {config_file}:\n{out.stderr[-2000:]}")
    figures: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def measure(count: int, work: Path, repeat: int) -> dict[str, Any]:
    data = load_atlas_data(ROOT / "data")
    ours, plain = work / f"ours-{count}", work / f"plain-{count}"
    for project in (ours, plain):
        (project / "docs").mkdir(parents=True)
        (project / "docs" / "index.md").write_text("# Bench\n", encoding="utf-8")
    write_synthetic_practices(ours / "practices", count, data)
    # The baseline gets exactly the pages our hooks would generate, as files.
    paths = AtlasPaths.under(ours, data=str(ROOT / "data"))
    result = load_atlas(paths)
    if result.problems or result.catalogue is None:
        raise SystemExit("synthetic practices do not validate:\n" + "\n".join(map(str, result.problems[:10])))
    for page in generated_files(result.catalogue, result.data, paths, directory_urls=False):
        target = plain / "docs" / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    figures = {}
    for name, project, hooks in (("ours", ours, True), ("plain", plain, False)):
        config_file = project / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(_config(project / "site", hooks)), encoding="utf-8")
        runs = [_build(config_file) for _ in range(repeat)]
        figures[name] = {
            "seconds": statistics.median(r["seconds"] for r in runs),
            "peak_mb": max(r["peak_mb"] for r in runs),
            "site_mb": _size_mb(project / "site"),
        }
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=1, help="builds per variant; the median time is kept")
    args = parser.parse_args(argv)
    header = f"{'N':>6} | {'ours s':>7} | {'plain s':>7} | {'ratio':>5} | {'ours MB RSS':>11} | {'plain MB RSS':>12} | {'site MB':>7} | {'ms/practice':>11}"
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
        for count in args.sizes:
            f = measure(count, Path(tmp), args.repeat)
            ours, plain = f["ours"], f["plain"]
            print(
                f"{count:>6} | {ours['seconds']:>7.2f} | {plain['seconds']:>7.2f} | "
                f"{ours['seconds'] / plain['seconds']:>5.2f} | {ours['peak_mb']:>11.0f} | {plain['peak_mb']:>12.0f} | "
                f"{ours['site_mb']:>7.1f} | {1000 * ours['seconds'] / count:>11.2f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
