"""axe-core in Chromium finds no serious or critical accessibility violation on the key pages."""

from __future__ import annotations

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

from quality_support import sample_pages

BLOCKING = {"serious", "critical"}


def _describe(violation: dict) -> str:
    targets = [", ".join(map(str, node.get("target", []))) for node in violation.get("nodes", [])][:5]
    return f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}"


def test_key_pages_have_no_serious_or_critical_violation(browser, real_site: Path, real_site_url: str) -> None:
    """Home, a practice, a benchmark page, and the explorer and self-assessment pages when built."""
    axe = Axe()
    context = browser.new_context()
    page = context.new_page()
    found: dict[str, list[str]] = {}
    checked = 0
    for path in sample_pages(real_site):
        page.goto(real_site_url + path)
        page.wait_for_load_state("networkidle")
        results = axe.run(
            page,
            options={
                "resultTypes": ["violations"],
                "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
            },
        )
        checked += 1
        blocking = [_describe(v) for v in results.response["violations"] if v.get("impact") in BLOCKING]
        if blocking:
            found[path] = blocking
    context.close()
    assert checked >= 5
    assert found == {}


def test_axe_reports_a_planted_violation(browser, real_site_url: str) -> None:
    """The check itself: an image without alt text and an unlabeled field on a real page are caught."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(real_site_url + "index.html")
    page.evaluate("""() => {
        const img = document.createElement("img"); img.src = "assets/images/favicon.png";
        const input = document.createElement("input"); input.type = "text";
        document.querySelector("article").append(img, input);
    }""")
    results = Axe().run(page)
    context.close()
    ids = {v["id"] for v in results.response["violations"] if v.get("impact") in BLOCKING}
    assert {"image-alt", "label"} <= ids
