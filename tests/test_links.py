"""No broken internal link or anchor anywhere in the built site; external links are listed, not fetched.

The anchor check must not depend on the order pages are read in (LinkChecker's
AnchorCheck skipped the anchors of a page it had already seen without one), so
the planted faults are checked with the pages read in several orders.
"""

from __future__ import annotations

import random
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from atlas.linkcheck import FolderSite, LinkChecker, parse_html

from conftest import ROOT
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
        url, pages = line.split("\t")
        assert url.startswith(("http://", "https://", "mailto:")), line
        assert all((real_site / page).is_file() for page in pages.split()), line


def test_every_download_link_of_the_built_site_is_checked(real_site: Path) -> None:
    """The PDF pack and every sheet are linked, and the links resolve (make build writes them)."""
    report = LinkChecker(FolderSite(real_site)).check()
    practices = [p for p in (ROOT / "practices").glob("*.md") if not p.name.startswith("_")]
    assert report.broken == []
    assert report.files.get(".pdf") == len(practices) + 1
    assert report.pages == len(list(real_site.rglob("*.html")))
    assert report.fragments > 0


class _Ordered(FolderSite):
    """The same folder, its pages read in a given order."""

    def __init__(self, root: Path, order: str) -> None:
        super().__init__(root)
        self.order = order

    def seeds(self) -> list[str]:
        pages = super().seeds()
        if self.order == "reversed":
            return pages[::-1]
        if self.order.startswith("shuffled"):
            random.Random(self.order).shuffle(pages)
        return pages


def _plant(page: Path, html: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert "</article>" in text, page
    page.write_text(text.replace("</article>", f"<p>{html}</p></article>", 1), encoding="utf-8")


@pytest.fixture(scope="module")
def planted(real_site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    """A copy of the site with faults in several pages, each fragment link both before and after
    a plain link to the same page, and a valid anchor that must not be reported."""
    site = tmp_path_factory.mktemp("planted") / "site"
    shutil.copytree(real_site, site)
    practices = sorted(p for p in (site / "practices").glob("*.html") if p.name != "index.html")
    first, second, last = practices[0], practices[1], practices[-1]
    # The plain link first, then a broken anchor on the same page.
    _plant(
        first,
        '<a href="../index.html">home</a> <a href="../index.html#no-such-anchor">lost</a> '
        '<a href="no-such-page.html">gone</a> <a href="https://example.org/planted">elsewhere</a>',
    )
    # The broken anchor first, then the plain link; and a missing anchor on the page itself.
    _plant(
        second,
        f'<a href="{last.name}#not-here-either">lost</a> <a href="{last.name}">plain</a> '
        '<a href="#missing-on-this-page">self</a>',
    )
    # A page read early (benchmarks/ sorts before practices/) links plainly to a page whose
    # anchor is broken elsewhere; a real anchor on the same page must pass.
    _plant(
        site / "benchmarks" / "index.html",
        f'<a href="../practices/{second.name}">plain</a> <a href="../practices/{second.name}#__nope">lost</a> '
        '<a href="../index.html#__skip-target">lost too</a>',
    )
    real_id = next(iter(parse_html((site / "index.html").read_text(encoding="utf-8")).ids))
    _plant(last, f'<a href="../index.html#{real_id}">fine</a> <a href="../downloads/sheets/no-such.pdf">pdf</a>')
    p = lambda path: path.relative_to(site).as_posix()  # noqa: E731
    expected = {
        (p(first), "../index.html#no-such-anchor", "anchor #no-such-anchor not found in index.html"),
        (p(first), "no-such-page.html", "not found"),
        (p(second), f"{last.name}#not-here-either", f"anchor #not-here-either not found in {p(last)}"),
        (p(second), "#missing-on-this-page", f"anchor #missing-on-this-page not found in {p(second)}"),
        ("benchmarks/index.html", f"../practices/{second.name}#__nope", f"anchor #__nope not found in {p(second)}"),
        ("benchmarks/index.html", "../index.html#__skip-target", "anchor #__skip-target not found in index.html"),
        (p(last), "../downloads/sheets/no-such.pdf", "not found"),
    }
    return site, expected


def _found(lines: list[str]) -> set[tuple[str, str, str]]:
    """(page, url, problem) of each "page:line: url: problem" line; "not found (...)" shortened."""
    found = set()
    for line in lines:
        head, url, problem = line.split(": ", 2)
        found.add((head.rsplit(":", 1)[0], url, problem.split(" (")[0]))
    return found


@pytest.mark.parametrize("order", ["sorted", "reversed", "shuffled-1", "shuffled-2", "shuffled-3"])
def test_planted_faults_are_all_reported_whatever_the_order(planted: tuple[Path, set[str]], order: str) -> None:
    site, expected = planted
    report = LinkChecker(_Ordered(site, order)).check()
    assert _found(report.broken) == expected
    assert all(line.split(":")[1].isdigit() and int(line.split(":")[1]) > 0 for line in report.broken)


def test_a_broken_link_and_anchor_are_reported_with_their_page(
    planted: tuple[Path, set[str]], tmp_path: Path, capsys
) -> None:
    """The script's output: every fault with its page, a count, and the external link in the report."""
    site, expected = planted
    report_file = tmp_path / "external.txt"
    status = check_links.main([str(site), "--report", str(report_file)])
    out = capsys.readouterr().out
    assert status == 1
    assert f"{len(expected)} broken internal links or anchors" in out
    first = sorted(page for page, _, _ in expected if page.startswith("practices/"))[0]
    assert f"{first}:" in out and "no-such-page.html" in out and "#no-such-anchor not found" in out
    assert f"https://example.org/planted\t{first}" in report_file.read_text(encoding="utf-8")


def test_make_links_writes_nothing_but_its_report_under_build(real_site: Path, tmp_path: Path) -> None:
    """`make links` runs this command; it must leave the checkout's files as they were."""

    def status() -> set[str]:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=all"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return {line for line in out.splitlines() if not line[3:].startswith("build/")}

    before = status()
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_links.py"), str(real_site)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (ROOT / "build" / "external-links.txt").is_file()
    assert status() == before
    assert list(tmp_path.iterdir()) == []


def test_missing_site_is_a_clear_error(tmp_path: Path, capsys) -> None:
    assert check_links.main([str(tmp_path / "nowhere")]) == 2
    assert "build the site first" in capsys.readouterr().err


def test_an_unreachable_server_is_a_clear_error(tmp_path: Path, capsys) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again below: nothing listens there
    assert check_links.main(["--url", f"http://127.0.0.1:{port}/", "--report", str(tmp_path / "e.txt")]) == 2
    assert "is `make serve` running there?" in capsys.readouterr().err
