"""The link checker's parsing (atlas.linkcheck): what counts as an anchor and as a link."""

from __future__ import annotations

from atlas.linkcheck import parse_css, parse_html


def test_the_parser_finds_ids_names_and_every_kind_of_link() -> None:
    page = parse_html(
        '<h2 id="a">A</h2><a name="b"></a>\n<img src="i.png" srcset="i1.png 1x, i2.png 2x">'
        '<link rel="stylesheet" href="s.css"><script src="x.js"></script>'
        '<meta http-equiv="refresh" content="0; url=new.html"><form action="explorer.html"></form>'
    )
    assert page.ids == {"a", "b"}
    assert [url for _, url in page.links] == ["i.png", "i1.png", "i2.png", "s.css", "x.js", "new.html", "explorer.html"]
    assert page.links[0][0] == 2
    css = parse_css('a { background: url("img/a.svg") } @import "b.css";\nb { mask: url(c.svg) }')
    assert sorted(url for _, url in css.links) == ["b.css", "c.svg", "img/a.svg"]
