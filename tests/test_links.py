"""No broken internal link or anchor anywhere in the built site; external links are listed, not fetched."""
from __future__ import annotations

import shutil
from pathlib import Path

from helpers import load_script

check_links = load_script("check_links")


def test_built_site_has_no_broken_internal_link_or_anchor(real_site: Path, tmp_path: Path, capsys) -> None:
    report_file = tmp_path / "external-links.txt"
    status = check_links.main([str(real_site), "--report", str(report_file)])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "0 broken internal links" in out
    lines = report_file.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# External links")
    for line in lines[1:]:
        url, page = line.split("\t")
        assert url.startswith(("http://", "https://", "mailto:")), line
        assert (real_site / page).is_file(), line


def test_a_broken_link_and_anchor_are_reported_with_their_page(real_site: Path, tmp_path: Path, capsys) -> None:
    """The same check on a copy of the site with three faults planted in one practice page."""
    site = tmp_path / "site"
    shutil.copytree(real_site, site)
    practice = sorted(p for p in (site / "practices").glob("*.html") if p.name != "index.html")[0]
    html = practice.read_text(encoding="utf-8")
    planted = ('<p><a href="no-such-page.html">gone</a> <a href="../index.html#no-such-anchor">lost</a> '
               '<a href="https://example.org/planted">elsewhere</a></p>')
    practice.write_text(html.replace("</article>", planted + "</article>", 1), encoding="utf-8")
    report_file = tmp_path / "external.txt"

    status = check_links.main([str(site), "--report", str(report_file)])

    out = capsys.readouterr().out
    assert status == 1
    page = practice.relative_to(site).as_posix()
    assert f"{page}:" in out and "no-such-page.html" in out
    assert "no-such-anchor" in out and "not found" in out
    assert "2 broken internal links or anchors" in out
    assert f"https://example.org/planted\t{page}" in report_file.read_text(encoding="utf-8")


def test_missing_site_is_a_clear_error(tmp_path: Path, capsys) -> None:
    assert check_links.main([str(tmp_path / "nowhere")]) == 2
    assert "build the site first" in capsys.readouterr().err
