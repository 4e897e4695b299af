"""Shared fixtures: built sites, a local HTTP server and a real Chromium."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from atlas.browser import launch_chromium, start_folder_server
from atlas.project import PROJECT_ROOT as ROOT

FIXTURES = ROOT / "tests" / "fixtures"
# What makes a test slow, read from its fixtures and the names its body uses, so that a new
# test is classified without anyone remembering to mark it (markers are registered in pyproject).
SITE_FIXTURES = {
    "real_site",
    "fixture_site",
    "explorer_site",
    "hostile_site",
    "sa_site",
    "broken_site",
    "broken_project",
    "project",
    "served_atlas",
    "layout_site",
    "layout_url",
}
PDF_FIXTURES = {
    "real_pdfs",
    "fixture_pdfs",
    "real_site",
    "fixture_full",
    "fixture_housing_at",
    "real_full",
    "real_one_country",
    "served_atlas",
}
SLOW_CALLS = {"built", "build_site", "mkdocs_build", "run_script", "subprocess", "check_links", "export_pdf"}
PDF_CALLS = {
    "PdfWriter",
    "export_pdf",
    "export_pack",
    "export_sheets",
    "export_checklists",
    "weasyprint",
    "OnDemandDownloads",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `browser` (drives Chromium), `pdf` (lays out PDFs), `slow` (builds a site or runs a process)."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)  # fixtures named in a parameter (request.getfixturevalue)
        fixtures |= {v for v in (callspec.params.values() if callspec else ()) if isinstance(v, str)}
        function = getattr(item, "function", None)
        names = set(function.__code__.co_names) if function is not None else set()
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
        if fixtures & PDF_FIXTURES or names & PDF_CALLS:
            item.add_marker(pytest.mark.pdf)
        if fixtures & SITE_FIXTURES or names & SLOW_CALLS:
            item.add_marker(pytest.mark.slow)


def build_site(
    config_file: Path, site_dir: Path, strict: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a real `mkdocs build` in a subprocess (the hook keeps module state).

    ATLAS_REPO_URL (the edit-link setting) is dropped unless `env` gives it, so a
    test site is the same on a laptop and in CI, where the workflow sets it.
    """
    env = {k: v for k, v in os.environ.items() if k != "ATLAS_REPO_URL"} | {"NO_MKDOCS_2_WARNING": "1"} | (env or {})
    args = [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(site_dir)]
    if strict:
        args.append("--strict")
    return subprocess.run(args, capture_output=True, text=True, env=env, cwd=config_file.parent)


def built(
    tmp_path_factory: pytest.TempPathFactory, config_file: Path, name: str, then: Callable[[Path], None] | None = None
) -> Path:
    """A strict build of `config_file` (then `then(site)`), made once per test run; fails the test on any error.

    Under pytest-xdist every worker asks for the same sites: the first builds
    into the run's shared temporary folder while the others wait, then all
    read the same files. Tests must not change a built site (copy it first).
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each worker's own
    folder = shared / f"site-{name}"
    with _exclusive(shared / f"site-{name}.lock"):
        done = folder / ".complete"
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            result = build_site(config_file, folder / "site")
            assert result.returncode == 0, result.stderr
            if then is not None:
                then(folder / "site")
            done.touch()
    return folder / "site"


@contextlib.contextmanager
def _exclusive(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock on `lock_file` (shared between processes) for the block."""
    with lock_file.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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

    def export_pdf(site: Path) -> None:
        export = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "export_pdf.py"), "--site-dir", str(site), "--sheets"],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert export.returncode == 0, export.stderr

    return built(tmp_path_factory, ROOT / "mkdocs.yml", "real", then=export_pdf)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture atlas under tests/fixtures/site, built once per session."""
    return built(tmp_path_factory, FIXTURES / "site" / "mkdocs.yml", "fixture")


serve_directory = start_folder_server  # (url, server): the tests shut it down themselves


@pytest.fixture(scope="session")
def real_site_url(real_site: Path) -> Iterator[str]:
    """The built atlas served on loopback."""
    with served(real_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. `make test` installs it; missing is a failure, not a skip."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


# --- The layout site: the atlas plus tests/fixtures/layout/practices/ (test_layout, test_names) ---


@pytest.fixture(scope="module")
def layout_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The atlas plus the layout samples, in a folder of the test run (scripts/screens.py writes it)."""
    from helpers import load_script

    return load_script("screens").write_layout_atlas(tmp_path_factory.getbasetemp() / "layout-atlas")


@pytest.fixture(scope="module")
def layout_site(tmp_path_factory: pytest.TempPathFactory, layout_config: Path) -> Path:
    """The layout site, built once per test run."""
    return built(tmp_path_factory, layout_config, "layout")


@pytest.fixture(scope="module")
def layout_url(layout_site: Path) -> Iterator[str]:
    with served(layout_site) as url:
        yield url
