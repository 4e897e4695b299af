"""Benchmark the explorer at scale: data file size and click-to-update time in Chromium.

Writes N synthetic practices, builds a real site from them with the atlas's
hooks, opens the explorer in Chromium (from file://, as an offline reader
would) and clicks facet values many times, timing each click in the page
until the results and counts are updated and laid out. Prints the figures;
exits 1 when a target (median < 50 ms, data file < 2 MB) is missed.

    .venv/bin/python scripts/bench_explorer.py --practices 5000 --clicks 100
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from atlas.browser import launch_chromium
from atlas.explorer import DATA_URI
from atlas.load import load_atlas_data
from atlas.project import PROJECT_ROOT as ROOT
from atlas.synthetic import write_synthetic_practices
from atlas.throwaway_site import throwaway_config

TARGET_MEDIAN_MS = 50.0
TARGET_DATA_BYTES = 2 * 1024 * 1024

_NAV = [
    {"Home": "index.md"},
    {"Explorer": "explorer.md"},
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

# One click, timed inside the page: to the end of our handler, to the updated and
# laid-out DOM (the figure the target is about), and to the next frame.
CLICK_JS = """(selector) => new Promise(resolve => {
  const input = document.querySelector(selector);
  const t0 = performance.now();
  input.click();
  const handled = performance.now();
  document.body.getBoundingClientRect();
  const laidOut = performance.now();
  requestAnimationFrame(() => setTimeout(() => resolve([handled - t0, laidOut - t0, performance.now() - t0]), 0));
})"""


def make_atlas(folder: Path, count: int, seed: int) -> Path:
    """A throwaway atlas: synthetic practices, the real data, docs and hooks."""
    data = load_atlas_data(ROOT / "data", ROOT / "data" / "benchmarks", ROOT)
    write_synthetic_practices(folder / "practices", count, data, seed=seed)
    docs = folder / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Explorer benchmark\n", encoding="utf-8")
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    config = folder / "mkdocs.yml"
    settings = throwaway_config(
        f"Explorer benchmark ({count} synthetic practices)",
        nav=_NAV,
        extra_css=("assets/atlas.css", "assets/atlas/explorer.css"),
    )
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    return config


def build(config: Path, site: Path) -> float:
    started = time.perf_counter()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
    )
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - started


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(site: Path, clicks: int, seed: int) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    rng = random.Random(seed)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        started = time.perf_counter()
        page.goto((site / "explorer.html").as_uri())
        page.wait_for_selector("#atlas-explorer:not([hidden]) .atlas-card")
        load_ms = (time.perf_counter() - started) * 1000
        inputs = page.eval_on_selector_all(".atlas-facet__value input", "els => els.map(e => e.id)")
        handler, laid_out, frame = [], [], []
        for _ in range(clicks // 2):
            enabled = page.eval_on_selector_all(".atlas-facet__value input:not(:disabled)", "els => els.map(e => e.id)")
            target = "#" + rng.choice(enabled or inputs)
            for _ in range(2):  # tick, then untick: the view stays populated
                h, layout, f = page.evaluate(CLICK_JS, target)
                handler.append(h)
                laid_out.append(layout)
                frame.append(f)
        total = page.text_content("#atlas-result-count")
        practices = page.evaluate("window.ATLAS_EXPLORER.practices.length")
        browser.close()
    return {
        "load_ms": load_ms,
        "handler": handler,
        "laid_out": laid_out,
        "frame": frame,
        "status": total,
        "values": len(inputs),
        "practices": practices,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--practices", type=int, default=5000, help="number of synthetic practices (default 5000)")
    parser.add_argument("--clicks", type=int, default=100, help="filter clicks to time (default 100)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--site", type=Path, help="measure an already built site instead of building one")
    parser.add_argument("--keep", action="store_true", help="keep the generated atlas and site")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="atlas-bench-explorer-"))
    try:
        if args.site:
            site, build_s = args.site, None
        else:
            config = make_atlas(workdir / "atlas", args.practices, args.seed)
            site = workdir / "site"
            build_s = build(config, site)
        data_bytes = (site / DATA_URI).stat().st_size
        page_bytes = (site / "explorer.html").stat().st_size
        result = measure(site, args.clicks, args.seed)
    finally:
        if args.keep:
            print(f"kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    laid_out: list[float] = result["laid_out"]  # type: ignore[assignment]
    median = statistics.median(laid_out)
    print(f"practices:              {result['practices']}")
    if build_s is not None:
        print(f"site build:             {build_s:.1f} s")
    print(f"data file ({DATA_URI}): {data_bytes / 1024:.0f} KiB ({data_bytes} bytes; target < 2048 KiB)")
    print(f"explorer.html (no-JS list): {page_bytes / 1024:.0f} KiB")
    print(f"explorer ready after load: {result['load_ms']:.0f} ms (file://, {result['values']} filter values)")
    print(f"filter clicks timed:    {len(laid_out)}")
    for name in ("handler", "laid_out", "frame"):
        values: list[float] = result[name]  # type: ignore[assignment]
        label = {
            "handler": "click -> handler done",
            "laid_out": "click -> results laid out",
            "frame": "click -> next frame",
        }[name]
        print(
            f"{label:26} median {statistics.median(values):6.1f} ms   p90 {percentile(values, 0.9):6.1f} ms"
            f"   max {max(values):6.1f} ms"
        )
    ok = median < TARGET_MEDIAN_MS and data_bytes < TARGET_DATA_BYTES
    print(f"targets (median < {TARGET_MEDIAN_MS:.0f} ms, data < 2 MB): {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
