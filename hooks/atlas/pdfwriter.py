"""Writing PDFs with WeasyPrint: the fetcher that refuses every outside URL, fonts, tagging, the edition's version."""

from __future__ import annotations

import contextlib
import gc
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import weasyprint
import yaml
from weasyprint.text.fonts import FontConfiguration

from .pdftags import LinkDescriber, finish_tagged_pdf
from .templating import PRINT_TEMPLATES

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
PDF_VARIANT = "pdf/ua-1"  # tagged: headings, lists, tables, links and figures reach a screen reader


class LocalOnlyFetcher(weasyprint.URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
    """Serves files from our print templates and inline data: URIs (the QR codes); refuses every other URL."""

    def __init__(self, allowed: Path = PRINT_TEMPLATES) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.allowed = allowed.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
        if path is None or not path.is_relative_to(self.allowed):
            self.refused.append(url)
            raise ValueError(f"the PDF export fetches nothing outside {self.allowed}: {url}")
        return super().fetch(url, headers)


@dataclass
class PdfResult:
    path: Path
    pages: int
    refused_urls: list[str]
    cached: bool = False


def css_string(text: str) -> str:
    """A CSS string literal (for running headers and footers made from titles)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


class PdfWriter:
    """WeasyPrint with fonts configured once, on one paper size; writes tagged PDF (PDF/UA-1)."""

    def __init__(self, paper: str = "a4") -> None:
        if paper not in PAPER_SIZES:
            raise ValueError(f"paper {paper!r}: expected one of {', '.join(PAPER_SIZES)}")
        self.paper = paper
        self.fonts = FontConfiguration()
        self.fetcher = LocalOnlyFetcher()
        self.base_url = PRINT_TEMPLATES.as_uri() + "/"
        self._paper_css = weasyprint.CSS(string=f"@page {{ size: {PAPER_SIZES[paper]}; }}", font_config=self.fonts)

    def layout(self, html: str, extra_css: str = "") -> Any:
        document = weasyprint.HTML(string=html, base_url=self.base_url, url_fetcher=self.fetcher)
        sheets = [self._paper_css]
        if extra_css:
            sheets.append(weasyprint.CSS(string=extra_css, font_config=self.fonts))
        with rare_garbage_collection():
            return document.render(font_config=self.fonts, stylesheets=sheets)

    def write(self, document: Any, target: Path, describe_link: LinkDescriber | None = None) -> PdfResult:
        target.parent.mkdir(parents=True, exist_ok=True)
        with rare_garbage_collection():
            document.write_pdf(target, pdf_variant=PDF_VARIANT)
        finish_tagged_pdf(target, describe_link or describe_by_target)
        return PdfResult(target, len(document.pages), list(self.fetcher.refused))


def describe_by_target(target: str, page: int | None) -> str | None:
    if "://" in target or target.startswith("mailto:"):
        return f"Web address {target}"
    return f"Go to page {page + 1}" if page is not None else None


@contextlib.contextmanager
def rare_garbage_collection():  # type: ignore[no-untyped-def]
    """Layout allocates millions of boxes that live until the end, and Python's default collector
    rescans them, and the parsed HTML, again and again: 10 to 25 % of the layout time at 400
    practices (measured on a busy machine). Freeze what exists, collect rarely, restore after."""
    saved = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*saved)
        gc.unfreeze()


def pack_version(root: Path, day: date) -> str:
    """The git commit the pack was made from, or a date stamp outside a git checkout."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "describe", "--always", "--dirty", "--exclude=*"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        done = None
    if done is not None and done.returncode == 0 and done.stdout.strip():
        return done.stdout.strip()
    return f"snapshot {day.isoformat()}"


def edition_version(cff_file: Path, day: date) -> str:
    """The version printed on the cover: CITATION.cff's `version` when it has one, else the edition's date."""
    if cff_file.is_file():
        loaded = yaml.safe_load(cff_file.read_text(encoding="utf-8"))
        if isinstance(loaded, dict) and loaded.get("version"):
            return str(loaded["version"])
    return f"{day:%Y.%m.%d}"
