"""How to cite and reuse the atlas: CITATION.cff valid for cffconvert, the licence in the repository and the data."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import yaml

from atlas.datapackage import LICENSE
from atlas.project import PROJECT_ROOT as ROOT

# `make test` installs cffconvert in a venv of its own (it pins jsonschema<4); missing is a failure, not a skip.
CFFCONVERT = ROOT / ".venv" / "cffconvert" / "bin" / "cffconvert"


def cffconvert_validate(path: Path) -> subprocess.CompletedProcess[str]:
    assert CFFCONVERT.exists(), "cffconvert is missing: run `make test`, which installs it"
    return subprocess.run([str(CFFCONVERT), "--validate", "-i", str(path)], capture_output=True, text=True)


def test_citation_file_is_valid_cff() -> None:
    run = cffconvert_validate(ROOT / "CITATION.cff")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "valid according to schema version 1.2.0" in run.stdout


def test_the_check_refuses_a_broken_citation_file(tmp_path: Path) -> None:
    broken = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    del broken["authors"]
    broken["type"] = "website-ish"
    (tmp_path / "CITATION.cff").write_text(yaml.safe_dump(broken), encoding="utf-8")
    assert cffconvert_validate(tmp_path / "CITATION.cff").returncode != 0


def test_one_licence_everywhere() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["license"] == LICENSE["name"] == "CC-BY-4.0"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("Creative Commons Attribution 4.0 International")
    assert "Section 3 – License Conditions." in text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme and "LICENSE" in readme and "MIT" in readme
    assert (ROOT / "LICENSE-CODE").read_text(encoding="utf-8").startswith("MIT License")


def test_the_built_package_carries_the_licence_and_the_citation(real_site: Path) -> None:
    descriptor = json.loads((real_site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"] == [LICENSE]
    assert (real_site / "data" / "CITATION.cff").read_text(encoding="utf-8") == (ROOT / "CITATION.cff").read_text(
        encoding="utf-8"
    )
