"""Small helpers shared by test modules (importable: tests/ is not a package)."""

from __future__ import annotations

import functools
import importlib.util
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

from atlas.load import load_atlas_data, read_practice_file
from atlas.model import Problem
from atlas.project import PROJECT_ROOT as ROOT
from atlas.validate import validate_practices

TODAY = date(2026, 11, 23)  # fixed so that "in the future" checks are stable

# The PDF tests' small atlas (tests/fixtures/pdf/) and the flags that point scripts/export_pdf.py at it.
PDF_FIXTURE = ROOT / "tests" / "fixtures" / "pdf"
PDF_FIXTURE_ARGS = [
    "--practices",
    str(PDF_FIXTURE / "practices"),
    "--benchmarks",
    str(PDF_FIXTURE / "benchmarks"),
    "--data",
    str(ROOT / "data"),
]
PDF_DAY = date(2026, 1, 31)


@functools.cache
def load_script(name: str) -> ModuleType:
    """scripts/<name>.py as a module, read from its file.

    Scripts are programs, not a package: they are neither installed nor on
    sys.path, so a test that calls a script's `main()` loads it by path.
    """
    path = ROOT / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"atlas_script_{name}", path)
    assert spec is not None and spec.loader is not None, f"no script {path}"
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script runs
    spec.loader.exec_module(module)
    return module


def problems_for_file(path: Path, root: Path = ROOT, today: date = TODAY) -> list[Problem]:
    """Read and validate one practice file alone, as the build would."""
    raw, problems = read_practice_file(path, root)
    if raw is not None:
        _, more = validate_practices([raw], load_atlas_data(ROOT / "data", root=root), today)
        problems = problems + more
    return sorted(problems, key=Problem.sort_key)
