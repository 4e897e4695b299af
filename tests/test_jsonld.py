"""Structured data on practice pages: schema.org JSON-LD that decodes to the exact values and runs nothing."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from bs4 import BeautifulSoup

from atlas.csp import inline_scripts, page_policy, source_hash
from atlas.jsonld import practice_document, script_block, script_json
from atlas.model import YearClaim
from atlas.pipeline import AtlasPaths, load_atlas
from atlas.project import PROJECT_ROOT as ROOT


def structured_data(html: str) -> list[dict]:
    soup = BeautifulSoup(html, "html.parser")
    return [json.loads(tag.string) for tag in soup.select('head script[type="application/ld+json"]')]


def test_every_practice_page_describes_its_practice(real_site: Path) -> None:
    result = load_atlas(AtlasPaths.under(ROOT))
    for practice in result.catalogue.practices:
        html = (real_site / "practices" / f"{practice.slug}.html").read_text(encoding="utf-8")
        [document] = structured_data(html)
        assert document["@context"] == "https://schema.org" and document["@type"] == "Article"
        assert document["headline"] == practice.title and document["description"] == practice.summary
        places = [p["name"] for p in document["spatialCoverage"] if p["@type"] == "Place"]
        assert places == list(practice.places)
        codes = [t["termCode"] for t in document["about"]]
        assert codes == list(practice.dimensions) + list(practice.benchmarks)
        assert document["dateModified"] >= practice.last_reviewed.isoformat()
        assert [c["name"] for c in document["citation"]] == [s.title for s in practice.sources]
        assert document["license"] == "https://creativecommons.org/licenses/by/4.0/"
    other = (real_site / "benchmarks" / "index.html").read_text(encoding="utf-8")
    assert structured_data(other) == []


def test_hostile_values_decode_exactly_and_cannot_close_the_script(fixture_site: Path) -> None:
    html = (fixture_site / "practices" / "hostile.html").read_text(encoding="utf-8")
    [document] = structured_data(html)
    assert document["headline"] == "<script>alert(1)</script> Rent | Care [x](y) *bold* {: #id }"
    assert document["description"] == (
        "Summary with <img src=x onerror=alert(2)> and | pipes | and \"quotes\" and 'single' & ampersands."
    )
    assert [p["name"] for p in document["spatialCoverage"][:2]] == ["St. Pölten ] <b>bold</b>", 'O\'Brien "town"']
    assert document["citation"][0]["name"] == "Local Strategies for Effective Migrant and Refugee Integration"
    block = BeautifulSoup(html, "html.parser").select_one('script[type="application/ld+json"]').string
    assert "<" not in block and ">" not in block and "&" not in block
    assert inline_scripts(html) == []  # the policy check passed it as data


def test_script_json_escapes_what_could_end_the_element() -> None:
    document = {"name": "</script><!-- & \u2028 <SCRIPT>"}
    text = script_json(document)
    assert "</" not in text and "<!--" not in text and "\u2028" not in text
    assert json.loads(text) == document
    assert script_block(document).startswith('<script type="application/ld+json">{')


def test_practice_page_policy_allows_no_script_hash_for_structured_data(fixture_site: Path) -> None:
    """The block is data: the page's policy hashes only the search shim, never the JSON-LD."""
    html = (fixture_site / "practices" / "hostile.html").read_text(encoding="utf-8")
    block = BeautifulSoup(html, "html.parser").select_one('script[type="application/ld+json"]').string
    assert source_hash(block) not in page_policy(html)


def test_temporal_coverage_only_from_a_stated_year() -> None:
    result = load_atlas(AtlasPaths.under(ROOT))
    practice = result.catalogue.practices[0]

    def coverage(started, ended):
        changed = replace(practice, started=started, ended=ended)
        return practice_document(changed, result.catalogue, modified=practice.last_reviewed).get("temporalCoverage")

    assert coverage(YearClaim(2014), None) == "2014/.."
    assert coverage(YearClaim(2014), YearClaim(2019)) == "2014/2019"
    assert coverage(YearClaim(2021, by=True), None) is None  # "by 2021" says it ran then, not when it began
    assert coverage(YearClaim(2014), YearClaim(2019, by=True)) is None  # nor when it ended
    assert coverage(None, None) is None
