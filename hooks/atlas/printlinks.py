"""Where a printed page leads back to: the practice's page on the published site, and a QR code to it.

The address is the site's configured URL (mkdocs.yml `site_url`) joined with
the page path MkDocs gives the practice (atlas.urls). Without a configured
URL nothing is guessed: the print says where the page sits on the site and
carries neither a link nor a QR code, so no copy points at a placeholder host.
"""

from __future__ import annotations

import base64
import io
import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import segno

from .model import Practice
from .pipeline import read_mkdocs_yml
from .urls import page_url, practice_uri

log = logging.getLogger("atlas.pdf")


@dataclass(frozen=True)
class SiteAddress:
    """The published site's base URL (None when none is configured) and its URL style."""

    base: str | None = None
    directory_urls: bool = False

    @classmethod
    def of(cls, site_url: str | None, directory_urls: bool = False) -> SiteAddress:
        """A usable http(s) base URL, or none: an empty or malformed `site_url` is reported and not used."""
        text = (site_url or "").strip()
        if not text:
            return cls(None, directory_urls)
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            log.warning("site_url %r is not an http(s) address; the PDFs carry no links to the site", text)
            return cls(None, directory_urls)
        return cls(text.rstrip("/") + "/", directory_urls)

    @classmethod
    def from_mkdocs_yml(cls, config_file: Path) -> SiteAddress:
        config = read_mkdocs_yml(config_file) if config_file.is_file() else {}
        site_url = config.get("site_url")
        return cls.of(site_url if isinstance(site_url, str) else None, bool(config.get("use_directory_urls", True)))

    def page_path(self, practice: Practice) -> str:
        """The practice page's path on the site, e.g. practices/ung-kraft.html."""
        return page_url(practice_uri(practice), self.directory_urls)

    def practice_url(self, practice: Practice) -> str | None:
        return urljoin(self.base, self.page_path(practice)) if self.base else None


def qr_svg(url: str) -> bytes:
    """A QR code for `url` as SVG (medium error correction, quiet zone kept), for WeasyPrint to draw."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=4, border=4, xmldecl=False, dark="#000", light="#fff")
    return out.getvalue()


def qr_data_uri(url: str) -> str:
    """The QR code as a data: URI (an <img> with alt text, which the tagged PDF keeps as a Figure)."""
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(url)).decode("ascii")
