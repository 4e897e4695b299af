"""Every internal link and #anchor of a site, checked deterministically.

Why not LinkChecker (used before): its AnchorCheck plugin, which its own
maintainers disabled as unreliable, skipped the anchors of a URL it had already
checked without a fragment, and its threads raced, so a planted
`#no-such-anchor` went unreported on a busy machine. Here each page is read
and parsed once (the standard library's `html.parser`, as `htmlsafety.py`
does), its `id`s (and `<a name>`s) are kept, and every link with a fragment is
checked against them, in one thread, in a fixed order.

The same check runs on a built folder (`FolderSite`, every HTML and CSS file,
reached or not) and on a running server (`HttpSite`, crawled from its home
page: what `make serve` shows, downloads included). External links are never
fetched; they are listed for a person to review.
"""

from __future__ import annotations

import posixpath
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Protocol
from urllib.parse import quote, unquote, urljoin, urlsplit

# Attributes that name a URL the browser fetches or follows, per element.
LINK_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "form": ("action",),
}
# Schemes that are neither internal nor worth listing as external links.
IGNORED_SCHEMES = frozenset({"data", "javascript", "blob", "about"})
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""")
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""")
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    """One URL as written in a page, with where it stands."""

    page: str  # the page's path in the site, e.g. practices/ung-kraft.html
    line: int
    url: str


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[int, str]] = field(default_factory=list)  # (line, url as written)


class _PageParser(HTMLParser):
    """Collects every id / <a name> (fragment targets) and every link-bearing attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        line = self.getpos()[0]
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        for attribute in LINK_ATTRIBUTES.get(tag, ()):
            value = values.get(attribute)
            if value is None:
                continue
            urls = _srcset_urls(value) if attribute == "srcset" else [value]
            self.page.links += [(line, url) for url in urls]
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            found = _REFRESH_URL.search(values.get("content") or "")
            if found:
                self.page.links.append((line, found.group(1).strip()))

    handle_startendtag = handle_starttag


def _srcset_urls(value: str) -> list[str]:
    return [item.split()[0] for item in value.split(",") if item.strip()]


def parse_html(text: str) -> ParsedPage:
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    return parser.page


def parse_css(text: str) -> ParsedPage:
    """A stylesheet's url(...) and @import targets (it has no ids)."""
    page = ParsedPage()
    for pattern in (_CSS_URL, _CSS_IMPORT):
        for match in pattern.finditer(text):
            url = next((g for g in match.groups() if g is not None), "").strip()
            if url:
                page.links.append((text.count("\n", 0, match.start()) + 1, url))
    return page


class Site(Protocol):
    """Where the checker reads files from: a built folder or a running server."""

    base: str  # absolute URL of the site root, ending in "/"

    def read(self, path: str) -> bytes | None:
        """The file at `path` (site-relative, no leading slash), or None when there is none."""

    def seeds(self) -> list[str]:
        """The pages to start from."""

    def missing(self, path: str) -> str:
        """Why `read(path)` found nothing, for the report."""


class FolderSite:
    """A built site folder, read as a server would serve it (a folder means its index.html)."""

    base = "http://atlas.invalid/"  # a stand-in root, so that "/x.html" means the site's x.html

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def read(self, path: str) -> bytes | None:
        target = (self.root / path).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(self.root) or not target.is_file():
            return None
        return target.read_bytes()

    def seeds(self) -> list[str]:
        """Every HTML page and stylesheet, linked from somewhere or not, in a fixed order."""
        files = [p for p in self.root.rglob("*") if p.suffix in (".html", ".css") and p.is_file()]
        return sorted(p.relative_to(self.root).as_posix() for p in files)

    def missing(self, path: str) -> str:
        return f"{path} does not exist"


class HttpSite:
    """A running server (e.g. `mkdocs serve`), crawled from its home page."""

    def __init__(self, base: str, timeout: float = 300.0) -> None:
        self.base = base if base.endswith("/") else base + "/"
        self.timeout = timeout  # generous: a download may be made on demand (make serve)
        self.content_types: dict[str, str] = {}
        self.statuses: dict[str, int] = {}  # path -> HTTP status of a failed request

    def read(self, path: str) -> bytes | None:
        try:
            with urllib.request.urlopen(self.base + quote(path), timeout=self.timeout) as response:  # noqa: S310 (loopback)
                body: bytes = response.read()
                self.content_types[path] = response.headers.get_content_type()
                return body
        except urllib.error.HTTPError as error:
            self.statuses[path] = error.code
            return None

    def seeds(self) -> list[str]:
        return ["index.html"]

    def missing(self, path: str) -> str:
        return f"the server answered HTTP {self.statuses.get(path, '?')} for {path}"


@dataclass
class LinkReport:
    broken: list[str] = field(default_factory=list)  # "page:line: url: what is wrong"
    external: dict[str, set[str]] = field(default_factory=dict)  # URL -> pages that link to it
    pages: int = 0  # HTML pages parsed
    stylesheets: int = 0
    links: int = 0  # internal link occurrences checked
    fragments: int = 0  # of which with an #anchor
    targets: int = 0  # distinct internal files they point at
    files: dict[str, int] = field(default_factory=dict)  # distinct targets by suffix (".pdf": 25)

    def summary(self) -> str:
        kinds = ", ".join(f"{count} {suffix or 'other'}" for suffix, count in sorted(self.files.items()))
        return (
            f"{self.pages} pages and {self.stylesheets} stylesheets read; {self.links} internal links "
            f"({self.fragments} with an anchor) to {self.targets} files ({kinds}); "
            f"{len(self.external)} external links; {len(self.broken)} broken internal links or anchors"
        )


class LinkChecker:
    """Reads each file at most once; every result depends only on the site's files."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._files: dict[str, bytes | None] = {}
        self._parsed: dict[str, ParsedPage] = {}

    def _file(self, path: str) -> bytes | None:
        if path not in self._files:
            self._files[path] = self.site.read(path)
        return self._files[path]

    def _parsed_page(self, path: str) -> ParsedPage | None:
        if path not in self._parsed:
            body = self._file(path)
            if body is None or not _is_parsed(path):
                return None
            text = body.decode("utf-8", errors="replace")
            self._parsed[path] = parse_css(text) if path.endswith(".css") else parse_html(text)
        return self._parsed[path]

    def _internal_path(self, absolute: str) -> str | None:
        """The site-relative path of an internal URL; None for another host or scheme."""
        parts, root = urlsplit(absolute), urlsplit(self.site.base)
        if (parts.scheme, parts.netloc) != (root.scheme, root.netloc):
            return None
        path = unquote(parts.path)
        if not path.startswith(root.path):
            return None
        relative = posixpath.normpath(path[len(root.path) :]) if path != root.path else ""
        relative = "" if relative == "." else relative
        if path.endswith("/") or relative == "":
            relative = posixpath.join(relative, "index.html") if relative else "index.html"
        return relative

    def check(self) -> LinkReport:
        report = LinkReport()
        queue = list(self.site.seeds())
        seen = set(queue)
        targets: set[str] = set()
        while queue:
            page = queue.pop(0)
            parsed = self._parsed_page(page)
            if parsed is None:
                if self._file(page) is None:
                    report.broken.append(f"{page}:0: {page}: not found (a starting page)")
                continue
            if page.endswith(".css"):
                report.stylesheets += 1
            else:
                report.pages += 1
            page_url = urljoin(self.site.base, quote(page))
            for line, url in parsed.links:
                target = self._check_link(Link(page, line, url), page_url, report)
                if target is None:
                    continue
                targets.add(target)
                if target not in seen and _is_parsed(target):
                    seen.add(target)
                    queue.append(target)
        report.targets = len(targets)
        for target in targets:
            suffix = posixpath.splitext(target)[1].lower()
            report.files[suffix] = report.files.get(suffix, 0) + 1
        return report

    def _check_link(self, link: Link, page_url: str, report: LinkReport) -> str | None:
        """Check one link, adding what is wrong to `report`; the internal file it points at, if it exists."""
        written = link.url.strip()
        if not written:
            return None
        absolute = urljoin(page_url, written)
        scheme = urlsplit(absolute).scheme.lower()
        if scheme in IGNORED_SCHEMES:
            return None
        target = self._internal_path(absolute)
        if target is None:
            report.external.setdefault(
                absolute.split("#", 1)[0] if scheme in ("http", "https") else absolute, set()
            ).add(link.page)
            return None
        report.links += 1
        where = f"{link.page}:{link.line}: {written}"
        if self._file(target) is None:
            report.broken.append(f"{where}: not found ({self.site.missing(target)})")
            return None
        fragment = unquote(urlsplit(absolute).fragment)
        if fragment:
            report.fragments += 1
            parsed = self._parsed_page(target) if target.endswith(".html") else None
            if parsed is not None and fragment not in parsed.ids:
                report.broken.append(f"{where}: anchor #{fragment} not found in {target}")
        return target


def _is_parsed(path: str) -> bool:
    return path.endswith((".html", ".css"))


def check_site(site: Site) -> LinkReport:
    return LinkChecker(site).check()


def external_report(report: LinkReport) -> str:
    """One external URL a line, with every page that links to it (never fetched)."""
    lines = [f"{url}\t{' '.join(sorted(pages))}" for url, pages in sorted(report.external.items())]
    header = "# External links in the site, not fetched: URL<TAB>the pages that link to it\n"
    return header + "".join(line + "\n" for line in lines)
