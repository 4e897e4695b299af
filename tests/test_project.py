"""The project's shape: `atlas` is an installed package, reached without any sys.path edit."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import atlas
from atlas.project import PROJECT_ROOT

from helpers import ROOT

_PATH_EDIT = re.compile(r"sys\.path\s*(\.\s*(insert|append|extend)|\[|\+?=)|PYTHONPATH|site\.addsitedir")


def _python_files() -> list[Path]:
    return [p for folder in ("hooks", "scripts", "tests") for p in sorted((ROOT / folder).rglob("*.py"))]


def test_the_package_is_the_checkout_s_hooks_atlas() -> None:
    assert PROJECT_ROOT == ROOT and (PROJECT_ROOT / "mkdocs.yml").is_file()
    assert Path(atlas.__file__).resolve() == ROOT / "hooks" / "atlas" / "__init__.py"


def test_no_file_edits_sys_path() -> None:
    this = Path(__file__).resolve()
    found = [
        f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
        for p in _python_files()
        if p.resolve() != this
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if _PATH_EDIT.search(line)
    ]
    assert found == []
    assert not (ROOT / "scripts" / "_paths.py").exists()
    pytest_options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]
    assert "pythonpath" not in pytest_options["ini_options"]


def test_a_script_runs_from_any_folder_with_the_installed_package(tmp_path: Path) -> None:
    """No path setup in the script: the interpreter of the venv finds `atlas` on its own."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "validate.py")], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stderr
    assert "practices valid" in result.stdout


def test_make_check_leaves_out_browser_pdf_and_site_building_tests() -> None:
    """The markers come from conftest's rules; `make check` selects by them."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "-m",
            "not browser and not pdf and not slow",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    selected = {line.split("::")[0] for line in result.stdout.splitlines() if "::" in line}
    assert {"tests/test_validate.py", "tests/test_urls.py", "tests/test_facets.py"} <= selected
    assert not selected & {
        "tests/test_a11y.py",
        "tests/test_offline.py",
        "tests/test_links.py",
        "tests/test_contribute_browser.py",
    }  # every test there needs a site or a browser
    fast_pdf = [line for line in result.stdout.splitlines() if "test_bookmarks_mirror" in line]
    assert fast_pdf == []  # packs laid out through request.getfixturevalue are `pdf` too
