"""The headless Chromium that the browser tests, `make screens` and the benches drive.

One place for where Debian's Chromium is and the flags it needs here: without the
background-networking flags it keeps trying to reach Google's hosts, which this
offline machine refuses, many connections at a time.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium_executable() -> str | None:
    """$CHROMIUM, else Debian's package, else whatever `chromium` is on the PATH (None: Playwright's own)."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def launch_chromium(playwright: Any) -> Any:
    """A headless browser from a started `sync_playwright()`, with the flags above."""
    executable = chromium_executable()
    options: dict[str, Any] = {"executable_path": executable} if executable else {}
    return playwright.chromium.launch(headless=True, args=list(CHROMIUM_ARGS), **options)
