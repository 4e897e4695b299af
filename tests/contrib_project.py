"""A throwaway atlas project in a temporary folder, for contributor-facing tests.

Its practices are whatever a test puts there; data/ links to the real data, and
mkdocs.yml uses the real hook, so validation and builds are the real ones.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from atlas.project import PROJECT_ROOT as ROOT
from atlas.throwaway_site import throwaway_config


def make_project(folder: Path, practices: dict[str, str] | None = None) -> Path:
    """practices/ (with the given files), data -> the real data, docs/index.md, mkdocs.yml."""
    (folder / "practices").mkdir(parents=True, exist_ok=True)
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "docs" / "index.md").write_text("# Test atlas\n", encoding="utf-8")
    (folder / "data").symlink_to(ROOT / "data", target_is_directory=True)
    config = throwaway_config("Contributor test atlas", data=folder / "data")
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    for name, text in (practices or {}).items():
        (folder / "practices" / name).write_text(text, encoding="utf-8")
    return folder


def run_script(name: str, *args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """A script as a contributor runs it: a separate process."""
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / name), *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=cwd,
        env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
    )


def mkdocs_build(project: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "site")],
        capture_output=True,
        text=True,
        cwd=project,
        env=env,
    )
