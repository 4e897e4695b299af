"""Small helpers shared by test modules (importable: tests/ is not a package)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from atlas.load import load_atlas_data, read_practice_file
from atlas.model import Problem
from atlas.validate import validate_practices

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 23)  # fixed so that "in the future" checks are stable


def problems_for_file(path: Path, root: Path = ROOT, today: date = TODAY) -> list[Problem]:
    """Read and validate one practice file alone, as the build would."""
    raw, problems = read_practice_file(path, root)
    if raw is not None:
        _, more = validate_practices([raw], load_atlas_data(ROOT / "data", root=root), today)
        problems = problems + more
    return sorted(problems, key=Problem.sort_key)
