#!/usr/bin/env python3
"""What a page of a built site weighs: every byte Chromium loads to show it, by kind.

Serves the site on a loopback port without compression (so bytes are the
files' own sizes), opens each page, waits for the network to go quiet, and
prints the HTML, CSS, JS, font, image and other bytes, their total, and the
total gzipped as most web servers send text. The home page's map is inside
its HTML; its bytes are printed apart when the page has one.

    .venv/bin/python scripts/page_weight.py site index.html countries/se.html
"""

from __future__ import annotations

import argparse
import functools
import gzip
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from atlas.browser import launch_chromium, start_folder_server

KINDS = {
    ".html": "html",
    ".css": "css",
    ".js": "js",
    ".woff2": "font",
    ".woff": "font",
    ".svg": "image",
    ".png": "image",
    ".ico": "image",
}


def _kind(url: str) -> str:
    path = urlsplit(url).path
    suffix = Path(path).suffix.lower() if not path.endswith("/") else ".html"
    return KINDS.get(suffix, "other")


def _keep(bodies: list[tuple[str, bytes]], response: Any) -> None:
    if response.ok:
        bodies.append((response.url, response.body()))


def measure(site: Path, pages: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    base, server = start_folder_server(site)
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            for page_path in pages:
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                page = context.new_page()
                bodies: list[tuple[str, bytes]] = []
                page.on("response", functools.partial(_keep, bodies))
                page.goto(base + page_path)
                page.wait_for_load_state("networkidle")
                by_kind: dict[str, int] = defaultdict(int)
                zipped = 0
                for url, body in bodies:
                    by_kind[_kind(url)] += len(body)
                    zipped += len(gzip.compress(body, 6)) if _kind(url) in ("html", "css", "js") else len(body)
                total = sum(by_kind.values())
                parts = ", ".join(f"{k} {v / 1024:.1f} KB" for k, v in sorted(by_kind.items()))
                print(
                    f"{page_path}: {total / 1024:.1f} KB in {len(bodies)} files ({parts}); gzipped {zipped / 1024:.1f} KB"
                )
                html = (site / page_path).read_text(encoding="utf-8")
                for match in re.finditer(r"<svg class=\"(atlas-map-svg|atlas-locator-svg)\".*?</svg>", html, re.S):
                    svg = match.group(0).encode()
                    print(f"  map ({match.group(1)}): {len(svg)} bytes, gzipped {len(gzip.compress(svg, 6))} bytes")
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder (make build writes site/)")
    parser.add_argument("pages", nargs="*", default=["index.html"], help="page paths inside it")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: no index.html; build the site first (make build)", file=sys.stderr)
        return 2
    return measure(args.site, args.pages)


if __name__ == "__main__":
    sys.exit(main())
