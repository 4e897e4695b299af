"""Check every internal link and anchor of a built site, offline.

    python scripts/check_links.py [SITE_DIR] [--report build/external-links.txt]
    python scripts/check_links.py --url http://127.0.0.1:8000/   (a running `make serve`)

Every HTML page and stylesheet of the folder is read once with an HTML parser
(atlas.linkcheck), reached from the navigation or not; each internal link must
name an existing file and each #anchor an id of its page. With --url, the
server is crawled from its home page instead. External links are never
fetched: they are written to a report, one per line with the pages that carry
them, for a person to review. Exit status 1 when any internal link or anchor
is broken. Nothing is written but the report (build/ by default).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from atlas.linkcheck import FolderSite, HttpSite, LinkReport, Site, check_site, external_report
from atlas.project import PROJECT_ROOT as ROOT


def check(site: Site) -> LinkReport:
    return check_site(site)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"), help="the built site folder")
    parser.add_argument("--url", help="check a running server instead, crawled from this address")
    parser.add_argument(
        "--report",
        default=str(ROOT / "build" / "external-links.txt"),
        help="where to list the external links (default: build/external-links.txt)",
    )
    args = parser.parse_args(argv)
    site: Site
    if args.url:
        site = HttpSite(args.url)
    else:
        folder = Path(args.site)
        if not (folder / "index.html").is_file():
            print(f"{folder} has no index.html: build the site first (make build)", file=sys.stderr)
            return 2
        site = FolderSite(folder)
    try:
        report = check(site)
    except OSError as error:  # --url: nothing listening, or the connection broke
        print(f"cannot read {site.base}: {error} (is `make serve` running there?)", file=sys.stderr)
        return 2
    report_file = Path(args.report)
    report_file.parent.mkdir(parents=True, exist_ok=True)
    report_file.write_text(external_report(report), encoding="utf-8")
    for problem in report.broken:
        print(problem)
    print(f"{report.summary()}; external links listed in {args.report}")
    return 1 if report.broken else 0


if __name__ == "__main__":
    sys.exit(main())
