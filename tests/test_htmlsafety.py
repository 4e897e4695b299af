"""atlas.htmlsafety: one parser-based judgement of unsafe HTML, shared by the validator and the CSP check."""

from __future__ import annotations

import pytest

from atlas.csp import InlineScriptError, inline_handlers, page_policy
from atlas.htmlsafety import mask_code, non_public_address, scan_html, scan_markdown

PAGE = '<html><head><meta charset="utf-8"></head><body><article>{}</article></body></html>'


@pytest.mark.parametrize(
    ("markdown", "line", "what"),
    [
        ('<img alt=">" src=x onerror=alert(6)>', 1, "an on…= event attribute"),
        ('Text.\n\n<a href="java\nscript:alert(1)">x</a>', 3, "a javascript: URL"),
        ('<a title="<" onclick=alert(1)>x</a>', 1, "an on…= event attribute"),
        ('<img src="chart.png"\n     onerror="alert(1)">', 2, "an on…= event attribute"),
        ("<ScRiPt>alert(1)</script>", 1, "a <script> element"),
        ('<a href="&#106;avascript:alert(1)">x</a>', 1, "a javascript: URL"),
        ("[x](javascript:alert(1))", 1, "a javascript: URL"),
        ('Para.\n{: onclick="alert(1)" }', 2, "an on…= event attribute in an attribute list"),
        ("![x](file:///etc/passwd)", 1, "a link to a non-public address (file://)"),
        ("<http://localhost:8000/>", 1, "a link to a non-public address (localhost)"),
        ("[a]: http://10.0.0.1/x", 1, "a link to a non-public address (10.0.0.1)"),
        (
            '<img srcset="https://example.org/a.png 1x, http://127.0.0.1/b.png 2x">',
            1,
            "a link to a non-public address (127.0.0.1)",
        ),
        ("`unclosed <script>", 1, "a <script> element"),  # an unmatched backtick is no code span
        ("- item\n\n    <script>x</script>", 3, "a <script> element"),  # indented under a list item: not code
    ],
)
def test_unsafe_markdown_is_found_on_its_line(markdown: str, line: int, what: str) -> None:
    assert [(f.line, f.what) for f in scan_markdown(markdown)] == [(line, what)]


@pytest.mark.parametrize(
    "markdown",
    [
        "Use `<script>` tags carefully.",
        "x ``a `<script>` b`` y <b>bold</b>",
        "Before.\n\n    <script>alert('indented code is text')</script>\n\nAfter.",
        '<abbr title="non-governmental organisation">NGO</abbr> and <!-- a note -->',
        "[public](https://example.org/10.0.0.1) and [also](https://10.example.org/)",
        "The scheme is called Onboarding=Welcome; the javascript tutorial is not a link.",
        "< style>text, not a tag</style>",
    ],
)
def test_safe_markdown_gives_nothing(markdown: str) -> None:
    assert scan_markdown(markdown) == []


def test_code_is_blanked_in_place() -> None:
    text = "a `<b>` c\n\n    <i>\nend"
    masked = mask_code(text)
    assert len(masked) == len(text) and masked.count("\n") == text.count("\n")
    assert "<b>" not in masked and "<i>" not in masked and masked.startswith("a ") and masked.endswith("end")


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("file:///etc/passwd", "file://"),
        ("http://127.0.0.1/", "127.0.0.1"),
        ("http://169.254.169.254/", "169.254.169.254"),
        ("https://192.168.1.1/", "192.168.1.1"),
        ("http://[::1]/", "::1"),
        ("http://localhost:8000", "localhost"),
        ("http://printer.local/", "printer.local"),
        ("http://2130706433/", "2130706433"),
        ("http://0x7f.1/", "0x7f.1"),
        ("//10.1.2.3/x", "10.1.2.3"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1"),
        ("https://example.org/", None),
        ("https://8.8.8.8/", None),
        ("mailto:someone@example.org", None),
        ("relative/page.md", None),
        ("#anchor", None),
    ],
)
def test_non_public_addresses(url: str, host: str | None) -> None:
    assert non_public_address(url) == host


@pytest.mark.parametrize(
    "html",
    [
        '<img alt=">" src=x onerror=alert(6)>',
        '<a href="java\nscript:alert(1)">x</a>',
        '<a title="<" onclick=alert(1)>x</a>',
        '<a href="jav&#x61;script&colon;alert(1)">x</a>',
        "<svg/onload=alert(1)>",
    ],
)
def test_the_build_refuses_what_the_validator_refuses(html: str) -> None:
    """The CSP check of built pages uses the same judgement: its fast pre-filter must not let these through."""
    assert [f.what for f in scan_html(html)]
    assert inline_handlers(PAGE.format(html))
    with pytest.raises(InlineScriptError):
        page_policy(PAGE.format(html))


def test_escaped_html_in_a_built_page_passes_the_build() -> None:
    page = PAGE.format("<p><code>&lt;img onerror=alert(1)&gt;</code> is text</p>")
    assert scan_html("<p><code>&lt;img onerror=alert(1)&gt;</code> is text</p>") == []
    assert inline_handlers(page) == []
    assert "script-src 'self'" in page_policy(page)
