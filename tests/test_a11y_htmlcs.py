"""A second accessibility engine beside axe: HTML_CodeSniffer (pa11y's engine), WCAG 2 AA, no error.

HTMLCS.js comes from npm (html_codesniffer, package-lock.json) and is injected into
each page in Debian's Chromium, one page of every type; no pa11y browser download.
"""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT

HTMLCS = ROOT / "node_modules" / "html_codesniffer" / "build" / "HTMLCS.js"
# Folders whose pages all come from one template: one index and one page of each is enough.
# Any other folder (guide/, contribute/, data/, the root, or a new one) is checked page by page.
ONE_TEMPLATE_FOLDERS = {"practices", "benchmarks", "self-assessment", "countries", "dimensions", "sizes"}
RUN = """() => new Promise(resolve => HTMLCS.process("WCAG2AA", document, () => resolve(
  HTMLCS.getMessages().filter(m => m.type === HTMLCS.ERROR).map(m =>
    m.code + ": " + m.msg.slice(0, 160) + " at " + (m.element.outerHTML || m.element.nodeName).slice(0, 160)))))"""


def page_types(site: Path) -> list[str]:
    pages = sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if p.relative_to(site).parts[0] not in ("assets", "pagefind")
    )
    chosen: list[str] = []
    for page in pages:
        folder = page.split("/")[0] if "/" in page else ""
        if folder not in ONE_TEMPLATE_FOLDERS:
            chosen.append(page)
        elif page.endswith("/index.html") or not any(
            c.startswith(folder + "/") and not c.endswith("/index.html") for c in chosen
        ):
            chosen.append(page)
    return chosen


def htmlcs_errors(browser, url: str, pages: list[str]) -> dict[str, list[str]]:
    assert HTMLCS.is_file(), f"{HTMLCS} is missing: run `make setup` (npm ci)"
    context = browser.new_context(bypass_csp=True)  # the injected engine is an inline script
    page = context.new_page()
    found: dict[str, list[str]] = {}
    try:
        for path in pages:
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
            page.add_script_tag(path=str(HTMLCS))
            errors = page.evaluate(RUN)
            if errors:
                found[path] = errors
    finally:
        context.close()
    return found


def test_every_page_type_has_no_htmlcs_error(browser, real_site: Path, real_site_url: str) -> None:
    pages = page_types(real_site)
    for required in ("index.html", "explorer.html", "practices/index.html", "benchmarks/index.html", "404.html"):
        assert required in pages
    assert any(p.startswith("practices/") and not p.endswith("index.html") for p in pages)
    print(f"HTML_CodeSniffer: {len(pages)} pages, one of every type")
    assert htmlcs_errors(browser, real_site_url, pages) == {}


def test_htmlcs_reports_the_faults_it_once_found(browser, real_site_url: str) -> None:
    """The check itself: a form without a submit button and an unnamed checkbox are errors."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(real_site_url + "index.html")
    page.evaluate("""() => {
        const form = document.createElement("form");
        form.innerHTML = '<label for="q">Words</label><input type="text" id="q" name="q">';
        const box = document.createElement("input"); box.type = "checkbox"; box.id = "__planted_toc";
        document.querySelector("article").append(form, box);
    }""")
    page.add_script_tag(path=str(HTMLCS))
    errors = page.evaluate(RUN)
    context.close()
    assert any(e.startswith("WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2") for e in errors), errors
    assert any("H91.InputCheckbox.Name" in e and "__planted_toc" in e for e in errors), errors
