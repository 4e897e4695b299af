"""One setting, ATLAS_REPO_URL (mkdocs.yml: extra.atlas_repo), drives every edit link.

Unset, no page shows a "Suggest a correction" link and no built file names a
placeholder owner; set, every practice page links to its own source file there.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.config import load_config

from atlas.site import RepositorySettingError, edit_base

from conftest import ROOT, build_site

PLACEHOLDER = re.compile(r"github\.com/(OWNER|YOUR-NAME|<)|/OWNER/", re.IGNORECASE)
TEXT_SUFFIXES = {".html", ".js", ".json", ".xml", ".csv", ".txt", ".cff", ".css"}


def _practice_slugs() -> list[str]:
    return sorted(p.stem for p in (ROOT / "practices").glob("*.md") if not p.name.startswith("_"))


def _placeholders(site: Path) -> list[str]:
    found = []
    for path in site.rglob("*"):
        if path.suffix in TEXT_SUFFIXES and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{path.relative_to(site)}: {m.group(0)}" for m in PLACEHOLDER.finditer(text)]
    return found


def test_unset_setting_means_no_edit_link() -> None:
    assert edit_base({}) is None
    assert edit_base({"atlas_repo": None, "atlas_edit_uri": "edit/main/"}) is None
    assert edit_base({"atlas_repo": "  "}) is None


def test_set_setting_gives_the_edit_prefix() -> None:
    assert (
        edit_base({"atlas_repo": "https://git.example.org/team/atlas/"})
        == "https://git.example.org/team/atlas/edit/main"
    )
    assert (
        edit_base({"atlas_repo": "https://git.example.org/t/a", "atlas_edit_uri": "/-/edit/trunk/"})
        == "https://git.example.org/t/a/-/edit/trunk"
    )


@pytest.mark.parametrize(
    "value",
    [
        "github.com/team/atlas",
        "ftp://git.example.org/t/a",
        "https://git.example.org",
        "https://github.com/OWNER/local-integration-practice-atlas",
    ],
)
def test_a_wrong_or_placeholder_setting_is_a_clear_error(value: str) -> None:
    with pytest.raises(RepositorySettingError, match="ATLAS_REPO_URL"):
        edit_base({"atlas_repo": value})


def test_mkdocs_yml_reads_the_setting_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATLAS_REPO_URL", raising=False)
    unset = load_config(str(ROOT / "mkdocs.yml"))
    assert edit_base(unset.extra) is None
    assert not unset.repo_url and "content.action.edit" not in unset.theme["features"]  # no second edit-link setting
    monkeypatch.setenv("ATLAS_REPO_URL", "https://git.example.org/team/atlas")
    assert edit_base(load_config(str(ROOT / "mkdocs.yml")).extra) == "https://git.example.org/team/atlas/edit/main"


def test_built_site_without_the_setting_has_no_edit_link_and_no_placeholder(real_site: Path) -> None:
    pages = [p for p in (real_site / "practices").glob("*.html") if p.name != "index.html"]
    assert len(pages) >= len(_practice_slugs())
    assert [p.name for p in pages if "Suggest a correction" in p.read_text(encoding="utf-8")] == []
    assert _placeholders(real_site) == []


def test_built_site_with_the_setting_links_every_practice_to_its_file(tmp_path: Path) -> None:
    repo = "https://git.example.org/team/atlas"
    result = build_site(ROOT / "mkdocs.yml", tmp_path / "site", env={"ATLAS_REPO_URL": repo})
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    for slug in _practice_slugs():
        html = (site / "practices" / f"{slug}.html").read_text(encoding="utf-8")
        assert f'href="{repo}/edit/main/practices/{slug}.md"' in html, slug
        assert "Suggest a correction" in html
    assert _placeholders(site) == []


def test_a_placeholder_setting_stops_the_build_with_what_to_do(tmp_path: Path) -> None:
    result = build_site(
        ROOT / "mkdocs.yml",
        tmp_path / "site",
        env={"ATLAS_REPO_URL": "https://github.com/OWNER/local-integration-practice-atlas"},
    )
    assert result.returncode != 0
    assert "ATLAS_REPO_URL" in result.stderr and "placeholder" in result.stderr
    assert "Traceback" not in result.stderr
