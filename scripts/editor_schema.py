#!/usr/bin/env python3
"""Write the editor schema: the practice JSON Schema with every allowed value filled in.

The source schema (data/schema/practice.schema.json) names a vocabulary with
`x-vocabulary`; editors cannot follow that, so this file lists the ids (with
their labels) as enums. The build serves the same text at
schema/practice.schema.json; `make setup` writes this local copy (not
committed, so it can never be stale in the repository) for editors.

Usage: scripts/editor_schema.py [--check] [--quiet] [--root DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from atlas.load import load_atlas_data
from atlas.pipeline import AtlasPaths
from atlas.project import PROJECT_ROOT as ROOT
from atlas.reference import editor_schema_text

EDITOR_SCHEMA = Path("data") / "schema" / "practice.editor.schema.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder holding data/")
    parser.add_argument("--check", action="store_true", help="only check that the file is up to date")
    parser.add_argument("--quiet", action="store_true", help="print only problems")
    args = parser.parse_args(argv)
    paths = AtlasPaths.under(args.root)
    data = load_atlas_data(paths.data, paths.benchmarks, paths.root)
    if data.problems:
        print("The editor schema was not written; `make validate` lists the problems in data/.")
        return 1
    text = editor_schema_text(data)
    target = paths.root / EDITOR_SCHEMA
    current = target.read_text(encoding="utf-8") if target.exists() else None
    if args.check:
        if current != text:
            print(f"{EDITOR_SCHEMA.as_posix()} is out of date; run scripts/editor_schema.py")
            return 1
        print(f"{EDITOR_SCHEMA.as_posix()} is up to date")
        return 0
    if current != text:
        target.write_text(text, encoding="utf-8")
        if not args.quiet:
            print(f"wrote {EDITOR_SCHEMA.as_posix()}")
    elif not args.quiet:
        print(f"{EDITOR_SCHEMA.as_posix()} was already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
