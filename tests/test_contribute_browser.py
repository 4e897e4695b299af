"""The contributor pages in a real Chromium with JavaScript off: reachable, anchors work, schema served."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_reference_reachable_from_home_and_field_links_jump(no_js_page, real_site_url: str) -> None:
    page = no_js_page
    page.goto(real_site_url + "index.html")
    page.locator("nav a[href='contribute/reference.html']").first.click()
    assert page.url.endswith("contribute/reference.html")
    assert page.locator("h1").inner_text().startswith("Practice file reference")
    page.get_by_role("link", name="municipality_size", exact=True).first.click()
    assert page.url.endswith("#field-municipality-size")
    heading = page.locator("#field-municipality-size")
    assert heading.is_visible()
    top = heading.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < 300, "the browser scrolled to the field"
    table = page.locator("#field-municipality-size ~ div table, #field-municipality-size ~ table").first
    assert "small-town" in table.inner_text() and "Small town" in table.inner_text()


def test_schema_is_served_as_json(no_js_page, real_site_url: str) -> None:
    response = no_js_page.request.get(real_site_url + "schema/practice.schema.json")
    assert response.ok
    schema = json.loads(response.text())
    assert "small-town" in schema["properties"]["municipality_size"]["enum"]


def test_review_page_reachable_without_javascript(no_js_page, real_site_url: str) -> None:
    page = no_js_page
    page.goto(real_site_url + "contribute/index.html")
    page.get_by_role("link", name="practices due for review").click()
    assert page.url.endswith("contribute/review.html")
    assert page.locator("h1").inner_text().startswith("Practices due for review")
