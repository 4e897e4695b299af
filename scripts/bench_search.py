#!/usr/bin/env python3
"""Search at scale: bytes on page load and per search, time to first result, indexing time.

For each N, writes N synthetic practices and builds the site twice, each in a
fresh process: "after", the atlas as it is (Pagefind, indexed by the hook after
the build), and "before", the same atlas with Material's built-in search plugin
(what the site used until issue 19). Each site is served on a warm loopback
server (no compression, so bytes are the files' own sizes; Pagefind's chunks
are gzipped files already, Material's JSON index is not, so its gzip size is
printed too). Chromium then opens a practice page and records:

- load KB: every byte the page load transfers (HTML, CSS, JS, and Material's
  index for "before"); "index KB" is the search-index part of it;
- search KB: what one one-word search transfers after the page has loaded,
  until its first screenful of results is shown;
- (gz): the same with text files (JS, CSS, HTML, JSON) gzipped, as most web
  servers send them (the loopback server here does not compress);
- first ms: from typing the word (the input event) to the first result on
  screen, once what focusing the box started has loaded, as it has while a
  person types; "at once ms": the same word typed the instant the box gets
  focus (engine or index still loading: the worst case); "again ms": a second
  word right after the first;
- index s: for "after", Pagefind's indexing time (as the hook reports it), and
  the whole build's time for both. Times are medians of --repeat runs.

Targets at 5,000 practices (issue 19): search <= 150 KB, first result <= 300 ms.

    .venv/bin/python scripts/bench_search.py --sizes 1000 5000
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from atlas.browser import launch_chromium, start_folder_server
from atlas.load import load_atlas_data
from atlas.project import PROJECT_ROOT as ROOT
from atlas.synthetic import write_synthetic_practices
from atlas.throwaway_site import throwaway_config

TARGET_SEARCH_KB = 150
TARGET_FIRST_MS = 300

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

_INDEX_LOG = re.compile(r"search index of (\d+) pages in ([\d.]+) s")

# Time from the query's input event to the first result in the list, measured in the page.
_TIMED_QUERY = """([word]) => new Promise((resolve) => {
  const box = document.querySelector("input.md-search__input");
  const list = document.querySelector(".md-search-result__list");
  const started = performance.now();
  const done = () => resolve(performance.now() - started);
  const observer = new MutationObserver(() => {
    if (list.querySelector(".md-search-result__item")) { observer.disconnect(); done(); }
  });
  observer.observe(list, { childList: true, subtree: true });
  box.value = word;
  box.dispatchEvent(new Event("input", { bubbles: true }));
  box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: word.slice(-1) }));
  setTimeout(() => { observer.disconnect(); resolve(-1); }, 30000);
})"""


def make_atlas(folder: Path, count: int, *, material_search: bool, seed: int = 1) -> Path:
    """A throwaway atlas of `count` synthetic practices; its mkdocs.yml path."""
    data = load_atlas_data(ROOT / "data", ROOT / "data" / "benchmarks", ROOT)
    write_synthetic_practices(folder / "practices", count, data, seed=seed)
    docs = folder / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Search benchmark\n", encoding="utf-8")
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    settings = throwaway_config(
        f"Search benchmark ({count} practices)",
        nav=_NAV,
        plugins=("search",) if material_search else (),
        extra_css=("assets/atlas.css", "assets/atlas/explorer.css"),
    )
    config = folder / "mkdocs.yml"
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    return config


def build(config: Path, site: Path) -> tuple[float, float | None]:
    """Builds the site in a fresh process: (build seconds, Pagefind's indexing seconds or None)."""
    started = time.perf_counter()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stderr[-3000:]}")
    indexed = _INDEX_LOG.search(result.stderr)
    return seconds, float(indexed.group(2)) if indexed else None


def is_index(url: str) -> bool:
    """Search-index traffic of either engine (not the search box's own small script)."""
    return "/pagefind/" in url or "/search/search_index" in url or "/workers/search." in url


# Already compressed: Pagefind's index files (gzip inside) and images.
_PRECOMPRESSED = re.compile(r"\.(pf_\w+|pagefind|png|jpe?g|gif|webp|woff2?)(\?|$)")


@dataclass
class Transfers:
    """Every response, in the order its request started: its URL, the bytes sent (headers +
    body, as served here, uncompressed) and the bytes a server that gzips text (JS, CSS, HTML,
    JSON) would send. Ordered by start, so a big download that ends late still counts for the
    moment that asked for it (Material's index, fetched on page load, can finish seconds later)."""

    estimate_gzip: bool = False
    _started: list[Any] = field(default_factory=list)
    _sizes: dict[int, tuple[int, int]] = field(default_factory=dict)

    def attach(self, context: Any) -> Transfers:
        context.on("request", lambda request: self._started.append(request))
        context.on("requestfinished", self._finished)
        context.on("requestfailed", lambda request: self._sizes.setdefault(id(request), (0, 0)))
        return self

    def _finished(self, request: Any) -> None:
        try:
            sizes = request.sizes()
        except Exception:  # the page went away
            self._sizes[id(request)] = (0, 0)
            return
        headers, body = sizes["responseHeadersSize"], sizes["responseBodySize"]
        compressed = body
        if self.estimate_gzip and not _PRECOMPRESSED.search(request.url):
            try:
                response = request.response()
                compressed = len(gzip.compress(response.body(), 6)) if response else body
            except Exception:
                pass
        self._sizes[id(request)] = (headers + body, headers + compressed)

    @property
    def seen(self) -> list[tuple[str, int]]:
        """(URL, bytes) of every finished request, in the order the requests started."""
        return [(r.url, self._sizes[id(r)][0]) for r in self._started if id(r) in self._sizes]

    @property
    def requested(self) -> list[str]:
        """Every URL asked for so far, finished or not."""
        return [r.url for r in self._started]

    def mark(self) -> int:
        return len(self._started)

    def since(self, mark: int) -> list[tuple[str, int]]:
        return [(r.url, self._sizes[id(r)][0]) for r in self._started[mark:] if id(r) in self._sizes]

    def gzipped_since(self, mark: int, until: int | None = None) -> int:
        return sum(self._sizes[id(r)][1] for r in self._started[mark:until] if id(r) in self._sizes)

    def drain(self, page: Any, timeout_s: float = 60) -> None:
        """Waits until every request started so far has finished (or failed)."""
        deadline = time.monotonic() + timeout_s
        while any(id(r) not in self._sizes for r in self._started) and time.monotonic() < deadline:
            page.wait_for_timeout(100)


def measure_search(browser: Any, url: str, page_path: str, words: tuple[str, str], *, settle: bool) -> dict[str, float]:
    """One fresh browser context: load a page, focus the box, then two timed one-word searches.

    settle=False types at once after focusing (the engine or index still loading);
    settle=True first lets what focusing started finish, as it does while a person types.
    """
    context = browser.new_context()
    transfers = Transfers(estimate_gzip=True).attach(context)
    page = context.new_page()
    page.goto(url + page_path, wait_until="networkidle")
    page.wait_for_timeout(1000)  # anything a script starts late on load (Material's index) has begun
    transfers.drain(page)
    mark = transfers.mark()
    loaded = transfers.since(0)
    page.locator("input.md-search__input").focus()
    if settle:
        page.wait_for_load_state("networkidle")
        transfers.drain(page)
        page.wait_for_timeout(500)
    first_ms = page.evaluate(_TIMED_QUERY, [words[0]])
    page.wait_for_load_state("networkidle")
    _settle(page)
    transfers.drain(page)
    searched = transfers.since(mark)
    searched_gzip = transfers.gzipped_since(mark)
    again_ms = page.evaluate(_TIMED_QUERY, [words[1]])
    context.close()
    return {
        "load_kb": sum(size for _, size in loaded) / 1024,
        "load_index_kb": sum(size for u, size in loaded if is_index(u)) / 1024,
        "search_kb": sum(size for _, size in searched) / 1024,
        "load_gzip_kb": transfers.gzipped_since(0, mark) / 1024,
        "search_gzip_kb": searched_gzip / 1024,
        "first_ms": first_ms,
        "again_ms": again_ms,
        "search_urls": [u for u, _ in searched],
    }


def _settle(page: Any, rounds: int = 50) -> None:
    """Waits until the result list stops growing (each result's fragment arrives on its own)."""
    count = -1
    for _ in range(rounds):
        time.sleep(0.1)
        now = page.locator(".md-search-result__item").count()
        if now == count and now > 0:
            return
        count = now


def index_on_disk_kb(site: Path) -> tuple[float, float]:
    """Material's search_index.json: raw and gzipped size (0, 0 for a Pagefind site)."""
    index = site / "search" / "search_index.json"
    if not index.exists():
        return 0.0, 0.0
    raw = index.read_bytes()
    return len(raw) / 1024, len(gzip.compress(raw, 6)) / 1024


def run(
    count: int, work: Path, words: tuple[str, str], repeat: int, engines: tuple[str, ...] = ("before", "after")
) -> dict[str, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    figures: dict[str, dict[str, float]] = {}
    for name, material in (("before", True), ("after", False)):
        if name not in engines:
            continue
        folder = work / f"{name}-{count}"
        config = make_atlas(folder, count, material_search=material)
        site = folder / "site"
        seconds, indexing = build(config, site)
        first_practice = sorted(p.name for p in (site / "practices").glob("*.html") if p.name != "index.html")[0]
        url, server = start_folder_server(site)
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                page_path = f"practices/{first_practice}"
                measure_search(browser, url, page_path, words, settle=True)  # warms the server's disk cache
                runs = [measure_search(browser, url, page_path, words, settle=True) for _ in range(repeat)]
                figures[name] = runs[0]
                for key in ("first_ms", "again_ms"):
                    figures[name][key] = statistics.median(r[key] for r in runs)
                figures[name]["at_once_ms"] = statistics.median(
                    measure_search(browser, url, page_path, words, settle=False)["first_ms"] for _ in range(repeat)
                )
                browser.close()
        finally:
            server.shutdown()
        raw_kb, gzip_kb = index_on_disk_kb(site)
        figures[name].update(build_s=seconds, index_s=indexing or 0.0, json_kb=raw_kb, json_gzip_kb=gzip_kb)
        shutil.rmtree(folder)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="timed runs per figure, each in a fresh browser context; the median is printed",
    )
    parser.add_argument(
        "--engines",
        nargs="+",
        choices=["before", "after"],
        default=["before", "after"],
        help="before: Material's search; after: Pagefind (the site as it is)",
    )
    parser.add_argument("--show-urls", action="store_true", help="list what the search transferred")
    parser.add_argument(
        "--words",
        nargs=2,
        default=["housing", "mentoring"],
        help="the one-word searches (the second one is timed with the engine warm)",
    )
    args = parser.parse_args(argv)
    header = (
        f"{'N':>6} | {'search':<8} | {'load KB (gz)':>14} | {'index KB':>8} | {'search KB (gz)':>14} | "
        f"{'first ms':>8} | {'at once ms':>10} | {'again ms':>8} | {'build s':>7} | {'index s':>7} | "
        f"{'JSON index KB (gz)':>18}"
    )
    print(header)
    print("-" * len(header))
    missed = []
    with tempfile.TemporaryDirectory(prefix="atlas-bench-search-") as tmp:
        for count in args.sizes:
            figures = run(count, Path(tmp), tuple(args.words), args.repeat, tuple(args.engines))
            for name, label in (("before", "Material"), ("after", "Pagefind")):
                if name not in figures:
                    continue
                f = figures[name]
                json_kb = f"{f['json_kb']:.0f} ({f['json_gzip_kb']:.0f})" if f["json_kb"] else "-"
                print(
                    f"{count:>6} | {label:<8} | {f['load_kb']:>6.0f} ({f['load_gzip_kb']:>5.0f}) | "
                    f"{f['load_index_kb']:>8.0f} | {f['search_kb']:>6.0f} ({f['search_gzip_kb']:>5.0f}) | "
                    f"{f['first_ms']:>8.0f} | {f['at_once_ms']:>10.0f} | {f['again_ms']:>8.0f} | "
                    f"{f['build_s']:>7.1f} | {f['index_s'] or 0:>7.1f} | {json_kb:>18}",
                    flush=True,
                )
                if args.show_urls:
                    urls: Any = f["search_urls"]
                    print("        search fetched:", " ".join(u.rsplit("/", 1)[-1] for u in urls))
            after = figures.get("after")
            if after is None:
                continue
            if count >= 5000 and after["search_kb"] > TARGET_SEARCH_KB:
                missed.append(f"{count}: search {after['search_kb']:.0f} KB > {TARGET_SEARCH_KB} KB")
            if count >= 5000 and not 0 <= after["first_ms"] <= TARGET_FIRST_MS:
                missed.append(f"{count}: first result {after['first_ms']:.0f} ms > {TARGET_FIRST_MS} ms")
    for line in missed:
        print("target missed:", line)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
