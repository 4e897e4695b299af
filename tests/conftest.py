"""Shared fixtures: built sites, a local HTTP server and a real Chromium."""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from atlas.project import PROJECT_ROOT as ROOT

FIXTURES = ROOT / "tests" / "fixtures"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def build_site(config_file: Path, site_dir: Path, strict: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a real `mkdocs build` in a subprocess (the hook keeps module state)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    args = [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(site_dir)]
    if strict:
        args.append("--strict")
    return subprocess.run(args, capture_output=True, text=True, env=env, cwd=config_file.parent)


def built(tmp_path_factory: pytest.TempPathFactory, config_file: Path, name: str) -> Path:
    """A strict build of `config_file` into a fresh temporary folder; fails the test on any error."""
    site = tmp_path_factory.mktemp(name) / "site"
    result = build_site(config_file, site)
    assert result.returncode == 0, result.stderr
    return site


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """A built site on a loopback port for as long as the block runs."""
    url, server = serve_directory(site)
    try:
        yield url
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The atlas itself as `make build` makes it (pages, then the PDF pack and sheets), once per session."""
    site = built(tmp_path_factory, ROOT / "mkdocs.yml", "real")
    export = subprocess.run([sys.executable, str(ROOT / "scripts" / "export_pdf.py"), "--site-dir", str(site), "--sheets"],
                            capture_output=True, text=True, cwd=ROOT)
    assert export.returncode == 0, export.stderr
    return site


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture atlas under tests/fixtures/site, built once per session."""
    return built(tmp_path_factory, FIXTURES / "site" / "mkdocs.yml", "fixture")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve_directory(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def real_site_url(real_site: Path) -> Iterator[str]:
    """The built atlas served on loopback."""
    with served(real_site) as url:
        yield url


def chromium_executable() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. `make test` installs it; missing is a failure, not a skip."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        executable = chromium_executable()
        kwargs = {"executable_path": executable} if executable else {}
        browser = playwright.chromium.launch(headless=True, args=CHROMIUM_ARGS, **kwargs)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()
