"""Stable addresses: a published slug never disappears without an alias, and an alias redirects."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from atlas.csp import inline_scripts
from atlas.pipeline import AtlasPaths, load_atlas
from atlas.project import PROJECT_ROOT as ROOT
from atlas.slugs import PUBLISHED_FILE, Redirect, read_published, render_redirect

SITE_FIXTURE = ROOT / "tests" / "fixtures" / "site"


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    """A copy of the fixture atlas's practices that a test may rename and edit."""
    shutil.copytree(SITE_FIXTURE / "practices", tmp_path / "practices")
    shutil.copytree(SITE_FIXTURE / "benchmarks", tmp_path / "benchmarks")
    return tmp_path


def problems(root: Path) -> list[str]:
    result = load_atlas(AtlasPaths.under(root, practices="practices", data=str(ROOT / "data"), benchmarks="benchmarks"))
    return [str(p) for p in result.problems]


def rename(root: Path, old: str, new: str, aliases: str | None = None) -> None:
    source = root / "practices" / f"{old}.md"
    text = re.sub(r"^slug: .*$", f"slug: {new}", source.read_text(encoding="utf-8"), count=1, flags=re.M)
    text = re.sub(r"^aliases: .*\n", "", text, flags=re.M)
    if aliases is not None:
        text = text.replace(f"slug: {new}\n", f"slug: {new}\naliases: {aliases}\n", 1)
    (root / "practices" / f"{new}.md").write_text(text, encoding="utf-8")
    source.unlink()


def test_the_fixture_collection_is_valid(collection: Path) -> None:
    assert problems(collection) == []


def test_a_renamed_slug_without_an_alias_is_refused(collection: Path) -> None:
    rename(collection, "alpha-housing", "alpha-homes")
    assert problems(collection) == [
        f"practices/{PUBLISHED_FILE}:2: slug: 'alpha-housing' was published (practices/alpha-housing) but no "
        "practice has this slug or alias (if it was renamed to 'alpha-homes', add `aliases: [alpha-housing]` to "
        "practices/alpha-homes.md so the old address redirects)"
    ]


def test_a_deleted_practice_is_refused_too(collection: Path) -> None:
    (collection / "practices" / "hostile.md").unlink()
    [problem] = problems(collection)
    assert problem.startswith(f"practices/{PUBLISHED_FILE}:5: slug: 'hostile' was published")
    assert "set `status: ended` instead" in problem


def test_a_renamed_slug_with_its_alias_passes(collection: Path) -> None:
    rename(collection, "alpha-housing", "alpha-homes", "[alpha-housing]")
    assert problems(collection) == []


def test_a_removed_alias_of_a_published_slug_is_refused(collection: Path) -> None:
    path = collection / "practices" / "beta-health.md"
    path.write_text(path.read_text(encoding="utf-8").replace("aliases: [beta-care]\n", ""), encoding="utf-8")
    [problem] = problems(collection)
    assert "'beta-care' was published" in problem and "aliases: [beta-care]" in problem


@pytest.mark.parametrize(
    ("aliases", "expected"),
    [
        ("[alpha-housing]", "aliases[1]: 'alpha-housing' is the slug of practices/alpha-housing.md"),
        ("[beta-health]", "aliases[1]: 'beta-health' is this practice's own slug"),
        ("[index]", "aliases[1]: 'index' is the address of the practices index"),
        ("[Old Name]", "aliases[1]: 'Old Name' does not have the expected form"),
    ],
)
def test_an_alias_must_be_a_former_slug(collection: Path, aliases: str, expected: str) -> None:
    path = collection / "practices" / "beta-health.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("[beta-care]", aliases.replace("]", ", beta-care]")), encoding="utf-8"
    )
    found = problems(collection)
    assert len(found) == 1 and f"practices/beta-health.md:4: {expected}" in found[0], found


def test_an_old_address_redirects_to_one_practice_only(collection: Path) -> None:
    path = collection / "practices" / "hostile.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("slug: hostile\n", "slug: hostile\naliases: [beta-care]\n"),
        encoding="utf-8",
    )
    assert any(
        "aliases[1]: 'beta-care' is already an alias of practices/beta-health.md" in p for p in problems(collection)
    )


def test_a_bad_line_in_the_list_is_reported_with_its_line(collection: Path) -> None:
    listing = collection / "practices" / PUBLISHED_FILE
    listing.write_text(listing.read_text(encoding="utf-8") + "Not A Slug\n", encoding="utf-8")
    assert problems(collection) == [
        f"practices/{PUBLISHED_FILE}:6: 'Not A Slug' is not a slug "
        "(one slug a line: lower-case words joined by hyphens)"
    ]


def test_the_real_list_holds_every_practice() -> None:
    published, found = read_published(ROOT / "practices")
    assert found == []
    slugs = {p.stem for p in (ROOT / "practices").glob("*.md") if not p.name.startswith("_")}
    missing = sorted(slugs - set(published.slugs))
    assert not missing, f"run `make slugs` to record {', '.join(missing)} as published"


def test_make_slugs_appends_new_practices_and_check_reports_them(collection: Path) -> None:
    script = [sys.executable, str(ROOT / "scripts" / "published_slugs.py"), "--root", str(collection)]
    (collection / "mkdocs.yml").write_text(
        f"extra:\n  atlas:\n    data: {ROOT / 'data'}\n    benchmarks: benchmarks\n", encoding="utf-8"
    )
    shutil.copy(collection / "practices" / "hostile.md", collection / "practices" / "gamma.md")
    check = subprocess.run([*script, "--check"], capture_output=True, text=True)
    assert check.returncode == 1 and "not yet listed: gamma" in check.stdout
    before = (collection / "practices" / PUBLISHED_FILE).read_text(encoding="utf-8")
    update = subprocess.run(script, capture_output=True, text=True)
    assert update.returncode == 0 and "added gamma" in update.stdout
    assert (collection / "practices" / PUBLISHED_FILE).read_text(encoding="utf-8") == before + "gamma\n"
    assert subprocess.run([*script, "--check"], capture_output=True, text=True).returncode == 0


def test_redirect_page_sends_readers_on_without_script() -> None:
    html = render_redirect(Redirect("old-name", "new-name", 'Title <b>"x"</b>'), directory_urls=False)
    page = BeautifulSoup(html, "html.parser")
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=new-name.html"
    assert page.find("link", rel="canonical")["href"] == "new-name.html"
    assert page.find("a")["href"] == "new-name.html" and page.find("a").get_text() == 'Title <b>"x"</b>'
    assert page.find("meta", attrs={"http-equiv": "Content-Security-Policy"}) is not None
    assert inline_scripts(html) == [] and page.find("b") is None
    assert render_redirect(Redirect("a", "b", "t"), directory_urls=True).count('url=../b/"') == 1


def test_the_built_site_keeps_the_old_address(fixture_site: Path) -> None:
    old = BeautifulSoup((fixture_site / "practices" / "beta-care.html").read_text(encoding="utf-8"), "html.parser")
    target = old.find("meta", attrs={"http-equiv": "refresh"})["content"].split("url=", 1)[1]
    assert target == "beta-health.html" and (fixture_site / "practices" / target).is_file()
