"""Escaping of contributor text into generated Markdown."""
from __future__ import annotations

import markdown
import pytest

from atlas.templating import md_text, yaml_string


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>", "Rent | Care", "[x](javascript:alert(1))", "*bold* _it_ `code`",
    "# not a heading", "a & b \"q\" 'q'", "1. not a list", "{: #id .cls }", "back\\slash",
])
def test_md_text_renders_as_itself(text: str) -> None:
    html = markdown.markdown(md_text(text), extensions=["tables", "attr_list"])
    import html as html_lib
    inner = html.removeprefix("<p>").removesuffix("</p>")
    assert html_lib.unescape(inner) == text
    assert "<script" not in html and "<a " not in html and "<em>" not in html


def test_md_text_keeps_table_cells_intact() -> None:
    row = f"| {md_text('Rent | Care')} | {md_text('x')} |"
    html = markdown.markdown("| A | B |\n| --- | --- |\n" + row, extensions=["tables"])
    assert html.count("<td>") == 2


def test_yaml_string_is_html_safe_json() -> None:
    assert str(yaml_string('</title><script>"x"')) == '"&lt;/title&gt;&lt;script&gt;&quot;x&quot;"'
