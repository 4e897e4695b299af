"""End to end: real `mkdocs build` of the fixture atlas, and of a broken one."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import FIXTURES, ROOT, build_site


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def article(site: Path, page: str) -> BeautifulSoup:
    return soup(site, page).select_one("article")


def test_practice_page_shows_facts_body_benchmarks_and_sources(fixture_site: Path) -> None:
    page = article(fixture_site, "practices/alpha-housing.html")
    assert page.h1.get_text(strip=True).rstrip("¶") == "Alpha Housing Desk"
    facts = {
        dt.get_text(strip=True): [dd.get_text(" ", strip=True) for dd in dt.find_next_siblings("dd")]
        for dt in page.select(".atlas-facts dt")
    }
    assert facts["Country"][0] == "Sweden"
    assert facts["Places"][0] == "Hudiksvall"
    assert facts["Municipality size"][0] == "Small town"
    assert facts["Population"][0] == "20,000 in 2024 (invented for a test fixture)"
    assert facts["Started"][0].startswith("2019")
    assert page.select_one('.atlas-facts a[href="../countries/se.html"]').get_text() == "Sweden"
    assert page.select_one('.atlas-facts a[href="../sizes/small-town.html"]') is not None
    assert [h.get_text(strip=True).rstrip("¶") for h in page.find_all("h2")] == [
        "What it is",
        "How it works",
        "Who is involved",
        "Results",
        "What a small municipality can take from it",
        "Benchmarks this practice helps meet",
        "Sources",
        "Related practices",
    ]
    links = [a["href"] for a in page.select("#benchmarks-this-practice-helps-meet + ul a")]
    assert links == [
        "../benchmarks/governance.html#governance.planning.plan",
        "../benchmarks/governance.html#governance.people.named",
    ]
    source = page.select_one("#sources + ul li")
    assert source.a["href"] == "https://whole-comm.eu/"  # the bibliography's address for the cited key
    assert (
        "Local Strategies for Effective Migrant and Refugee Integration. Sinem Yilmaz, Carmine Conte; "
        "Migration Policy Group, January 2024. At: test fixture, no real locator." in source.get_text()
    )
    assert source.select("a")[-1]["href"] == "../guide/sources.html#source-wholecomm-toolbox-2024"
    hows = [li.get_text(" ", strip=True) for li in page.select("#benchmarks-this-practice-helps-meet + ul li")]
    assert all("How this practice helps: Invented for a test" in how for how in hows)


def test_index_pages_count_practices(fixture_site: Path) -> None:
    rows = article(fixture_site, "dimensions/index.html").select("tbody tr")
    counts = {r.find_all("td")[0].get_text(strip=True): int(r.find_all("td")[-1].get_text()) for r in rows}
    assert counts == {
        "Governance": 0,
        "Employment and vocational training": 0,
        "Education": 1,
        "Health and welfare": 2,
        "Housing and urban planning": 2,
    }
    countries = article(fixture_site, "countries/index.html").select("tbody tr")
    assert {r.find_all("td")[0].get_text(strip=True): int(r.find_all("td")[-1].get_text()) for r in countries} == {
        "Austria": 2,
        "Sweden": 1,
    }
    sizes = article(fixture_site, "sizes/index.html").select("tbody tr")
    by_size = {r.find_all("td")[0].get_text(strip=True): r.find_all("td")[1].get_text(strip=True) for r in sizes}
    assert by_size["Small town"] == "5,000 to 49,999 inhabitants."
    all_rows = article(fixture_site, "practices/index.html").select("tbody tr")
    assert len(all_rows) == 3 and all(len(r.find_all("td")) == 5 for r in all_rows)
    housing = article(fixture_site, "dimensions/housing.html")
    assert sorted(a.get_text() for a in housing.select("tbody tr td:first-child a")) == sorted(
        ["Alpha Housing Desk", "<script>alert(1)</script> Rent | Care [x](y) *bold* {: #id }"]
    )


def test_benchmark_page_lists_back_links(fixture_site: Path) -> None:
    page = article(fixture_site, "benchmarks/governance.html")

    def linked(benchmark_id: str) -> list[str]:
        heading = page.find(id=benchmark_id)
        assert heading is not None, benchmark_id
        items = []
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h2", "h3"):
                break
            items += [a["href"] for a in sibling.select("a")]
        return sorted(items)

    assert linked("governance.planning.plan") == sorted(
        ["../practices/alpha-housing.html", "../practices/beta-health.html", "../practices/hostile.html"]
    )
    assert linked("governance.people.named") == sorted(["../practices/alpha-housing.html", "../practices/hostile.html"])
    # An empty benchmark invites a contribution, with its id ready to paste.
    assert linked("governance.planning.unused") == ["../contribute/reference.html#field-benchmarks"]
    invitation = page.find(id="governance.planning.unused").find_next_sibling("p", class_="atlas-invitation")
    assert "Know a practice that meets this?" in invitation.get_text()
    assert invitation.select_one("code.atlas-paste").get_text() == "- id: governance.planning.unused"
    # Each linked practice says how it helps meet the benchmark.
    items = page.find(id="governance.planning.plan").find_next_sibling("ul").select("li")
    assert any(li.get_text().endswith("the fixture practice works on what this benchmark asks.") for li in items)
    assert any("How <img src=x onerror=alert(4)>" in li.get_text() for li in items)
    assert page.select("article img") == []


def test_benchmark_index_counts_practices_per_benchmark(fixture_site: Path) -> None:
    page = article(fixture_site, "benchmarks/index.html")
    rows = {
        tr.find_all("td")[0].get_text(strip=True): tr.find_all("td")[-1].get_text(strip=True)
        for tr in page.select("table")[1].select("tbody tr")
    }
    titles = {b["id"]: b["title"] for b in _fixture_benchmarks("governance")}
    assert rows[titles["plan"]] == "3" and rows[titles["named"]] == "2" and rows[titles["unused"]] == "none yet"


def _fixture_benchmarks(group: str) -> list[dict]:
    data = yaml.safe_load((FIXTURES / "site" / "benchmarks" / "testing.yml").read_text(encoding="utf-8"))
    return [b for theme in data["themes"] for b in theme["benchmarks"]]


def test_sources_page_lists_each_source_with_what_draws_on_it(fixture_site: Path) -> None:
    page = article(fixture_site, "guide/sources.html")
    toolbox = page.find(id="source-wholecomm-toolbox-2024")
    assert (
        toolbox is not None and "Local Strategies for Effective Migrant and Refugee Integration" in toolbox.get_text()
    )
    section = []
    for sibling in toolbox.find_next_siblings():
        if sibling.name == "h2":
            break
        section.append(sibling)
    links = [a["href"] for el in section for a in el.select("a")]
    assert "../benchmarks/governance.html" in links  # the fixture's benchmark group cites the toolbox
    assert {"../practices/alpha-housing.html", "../practices/beta-health.html", "../practices/hostile.html"} <= set(
        links
    )
    assert "Source ](javascript:alert(3)) <i>x</i>" in " ".join(el.get_text() for el in section)
    assert page.find(id="source-share-our-approach") is not None
    assert "No practice cites it yet." in page.get_text()


def test_hostile_values_render_as_text(fixture_site: Path) -> None:
    html = (fixture_site / "practices" / "hostile.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    # The structured data carries the same text as JSON in a block that runs nothing (tests/test_jsonld.py).
    text = re.sub(r'<script type="application/ld\+json">[^<]*</script>', "", html)
    assert "<script>alert" not in text and "onerror=alert" not in text.replace("&lt;img src=x onerror=alert", "")
    assert page.title.get_text().startswith("<script>alert(1)</script> Rent | Care")
    body = page.select_one("article")
    assert body.h1.get_text().rstrip("¶") == "<script>alert(1)</script> Rent | Care [x](y) *bold* {: #id }"
    assert body.select_one(".atlas-summary").get_text() == (
        "Summary with <img src=x onerror=alert(2)> and | pipes | and \"quotes\" and 'single' & ampersands."
    )
    assert body.select("img") == [] and body.select("b") == [] and body.select("i") == []
    source = body.select_one("#sources + ul li")
    assert "At: Source ](javascript:alert(3)) <i>x</i>." in source.get_text()
    assert [a["href"] for a in source.select("a")] == [
        "https://whole-comm.eu/",
        "../guide/sources.html#source-wholecomm-toolbox-2024",
    ]
    how = body.select_one("#benchmarks-this-practice-helps-meet + ul li").get_text()
    assert "How <img src=x onerror=alert(4)> | [x](javascript:alert(5)) *em*" in how
    assert page.find("meta", attrs={"name": "description"})["content"].startswith("Summary with <img")


def test_practices_stay_out_of_the_navigation(fixture_site: Path) -> None:
    nav = soup(fixture_site, "index.html").select_one("nav.md-nav--primary")
    hrefs = [a.get("href", "") for a in nav.select("a")]
    assert "practices/index.html" in hrefs
    assert not any(h.startswith("practices/") and h != "practices/index.html" for h in hrefs)
    assert (fixture_site / "practices" / "alpha-housing.html").exists()


def test_nothing_is_written_to_the_source_tree(fixture_site: Path) -> None:
    docs = FIXTURES / "site" / "docs"
    assert sorted(p.name for p in docs.rglob("*")) == ["index.md"]


@pytest.fixture
def broken_site(tmp_path: Path) -> Path:
    site = tmp_path / "site-src"
    shutil.copytree(FIXTURES / "site", site)
    config = site / "mkdocs.yml"
    config.write_text(config.read_text().replace("../../../", str(ROOT) + "/"), encoding="utf-8")
    for name in ("bad-country.md", "bad-yaml.md", "empty.md"):
        shutil.copy(FIXTURES / "invalid" / name, site / "practices" / name)
    return site


def test_build_fails_listing_every_problem_without_traceback(broken_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build_site(broken_site / "mkdocs.yml", out)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    for line in (
        "practices/bad-country.md:6: country: 'Sweden' is not an ISO 3166-1 alpha-2 code (did you mean 'SE'?)",
        "practices/bad-yaml.md:4: invalid YAML:",
        "practices/bad-country.md:19: benchmarks[1].id: 'governance.coordination.internal-cooperation' is not a known benchmark id",
        "practices/empty.md:1: the file is empty",
        "5 problems found; nothing was built.",
    ):
        assert line in result.stderr
    assert not out.exists(), "a failed build must publish nothing"


def test_validate_script_prints_the_same_report(broken_site: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "validate.py"), "--root", str(broken_site)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    build = build_site(broken_site / "mkdocs.yml", broken_site / "out")
    report = result.stdout.strip().splitlines()
    assert len(report) == 6
    for line in report:
        assert line in build.stderr


def test_validate_script_accepts_the_real_atlas() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("practices valid")


def test_real_site_has_a_page_per_practice(real_site: Path) -> None:
    slugs = sorted(p.stem for p in (ROOT / "practices").glob("*.md") if not p.name.startswith("_"))
    built = sorted(p.stem for p in (real_site / "practices").glob("*.html") if p.name != "index.html")
    assert slugs and built == slugs
