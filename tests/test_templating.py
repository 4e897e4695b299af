"""Escaping of contributor text into generated Markdown."""

from __future__ import annotations

import markdown
import pytest

from atlas.templating import md_text, yaml_string


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "Rent | Care",
        "[x](javascript:alert(1))",
        "*bold* _it_ `code`",
        "# not a heading",
        "a & b \"q\" 'q'",
        "1. not a list",
        "{: #id .cls }",
        "back\\slash",
    ],
)
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


def test_markdown_pages_link_relative_to_the_page_being_rendered(tmp_path) -> None:
    """`link()` climbs from the page's own URI; a contributor's title is escaped, our URL is not."""
    from atlas.templating import markdown_environment

    (tmp_path / "page.md.j2").write_text("[{{ title }}]({{ link('benchmarks/x.md#a.b') }})\n", encoding="utf-8")
    env = markdown_environment(tmp_path)
    text = env.get_template("page.md.j2").render(page_uri="practices/one.md", title="A | <b>")
    assert text == "[A \\| &lt;b\\>](../benchmarks/x.md#a.b)\n"


def test_print_html_is_autoescaped(tmp_path) -> None:
    from atlas.templating import html_environment

    (tmp_path / "page.html.j2").write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    assert html_environment(tmp_path).get_template("page.html.j2").render(title="<script>") == "<h1>&lt;script&gt;</h1>"
