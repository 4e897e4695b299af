"""What a newcomer sees for each mistake: exact, located messages with a suggestion.

Every case of tests/fixtures/contrib/ is checked through the one validator;
two of them also go through `scripts/validate.py` and a real `mkdocs build`,
to show that the three print the same lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from atlas.load import MAX_PRACTICE_BYTES, load_atlas_data, load_practices
from atlas.model import Problem
from atlas.validate import validate_practices

from contrib_project import make_project, mkdocs_build, run_script
from helpers import ROOT, TODAY, problems_for_file

CORPUS = ROOT / "tests" / "fixtures" / "contrib"
CASES = sorted(p.name.removesuffix(".expected") for p in CORPUS.glob("*.expected"))


def expected_lines(case: str) -> list[str]:
    return (CORPUS / f"{case}.expected").read_text(encoding="utf-8").splitlines()


def problems_for_case(case: str) -> list[Problem]:
    target = CORPUS / case
    if target.is_dir():
        records, problems = load_practices(target, ROOT)
        _, more = validate_practices(records, load_atlas_data(ROOT / "data"), TODAY)
        return sorted(problems + more, key=Problem.sort_key)
    return problems_for_file(CORPUS / f"{case}.md")


def test_every_case_has_its_expected_messages() -> None:
    inputs = {p.stem for p in CORPUS.glob("*.md") if p.name != "README.md"} | {
        p.name for p in CORPUS.iterdir() if p.is_dir()
    }
    assert inputs == set(CASES)
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES)
def test_case_gives_exactly_its_messages(case: str) -> None:
    assert [str(p) for p in problems_for_case(case)] == expected_lines(case)


@pytest.mark.parametrize("case", [c for c in CASES if expected_lines(c)])
def test_every_message_is_located_and_says_what_to_do(case: str) -> None:
    for problem in problems_for_case(case):
        assert problem.line is not None and problem.line >= 1, problem
        assert problem.hint, f"no suggestion in: {problem}"


def test_the_issue_list_is_covered() -> None:
    """One case at least for each mistake the contributor issue names."""
    everything = "\n".join(line for case in CASES for line in expected_lines(case))
    for fragment in [
        "invalid YAML",
        "a tab character",
        "no front matter",
        "front matter is not closed",
        "contry: unknown field (did you mean 'country'?)",
        "expected a list, found a text",
        "must not be empty",
        "is already used by",
        "title: 'language  café' is already used",
        "is not a known benchmark id (did you mean",
        "is not a key of the bibliography",
        "is linked without its sentence on how",
        "is a population band, but no population is recorded",
        "but population.figure is",
        "does not have the expected form",
        "is not a real date",
        "is in the future",
        "does not match the file name",
        "missing section",
        "contains a <script> element",
        "contains an <iframe> element",
        "contains an on…= event attribute",
        "contains a javascript: URL",
    ]:
        assert fragment in everything, fragment


def test_a_file_over_200_kb_is_refused_before_parsing(tmp_path: Path) -> None:
    source = (CORPUS / "valid-with-optional-fields.md").read_text(encoding="utf-8")
    path = tmp_path / "valid-with-optional-fields.md"
    path.write_text(source + "\nPadding line of a pasted report.\n" * (MAX_PRACTICE_BYTES // 30), encoding="utf-8")
    assert path.stat().st_size > MAX_PRACTICE_BYTES
    assert [str(p) for p in problems_for_file(path, tmp_path)] == [
        f"valid-with-optional-fields.md: file is {path.stat().st_size // 1024} KB, more than the 200 KB allowed "
        "(shorten the body, and link to long documents instead of pasting them)"
    ]


def test_a_file_just_under_the_limit_is_read(tmp_path: Path) -> None:
    source = (CORPUS / "valid-with-optional-fields.md").read_text(encoding="utf-8")
    path = tmp_path / "valid-with-optional-fields.md"
    padding = "x" * (MAX_PRACTICE_BYTES - len(source.encode("utf-8")) - 1)
    path.write_text(source + padding + "\n", encoding="utf-8")
    assert path.stat().st_size == MAX_PRACTICE_BYTES
    assert problems_for_file(path, tmp_path) == []


# -- the same text everywhere -----------------------------------------------------------

SHARED_CASES = ["html-event-attribute", "unknown-field"]  # in the order the report sorts them


@pytest.fixture(scope="module")
def broken_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose practices/ holds two broken files (and the valid ones)."""
    names = SHARED_CASES + ["valid-with-optional-fields"]
    return make_project(
        tmp_path_factory.mktemp("broken"), {f"{n}.md": (CORPUS / f"{n}.md").read_text(encoding="utf-8") for n in names}
    )


def _as_in_project(line: str) -> str:
    return line.replace("tests/fixtures/contrib/", "practices/")


def test_validate_script_prints_the_corpus_messages_and_fails(broken_project: Path) -> None:
    result = run_script("validate.py", "--root", str(broken_project), cwd=broken_project)
    expected = [_as_in_project(line) for case in SHARED_CASES for line in expected_lines(case)]
    assert result.returncode == 1
    assert result.stdout.splitlines() == expected + [f"{len(expected)} problems found; nothing was built."]
    assert "Traceback" not in result.stdout + result.stderr


def test_build_fails_with_the_same_lines_as_the_script(broken_project: Path) -> None:
    script = run_script("validate.py", "--root", str(broken_project), cwd=broken_project).stdout.splitlines()
    build = mkdocs_build(broken_project)
    assert build.returncode != 0
    assert not (broken_project / "site" / "index.html").exists(), "nothing half-built is published"
    output = build.stdout + build.stderr
    assert "Traceback" not in output
    positions = [output.find(line) for line in script]
    assert all(p >= 0 for p in positions), "\n".join(line for line, p in zip(script, positions, strict=True) if p < 0)
    assert positions == sorted(positions), "the build lists the problems in the script's order"


def test_valid_files_of_the_corpus_build(tmp_path: Path) -> None:
    valid = [c for c in CASES if not expected_lines(c)]
    project = make_project(tmp_path, {f"{n}.md": (CORPUS / f"{n}.md").read_bytes().decode("utf-8") for n in valid})
    build = mkdocs_build(project)
    assert build.returncode == 0, build.stderr
    page = (project / "site" / "practices" / "valid-with-optional-fields.html").read_text(encoding="utf-8")
    assert "Balcão de Boas-Vindas: Câmara" in page
    assert '<abbr title="non-governmental organisation">NGO</abbr>' in page


def test_the_example_report_in_contributing_is_what_the_validator_prints(tmp_path: Path) -> None:
    """CONTRIBUTING.md shows a report for three typos in the reference's example; keep it true."""
    import re

    from atlas.reference import load_example
    from atlas.scaffold import practice_text

    example, _ = load_example(ROOT / "data")
    text = (
        practice_text(example, load_atlas_data(ROOT / "data"))
        .replace("country: PT", "contry: PT")
        .replace("municipality_size: small-town", "municipality_size: small town")
        .replace(
            "- id: governance.coordination.involve-stakeholders", "- id: governance.coordination.involve-stakeholder"
        )
    )
    text = re.sub(r"^(## .+)$", r"\1\n\nWhat the contributor wrote.", text, flags=re.M)  # the sections, filled in
    project = make_project(tmp_path, {"welcome-desk.md": text})
    printed = run_script("validate.py", "--root", str(project), cwd=project).stdout
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    shown = re.search(r"```text\n(.*?)```", guide, re.S).group(1)
    assert printed == shown


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("<FRAME src=x>", "contains a <frame> element"),
        ("<embed src=x>", "contains an <embed> element"),
        ("<style>body { display: none }</style>", "contains a <style> element"),
        ('<img alt=">" src=x onerror=alert(6)>', "contains an on…= event attribute"),
        ('<a href="java\nscript:alert(1)">x</a>', "contains a javascript: URL"),
        ('<a title="<" onclick=alert(1)>x</a>', "contains an on…= event attribute"),
        ("![chart](file:///etc/passwd)", "contains a link to a non-public address (file://)"),
        (
            '<img src="http://169.254.169.254/latest/meta-data/">',
            "contains a link to a non-public address (169.254.169.254)",
        ),
        ("[admin](http://127.0.0.1:8000/)", "contains a link to a non-public address (127.0.0.1)"),
        ("[router](http://192.168.1.1/)", "contains a link to a non-public address (192.168.1.1)"),
        ('<a href="java\tscript:alert(1)">x</a>', "contains a javascript: URL"),
        ('<a href="&#106;avascript:alert(1)">x</a>', "contains a javascript: URL"),
        ("<details ontoggle=alert(1)>", "contains an on…= event attribute"),
        ('<img src="x"/onerror="alert(1)">', "contains an on…= event attribute"),
        ("[x]: vbscript:msgbox", "contains a javascript: URL"),
    ],
)
def test_other_forms_of_unsafe_html_are_refused(tmp_path: Path, line: str, expected: str) -> None:
    source = (CORPUS / "valid-with-optional-fields.md").read_text(encoding="utf-8")
    path = tmp_path / "valid-with-optional-fields.md"
    path.write_text(source.replace("## Results\n\nFixture text.", f"## Results\n\n{line}"), encoding="utf-8")
    assert [p.message for p in problems_for_file(path, tmp_path)] == [expected]


@pytest.mark.parametrize(
    "line",
    [
        'A <abbr title="non-governmental organisation">NGO</abbr> runs the <em>online</em> form.',
        "The scheme is called Onboarding=Welcome, and the javascript tutorial is not a link.",
        "<!-- a note for reviewers -->\n\nNothing was measured.",
        "< style>body { display: none }</style> is text: a browser reads no tag after '< '.",
        "Screen readers skip `<script>` and `<img onerror=x>` in code spans: they are text.",
        "An example:\n\n    <script>alert('an indented code block is text')</script>",
        "``a `<iframe>` inside a double-backtick span``",
        "[a public page](https://example.org/127.0.0.1) and [another](https://10.example.org/)",
    ],
)
def test_harmless_html_and_words_are_accepted(tmp_path: Path, line: str) -> None:
    source = (CORPUS / "valid-with-optional-fields.md").read_text(encoding="utf-8")
    path = tmp_path / "valid-with-optional-fields.md"
    path.write_text(source.replace("## Results\n\nFixture text.", f"## Results\n\n{line}"), encoding="utf-8")
    assert problems_for_file(path, tmp_path) == []
