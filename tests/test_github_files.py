"""The files GitHub reads: the workflow runs the Makefile's targets, the issue form matches the vocabularies."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from atlas.load import load_atlas_data

from helpers import ROOT

GITHUB = ROOT / ".github"
WORKFLOW: dict[Any, Any] = yaml.safe_load((GITHUB / "workflows" / "site.yml").read_text(encoding="utf-8"))
FORM: dict[str, Any] = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "propose-practice.yml").read_text(encoding="utf-8"))
DATA = load_atlas_data(ROOT / "data")


def _steps(job: str) -> list[dict[str, Any]]:
    return WORKFLOW["jobs"][job].get("steps", [])


def test_workflow_runs_on_pull_requests_and_on_main() -> None:
    triggers = WORKFLOW.get("on", WORKFLOW.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]


def test_workflow_checks_through_the_makefile_in_order() -> None:
    commands = [step["run"].strip() for step in _steps("check") if "run" in step]
    make_calls = [c for c in commands if c.startswith("make ") or "\nmake " in c or "make validate" in c]
    targets = [re.search(r"make (\w+)", c).group(1) for c in make_calls]
    assert targets == ["setup", "validate", "build", "test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in targets:
        assert re.search(rf"^{target}:", makefile, re.M), target


def test_workflow_publishes_main_with_the_official_pages_actions() -> None:
    uses = [step["uses"] for job in WORKFLOW["jobs"] for step in _steps(job) if "uses" in step]
    names = [u.split("@")[0] for u in uses]
    assert "actions/upload-pages-artifact" in names and "actions/deploy-pages" in names
    for use in uses:
        assert re.fullmatch(r"[\w-]+/[\w-]+@v\d+\.\d+\.\d+", use), f"pin {use} to an exact version"
    publish = WORKFLOW["jobs"]["publish"]
    assert publish["needs"] == "check"
    assert "refs/heads/main" in publish["if"] and "pull_request" in publish["if"]
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    upload = next(s for s in _steps("check") if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site" and "refs/heads/main" in upload["if"]


def test_workflow_fetches_full_history_for_the_last_change_dates() -> None:
    checkout = next(s for s in _steps("check") if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0


def test_annotation_step_turns_the_validator_lines_into_pull_request_marks(tmp_path: Path) -> None:
    step = next(s for s in _steps("check") if s.get("name") == "Mark each problem on the changed files")
    (tmp_path / "validate.log").write_text(
        ".venv/bin/python scripts/validate.py\n"
        "practices/welcome.md:6: contry: unknown field (did you mean 'country'?)\n"
        "practices/welcome.md:40: body: contains a <script> element (100% sure)\n"
        "2 problems found; nothing was built.\n",
        encoding="utf-8",
    )
    result = subprocess.run(["bash", "-c", step["run"]], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == [
        "::error file=practices/welcome.md,line=6::contry: unknown field (did you mean 'country'?)",
        "::error file=practices/welcome.md,line=40::body: contains a <script> element (100%25 sure)",
    ]


@pytest.mark.parametrize(
    ("field", "vocabulary"),
    [
        ("municipality_size", "municipality_sizes"),
        ("dimensions", "dimensions"),
        ("target_groups", "target_groups"),
        ("status", "status"),
        ("migrant_participation", "migrant_participation"),
    ],
)
def test_issue_form_choices_are_the_vocabulary_labels(field: str, vocabulary: str) -> None:
    item = next(i for i in FORM["body"] if i.get("id") == field)
    options = item["attributes"]["options"]
    labels = [o["label"] if isinstance(o, dict) else o for o in options]
    assert labels == [t.label for t in DATA.vocabularies[vocabulary].terms]


def test_issue_form_asks_for_sources_and_the_required_basics() -> None:
    required = {i["id"] for i in FORM["body"] if i.get("validations", {}).get("required")}
    assert {"title", "country", "places", "municipality_size", "summary", "sources"} <= required


def test_pull_request_template_has_a_checklist() -> None:
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", text, re.M)
    assert len(items) >= 6
    assert any("make validate" in i for i in items) and any("make serve" in i for i in items)


def test_make_practice_starts_the_scaffold() -> None:
    # --no-print-directory: under `make test` this is a sub-make, which would add "Leaving directory" lines.
    dry_run = subprocess.run(
        ["make", "--no-print-directory", "-n", "practice"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert dry_run.strip().splitlines()[-1].endswith("scripts/new_practice.py")
