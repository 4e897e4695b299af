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
    """File stem -> date of the last commit that touched `folder/<stem>.md`; None when git cannot tell."""
    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=60)

    try:
        shallow = git("rev-parse", "--is-shallow-repository")
        if shallow.returncode != 0 or shallow.stdout.strip() != "false":
            return None
        result = git("-c", "core.quotePath=false", "log", f"--format={_MARK}%cs", "--name-only",
                     "--relative", "--no-renames", "--", ".")
    except (OSError, subprocess.SubprocessError) as err:
        log.debug("no git dates: %s", err)
        return None
    if result.returncode != 0:
        return None
    return parse_log(result.stdout)


def parse_log(text: str) -> dict[str, date]:
    """Newest commit first, so the first date seen for a file is its last change."""
    dates: dict[str, date] = {}
    current: date | None = None
    for line in text.split("\n"):  # not splitlines(): it splits at the \x1e mark too
        if line.startswith(_MARK):
            current = date.fromisoformat(line[1:].strip())
        elif line.strip() and current is not None:
            name = Path(line.strip())
            if name.suffix == ".md" and len(name.parts) == 1:
                dates.setdefault(name.stem, current)
    return dates
