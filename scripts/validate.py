#!/usr/bin/env python3
"""Check every practice file and print all problems, as the build would.

Usage: scripts/validate.py [--root DIR]
Exit status 1 when any problem is found, 0 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

try:
    from atlas.model import Problem
    from atlas.pipeline import AtlasPaths, load_atlas
    from atlas.project import PROJECT_ROOT as ROOT
    from atlas.validate import format_report
except ModuleNotFoundError as missing:  # run with a Python that lacks the project's packages
    sys.exit(
        f"validate.py needs the project's packages ({missing.name} is missing): run `make validate`, "
        "which sets them up in .venv"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root",
        type=Path,
        default=ROOT,
        help="project folder: its mkdocs.yml (extra.atlas) says where practices and data are",
    )
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="check dates against this day instead of today (reproducible reports, tests)",
    )
    args = parser.parse_args(argv)
    result = load_atlas(AtlasPaths.from_mkdocs_yml(args.root / "mkdocs.yml"), args.today)
    if result.problems:
        print(format_report(sorted(result.problems + result.warnings, key=Problem.sort_key)))
        return 1
    if result.warnings:
        print(format_report(result.warnings))
    count = len(result.catalogue.practices) if result.catalogue else 0
    print(
        f"{count} practices valid"
        + (f", {len(result.warnings)} warning{'s' * (len(result.warnings) != 1)}" if result.warnings else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
