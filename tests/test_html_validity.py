"""Every built page is valid HTML by the Nu Html Checker (vnu.jar, run offline on Java).

`make test` installs both: vnu.jar comes from npm (vnu-jar, package-lock.json), the
Java runtime from scripts/ensure_java.sh. Missing either is a failure, not a skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest

from conftest import ROOT

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _java() -> str:
    found = os.environ.get("JAVA") or shutil.which("java")
    assert found, "no Java runtime: run `make test` (scripts/ensure_java.sh installs one) or set JAVA"
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: run `make setup` (npm ci)"
    return found


def nu_check(pages: list[Path]) -> list[dict]:
    """The Nu checker's messages for `pages` (JSON on stdout)."""
    done = subprocess.run(
        [_java(), "-jar", str(VNU_JAR), "--format", "json", "--stdout", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.stdout.strip(), done.stderr
    return json.loads(done.stdout)["messages"]


def _errors(messages: list[dict], site: Path) -> list[str]:
    """Errors only, as "page:line: message". (The checker's CSP notes are info-level: from file:
    it cannot match 'self'; the real policy is checked in Chromium by test_csp.py.)"""
    out = []
    for m in messages:
        if m.get("type") in ("error", "non-document-error"):
            page = Path(m.get("url", "").removeprefix("file:")).resolve()
            where = page.relative_to(site.resolve()).as_posix() if page.is_relative_to(site.resolve()) else page
            out.append(f"{where}:{m.get('lastLine', '?')}: {m['message']}")
    return out


def test_every_built_page_is_valid_html(real_site: Path) -> None:
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) >= 80
    errors = _errors(nu_check(pages), real_site)
    print(f"Nu Html Checker: {len(pages)} pages, {len(errors)} errors")
    assert errors == [], "\n".join(errors[:50])


def test_the_checker_reports_the_theme_faults_it_once_found(real_site: Path, tmp_path: Path) -> None:
    """The navigation faults Material 9.8.1 wrote before the overrides, planted in a copy of a page."""
    page = tmp_path / "planted.html"
    html = (real_site / "index.html").read_text(encoding="utf-8")
    planted = (
        '<label class="md-nav__link" for="__drawer" tabindex="">x</label>'
        '<input type="checkbox" id="__planted" autocomplete="off"><label for="__no-such-control">toc</label>'
    )
    page.write_text(html.replace("</main>", planted + "</main>", 1), encoding="utf-8")
    errors = _errors(nu_check([page]), tmp_path)
    assert any("tabindex" in e for e in errors), errors
    assert any("autocomplete" in e for e in errors), errors
    assert any("“for” attribute" in e for e in errors), errors
    assert len(errors) == 3, errors


@pytest.mark.parametrize("partial", ["partials/nav-item.html", "partials/toc.html", "base.html"])
def test_copied_material_templates_name_their_origin(partial: str) -> None:
    """A copied template says where it comes from, so the next Material upgrade can redo the change."""
    first = (ROOT / "overrides" / partial).read_text(encoding="utf-8").splitlines()[0]
    assert f"Material 9.8.1 {partial}" in first
    assert version("mkdocs-material") == "9.8.1", "Material changed: copy its new templates again and redo the change"
