"""The PDF downloads (training pack, one sheet per practice) under `make serve`, made when asked for.

`make build` writes every PDF into `site/downloads/` after the pages
(scripts/export_pdf.py). `mkdocs serve` builds into a fresh folder on every
change, and laying out the PDFs takes far longer than the pages (about 25 s
for the pack and 8 s for the sheets at 24 practices, minutes at 1,000), so
making them on every rebuild would break the quick edit-and-look loop. Instead
the dev server answers a request for a download by making that one file from
the catalogue of the latest build (one sheet: about a second), keeps it until
the next build, and serves it. Every link then works under `make serve`, each
PDF shows the practice as last saved, and a rebuild costs nothing more.

No MkDocs import: `wsgi_app` wraps any WSGI application (MkDocs' dev server is one).
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from .catalogue import Catalogue
from .pdf import DOWNLOADS_FOLDER, PACK_FILE, SHEETS_FOLDER, export_pack, export_sheets
from .pdfwriter import PdfWriter, pack_version
from .printlinks import SiteAddress
from .selection import Selection

log = logging.getLogger("atlas.downloads")

PACK_PATH = f"{DOWNLOADS_FOLDER}/{PACK_FILE}"
SHEET_PREFIX = f"{DOWNLOADS_FOLDER}/{SHEETS_FOLDER}/"

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class OnDemandDownloads:
    """The downloads of one build, each made on first request into `folder` and kept there."""

    def __init__(
        self, catalogue: Catalogue, root: Path, folder: Path, day: date | None = None, logger: logging.Logger = log
    ) -> None:
        self.catalogue = catalogue
        self.log = logger  # the hook passes MkDocs' logger, so the line shows in `make serve`
        self.root = root
        self.folder = folder
        self.day = day or date.today()
        self._by_slug = {p.slug: p for p in catalogue.practices}
        self._lock = threading.Lock()  # one PDF at a time: WeasyPrint is CPU-bound, the dev server threaded
        self._writer: PdfWriter | None = None
        self._version: str | None = None
        self._site: SiteAddress | None = None

    def knows(self, path: str) -> bool:
        """Whether `path` (site-relative) is one of the downloads the pages link to."""
        if path == PACK_PATH:
            return True
        slug = path.removeprefix(SHEET_PREFIX).removesuffix(".pdf")
        return path.startswith(SHEET_PREFIX) and path.endswith(".pdf") and slug in self._by_slug

    def get(self, path: str) -> Path | None:
        """The file for `path`, made now if this build has not made it yet; None if no page links to it."""
        if not self.knows(path):
            return None
        target = self.folder / path
        with self._lock:
            if not target.is_file():
                started = time.perf_counter()
                self._make(path, target)
                self.log.info(
                    "atlas: made %s on demand in %.1f s (make serve makes a PDF when it is asked for)",
                    path,
                    time.perf_counter() - started,
                )
        return target

    def _make(self, path: str, target: Path) -> None:
        if self._writer is None:
            self._writer = PdfWriter()
            self._version = pack_version(self.root, self.day)
            # The same address as `make build` gives the PDFs (mkdocs.yml's site_url), not the dev server's.
            self._site = SiteAddress.from_mkdocs_yml(self.root / "mkdocs.yml")
        version = self._version or ""
        if path == PACK_PATH:
            export_pack(
                self.catalogue,
                Selection.of(),
                target,
                day=self.day,
                version=version,
                writer=self._writer,
                site=self._site,
            )
        else:
            practice = self._by_slug[path.removeprefix(SHEET_PREFIX).removesuffix(".pdf")]
            export_sheets(self.catalogue, [practice], target.parent, writer=self._writer, site=self._site)

    def discard(self) -> None:
        """Forget this build's files (a newer build replaces them)."""
        shutil.rmtree(self.folder, ignore_errors=True)


def wsgi_app(
    inner: WsgiApp, current: Callable[[], OnDemandDownloads | None], mount_path: str = "/", logger: logging.Logger = log
) -> WsgiApp:
    """`inner`, except that a request for a download is answered by `current()` (the latest build's)."""
    mount = mount_path if mount_path.endswith("/") else mount_path + "/"

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO") or "").encode("latin-1").decode("utf-8", "ignore")
        downloads = current()
        relative = path[len(mount) :] if path.startswith(mount) else None
        if downloads is None or relative is None or not downloads.knows(relative):
            return inner(environ, start_response)
        try:
            made = downloads.get(relative)
        except Exception as error:  # a PDF that cannot be made is a 500 with the reason, not a dead server
            logger.error("atlas: could not make %s: %s", relative, error)
            start_response("500 Internal Server Error", [("Content-Type", "text/plain; charset=utf-8")])
            return [f"The PDF {relative} could not be made: {error}\n".encode()]
        if made is None:
            return inner(environ, start_response)
        body = made.read_bytes()
        start_response("200 OK", [("Content-Type", "application/pdf"), ("Content-Length", str(len(body)))])
        return [body]

    return app
