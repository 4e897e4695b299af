"""Every page carries a Content Security Policy that blocks injected and third-party scripts
and still lets the site's own scripts (Material, search, the explorer) run, over HTTP and file://.
The one allowance beyond the site's own origin is 'wasm-unsafe-eval', for the search engine."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from atlas.csp import InlineScriptError, inline_handlers, inline_scripts, page_policy, policy

from conftest import ROOT, build_site, serve_directory
from quality_support import Recorder, open_search, sample_pages

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def directives(text: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in text.split(";") if part.strip()}


# -- the domain functions ---------------------------------------------------------

PAGE = """<!doctype html><html><head>
<meta charset="utf-8"><title>t</title>
<script>var a = 1;</script>
<script src="x.js"></script>
<script id="__config" type="application/json">{"base": ".", "search": "../w/search.js"}</script>
<script type="module">import "./m.js";</script>
</head><body><script>
  var b = "</p>";
</script></body></html>"""


def test_inline_scripts_are_the_executable_ones_with_exact_text() -> None:
    assert inline_scripts(PAGE) == ["var a = 1;", 'import "./m.js";', '\n  var b = "</p>";\n']


CLEAN_PAGE = """<!doctype html><html><head>
<meta charset="utf-8"><title>t</title>
<script src="x.js"></script>
<script id="__config" type="application/json">{"base": ".", "search": "../w/search.js"}</script>
</head><body><p>text</p></body></html>"""


def test_a_page_with_an_inline_script_gets_no_policy_but_an_error() -> None:
    """Hashing whatever inline script a page holds would also allow an injected one."""
    with pytest.raises(InlineScriptError, match="var a = 1"):
        page_policy(PAGE)


@pytest.mark.parametrize(
    "html",
    [
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" &#106;avascript:alert(1)">entity-encoded</a>',
        '<form action="JAVASCRIPT:alert(1)"></form>',
    ],
)
def test_event_handlers_and_javascript_urls_count_as_inline_script(html: str) -> None:
    with pytest.raises(InlineScriptError):
        page_policy(CLEAN_PAGE.replace("<p>text</p>", html))


@pytest.mark.parametrize(
    "script_type",
    [
        "",
        "text/javascript",
        "module",
        "text/jscript",
        "application/x-javascript",
        "text/javascript1.5",
        "TEXT/LiveScript",
        "importmap",
        "speculationrules",
        "text/plain",
        "application/ld+json; x=1",
    ],
)
def test_an_inline_script_of_any_type_but_data_is_refused(script_type: str) -> None:
    """Browsers run many script types: only the two data types are let through, not a list of JS ones."""
    html = CLEAN_PAGE.replace("<p>text</p>", f'<script type="{script_type}">alert(1)</script>')
    with pytest.raises(InlineScriptError, match="alert"):
        page_policy(html)


def test_structured_data_passes_and_adds_no_hash() -> None:
    """An application/ld+json block runs nothing, so it needs (and gets) no place in the policy."""
    html = CLEAN_PAGE.replace("</head>", '<script type="application/ld+json">{"@type":"Article"}</script></head>')
    assert inline_scripts(html) == []
    assert directives(page_policy(html))["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    # ... while an executable script next to it is still refused
    with pytest.raises(InlineScriptError, match="alert"):
        page_policy(html.replace("<p>text</p>", "<script>alert(1)</script>"))


def test_ordinary_links_and_attributes_pass() -> None:
    html = CLEAN_PAGE.replace("<p>text</p>", '<a href="https://example.org/javascript:x" title="onclick">ok</a>')
    assert "script-src 'self'" in page_policy(html)


def test_policy_allows_only_the_site_and_webassembly_compilation() -> None:
    """No inline-script hash, no eval: 'wasm-unsafe-eval' lets Pagefind compile its WebAssembly, nothing more."""
    rules = directives(page_policy(CLEAN_PAGE))
    assert rules["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    for name in ("script-src", "default-src", "connect-src", "worker-src", "frame-src", "font-src", "img-src"):
        assert not any(
            s in ("*", "'unsafe-inline'", "'unsafe-eval'", "http:", "https:", "blob:") or "://" in s
            for s in rules[name]
        ), name
    assert rules["connect-src"] == ["'self'"] and rules["worker-src"] == ["'self'"]
    assert rules["object-src"] == ["'none'"]
    assert rules["base-uri"] == ["'self'"]


def test_duplicate_hashes_are_listed_once() -> None:
    assert directives(policy(["'sha256-a'", "'sha256-a'"]))["script-src"] == [
        "'self'",
        "'wasm-unsafe-eval'",
        "'sha256-a'",
    ]


# -- the built site -------------------------------------------------------------------


def test_every_built_page_has_one_policy_and_no_inline_script(real_site: Path) -> None:
    pages = sorted(real_site.rglob("*.html"))
    assert pages
    for html_file in pages:
        html = html_file.read_text(encoding="utf-8")
        found = META.findall(html)
        assert len(found) == 1, html_file
        assert html.index("Content-Security-Policy") < html.index("<script"), html_file
        assert inline_scripts(html) == [] and inline_handlers(html) == [], html_file
        assert directives(found[0])["script-src"] == ["'self'", "'wasm-unsafe-eval'"], html_file


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_site_scripts_run_with_no_violation(browser, real_site: Path, real_site_url: str, scheme: str) -> None:
    """Sampled pages load and the search box works (Pagefind over HTTP, the explorer hand-off
    from file://), with nothing blocked by the policy."""
    base = real_site_url if scheme == "http" else real_site.as_uri() + "/"
    context = browser.new_context()
    recorder = Recorder().attach(context)
    page = context.new_page()
    for path in sample_pages(real_site):
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert recorder.csp_violations(page) == [], path
    open_search(page, "integration")
    if scheme == "http":
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    else:
        page.locator("[data-atlas-search-status] a[href*='explorer.html?text=integration']").wait_for(timeout=15000)
    assert recorder.csp_violations(page) == []
    assert recorder.page_errors == []
    context.close()


def test_injected_and_third_party_scripts_do_not_run(
    browser, real_site: Path, real_site_url: str, tmp_path: Path
) -> None:
    """An inline script added to the page and a script from another origin are blocked;
    the same script served by the site itself runs (so the test can see a script run)."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "third.js").write_text("window.__ran = (window.__ran || []).concat('third');", encoding="utf-8")
    other_url, server = serve_directory(other)
    own = real_site / "own-test-script.js"
    own.write_text("window.__ran = (window.__ran || []).concat('own');", encoding="utf-8")
    context = browser.new_context()
    recorder = Recorder().attach(context)
    try:
        page = context.new_page()
        page.goto(real_site_url + "index.html")
        ran = page.evaluate(
            """async ([otherUrl]) => {
            const load = (src) => new Promise((done) => {
              const s = document.createElement("script");
              s.src = src; s.onload = () => done("loaded"); s.onerror = () => done("blocked");
              document.head.appendChild(s);
            });
            const inline = document.createElement("script");
            inline.textContent = "window.__ran = (window.__ran || []).concat('inline');";
            document.body.appendChild(inline);
            const div = document.createElement("div");
            div.innerHTML = '<img src="x" onerror="window.__ran = (window.__ran || []).concat(\\'attribute\\')">';
            document.body.appendChild(div);
            await load(otherUrl + "third.js");
            await load("own-test-script.js");
            await new Promise((r) => setTimeout(r, 300));
            return window.__ran || [];
        }""",
            [other_url],
        )
        violations = recorder.csp_violations(page)
    finally:
        context.close()
        server.shutdown()
        own.unlink()
    assert ran == ["own"]
    assert any("script-src" in v and "inline" in v for v in violations), violations
    assert any("third.js" in v or other_url.rstrip("/") in v for v in violations), violations


def test_build_stops_on_an_inline_script_and_names_the_page(tmp_path: Path) -> None:
    """A Markdown page with an inline script fails the build instead of being hashed into the policy."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\n<script>document.title = 'x'</script>\n", encoding="utf-8")
    shutil.copytree(ROOT / "tests" / "fixtures" / "hostile" / "practices", tmp_path / "practices")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        json.dumps(
            {
                "site_name": "Inline script",
                "site_url": "",
                "theme": {"name": "material", "custom_dir": str(ROOT / "overrides"), "font": False},
                "hooks": [str(ROOT / "hooks" / "atlas_hooks.py")],
                "extra": {"atlas": {"practices": "practices", "data": str(ROOT / "data")}},
                "plugins": [],
                "use_directory_urls": False,
            }
        ),
        encoding="utf-8",
    )
    result = build_site(config, tmp_path / "site")
    assert result.returncode != 0
    assert "index.md: 1 inline script(s) or handler(s)" in result.stderr
    assert "document.title" in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()
