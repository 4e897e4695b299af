"""The PDF training pack and practice sheets, checked by parsing the PDFs with pypdf.

Packs are made once per module, from the small fixture atlas (tests/fixtures/pdf,
titles known here) and from the real practices (expectations computed from the
catalogue, since the content changes).
"""

from __future__ import annotations

import http.server
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from atlas.catalogue import Catalogue
from atlas.facets import FACETS, facet_values
from atlas.model import Practice
from atlas.packplan import plan_pack
from atlas.pdf import PACK_FILE
from atlas.pdfwriter import LocalOnlyFetcher, PdfWriter, pack_version
from atlas.pipeline import AtlasPaths, load_atlas
from atlas.printbody import BodyRenderer
from atlas.printhtml import PackRenderer
from atlas.selection import Selection, describe, normalise

from helpers import PDF_DAY as DAY
from helpers import PDF_FIXTURE as FIXTURE
from helpers import PDF_FIXTURE_ARGS as FIXTURE_ARGS
from helpers import ROOT, load_script

export_pdf = load_script("export_pdf")


def fixture_catalogue() -> Catalogue:
    result = load_atlas(AtlasPaths(ROOT, FIXTURE / "practices", ROOT / "data", FIXTURE / "benchmarks"))
    assert not result.problems, result.problems
    return result.catalogue


def real_catalogue() -> Catalogue:
    result = load_atlas(AtlasPaths.under(ROOT))
    assert not result.problems, result.problems
    return result.catalogue


# --- reading PDFs -----------------------------------------------------------------------------------


def flat(text: str) -> str:
    """Whitespace collapsed; a line broken after a hyphen ("long-\ntime") joined again."""
    return " ".join(re.sub(r"-[ \t]*\n[ \t]*", "-", text).split())


def outline(reader: PdfReader) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """Top-level bookmarks as (title, page index, [(child title, page index)])."""
    items: list = []
    for entry in reader.outline:
        if isinstance(entry, list):
            items[-1][2].extend((c.title, reader.get_destination_page_number(c)) for c in entry)
        else:
            items.append((entry.title, reader.get_destination_page_number(entry), []))
    return items


def contents_pages(reader: PdfReader) -> range:
    """The pages between the cover and the first chapter."""
    return range(1, min(page for _, page, _ in outline(reader)))


def page_of_reference(reader: PdfReader, page_ref: object) -> int:
    target = page_ref.get_object()
    for index, page in enumerate(reader.pages):
        if page.get_object() is target or page.indirect_reference == page_ref:
            return index
    raise AssertionError(f"link destination {page_ref} is not a page of this PDF")


def internal_links(reader: PdfReader) -> list[tuple[int, int]]:
    """(page of the link, page it jumps to) for every internal link; fails on one that leads nowhere."""
    names = reader.named_destinations
    links = []
    for index, page in enumerate(reader.pages):
        for annot_ref in page.get("/Annots") or []:
            annot = annot_ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            if action is not None and action.get("/S") == "/URI":
                continue
            dest = annot.get("/Dest")
            if dest is None and action is not None and action.get("/S") == "/GoTo":
                dest = action.get("/D")
            assert dest is not None, f"page {index + 1}: a link with neither /Dest nor GoTo: {annot}"
            dest = dest.get_object()
            if isinstance(dest, ArrayObject):
                target = page_of_reference(reader, dest[0])
            else:
                assert str(dest) in names, f"page {index + 1}: link to unknown destination {dest!r}"
                target = reader.get_destination_page_number(names[str(dest)])
            assert 0 <= target < len(reader.pages)
            links.append((index, target))
    return links


def fonts_without_file(reader: PdfReader) -> tuple[set[str], set[str]]:
    """(names of all fonts used, names of those whose descriptor embeds no font file)."""
    used, missing = set(), set()
    for page in reader.pages:
        fonts = (page.get("/Resources") or DictionaryObject()).get_object().get("/Font") or DictionaryObject()
        for font_ref in fonts.get_object().values():
            font = font_ref.get_object()
            name = str(font.get("/BaseFont"))
            used.add(name)
            descendants = font.get("/DescendantFonts")
            described = descendants.get_object()[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(name)
    return used, missing


@dataclass
class Made:
    reader: PdfReader
    text: str  # all pages, whitespace flattened
    practices: list[Practice]
    others: list[Practice]
    outline_expected: list[tuple[str, list[str]]]


SITE = "https://atlas.example.org/"


def make_pack(tmp: Path, catalogue: Catalogue, args: list[str], selection: Selection, site_url: str = "") -> Made:
    out = tmp / "pack.pdf"
    code = export_pdf.main(
        [*args, "-o", str(out), "--date", DAY.isoformat(), "--pack-version", "test-1", "--site-url", site_url]
    )
    assert code == 0
    reader = PdfReader(out)
    pack = plan_pack(catalogue, selection, day=DAY, version="test-1")
    chosen = {p.slug for p in pack.practices}
    return Made(
        reader,
        flat(" ".join(p.extract_text() for p in reader.pages)),
        pack.practices,
        [p for p in catalogue.practices if p.slug not in chosen],
        pack.outline,
    )


@pytest.fixture(scope="module")
def fixture_full(tmp_path_factory: pytest.TempPathFactory) -> Made:
    return make_pack(tmp_path_factory.mktemp("full"), fixture_catalogue(), FIXTURE_ARGS, Selection(), SITE)


@pytest.fixture(scope="module")
def fixture_housing_at(tmp_path_factory: pytest.TempPathFactory) -> Made:
    """Housing practices in Austria or Germany: two of the three fixtures."""
    return make_pack(
        tmp_path_factory.mktemp("sel"),
        fixture_catalogue(),
        [*FIXTURE_ARGS, "--dimension", "housing", "--country", "AT", "--country", "de"],
        Selection.of(dimension=["housing"], country=["AT", "DE"]),
    )


@pytest.fixture(scope="module")
def real_full(tmp_path_factory: pytest.TempPathFactory) -> Made:
    return make_pack(tmp_path_factory.mktemp("real"), real_catalogue(), [], Selection(), SITE)


@pytest.fixture(scope="module")
def real_one_country(tmp_path_factory: pytest.TempPathFactory) -> Made:
    """The real practices of one country (the first practice's)."""
    country = real_catalogue().practices[0].country
    return make_pack(
        tmp_path_factory.mktemp("real-sel"), real_catalogue(), ["--country", country], Selection.of(country=[country])
    )


ALL_PACKS = ["fixture_full", "fixture_housing_at", "real_full", "real_one_country"]


# --- the selection ------------------------------------------------------------------------------------


def test_selection_is_or_within_a_facet_and_across_facets() -> None:
    cat = fixture_catalogue()
    slugs = lambda s: sorted(p.slug for p in s.apply(cat))  # noqa: E731
    assert slugs(Selection()) == sorted(p.slug for p in cat.practices)
    assert slugs(Selection.of(dimension=["housing"])) == ["fixture-housing-cooperative", "fixture-job-bridge"]
    assert slugs(Selection.of(dimension=["housing", "health"])) == [
        "fixture-clinic-interpreters",
        "fixture-housing-cooperative",
        "fixture-job-bridge",
    ]
    assert slugs(Selection.of(dimension=["housing"], country=["DE"])) == ["fixture-job-bridge"]
    assert slugs(Selection.of(dimension=["health"], country=["DE"])) == []
    assert slugs(Selection.of(benchmark=["principles.share.multistakeholder"], size=["small-town"])) == [
        "fixture-housing-cooperative"
    ]
    assert slugs(Selection.of(level=["regional"])) == ["fixture-job-bridge"]
    assert slugs(Selection.of(status=["ended", "pilot"])) == ["fixture-clinic-interpreters", "fixture-job-bridge"]


def test_unknown_values_are_reported_with_a_suggestion() -> None:
    cat = fixture_catalogue()
    selection, problems = normalise(
        Selection.of(dimension=["Housing", "housng"], country=["at", "Austria"], benchmark=["housing.access"]), cat
    )
    assert selection.values("dimension") == ("housing",)
    assert selection.values("country") == ("AT",)
    assert problems == [
        "--dimension housng: not a known dimension; did you mean 'housing'?",
        "--country Austria: not a known country; did you mean 'AT'?",
        "--benchmark housing.access: not a known benchmark; did you mean 'housing.access.advice'?",
    ]


def test_cli_refuses_unknown_values_and_empty_selections(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pdf"
    assert export_pdf.main([*FIXTURE_ARGS, "--size", "hamlet", "-o", str(out)]) == 2
    assert "--size hamlet: not a known municipality size" in capsys.readouterr().err
    assert export_pdf.main([*FIXTURE_ARGS, "--dimension", "health", "--country", "DE", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "No practice matches" in err
    # What exists: each facet dropped in turn.
    assert "without --dimension health: 1 practice\n" in err and "without --country DE: 1 practice" in err
    assert not out.exists()


def test_cli_reports_invalid_practices_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    practices = tmp_path / "practices"
    shutil.copytree(FIXTURE / "practices", practices)
    bad = practices / "fixture-job-bridge.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("country: DE", "country: Germany"), encoding="utf-8")
    args = ["--practices", str(practices), "--benchmarks", str(FIXTURE / "benchmarks"), "-o", str(tmp_path / "x.pdf")]
    assert export_pdf.main(args) == 1
    err = capsys.readouterr().err
    assert "fixture-job-bridge.md:" in err and "country" in err and "Traceback" not in err


# --- the pack -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("made", ALL_PACKS)
def test_bookmarks_mirror_chapters_and_practices(made: str, request: pytest.FixtureRequest) -> None:
    pack: Made = request.getfixturevalue(made)
    found = outline(pack.reader)
    assert [(title, [c for c, _ in children]) for title, _, children in found] == pack.outline_expected
    # Every bookmark opens the page where its heading is printed, in order.
    pages = [p for _, page, children in found for p in [page, *(c for _, c in children)]]
    for title, page, children in found:
        assert flat(title) in flat(pack.reader.pages[page].extract_text())
        for child, child_page in children:
            assert flat(child) in flat(pack.reader.pages[child_page].extract_text())
    assert pages == sorted(pages), "bookmarks out of document order"
    # Chapters and the front and back pages start a page each (practices follow one another).
    top = [page for _, page, _ in found]
    assert len(set(top)) == len(top)


@pytest.mark.parametrize("made", ALL_PACKS)
def test_contents_page_numbers_match_the_bookmarks(made: str, request: pytest.FixtureRequest) -> None:
    pack: Made = request.getfixturevalue(made)
    contents = flat(" ".join(pack.reader.pages[i].extract_text() for i in contents_pages(pack.reader)))
    for title, page, children in outline(pack.reader):
        for name, number in [(title, page), *children]:
            assert re.search(re.escape(flat(name)) + r"[ .]*" + str(number + 1) + r"\b", contents), name


@pytest.mark.parametrize("made", ALL_PACKS)
def test_selected_practices_are_in_and_others_are_not(made: str, request: pytest.FixtureRequest) -> None:
    pack: Made = request.getfixturevalue(made)
    assert pack.practices
    for practice in pack.practices:
        assert flat(practice.title) in pack.text
        assert flat(practice.summary) in pack.text
    for practice in pack.others:
        assert flat(practice.title) not in pack.text


def test_fixture_selection_leaves_one_practice_out(fixture_housing_at: Made) -> None:
    assert [p.slug for p in fixture_housing_at.others] == ["fixture-clinic-interpreters"]
    assert "Fixture Clinic Interpreters" not in fixture_housing_at.text


@pytest.mark.parametrize("made", ALL_PACKS)
def test_internal_links_resolve(made: str, request: pytest.FixtureRequest) -> None:
    pack: Made = request.getfixturevalue(made)
    links = internal_links(pack.reader)
    bookmarks = {page for _, page, children in outline(pack.reader) for page in [page, *(p for _, p in children)]}
    from_contents = {target for source, target in links if source in contents_pages(pack.reader)}
    assert from_contents == bookmarks  # the contents links reach every chapter and practice


@pytest.mark.parametrize("made", ALL_PACKS)
def test_fonts_are_embedded(made: str, request: pytest.FixtureRequest) -> None:
    pack: Made = request.getfixturevalue(made)
    used, missing = fonts_without_file(pack.reader)
    assert used and not missing
    assert any("DejaVu" in name for name in used)


def test_cover_names_the_selection_date_version_and_count(fixture_housing_at: Made, fixture_full: Made) -> None:
    cover = flat(fixture_housing_at.reader.pages[0].extract_text())
    assert "Dimension: Housing and urban planning" in cover
    assert "Country: Austria or Germany" in cover
    assert "2 practices" in cover and "Edition 31 January 2026" in cover and "Version test-1" in cover
    full_cover = flat(fixture_full.reader.pages[0].extract_text())
    assert "All practices in the atlas" in full_cover and "3 practices" in full_cover


def test_real_cover_counts_the_practices(real_full: Made, real_one_country: Made) -> None:
    n = len(real_full.practices)
    assert f"{n} practice{'s' if n != 1 else ''}" in flat(real_full.reader.pages[0].extract_text())
    country = real_one_country.practices[0].country
    label = real_catalogue().label("countries", country)
    assert f"Country: {label}" in flat(real_one_country.reader.pages[0].extract_text())


def test_chapters_follow_the_selection() -> None:
    cat = fixture_catalogue()
    titles = lambda s: [c.title for c in plan_pack(cat, s, day=DAY, version="v").chapters]  # noqa: E731
    every_dimension = [t.label for t in cat.vocabulary("dimensions").terms]
    assert titles(Selection()) == ["Fixture cross-cutting principles", *every_dimension]
    # The health practice cites no principle, so a health pack has no principles chapter...
    assert titles(Selection.of(dimension=["health"])) == ["Health and welfare"]
    # ...unless a principle is asked for. Without a dimension filter, the chapters are the dimensions the
    # selected practices work in (the job bridge: employment, where it is printed, and housing).
    assert titles(Selection.of(benchmark=["principles.share.from-the-ground-up", "housing.access.advice"])) == [
        "Fixture cross-cutting principles",
        "Employment and vocational training",
        "Health and welfare",
        "Housing and urban planning",
    ]


def test_chapters_have_description_checklist_and_index(fixture_full: Made) -> None:
    text = fixture_full.text
    assert "Fixture description of the housing chapter" in text
    assert "Fixture benchmark on fair letting Landlords" in text
    assert "housing.access.no-discrimination" not in text  # titles, not ids
    # A practice placed in another chapter is referred to, with its page.
    job = next(p for _, _, children in outline(fixture_full.reader) for p in children if p[0].startswith("Fixture Job"))
    assert f"Fixture Job Bridge & <Mentors> (p. {job[1] + 1})" in text
    index = flat(fixture_full.reader.pages[-1].extract_text())
    assert "Sources" in flat(fixture_full.reader.pages[-2].extract_text())
    assert index.startswith("Index of practices By country Austria Fixture Housing Cooperative")
    assert "By municipality size Village or rural municipality Fixture Clinic Interpreters" in index


def test_running_headers_and_page_footers(fixture_full: Made) -> None:
    """Each part of the pack is laid out on its own: the page numbers still run on, without a gap."""
    reader = fixture_full.reader
    total = len(reader.pages)
    for index in range(1, total):
        assert re.search(rf"Page {index + 1}$", reader.pages[index].extract_text().strip()), index
    assert "Page 1" not in reader.pages[0].extract_text()  # the cover has none
    health = next(b for b in outline(reader) if b[0] == "Health and welfare")
    _, page = health[2][0]
    # The chapter and the practice name head the practice's second page (margin boxes are drawn last).
    second_page = flat(reader.pages[page + 1].extract_text())
    assert second_page.endswith(
        "Health and welfare Fixture Clinic Interpreters "
        f"Local Integration Practice Atlas, edition 31 January 2026 Page {page + 2}"
    )


def test_contributor_text_is_escaped_not_interpreted(fixture_full: Made) -> None:
    text = fixture_full.text
    assert "Fixture Job Bridge & <Mentors>" in text
    assert "Mentoring with <b>raw markup</b> that must print as text" in text
    assert "[image: a map]" in text


def test_nothing_is_fetched_from_the_network() -> None:
    hits: list[str] = []

    class Counter(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        writer = PdfWriter()
        html = (
            f'<link rel="stylesheet" href="{url}/x.css"><p style="background: url({url}/bg.png)">'
            f'<img src="{url}/a.png"><img src="file:///etc/hostname"></p>'
        )
        document = writer.layout(html)
        assert len(document.pages) == 1
    finally:
        server.shutdown()
    assert hits == []
    assert {f"{url}/x.css", f"{url}/a.png", f"{url}/bg.png", "file:///etc/hostname"} <= set(writer.fetcher.refused)


def test_fetcher_serves_our_stylesheet() -> None:
    fetcher = LocalOnlyFetcher()
    response = fetcher((ROOT / "hooks/atlas/templates/print/pack.css").as_uri())
    assert b"@page" in response.read()
    response.close()


def test_version_without_git_is_a_date_stamp(tmp_path: Path) -> None:
    assert pack_version(tmp_path, DAY) == "snapshot 2026-01-31"
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if head.returncode == 0:  # a checkout: the commit, marked when files were changed since
        assert re.fullmatch(re.escape(head.stdout.strip()) + r"(-dirty)?", pack_version(ROOT, DAY))
    else:  # an unpacked archive, as some CI runners have
        assert pack_version(ROOT, DAY) == "snapshot 2026-01-31"


def test_describe_lists_facets_in_cover_order() -> None:
    cat = fixture_catalogue()
    lines = describe(Selection.of(country=["AT"], benchmark=["housing.access.advice"], dimension=["housing"]), cat)
    assert lines == [
        ("Dimension", ["Housing and urban planning"]),
        ("Country", ["Austria"]),
        ("Benchmark", ["Fixture benchmark on housing advice (housing.access.advice)"]),
    ]


def test_every_explorer_filter_selects_a_pack_the_same_way() -> None:
    """Target group and actor filter packs too: the pack's facets are the explorer's."""
    cat = fixture_catalogue()
    for facet in FACETS:
        values = sorted({v for p in cat.practices for v in facet_values(p, facet.attribute)})
        assert values, facet.key
        wanted = values[0]
        expected = [p.slug for p in cat.practices if wanted in facet_values(p, facet.attribute)]
        assert [p.slug for p in Selection.of(**{facet.key: [wanted]}).apply(cat)] == expected, facet.key


def test_checklist_names_a_dozen_practices_then_counts_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    import atlas.printhtml

    cat = fixture_catalogue()
    monkeypatch.setattr(atlas.printhtml, "CHECKLIST_REFS", 1)
    html = PackRenderer(cat).pack_html(plan_pack(cat, Selection(), day=DAY, version="v"))
    item = html[html.index('id="b-principles.share.multistakeholder"') :]
    item = item[: item.index("</tr>")]
    assert item.count('href="#p-') == 1 and "and 1 more" in item


def test_pack_html_escapes_every_field() -> None:
    cat = fixture_catalogue()
    html = PackRenderer(cat).pack_html(plan_pack(cat, Selection(), day=DAY, version="v<1>"))
    assert "Fixture Job Bridge &amp; &lt;Mentors&gt;" in html
    assert "<Mentors>" not in html and "v<1>" not in html and "<b>raw" not in html


@pytest.mark.parametrize(
    ("body", "expected", "forbidden"),
    [
        ("Hi <script>alert(1)</script>", "Hi &lt;script&gt;alert(1)&lt;/script&gt;", "<script"),
        ('<div onclick="x()">block</div>', "&lt;div onclick=", "<div"),
        ('para\n{: onclick="x()" }', "{: onclick=", "<p onclick"),  # attribute lists stay text
        ("[x](javascript:alert(1))", "<span>x</span>", "href"),
        ("[other](../practices/elsewhere.md)", "<span>other</span>", "href"),
        (
            "[peer](peer.md) and [web](https://example.org/a)",
            '<a class="practice-link" href="#p-peer">peer</a>',
            'href="peer.md"',
        ),
        ("## Results\n\n### Detail", '<h3 class="body-heading">Results</h3>', "<h2"),
    ],
)
def test_bodies_become_safe_print_html(body: str, expected: str, forbidden: str) -> None:
    html = BodyRenderer()(body, {"peer": "p-peer"})
    assert expected in html
    assert forbidden not in html


# --- sheets and the site ------------------------------------------------------------------------------


def test_sheets_are_one_per_selected_practice_and_a_long_one_goes_on_overleaf(tmp_path: Path) -> None:
    folder = tmp_path / "sheets"
    code = export_pdf.main(
        [
            *FIXTURE_ARGS,
            "--no-pack",
            "--sheets",
            "--sheets-dir",
            str(folder),
            "--no-cache",
            "--status",
            "running",
            "--status",
            "ended",
            "--date",
            DAY.isoformat(),
        ]
    )
    assert code == 0
    cat = fixture_catalogue()
    expected = {p.slug: p for p in Selection.of(status=["running", "ended"]).apply(cat)}
    assert sorted(f.stem for f in folder.glob("*.pdf")) == sorted(expected)
    for slug, practice in expected.items():
        reader = PdfReader(folder / f"{slug}.pdf")
        text = flat(" ".join(page.extract_text() for page in reader.pages))
        assert flat(practice.title) in text and flat(practice.summary) in text
        assert not fonts_without_file(reader)[1]
    assert len(PdfReader(folder / "fixture-housing-cooperative.pdf").pages) == 1
    # The long one keeps its whole body, over two pages, each saying so.
    long_sheet = PdfReader(folder / "fixture-clinic-interpreters.pdf")
    assert len(long_sheet.pages) == 2
    assert "Page 1 of 2" in long_sheet.pages[0].extract_text() and "Page 2 of 2" in long_sheet.pages[1].extract_text()
    assert "What a small municipality can take from it" in flat(long_sheet.pages[1].extract_text())


def test_built_site_links_the_pack_and_the_sheets(real_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(real_site, site)
    assert export_pdf.main(["--site-dir", str(site), "--sheets"]) == 0
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="downloads/{PACK_FILE}"' in home
    assert len(PdfReader(site / "downloads" / PACK_FILE).pages) > 2
    for practice in real_catalogue().practices:
        page = (site / "practices" / f"{practice.slug}.html").read_text(encoding="utf-8")
        href = re.search(r'<p class="atlas-sheet"><a href="([^"]+)"', page).group(1)
        assert href == f"../downloads/sheets/{practice.slug}.pdf"
        sheet = (site / "practices" / href).resolve()
        assert sheet.is_file() and len(PdfReader(sheet).pages) in (1, 2)  # a long practice goes on overleaf
