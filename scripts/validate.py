#!/usr/bin/env python3
"""Check every practice file and print all problems, as the build would.

Usage: scripts/validate.py [--root DIR]
Exit status 1 when any problem is found, 0 otherwise.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from atlas.pipeline import AtlasPaths, load_atlas
from atlas.project import PROJECT_ROOT as ROOT
from atlas.validate import format_report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="project folder: its mkdocs.yml (extra.atlas) says where practices and data are")
    args = parser.parse_args(argv)
    result = load_atlas(AtlasPaths.from_mkdocs_yml(args.root / "mkdocs.yml"))
    if result.problems:
        print(format_report(result.problems))
        return 1
    count = len(result.catalogue.practices) if result.catalogue else 0
    print(f"{count} practices valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
