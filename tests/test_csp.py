"""Every page carries a Content Security Policy that blocks injected and third-party scripts
and still lets the site's own scripts (Material, search, the explorer) run, over HTTP and file://."""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from atlas.csp import add_policy, iframe_worker_bootstrap, inline_scripts, page_policy, policy, search_worker_url
from atlas.vendor import iframe_worker_shim
from conftest import serve_directory
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
    assert inline_scripts(PAGE) == ['var a = 1;', 'import "./m.js";', '\n  var b = "</p>";\n']
    assert search_worker_url(PAGE) == "../w/search.js"


def test_policy_lists_each_inline_hash_and_no_unsafe_script_source() -> None:
    rules = directives(page_policy(PAGE))
    expected = "'sha256-" + base64.b64encode(hashlib.sha256(b"var a = 1;").digest()).decode() + "'"
    assert expected in rules["script-src"]
    assert len(rules["script-src"]) == 1 + 3
    for name in ("script-src", "default-src", "connect-src", "worker-src", "frame-src", "font-src", "img-src"):
        assert not any(s in ("*", "'unsafe-inline'", "'unsafe-eval'", "http:", "https:") or "://" in s
                       for s in rules[name]), name
    assert rules["object-src"] == ["'none'"]
    assert rules["base-uri"] == ["'self'"]


def test_policy_goes_right_after_the_charset_before_any_script() -> None:
    out = add_policy(PAGE)
    assert out.index('<meta http-equiv="Content-Security-Policy"') == out.index('<meta charset="utf-8">') + len('<meta charset="utf-8">')
    assert add_policy("no head here") == "no head here"


def test_shim_bootstrap_holds_the_shim_functions_and_the_worker_url() -> None:
    shim = iframe_worker_shim().read()
    script = iframe_worker_bootstrap(shim, "../assets/search.js")
    assert script is not None
    assert script.startswith("postMessage=function ") and ";importScripts=function " in script
    assert 'filename:"../assets/search.js"' in script
    assert "${" not in script
    assert iframe_worker_bootstrap("console.log('a different shim')", "x.js") is None


def test_duplicate_hashes_are_listed_once() -> None:
    assert directives(policy(["'sha256-a'", "'sha256-a'"]))["script-src"] == ["'self'", "'sha256-a'"]


# -- the built site -------------------------------------------------------------------

def test_every_built_page_has_one_policy_before_its_first_script(real_site: Path) -> None:
    pages = sorted(real_site.rglob("*.html"))
    assert pages
    for html_file in pages:
        html = html_file.read_text(encoding="utf-8")
        found = META.findall(html)
        assert len(found) == 1, html_file
        assert html.index("Content-Security-Policy") < html.index("<script"), html_file
        listed = directives(found[0].replace("&#x27;", "'"))["script-src"]
        for text in inline_scripts(html):
            digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in listed, (html_file, text[:60])


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_site_scripts_run_with_no_violation(browser, real_site: Path, real_site_url: str, scheme: str) -> None:
    """Sampled pages load and Material's search works, with nothing blocked by the policy."""
    base = real_site_url if scheme == "http" else real_site.as_uri() + "/"
    context = browser.new_context()
    recorder = Recorder().attach(context)
    page = context.new_page()
    for path in sample_pages(real_site):
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert recorder.csp_violations(page) == [], path
    open_search(page, "integration")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert recorder.csp_violations(page) == []
    assert recorder.page_errors == []
    context.close()


def test_injected_and_third_party_scripts_do_not_run(browser, real_site: Path, real_site_url: str, tmp_path: Path) -> None:
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
        ran = page.evaluate("""async ([otherUrl]) => {
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
        }""", [other_url])
        violations = recorder.csp_violations(page)
    finally:
        context.close()
        server.shutdown()
        own.unlink()
    assert ran == ["own"]
    assert any("script-src" in v and "inline" in v for v in violations), violations
    assert any("third.js" in v or other_url.rstrip("/") in v for v in violations), violations
