"""The headless Chromium that the browser tests, `make screens` and the benches drive,
and the loopback server they show a built site from.

One place for where Debian's Chromium is and the flags it needs here: without the
background-networking flags it keeps trying to reach Google's hosts, which this
offline machine refuses, many connections at a time.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the standard library's name)
        pass


def start_folder_server(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """A folder on a free loopback port (http://, since file:// forbids what the pages fetch);
    the caller shuts the server down."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@contextmanager
def serve_folder(directory: Path) -> Iterator[str]:
    """The folder's address while the block runs."""
    url, server = start_folder_server(directory)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
