"""When each practice file last changed, from git, in one `git log` call.

One call for all files keeps the build's cost linear and small (a call per
file would cost a process per practice). Without git, outside a repository,
or in a shallow clone (where the oldest visible commit would claim every
file), we return None and the pages simply leave the date out.
"""

from __future__ import annotations

import logging
import subprocess
from datetime import date
from pathlib import Path

log = logging.getLogger(__name__)

_MARK = "\x1e"  # starts each commit's line in our log format


def last_changed(folder: Path) -> dict[str, date] | None:
    """File stem -> date of the last commit that touched `folder/<stem>.md`; None when git cannot tell.

    The log is read newest first and stopped as soon as every practice file
    now in the folder has its date, so a long history costs nothing extra.
    """
    wanted = {path.stem for path in folder.glob("*.md")}
    try:
        shallow = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--is-shallow-repository"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if shallow.returncode != 0 or shallow.stdout.strip() != "false":
            return None
        command = [
            "git",
            "-C",
            str(folder),
            "-c",
            "core.quotePath=false",
            "log",
            f"--format={_MARK}%cs",
            "--name-only",
            "--relative",
            "--no-renames",
            "--",
            ".",
        ]
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as git:
            assert git.stdout is not None
            dates: dict[str, date] = {}
            current: date | None = None
            for line in git.stdout:
                current = _read_line(line.rstrip("\n"), current, dates)
                if wanted <= dates.keys():
                    git.terminate()
                    return dates
            if git.wait(timeout=60) != 0:
                return None
            return dates
    except (OSError, subprocess.SubprocessError, ValueError) as err:
        log.debug("no git dates: %s", err)
        return None


def _read_line(line: str, current: date | None, dates: dict[str, date]) -> date | None:
    """One line of our log format: a commit's date, or a file it touched."""
    if line.startswith(_MARK):
        return date.fromisoformat(line[1:].strip())
    name = Path(line.strip())
    if line.strip() and current is not None and name.suffix == ".md" and len(name.parts) == 1:
        dates.setdefault(name.stem, current)
    return current


def parse_log(text: str) -> dict[str, date]:
    """Newest commit first, so the first date seen for a file is its last change."""
    dates: dict[str, date] = {}
    current: date | None = None
    for line in text.split("\n"):  # not splitlines(): it splits at the \x1e mark too
        current = _read_line(line, current, dates)
    return dates


def first_added(folder: Path) -> dict[str, date] | None:
    """File stem -> date of the commit that first added `folder/<stem>.md`; None when git cannot tell.

    Only commits that add files are listed (`--diff-filter=A`), so the log stays
    short however long the history; read oldest last, the last date seen wins.
    """
    try:
        shallow = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--is-shallow-repository"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if shallow.returncode != 0 or shallow.stdout.strip() != "false":
            return None
        log_run = subprocess.run(
            [
                "git",
                "-C",
                str(folder),
                "-c",
                "core.quotePath=false",
                "log",
                "--diff-filter=A",
                f"--format={_MARK}%cs",
                "--name-only",
                "--relative",
                "--no-renames",
                "--",
                ".",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if log_run.returncode != 0:
            return None
        return parse_added_log(log_run.stdout)
    except (OSError, subprocess.SubprocessError, ValueError) as err:
        log.debug("no git dates: %s", err)
        return None


def parse_added_log(text: str) -> dict[str, date]:
    """Newest commit first: a file re-added after a deletion keeps its first (oldest) date."""
    dates: dict[str, date] = {}
    current: date | None = None
    for line in text.split("\n"):
        if line.startswith(_MARK):
            current = date.fromisoformat(line[1:].strip())
            continue
        name = Path(line.strip())
        if line.strip() and current is not None and name.suffix == ".md" and len(name.parts) == 1:
            dates[name.stem] = current
    return dates


def committed_files(folder: Path) -> set[Path]:
    """Files of `folder` already committed to git (absolute paths); empty without git or outside a repository.

    Tells an established practice from a new one: when two files share a
    title, the new file is the one to change.
    """
    try:
        listed = subprocess.run(
            ["git", "-C", str(folder), "ls-files", "-z", "--", "."], capture_output=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError) as err:
        log.debug("no git file list: %s", err)
        return set()
    if listed.returncode != 0:
        return set()
    return {(folder / name).resolve() for name in listed.stdout.decode("utf-8", "replace").split("\0") if name}
