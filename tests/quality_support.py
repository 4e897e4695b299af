"""Helpers shared by the privacy, offline, CSP, accessibility and hostile-content tests.

Which built pages to sample, and a recorder that watches a browser context for
requests, page errors and Content Security Policy violations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

# Pages other branches add; sampled whenever the build has them.
# After merging, the lead moves the ones that must exist into required_pages().
SECTION_PAGES = (
    "explorer.html",
    "self-assessment/index.html",
    "self-assessment/governance.html",
    "self-assessment/report.html",
    "data/index.html",
)

# Records violations from the first script on; the event also fires for
# blocked inline scripts, which the console reports as well.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " blocked " + (event.blockedURI || "inline") + " " + (event.sample || ""));
}, true);
"""


def _first_html(folder: Path, skip: str = "index.html") -> str:
    pages = sorted(p for p in folder.glob("*.html") if p.name != skip)
    assert pages, f"no page in {folder}"
    return pages[0].relative_to(folder.parent).as_posix()


def required_pages(site: Path) -> list[str]:
    """Home (with its map), the practices list, one practice, the benchmark list, one benchmark group page,
    one country page (with its locator map), the guide's about page, the explorer and the self-assessment pages."""
    return [
        "index.html",
        "practices/index.html",
        _first_html(site / "practices"),
        "benchmarks/index.html",
        _first_html(site / "benchmarks"),
        _first_html(site / "countries"),
        "guide/about.html",
        *SECTION_PAGES,
    ]


def sample_pages(site: Path) -> list[str]:
    """The pages every check samples; each must exist in the build."""
    pages = required_pages(site)
    for page in pages:
        assert (site / page).is_file(), f"{page} is missing from the build"
    return pages


@dataclass
class Recorder:
    """What a browser context did: every request URL, page errors, console errors."""

    requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def attach(self, context) -> Recorder:
        context.add_init_script(CSP_LISTENER)
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("page", self._watch_page)
        for page in context.pages:
            self._watch_page(page)
        return self

    def _watch_page(self, page) -> None:
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))

    def csp_violations(self, page=None) -> list[str]:
        found = [text for text in self.console_errors if "Content Security Policy" in text]
        if page is not None:
            for frame in page.frames:
                try:
                    found += frame.evaluate("window.__cspViolations || []")
                except Exception:  # a frame that went away while we asked
                    pass
        return found

    def foreign_requests(self, site_prefix: str) -> list[str]:
        """Requests for anything outside the site (its loopback URL or its file:// folder)."""
        return [
            url
            for url in self.requests
            if not url.startswith(site_prefix) and urlsplit(url).scheme not in ("data", "blob", "about")
        ]


def block_network(context, site_prefix: str) -> None:
    """Abort every request that leaves the site, so a stray one fails fast instead of hanging.

    The Recorder still sees it (the request event fires before the abort).
    """

    def handle(route) -> None:
        url = route.request.url
        if url.startswith(site_prefix) or urlsplit(url).scheme in ("data", "blob", "about"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", handle)


def open_search(page, query: str) -> None:
    """Type into Material's search box, as a person would."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
