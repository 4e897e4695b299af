"""Check every internal link and anchor of a built site with LinkChecker, offline.

    python scripts/check_links.py [SITE_DIR] [--report build/external-links.txt]

LinkChecker walks the site folder from file:// (every file, not only what the
navigation reaches), checks each internal link and, with its AnchorCheck
plugin, each #anchor. External links are never fetched: they are written to a
report, one per line with the pages that carry them, for a person to review.
Exit status 1 when any internal link or anchor is broken.
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from atlas.project import PROJECT_ROOT as ROOT

CONFIG = Path(__file__).resolve().parent / "linkcheckerrc"
LOCAL_SCHEMES = {"file", "data", "javascript", ""}


@dataclass
class LinkReport:
    broken: list[str] = field(default_factory=list)
    external: dict[str, set[str]] = field(default_factory=dict)


def _linkchecker() -> str:
    beside_python = Path(sys.executable).parent / "linkchecker"
    found = str(beside_python) if beside_python.exists() else shutil.which("linkchecker")
    if not found:
        raise SystemExit("linkchecker is not installed: run `make setup`")
    return found


def _readable_copy(site: Path) -> tuple[Path, Path | None]:
    """LinkChecker drops root privileges to `nobody`; give it a copy it can read."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return site, None
    holder = Path(tempfile.mkdtemp(prefix="atlas-links-"))
    holder.chmod(0o755)
    copy = holder / "site"
    shutil.copytree(site, copy)
    for folder, _dirs, files in os.walk(copy):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)
    return copy, holder


def parse_csv(text: str, site_url: str) -> LinkReport:
    """Sort LinkChecker's CSV rows into broken internal links and external URLs.

    Pages are named relative to the site folder. LinkChecker checks each URL
    once, so an external URL is listed with the first page it was found on.
    """
    rows = csv.DictReader(io.StringIO("".join(line for line in text.splitlines(True) if not line.startswith("#"))),
                          delimiter=";")
    report = LinkReport()
    for row in rows:
        url, parent = row.get("url") or "", (row.get("parentname") or "").replace(site_url, "")
        scheme = urlsplit(url).scheme.lower()
        if scheme not in LOCAL_SCHEMES:
            report.external.setdefault(url, set()).add(parent)
            continue
        problem = row["result"] if row.get("valid") != "True" else row.get("warningstring", "")
        if problem:
            line = row.get("line") or "?"
            problem = problem.replace(urlsplit(site_url).path, "").strip()
            report.broken.append(f"{parent or '(site)'}:{line}: {row.get('urlname')}: {problem}")
    return report


def check_site(site: Path) -> LinkReport:
    site = site.resolve()
    target, holder = _readable_copy(site)
    try:
        site_url = target.as_uri() + "/"
        result = subprocess.run(
            [_linkchecker(), "-f", str(CONFIG), "--no-status", "--verbose", "-o", "csv/utf-8", site_url],
            capture_output=True, text=True, encoding="utf-8",
        )
        if result.returncode not in (0, 1) or "urlname;" not in result.stdout:
            raise RuntimeError(f"linkchecker failed ({result.returncode}):\n{result.stderr[-2000:]}")
        return parse_csv(result.stdout, site_url)
    finally:
        if holder is not None:
            shutil.rmtree(holder, ignore_errors=True)


def write_external(report: LinkReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{url}\t{' '.join(sorted(pages))}" for url, pages in sorted(report.external.items())]
    header = "# External links in the built site, not fetched: URL<TAB>a page that links to it\n"
    path.write_text(header + "".join(line + "\n" for line in lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"), help="the built site folder")
    parser.add_argument("--report", default=str(ROOT / "build" / "external-links.txt"),
                        help="where to list the external links")
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"{site} has no index.html: build the site first (make build)", file=sys.stderr)
        return 2
    report = check_site(site)
    write_external(report, Path(args.report))
    for problem in report.broken:
        print(problem)
    print(f"{len(report.broken)} broken internal links or anchors; "
          f"{len(report.external)} external links listed in {args.report}")
    return 1 if report.broken else 0


if __name__ == "__main__":
    sys.exit(main())
