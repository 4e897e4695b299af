#!/usr/bin/env python3
"""Record the slugs of new practices as published (practices/_published_slugs.txt).

Usage: scripts/published_slugs.py [--check] [--root DIR]
Without --check, appends every practice slug not yet listed and says which.
With --check, changes nothing and exits 1 when a slug is missing from the list.
A listed slug is never removed: the validator then asks for an alias instead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from atlas.load import load_practices
from atlas.pipeline import AtlasPaths
from atlas.project import PROJECT_ROOT as ROOT
from atlas.slugs import missing_from_published, read_published, updated_list_text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report slugs missing from the list")
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="project folder (its mkdocs.yml says where practices are)"
    )
    args = parser.parse_args(argv)
    paths = AtlasPaths.from_mkdocs_yml(args.root / "mkdocs.yml")
    records, _ = load_practices(paths.practices, paths.root)
    published, problems = read_published(paths.practices, paths.root)
    if problems:
        print("\n".join(str(p) for p in problems))
        return 1
    missing = missing_from_published([r.path.stem for r in records], published)
    shown = published.path.relative_to(paths.root) if published.path.is_relative_to(paths.root) else published.path
    if not missing:
        print(f"{shown}: every practice slug is listed")
        return 0
    if args.check:
        print(f"{shown}: not yet listed: {', '.join(missing)} (run `make slugs` to add them)")
        return 1
    current = published.path.read_text(encoding="utf-8") if published.path.exists() else ""
    published.path.write_text(updated_list_text(current, missing), encoding="utf-8")
    print(f"{shown}: added {', '.join(missing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
