#!/usr/bin/env python3
"""Validation cost at scale: N synthetic practices, clean and with two errors each.

Each run is a fresh process running scripts/validate.py on a temporary project
(the real data, N synthetic practices). The "errors" run gives every practice
two mistakes that ask for a did-you-mean suggestion, each typo drawn at random
so that few repeat: a country written as a misspelt name ("Swedn") and a
benchmark id with one letter changed. Prints wall time, CPU time, peak RSS and the number
of problems reported. Target: the error run within 2x of the clean run.

Usage: scripts/bench_validate.py [--count 10000]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pycountry

from atlas.load import load_atlas_data
from atlas.project import PROJECT_ROOT as ROOT
from atlas.synthetic import write_synthetic_practices


def _project(folder: Path, count: int, with_errors: bool) -> Path:
    folder.mkdir(parents=True)
    (folder / "data").symlink_to(ROOT / "data", target_is_directory=True)
    (folder / "mkdocs.yml").write_text("site_name: Bench\n", encoding="utf-8")
    paths = write_synthetic_practices(folder / "practices", count, load_atlas_data(ROOT / "data"))
    if with_errors:
        rng = random.Random(2)
        names = sorted(c.name for c in pycountry.countries)
        for path in paths:
            text = path.read_text(encoding="utf-8")
            text = re.sub(r'^country: "(..)"', f'country: "{_typo(rng.choice(names), rng)}"', text, count=1, flags=re.M)
            text = re.sub(
                r'^benchmarks: \[\{"id": "([^"]+)"',
                lambda m: f'benchmarks: [{{"id": "{_benchmark_typo(m.group(1), rng)}"',
                text,
                count=1,
                flags=re.M,
            )
            path.write_text(text, encoding="utf-8")
    return folder


def _typo(text: str, rng: random.Random, start: int = 0) -> str:
    """One letter from `start` on dropped or replaced, as a hurried contributor types."""
    at = rng.randrange(start, len(text))
    return text[:at] + rng.choice(("", "x", "e")) + text[at + 1 :]


def _benchmark_typo(benchmark_id: str, rng: random.Random) -> str:
    return _typo(benchmark_id, rng, benchmark_id.rfind(".") + 1)


def _run(project: Path) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "validate.py"), "--root", str(project)], capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    last = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else out.stderr[-300:]
    counted = re.match(r"(\d+) problems? found", last)
    problems = int(counted.group(1)) if counted else 0
    if "Traceback" in out.stderr:
        raise SystemExit(out.stderr[-2000:])
    return {
        "wall": wall,
        "cpu": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        "peak_mb": after.ru_maxrss / 1024,
        "problems": problems,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args(argv)
    results = {}
    with tempfile.TemporaryDirectory() as work:
        for kind in ("clean", "errors"):
            project = _project(Path(work) / kind, args.count, kind == "errors")
            results[kind] = _run(project)
            r = results[kind]
            print(
                f"{args.count:>6} practices, {kind:<6}: {r['wall']:6.1f} s wall, {r['cpu']:6.1f} s CPU, "
                f"peak RSS {r['peak_mb']:5.0f} MB, {r['problems']} problems",
                flush=True,
            )
    ratio = results["errors"]["cpu"] / max(results["clean"]["cpu"], 1e-9)
    print(f"errors / clean CPU time: {ratio:.2f} (target <= 2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
