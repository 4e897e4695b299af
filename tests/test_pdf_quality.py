"""What makes the pack usable in a training room: tagged for screen readers, no text lost, a way back to the
site, checklists to fill in, front matter, a friendly command line and a sheet cache.

PDFs are read with pypdf (text, link annotations) and pikepdf (the structure tree); the PDF/UA checker is
the `pdfua` package (the machine-checkable subset of PDF/UA-1); QR codes are decoded with zxing-cpp from
pages rendered by pypdfium2.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

import pdfua
import pikepdf
import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from atlas.catalogue import Catalogue
from atlas.pdf import SheetCache, export_checklists, export_sheets
from atlas.pdfwriter import PdfWriter
from atlas.pipeline import AtlasPaths, load_atlas
from atlas.printbody import BodyRenderer
from atlas.printlinks import SiteAddress

from helpers import PDF_DAY as DAY
from helpers import PDF_FIXTURE as FIXTURE
from helpers import PDF_FIXTURE_ARGS as FIXTURE_ARGS
from helpers import ROOT, load_script

export_pdf = load_script("export_pdf")

SITE = "https://atlas.example.org/"


def catalogue_of(practices: Path, benchmarks: Path) -> Catalogue:
    result = load_atlas(AtlasPaths(ROOT, practices, ROOT / "data", benchmarks))
    assert not result.problems, result.problems
    return result.catalogue


def fixture_catalogue() -> Catalogue:
    return catalogue_of(FIXTURE / "practices", FIXTURE / "benchmarks")


def real_catalogue() -> Catalogue:
    return catalogue_of(ROOT / "practices", ROOT / "data" / "benchmarks")


def flat(text: str) -> str:
    """Whitespace collapsed, soft hyphens dropped, a word broken at a line end after a hyphen joined again."""
    text = text.replace("\u00ad", "")
    return " ".join(re.sub(r"-[ \t]*\n[ \t]*", "-", text).split())


def pdf_text(path: Path) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(path).pages))


@dataclass
class Exported:
    pack: Path
    sheets: Path
    checklists: Path


def export(tmp: Path, args: list[str], site_url: str) -> Exported:
    out = tmp / "pack.pdf"
    code = export_pdf.main(
        [
            *args,
            "-o",
            str(out),
            "--date",
            DAY.isoformat(),
            "--pack-version",
            "test-1",
            "--site-url",
            site_url,
            "--sheets",
            "--checklists",
            "--no-cache",
        ]
    )
    assert code == 0
    return Exported(out, tmp / "sheets", tmp / "checklists")


@pytest.fixture(scope="module")
def real_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    return export(tmp_path_factory.mktemp("real"), [], SITE)


@pytest.fixture(scope="module")
def fixture_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    return export(tmp_path_factory.mktemp("fixture"), FIXTURE_ARGS, "")


def every_pdf(exported: Exported) -> list[Path]:
    return [exported.pack, *sorted(exported.sheets.glob("*.pdf")), *sorted(exported.checklists.glob("*.pdf"))]


# --- 1. Tagged PDF/UA-1 ----------------------------------------------------------------------------------


def struct_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found, stack, seen = [], [pdf.Root.StructTreeRoot.K], set()
    while stack:
        item = stack.pop()
        if isinstance(item, pikepdf.Array):
            stack.extend(item)
        elif isinstance(item, pikepdf.Dictionary) and "/S" in item:
            if item.is_indirect and item.objgen in seen:
                continue
            if item.is_indirect:
                seen.add(item.objgen)
            found.append(item)
            if "/K" in item:
                stack.append(item.K)
    return found


def link_annotations(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return [a for page in pdf.pages for a in page.obj.get("/Annots") or [] if a.get("/Subtype") == "/Link"]


@pytest.mark.parametrize("which", ["real_pdfs", "fixture_pdfs"])
def test_every_pdf_is_tagged_with_language_title_and_described_links(
    which: str, request: pytest.FixtureRequest
) -> None:
    exported: Exported = request.getfixturevalue(which)
    for path in every_pdf(exported):
        with pikepdf.open(path) as pdf:
            assert pdf.Root.MarkInfo.Marked is True, path
            assert str(pdf.Root.Lang) == "en", path
            assert pdf.Root.ViewerPreferences.DisplayDocTitle is True, path
            assert str(pdf.docinfo.get("/Title", "")).strip(), path
            kinds = [str(e.S) for e in struct_elements(pdf)]
            assert "/H1" in kinds, path
            links = link_annotations(pdf)
            for annot in links:
                description = str(annot.get("/Contents", ""))
                assert description and not description.startswith("#"), (path, description)
                assert "/StructParent" in annot, path  # the link is in the structure tree
            assert kinds.count("/Link") >= len({a.objgen for a in links}) > 0 or not links
            for figure in (e for e in struct_elements(pdf) if e.S == "/Figure"):
                assert str(figure.get("/Alt", "")).strip(), path


def test_pack_structure_has_headings_for_chapters_and_practices(real_pdfs: Exported) -> None:
    with pikepdf.open(real_pdfs.pack) as pdf:
        kinds = [str(e.S) for e in struct_elements(pdf)]
    catalogue = real_catalogue()
    assert kinds.count("/H1") >= len(catalogue.groups) + 4  # chapters, front and back pages
    assert kinds.count("/H2") >= len(catalogue.practices)  # one per practice at least
    assert "/Table" in kinds and "/TH" in kinds and "/L" in kinds


@pytest.mark.parametrize("which", ["real_pdfs", "fixture_pdfs"])
def test_pdfua_checker_finds_nothing(which: str, request: pytest.FixtureRequest) -> None:
    exported: Exported = request.getfixturevalue(which)
    for path in every_pdf(exported):
        report = pdfua.validate(str(path))
        assert [(f.rule_id, f.message) for f in report.findings] == [], path


# --- 2. No text is lost --------------------------------------------------------------------------------


_BLOCKS = {"p", "li", "ul", "ol", "table", "tr", "td", "th", "div", "br", "dt", "dd", "dl", "blockquote", "pre"}
_BLOCKS |= {f"h{n}" for n in range(1, 7)}


class _Text(HTMLParser):
    """Text of our print HTML, with a space where a block starts or ends (inline tags add none)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")


_MARGIN = re.compile(r"^(Local Integration Practice Atlas\b.*|Page \d+( of \d+)?|[•\d.\s]+)$")


def body_text(path: Path, running_headers: set[str]) -> str:
    """The text of every page without what pypdf puts last on a page: the margin boxes (running header,
    footer) and list markers, so that a sentence going on over a page break reads as one."""
    pages = []
    for page in PdfReader(path).pages:
        lines = page.extract_text().splitlines()
        while lines and (_MARGIN.match(lines[-1].strip()) or lines[-1].strip() in running_headers):
            lines.pop()
        pages.append("\n".join(lines))
    return flat("\n".join(pages))


def sentences(practice_text: str) -> list[str]:
    """The sentences of a summary or body as printed: Markdown to our print HTML, tags dropped."""
    parser = _Text()
    parser.feed(str(BodyRenderer()(practice_text, {})))
    text = flat("".join(parser.parts))
    return [s for s in re.split(r"(?<=[.!?:])\s+", text) if len(s) > 3]


def test_every_sentence_of_every_practice_is_in_its_sheet_and_in_the_pack(real_pdfs: Exported) -> None:
    catalogue = real_catalogue()
    headers = {p.title for p in catalogue.practices} | {g.title for g in catalogue.groups}
    headers |= {t.label for t in catalogue.vocabulary("dimensions").terms} | {""}
    headers |= {f"{chapter} {p.title}" for chapter in headers for p in catalogue.practices}  # both on one line
    pack = body_text(real_pdfs.pack, headers)
    missing = []
    for practice in catalogue.practices:
        sheet = body_text(real_pdfs.sheets / f"{practice.slug}.pdf", headers)
        for sentence in [*sentences(practice.summary), *sentences(practice.body)]:
            if flat(sentence) not in sheet:
                missing.append(("sheet", practice.slug, sentence))
            if flat(sentence) not in pack:
                missing.append(("pack", practice.slug, sentence))
    assert missing == []


def test_no_page_of_the_pack_is_nearly_empty_except_chapter_openers(real_pdfs: Exported) -> None:
    reader = PdfReader(real_pdfs.pack)
    openers = {reader.get_destination_page_number(e) for e in reader.outline if not isinstance(e, list)}
    short = []
    for index, page in enumerate(reader.pages[1:], start=1):  # the cover is meant to be short
        lines = [line for line in page.extract_text().splitlines() if line.strip()]
        if len(lines) - 3 < 5 and index not in openers:  # less the running header and the two footer lines
            short.append((index + 1, lines))
    assert short == []


def test_a_sheet_that_does_not_fit_continues_with_page_x_of_y(fixture_pdfs: Exported) -> None:
    long_sheet = PdfReader(fixture_pdfs.sheets / "fixture-clinic-interpreters.pdf")
    assert len(long_sheet.pages) == 2
    assert "Page 2 of 2" in long_sheet.pages[1].extract_text()
    assert len(PdfReader(fixture_pdfs.sheets / "fixture-housing-cooperative.pdf").pages) == 1


# --- 3. Back to the site -------------------------------------------------------------------------------


def uris(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [str(a.A.URI) for a in link_annotations(pdf) if "/A" in a and a.A.get("/S") == "/URI"]


def decoded_qr_codes(path: Path) -> list[str]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        found = []
        for page in document:
            image = page.render(scale=4).to_pil()
            found += [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
        return found
    finally:
        document.close()


def test_sheets_and_pack_lead_to_each_practice_page_by_link_text_and_qr_code(real_pdfs: Exported) -> None:
    catalogue = real_catalogue()
    site = SiteAddress.of(SITE)
    pack_text, pack_uris = pdf_text(real_pdfs.pack), uris(real_pdfs.pack)
    for practice in catalogue.practices:
        url = site.practice_url(practice)
        assert url == f"{SITE}practices/{practice.slug}.html"
        sheet = real_pdfs.sheets / f"{practice.slug}.pdf"
        assert url in uris(sheet) and url in pdf_text(sheet).replace(" ", "")
        assert url in pack_uris and url in pack_text.replace(" ", "")
    # The codes themselves, decoded from the printed pages.
    sample = catalogue.practices[:3]
    for practice in sample:
        assert decoded_qr_codes(real_pdfs.sheets / f"{practice.slug}.pdf") == [site.practice_url(practice)]


def test_without_a_site_address_nothing_points_at_a_made_up_host(fixture_pdfs: Exported) -> None:
    for path in every_pdf(fixture_pdfs):
        assert [u for u in uris(path) if "/practices/" in u] == []
        assert decoded_qr_codes(path) == [] if path.parent.name == "sheets" else True
    sheet = pdf_text(fixture_pdfs.sheets / "fixture-housing-cooperative.pdf")
    assert "the page practices/fixture-housing-cooperative.html of the" in sheet
    assert "example" not in sheet and "OWNER" not in sheet


def test_site_address_comes_from_mkdocs_yml(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nsite_url: https://atlas.test/base\nuse_directory_urls: true\n", encoding="utf-8")
    site = SiteAddress.from_mkdocs_yml(config)
    practice = fixture_catalogue().practices[0]
    assert site.practice_url(practice) == f"https://atlas.test/base/practices/{practice.slug}/"
    config.write_text("site_name: x\nsite_url: ''\n", encoding="utf-8")
    assert SiteAddress.from_mkdocs_yml(config).practice_url(practice) is None
    assert SiteAddress.of("not a url").base is None


# --- 4. Checklists to fill in ----------------------------------------------------------------------------


def test_checklists_show_titles_and_room_to_write_never_ids(real_pdfs: Exported) -> None:
    catalogue = real_catalogue()
    files = sorted(p.stem for p in real_pdfs.checklists.glob("*.pdf"))
    assert files == sorted(f"checklist-{g.id}" for g in catalogue.groups)
    for group in catalogue.groups:
        text = pdf_text(real_pdfs.checklists / f"checklist-{group.id}.pdf")
        assert "Benchmark Status Notes Owner Due date" in text
        assert "In place" in text and "Partly" in text and "Not yet" in text
        for benchmark in group.benchmarks:
            assert flat(benchmark.title) in text
            assert benchmark.id not in text
    pack = pdf_text(real_pdfs.pack)
    assert not [b for b in catalogue.benchmarks if b in pack]
    for sheet in real_pdfs.sheets.glob("*.pdf"):
        assert not [b for b in catalogue.benchmarks if b in pdf_text(sheet)], sheet


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_paper_size(paper: str, size: tuple[int, int], tmp_path: Path) -> None:
    catalogue = fixture_catalogue()
    writer = PdfWriter(paper)
    results = export_checklists(catalogue, catalogue.practices, tmp_path, day=DAY, writer=writer)
    sheets = export_sheets(catalogue, catalogue.practices[:1], tmp_path / "s", writer=writer)
    for result in [*results, *sheets]:
        reader = PdfReader(result.path)
        for page in reader.pages:
            assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == size
    with pytest.raises(ValueError, match="expected one of a4, letter"):
        PdfWriter("a3")


# --- 5. Front matter -----------------------------------------------------------------------------------


def test_front_matter_how_to_licence_citation_sources(real_pdfs: Exported) -> None:
    reader = PdfReader(real_pdfs.pack)
    cover = flat(reader.pages[0].extract_text())
    n = len(real_catalogue().practices)
    assert f"All {n} practices in the atlas." in cover
    assert "Edition 31 January 2026" in cover and "Version test-1" in cover
    assert re.search(r"[0-9a-f]{7}", cover) is None  # no commit hash on the cover
    text = pdf_text(real_pdfs.pack)
    assert "How to use this pack in a training" in text and "A 90-minute session" in text
    assert "Creative Commons Attribution 4.0 International licence (CC BY 4.0)" in text
    assert (
        "Local Integration Practice Atlas contributors. Local Integration Practice Atlas: training pack. "
        "Edition 31 January 2026, version test-1. Licence CC-BY-4.0."
    ) in text
    catalogue = real_catalogue()
    for key in {s.key for p in catalogue.practices for s in p.sources}:
        assert flat(catalogue.sources[key].title) in text


def test_a_selection_is_described_in_words_on_the_cover(tmp_path: Path) -> None:
    out = tmp_path / "sel.pdf"
    assert (
        export_pdf.main(
            [
                *FIXTURE_ARGS,
                "--dimension",
                "housing",
                "--country",
                "AT",
                "--country",
                "DE",
                "-o",
                str(out),
                "--date",
                DAY.isoformat(),
                "--site-url",
                "",
            ]
        )
        == 0
    )
    cover = flat(PdfReader(out).pages[0].extract_text())
    assert "2 practices whose dimension is Housing and urban planning and whose country is Austria or Germany." in cover


# --- 6. The command line ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--contry", "AT"], "unknown option --contry; did you mean --country?"),
        (["--dimnsion=housing"], "unknown option --dimnsion; did you mean --dimension?"),
        (["--paper", "a3"], "invalid choice: 'a3'"),
        (["--zzzzzz"], "unknown option --zzzzzz; see --help for the options"),
    ],
)
def test_a_mistyped_option_gets_one_line_with_the_closest(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        export_pdf.main(args)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1


def test_help_does_not_import_weasyprint() -> None:
    script = str(ROOT / "scripts" / "export_pdf.py")
    code = (
        "import runpy, sys\nsys.argv = ['export_pdf.py', '--help']\n"
        f"try:\n    runpy.run_path({script!r}, run_name='__main__')\n"
        "except SystemExit:\n    pass\nprint('weasyprint' in sys.modules, 'atlas.pipeline' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "--paper" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "False False"


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        export_pdf.main(
            [*FIXTURE_ARGS, "--no-pack", "--sheets", "--sheets-dir", str(tmp_path), "--no-cache", "--site-url", ""]
        )
        == 0
    )
    assert capsys.readouterr().err == ""


# --- 7. Sheets are cached by their inputs -------------------------------------------------------------------


def test_a_second_run_remakes_only_the_changed_sheet(tmp_path: Path) -> None:
    catalogue = fixture_catalogue()
    cache = SheetCache(tmp_path / "cache")
    first = export_sheets(catalogue, catalogue.practices, tmp_path / "a", cache=cache)
    assert [r.cached for r in first] == [False] * len(first)
    again = export_sheets(catalogue, catalogue.practices, tmp_path / "b", cache=cache)
    assert [r.cached for r in again] == [True] * len(again)
    for r in again:
        assert r.path.read_bytes() == (tmp_path / "a" / r.path.name).read_bytes()
    changed = [replace(catalogue.practices[0], summary="A changed summary."), *catalogue.practices[1:]]
    third = export_sheets(catalogue, changed, tmp_path / "c", cache=cache)
    assert [r.cached for r in third] == [False] + [True] * (len(third) - 1)
    assert "A changed summary." in pdf_text(third[0].path)
    # Another paper size or site address is another sheet.
    other = export_sheets(catalogue, catalogue.practices[:1], tmp_path / "d", cache=cache, site=SiteAddress.of(SITE))
    assert [r.cached for r in other] == [False]


def test_cli_uses_the_cache_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        *FIXTURE_ARGS,
        "--no-pack",
        "--sheets",
        "--sheets-dir",
        str(tmp_path / "s"),
        "--site-url",
        "",
        "--cache-dir",
        str(tmp_path / "cache"),
    ]
    assert export_pdf.main(args) == 0
    assert "(3 made, 0 from the cache)" in capsys.readouterr().out
    shutil.rmtree(tmp_path / "s")
    assert export_pdf.main(args) == 0
    assert "(0 made, 3 from the cache)" in capsys.readouterr().out
    assert len(list((tmp_path / "s").glob("*.pdf"))) == 3


def test_the_script_names_the_files_as_the_library_does() -> None:
    """export_pdf.py keeps its own copies of the file names, so that --help imports no WeasyPrint."""
    import atlas.pdf

    assert export_pdf.PACK_FILE == atlas.pdf.PACK_FILE
    assert export_pdf.DOWNLOADS_FOLDER == atlas.pdf.DOWNLOADS_FOLDER
    assert export_pdf.SHEETS_FOLDER == atlas.pdf.SHEETS_FOLDER
    assert export_pdf.CHECKLISTS_FOLDER == atlas.pdf.CHECKLISTS_FOLDER
