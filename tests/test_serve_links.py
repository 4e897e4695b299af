"""Under `make serve` every link resolves, the PDF pack and sheets included (made on demand).

The crawl runs the command `make serve` runs (`mkdocs serve -a 127.0.0.1:PORT` on
this checkout) and checks every internal link and anchor it reaches from the home
page with the same checker as `make links`.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from atlas.downloads import PACK_PATH, OnDemandDownloads, wsgi_app
from atlas.linkcheck import HttpSite, LinkChecker
from atlas.pipeline import AtlasPaths, load_atlas

from conftest import FIXTURES, ROOT

SERVE_START_LIMIT = 600  # seconds to wait for the first build on a loaded machine (a limit, not a measure)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def served_atlas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`mkdocs serve` on this checkout, as `make serve` starts it (Makefile: serve)."""
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    env = {k: v for k, v in os.environ.items() if k != "ATLAS_REPO_URL"} | {"NO_MKDOCS_2_WARNING": "1"}
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + SERVE_START_LIMIT
        while True:
            assert server.poll() is None, log.read_text()
            try:
                urllib.request.urlopen(url + "index.html", timeout=30).close()
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=60)


class _RecordingSite(HttpSite):
    """Keeps every PDF the crawl downloads, to open them afterwards."""

    def __init__(self, base: str) -> None:
        super().__init__(base)
        self.pdfs: dict[str, bytes] = {}

    def read(self, path: str) -> bytes | None:
        body = super().read(path)
        if body is not None and path.endswith(".pdf"):
            self.pdfs[path] = body
        return body


def test_every_link_of_the_served_site_resolves_pdfs_included(served_atlas: str) -> None:
    site = _RecordingSite(served_atlas)
    report = LinkChecker(site).check()
    print(report.summary())
    assert report.broken == []
    practices = sorted(p.stem for p in (ROOT / "practices").glob("*.md") if not p.name.startswith("_"))
    assert report.pages >= len(practices) + 10
    assert report.fragments > 0
    assert sorted(site.pdfs) == sorted([PACK_PATH] + [f"downloads/sheets/{slug}.pdf" for slug in practices])
    for path, body in site.pdfs.items():
        assert site.content_types[path] == "application/pdf", path
        pages = len(PdfReader(io.BytesIO(body)).pages)
        # A sheet is one page, or two when its practice does not fit (nothing is ever cut); the pack is long.
        assert pages in (1, 2) if "/sheets/" in path else pages > len(practices), path


@pytest.fixture(scope="module")
def fixture_catalogue():
    fixture = FIXTURES / "site"
    result = load_atlas(AtlasPaths(ROOT, fixture / "practices", ROOT / "data", fixture / "benchmarks"))
    assert result.catalogue is not None and not result.problems
    return result.catalogue


def test_a_sheet_is_made_once_when_asked_for_and_discarded_with_its_build(fixture_catalogue, tmp_path: Path) -> None:
    downloads = OnDemandDownloads(fixture_catalogue, ROOT, tmp_path / "build-1")
    slug = fixture_catalogue.practices[0].slug
    path = f"downloads/sheets/{slug}.pdf"
    assert downloads.knows(path) and downloads.knows(PACK_PATH)
    assert not downloads.knows("downloads/sheets/no-such-practice.pdf") and not downloads.knows("index.html")
    assert not (tmp_path / "build-1").exists()  # nothing is made before it is asked for
    made = downloads.get(path)
    assert made is not None and made.read_bytes().startswith(b"%PDF")
    assert len(PdfReader(made).pages) == 1
    stamp = made.stat().st_mtime_ns
    assert downloads.get(path) == made and made.stat().st_mtime_ns == stamp  # kept, not made again
    downloads.discard()
    assert not (tmp_path / "build-1").exists()


def test_the_server_answers_downloads_and_passes_everything_else_on(fixture_catalogue, tmp_path: Path) -> None:
    downloads = OnDemandDownloads(fixture_catalogue, ROOT, tmp_path / "build")
    passed: list[str] = []

    def inner(environ, start_response):
        passed.append(environ["PATH_INFO"])
        start_response("404 Not Found", [("Content-Type", "text/html")])
        return [b"not found"]

    app = wsgi_app(inner, lambda: downloads, "/")
    answers: list[tuple[str, list[tuple[str, str]]]] = []
    slug = fixture_catalogue.practices[0].slug
    body = b"".join(app({"PATH_INFO": f"/downloads/sheets/{slug}.pdf"}, lambda s, h: answers.append((s, h))))
    assert answers[-1][0] == "200 OK" and ("Content-Type", "application/pdf") in answers[-1][1]
    assert body.startswith(b"%PDF") and ("Content-Length", str(len(body))) in answers[-1][1]
    for other in ("/index.html", "/downloads/sheets/no-such-practice.pdf", "/downloads/other.pdf"):
        app({"PATH_INFO": other}, lambda s, h: answers.append((s, h)))
    assert passed == ["/index.html", "/downloads/sheets/no-such-practice.pdf", "/downloads/other.pdf"]
    before_any_build = wsgi_app(inner, lambda: None, "/")
    before_any_build({"PATH_INFO": f"/downloads/sheets/{slug}.pdf"}, lambda s, h: None)
    assert passed[-1] == f"/downloads/sheets/{slug}.pdf"
