"""Hostile and broken input: every case is refused (or accepted) with its exact, located message,
within a memory and a CPU limit, and nothing is ever written to site/.

Each case of tests/fixtures/hostile-input/ runs `scripts/validate.py` in a
separate process on a throwaway project holding only that case, under
`resource.setrlimit` (address space and CPU time) and a wall-clock timeout.
Cases that git cannot store (links out of the repository, a named pipe, a
file too large, folders) are made by the functions in SETUPS.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from contrib_project import make_project
from helpers import ROOT, TODAY

pytestmark = pytest.mark.slow  # subprocesses under limits / hundreds of examples

CORPUS = ROOT / "tests" / "fixtures" / "hostile-input"
VALID = ROOT / "tests" / "fixtures" / "contrib" / "valid-with-optional-fields.md"
MEMORY_LIMIT = 1024**3  # 1 GB of address space: the alias bomb used to need far more
CPU_SECONDS = 60  # CPU time, not wall time: the machine may be loaded
WALL_SECONDS = 300


def _valid_text(slug: str) -> str:
    return (
        VALID.read_text(encoding="utf-8")
        .replace("slug: valid-with-optional-fields", f"slug: {slug}")
        .replace("title: Welcome Desk at the Town Hall", f"title: Hostile input {slug}")
    )


def _link_outside(project: Path) -> None:
    secret = project.parent / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text(_valid_text("symlink-outside"), encoding="utf-8")
    (project / "practices" / "symlink-outside.md").symlink_to(secret)


def _link_dev_zero(project: Path) -> None:
    (project / "practices" / "symlink-dev-zero.md").symlink_to("/dev/zero")


def _link_dangling(project: Path) -> None:
    (project / "practices" / "symlink-dangling.md").symlink_to("nowhere.md")


def _named_pipe(project: Path) -> None:
    os.mkfifo(project / "practices" / "named-pipe.md")


def _too_large(project: Path) -> None:
    text = _valid_text("too-large") + "\nA pasted report, line after line.\n" * 9000
    (project / "practices" / "too-large.md").write_text(text, encoding="utf-8")


def _subfolder(project: Path) -> None:
    (project / "practices" / "regional").mkdir()
    (project / "practices" / "regional" / "subfolder.md").write_text(_valid_text("subfolder"), encoding="utf-8")


def _no_practices_folder(project: Path) -> None:
    shutil.rmtree(project / "practices")


SETUPS: dict[str, Callable[[Path], None]] = {
    "symlink-outside": _link_outside,
    "symlink-dev-zero": _link_dev_zero,
    "symlink-dangling": _link_dangling,
    "named-pipe": _named_pipe,
    "too-large": _too_large,
    "subfolder": _subfolder,
    "empty-practices-folder": lambda project: None,
    "no-practices-folder": _no_practices_folder,
}
CASES = sorted(p.name.removesuffix(".expected") for p in CORPUS.glob("*.expected"))


def _case_inputs() -> dict[str, Path]:
    """Case name -> its file or folder in the corpus (SETUPS cases have none)."""
    return {
        p.stem if p.is_file() else p.name: p
        for p in CORPUS.iterdir()
        if p.suffix not in (".expected", ".py") and p.name != "README.md"
    }


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def project_for(case: str, folder: Path) -> Path:
    project = make_project(folder / "project")
    source = _case_inputs().get(case)
    if case in SETUPS:
        SETUPS[case](project)
    elif source is not None and source.is_dir():
        for file in source.iterdir():
            shutil.copy(file, project / "practices" / file.name)
    elif source is not None:
        shutil.copy(source, project / "practices" / source.name)
    return project


def run_limited(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        capture_output=True,
        text=True,
        cwd=cwd,
        preexec_fn=_limits,
        timeout=WALL_SECONDS,
        env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1", NO_MKDOCS_2_WARNING="1"),
    )


def validate_command(project: Path) -> list[str]:
    return [sys.executable, str(ROOT / "scripts" / "validate.py"), "--root", str(project), "--today", TODAY.isoformat()]


def test_every_case_has_an_input_and_its_expected_messages() -> None:
    assert set(_case_inputs()) | set(SETUPS) == set(CASES)
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES)
def test_validator_gives_exactly_the_expected_messages_within_limits(case: str, tmp_path: Path) -> None:
    project = project_for(case, tmp_path)
    result = run_limited(validate_command(project), project)
    expected = (CORPUS / f"{case}.expected").read_text(encoding="utf-8")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout == expected, result.stderr
    failed = "nothing was built." in expected
    assert result.returncode == (1 if failed else 0)
    assert not (project / "site").exists()


def test_every_refusal_is_located_and_says_what_to_do() -> None:
    for case in CASES:
        for line in (CORPUS / f"{case}.expected").read_text(encoding="utf-8").splitlines():
            if line.endswith("nothing was built.") or line.endswith("practices valid") or " valid, " in line:
                continue
            path = line.split(": ", 1)[0]
            assert path.startswith("practices"), line
            assert line.rstrip().endswith(")"), f"no suggestion in: {line}"


BUILD_CASES = [
    "yaml-alias-bomb",
    "html-img-quoted-gt",
    "symlink-outside",
    "symlink-dev-zero",
    "named-pipe",
    "url-cloud-metadata",
]


@pytest.mark.parametrize("case", BUILD_CASES)
def test_the_build_refuses_too_and_publishes_nothing(case: str, tmp_path: Path) -> None:
    """`mkdocs build` runs the same validator: same messages, bounded, and no site/ at all."""
    project = project_for(case, tmp_path)
    result = run_limited([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "site")], project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for line in (CORPUS / f"{case}.expected").read_text(encoding="utf-8").splitlines():
        assert line in result.stderr, line
    assert not (project / "site").exists() or not any((project / "site").iterdir())


def test_the_secret_behind_a_link_reaches_no_output(tmp_path: Path) -> None:
    project = project_for("symlink-outside", tmp_path)
    result = run_limited(validate_command(project), project)
    assert "Hostile input symlink-outside" not in result.stdout + result.stderr
