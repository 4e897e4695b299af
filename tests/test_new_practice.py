"""scripts/new_practice.py: every answer checked as it is given; the file it writes validates and builds."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml

from atlas.load import load_atlas_data, read_practice_file
from atlas.pipeline import AtlasPaths, load_atlas
from atlas.scaffold import front_matter, split_list
from atlas.slug import slugify

from contrib_project import make_project, mkdocs_build, run_script
from helpers import ROOT, TODAY, load_script

new_practice = load_script("new_practice")

FLAGS = [
    "--non-interactive",
    "--today",
    TODAY.isoformat(),
    "--title",
    "Fundão Welcome Desk: one door for newcomers",
    "--summary",
    "A desk in the town hall where newly arrived residents find every local service in one place.",
    "--country",
    "pt",
    "--places",
    "Fundão, Covilhã",
    "--size",
    "small-town",
    "--level",
    "local",
    "--dimensions",
    "governance, employment",
    "--actors",
    "public-authority, business",
    "--population",
    "15,000 | 2023 | National statistics office",
    "--target-groups",
    "refugees",
    "--started",
    "by 2016",
    "--benchmark",
    "governance.coordination.involve-stakeholders | Its steering group brings the town hall, NGOs and employers together.",
    "--source",
    "wholecomm-toolbox-2024 | 1. Governance, Innovative Integration Practices",
]
SLUG = "fundao-welcome-desk-one-door-for-newcomers"


SECTIONS = yaml.safe_load((ROOT / "data" / "schema" / "body.yml").read_text(encoding="utf-8"))["required_sections"]


def write_sections(practices: Path) -> None:
    """What a contributor does next: a sentence under every (empty) section of each new file."""
    for path in practices.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(
            re.sub(r"^(## .+)$", r"\1\n\nA sentence written by the contributor.", text, flags=re.M), encoding="utf-8"
        )


def run(argv: list[str], answers: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = new_practice.main(argv, stdin=io.StringIO(answers), stdout=out)
    return code, out.getvalue()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def test_non_interactive_run_writes_a_file_that_validates_and_builds(project: Path) -> None:
    result = run_script("new_practice.py", "--root", str(project), *FLAGS, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Wrote practices/{SLUG}.md" in result.stdout
    written = project / "practices" / f"{SLUG}.md"
    front = yaml.safe_load(written.read_text(encoding="utf-8").split("---\n")[1])
    assert front["title"] == "Fundão Welcome Desk: one door for newcomers"
    assert front["country"] == "PT" and front["places"] == ["Fundão", "Covilhã"]
    assert front["sources"] == [
        {"key": "wholecomm-toolbox-2024", "locator": "1. Governance, Innovative Integration Practices"}
    ]
    assert front["benchmarks"] == [
        {
            "id": "governance.coordination.involve-stakeholders",
            "how": "Its steering group brings the town hall, NGOs and employers together.",
        }
    ]
    assert front["population"] == {"figure": 15000, "year": 2023, "source": "National statistics office"}
    assert front["started"] == "by 2016"
    assert front["last_reviewed"] == TODAY

    scaffolded = load_atlas(AtlasPaths.under(project), TODAY).problems
    assert [p.message for p in scaffolded] == [f"section '## {s}' is empty" for s in SECTIONS]
    write_sections(project / "practices")
    checked = load_atlas(AtlasPaths.under(project), TODAY)
    assert checked.problems == []
    assert [p.slug for p in checked.catalogue.practices] == [SLUG]
    validate = run_script("validate.py", "--root", str(project), cwd=project)
    assert (validate.returncode, validate.stdout) == (0, "1 practices valid\n")

    build = mkdocs_build(project)
    assert build.returncode == 0, build.stderr
    page = (project / "site" / "practices" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "Fundão Welcome Desk: one door for newcomers" in page
    assert '<h2 id="what-a-small-municipality-can-take-from-it"' in page


def test_the_body_has_every_required_section_in_order(project: Path) -> None:
    assert run(["--root", str(project), *FLAGS])[0] == 0
    text = (project / "practices" / f"{SLUG}.md").read_text(encoding="utf-8")
    sections = SECTIONS
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert headings == sections
    assert "# yaml-language-server: $schema=../data/schema/practice.editor.schema.json" in text


def test_it_never_overwrites_a_file(project: Path) -> None:
    assert run(["--root", str(project), *FLAGS])[0] == 0
    target = project / "practices" / f"{SLUG}.md"
    target.write_text(target.read_text(encoding="utf-8") + "\nMy own notes.\n", encoding="utf-8")
    before = target.read_bytes()
    code, out = run(["--root", str(project), *FLAGS])
    assert code == 1
    assert out.splitlines() == [
        f"--title: title: 'Fundão Welcome Desk: one door for newcomers' is already used by practices/{SLUG}.md "
        "(each practice needs its own title)",
        f"--slug: slug: practices/{SLUG}.md already exists (choose another slug; the scaffold never overwrites a file)",
        "2 problems; nothing was written.",
    ]
    assert target.read_bytes() == before


def test_an_existing_title_is_refused(project: Path) -> None:
    assert run(["--root", str(project), *FLAGS])[0] == 0
    code, out = run(["--root", str(project), *FLAGS, "--slug", "another-desk"])
    assert code == 1
    assert (
        f"--title: title: 'Fundão Welcome Desk: one door for newcomers' is already used by practices/{SLUG}.md "
        "(each practice needs its own title)"
    ) in out
    assert not (project / "practices" / "another-desk.md").exists()


def test_non_interactive_lists_every_wrong_or_missing_answer_at_once(project: Path) -> None:
    argv = [
        "--root",
        str(project),
        "--non-interactive",
        "--today",
        TODAY.isoformat(),
        "--title",
        "Language Café",
        "--country",
        "Portugal",
        "--places",
        "Fundão",
        "--size",
        "small town",
        "--level",
        "local",
        "--dimensions",
        "housing, helth",
        "--actors",
        "ngo",
        "--target-groups",
        "refugees",
        "--population",
        "120000 | 2023 | Census",
        "--started",
        "2031",
        "--benchmark",
        "governance.coordination.involve-stakeholder | The desk brings partners together.",
        "--benchmark",
        "governance.coordination.involve-stakeholders",
        "--source",
        "whole-comm | page 3",
    ]
    code, out = run(argv)
    assert code == 1
    assert out.splitlines() == [
        "summary: required; give --summary",
        "--country: country: 'Portugal' is not an ISO 3166-1 alpha-2 code (did you mean 'PT'?)",
        "--size: municipality_size: 'small town' is not a known municipality size (did you mean 'small-town'?)",
        "--dimensions: dimensions[2]: 'helth' is not a known policy dimension (did you mean 'health'?)",
        "--actors: actors[1]: 'ngo' is not a known actor type (allowed: public-authority, civil-society, migrant-led, "
        "business, volunteers, education-provider, health-provider, faith-group, research, international)",
        "--started: started: 2031 is in the future (give the year the practice began)",
        "--benchmark 'governance.coordination.involve-stakeholder | The desk brings partners together.': "
        "benchmark.id: 'governance.coordination.involve-stakeholder' is not a known benchmark id "
        "(did you mean 'governance.coordination.involve-stakeholders'?)",
        "--benchmark 'governance.coordination.involve-stakeholders': benchmark.how: required field is missing "
        "(add 'how:'; One sentence on how this practice helps meet the benchmark, drawn from its own description.)",
        "--source 'whole-comm | page 3': source.key: 'whole-comm' is not a key of the bibliography (data/sources.yml) "
        "(did you mean 'wholecomm-toolbox-2024'?; a new document is added to data/sources.yml first)",
        "9 problems; nothing was written.",
    ]
    assert list((project / "practices").iterdir()) == []


def test_interactive_run_re_asks_until_each_answer_is_valid(project: Path) -> None:
    answers = (
        "\n".join(
            [
                "Language Café",  # title
                "",  # title_original: optional
                "",  # slug: accept the suggestion
                "Too short",  # summary: refused
                "Weekly evenings where newcomers and residents practise the language over coffee.",
                "Portugal",
                "pt",  # country: refused, then accepted
                "Fundão",  # places
                "small town",
                "small-town",  # size
                "60000 | 2023 | Census",
                "15000 | 2023 | Statistics Portugal",  # population: outside the band, then in it
                "",  # governance level: refused (required)
                "local",
                "education",  # dimensions
                "volunteers, civil-society",  # actors
                "refugees, host-community",  # target groups
                "next year",
                "by 2019",  # started
                "",  # status: default running
                "governance.coordination.involve-stakeholder",
                "Volunteers and the library plan the evenings together.",
                "governance.coordination.involve-stakeholders",
                "Volunteers and the library plan the evenings together.",
                "",  # no more benchmarks
                "whole-comm",
                "page 3",  # a source with an unknown key: asked again
                "wholecomm-toolbox-2024",
                "5. Housing and Urban Planning",
                "",  # no more sources
                "",  # evidence level: default
                "",  # evidence note: default
                "co-delivered",  # migrant participation
                "",  # replicated in: none
                "",  # last reviewed: today
            ]
        )
        + "\n"
    )
    code, out = run(["--root", str(project), "--today", TODAY.isoformat()], answers)
    assert code == 0, out
    for message in [
        "summary: is too short: at least 20 characters expected",
        "country: 'Portugal' is not an ISO 3166-1 alpha-2 code (did you mean 'PT'?)",
        "municipality_size: 'small town' is not a known municipality size (did you mean 'small-town'?)",
        "An answer is needed here.",
        "started: 'next year' does not have the expected form",
        "municipality_size: 'small-town' means 5,000 to 49,999 inhabitants, but population.figure is 60,000 "
        "(did you mean 'medium-town'?)",
        "(did you mean 'governance.coordination.involve-stakeholders'?)",
        "source.key: 'whole-comm' is not a key of the bibliography",
        "village                Village or rural municipality",  # the choices are shown with their labels
    ]:
        assert message in out, message
    raw, problems = read_practice_file(project / "practices" / "language-cafe.md", project)
    assert problems == []
    assert raw.data["country"] == "PT" and raw.data["municipality_size"] == "small-town"
    assert raw.data["sources"] == [{"key": "wholecomm-toolbox-2024", "locator": "5. Housing and Urban Planning"}]
    assert raw.data["started"] == "by 2019"
    assert raw.data["migrant_participation"] == "co-delivered"
    assert "title_original" not in raw.data and "ended" not in raw.data
    write_sections(project / "practices")
    assert load_atlas(AtlasPaths.under(project), TODAY).problems == []


def test_interactive_run_through_a_real_process(project: Path) -> None:
    """Flags and prompts mix: what a flag gave is not asked again."""
    flags = [f for f in FLAGS if f != "--non-interactive"]
    position = flags.index("--summary")
    del flags[position : position + 2]
    result = run_script(
        "new_practice.py",
        "--root",
        str(project),
        *flags,
        cwd=project,
        stdin="\n\nShort\nA desk in the town hall where newcomers find every service at once.\n" + "\n" * 10,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("One or two sentences saying what it is") == 2
    assert "Name of the practice" not in result.stdout
    write_sections(project / "practices")
    assert load_atlas(AtlasPaths.under(project), TODAY).problems == []


def test_input_ending_early_writes_nothing(project: Path) -> None:
    code, out = run(["--root", str(project)], "Language Café\n")
    assert code == 1
    assert "Stopped before all answers were given; nothing was written." in out
    assert list((project / "practices").iterdir()) == []


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Fundão Welcome Desk", "fundao-welcome-desk"),
        ("  Ung Kraft (Young Power) ", "ung-kraft-young-power"),
        ("Łódź: housing first!", "lodz-housing-first"),
        ("Café & Co.", "cafe-co"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_split_list_drops_blanks_and_typed_quotes() -> None:
    assert split_list('Fundão, "Covilhã: centre", , Guarda') == ["Fundão", "Covilhã: centre", "Guarda"]


@pytest.mark.parametrize(
    "value",
    [
        "Plain text",
        "Colon: inside",
        "[starts with a bracket",
        "yes",
        "123",
        "quote ' and \" both",
        "# not a comment",
        "Ünïcödé — dash",
        "- leading dash",
        "@handle",
        "trailing space ",
    ],
)
def test_front_matter_round_trips_awkward_values(value: str) -> None:
    values = {"title": value, "places": [value, "Other"], "dimensions": [value], "evidence": {"note": value}}
    text = front_matter(values, ["title", "places", "dimensions", "evidence"], comment=None)
    assert yaml.safe_load(text) == values


def test_editor_schema_comment_points_at_the_file_make_setup_writes() -> None:
    from atlas.scaffold import EDITOR_SCHEMA_FROM_PRACTICES

    EDITOR_SCHEMA = load_script("editor_schema").EDITOR_SCHEMA

    assert (ROOT / "practices" / EDITOR_SCHEMA_FROM_PRACTICES).resolve() == (ROOT / EDITOR_SCHEMA).resolve()
    assert load_atlas_data(ROOT / "data").problems == []


def test_the_command_in_contributing_works(project: Path) -> None:
    import re
    import shlex

    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```sh\n(.*?)```", guide, re.S) if "--non-interactive" in b)
    argv = shlex.split(block.replace("\\\n", " "))
    assert argv[:2] == [".venv/bin/python", "scripts/new_practice.py"]
    code, out = run(["--root", str(project), *argv[2:]])
    assert code == 0, out
    write_sections(project / "practices")
    assert load_atlas(AtlasPaths.under(project)).problems == []


@pytest.mark.parametrize(("script", "target"), [("new_practice.py", "make practice"), ("validate.py", "make validate")])
def test_outside_the_venv_a_script_says_to_use_make(script: str, target: str, tmp_path: Path) -> None:
    """`python3 scripts/new_practice.py` without the project's packages: one line, no ModuleNotFoundError."""
    import subprocess
    import sys

    # -S: no site-packages, as a system Python without the project's packages.
    result = subprocess.run(
        [sys.executable, "-S", str(ROOT / "scripts" / script)], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and f"run `{target}`" in result.stderr
