"""Property-based: a mutated practice file never breaks the validator.

Hypothesis mutates valid practice files (random bytes, truncation, YAML
structure changes, unicode, deep nesting, huge scalars, anchors and tags) and
the validator must, for every one: raise nothing, locate every problem (a
line, or a file-level reason such as the size), and handle the file in under
1 s of CPU time and 200 MB of memory (tracemalloc peak; generous bounds, CPU
time rather than wall time, so a loaded machine does not fail the test).
Examples are derived from a fixed seed (`derandomize`), so a run is
reproducible; `pytest --hypothesis-show-statistics` prints how many ran.
"""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atlas.load import load_atlas_data, read_practice_file
from atlas.validate import PracticeValidator

from helpers import ROOT, TODAY

pytestmark = pytest.mark.slow  # subprocesses under limits / hundreds of examples

BASES = [
    ROOT / "tests" / "fixtures" / "contrib" / "valid-with-optional-fields.md",
    ROOT / "tests" / "fixtures" / "hostile" / "practices" / "hostile.md",
]
CPU_LIMIT = 1.0  # seconds per file
MEMORY_LIMIT = 200 * 1024**2  # bytes per file
FILE_LEVEL = ("file is ", "is a link", "is a named pipe", "cannot be read")
DATA = load_atlas_data(ROOT / "data")
VALIDATOR = PracticeValidator(DATA, TODAY)
EXAMPLES = {"count": 0}

# Pieces of YAML and Markdown that have broken parsers before.
NASTY = [
    "&a [1, 2]",
    "*a",
    "!!python/object:os.system 'ls'",
    "!!binary aGk=",
    "? [a, b]\n: c",
    "<<: *a",
    "{a: 1, b: [2, {c: 3}]}",
    '"unclosed',
    "'also unclosed",
    "\u201ccurly\u201d",
    "key: value: other",
    "- - - x",
    "\t- tab",
    "\x00",
    "\x1b[31m",
    "\ufeff",
    "\u202e",
    "\ud7ff",
    "2024-02-30",
    "1e999",
    "0x1F",
    ".nan",
    "~",
    "<script>alert(1)</script>",
    '<img alt=">" src=x onerror=alert(1)>',
    "[x](javascript:alert(1))",
    "`<b>`",
    "    indented",
    "---",
    "...",
    "%YAML 1.1",
    "#",
    "|\n  block",
    ">-\n  folded",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = draw(st.sampled_from(BASES)).read_bytes()
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["bytes", "truncate", "line", "nasty", "unicode", "nest", "huge", "swap"]))
        at = draw(st.integers(0, len(data)))
        if kind == "bytes":
            data = data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
        elif kind == "truncate":
            data = data[:at]
        elif kind == "line":  # drop, repeat or re-indent one line
            lines = data.split(b"\n")
            index = draw(st.integers(0, max(len(lines) - 1, 0)))
            action = draw(st.sampled_from(["drop", "repeat", "indent", "dedent"]))
            if lines and action == "drop":
                del lines[index]
            elif lines and action == "repeat":
                lines.insert(index, lines[index])
            elif lines and action == "indent":
                lines[index] = b"  " + lines[index]
            elif lines:
                lines[index] = lines[index].lstrip()
            data = b"\n".join(lines)
        elif kind == "nasty":
            data = data[:at] + draw(st.sampled_from(NASTY)).encode("utf-8", "surrogatepass") + data[at:]
        elif kind == "unicode":
            data = data[:at] + draw(st.text(max_size=40)).encode("utf-8", "surrogatepass") + data[at:]
        elif kind == "nest":
            depth = draw(st.integers(10, 3000))
            opener = draw(st.sampled_from([b"[", b"{a: ", b"- "]))
            closer = {b"[": b"]", b"{a: ": b"}", b"- ": b""}[opener]
            data = data[:at] + opener * depth + closer * depth + data[at:]
        elif kind == "huge":
            data = (
                data[:at]
                + draw(st.sampled_from([b"x", b"\xc3\xa9", b"<", b"`", b" "])) * draw(st.integers(1000, 300_000))
                + data[at:]
            )
        else:  # swap two halves: front matter after the body
            data = data[at:] + data[:at]
    return data


def _check(path: Path) -> list:
    raw, problems = read_practice_file(path, path.parent)
    if raw is not None:
        problems += list(VALIDATOR.check_record(raw))
        problems += list(VALIDATOR.check_collection([raw]))
    return problems


@settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(content=mutated())
def test_a_mutated_file_gives_located_problems_quickly_and_never_raises(content: bytes, tmp_path: Path) -> None:
    EXAMPLES["count"] += 1
    path = tmp_path / "mutated.md"
    path.write_bytes(content)
    tracemalloc.start()
    started = time.process_time()
    try:
        problems = _check(path)
    finally:
        cpu = time.process_time() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert cpu < CPU_LIMIT, f"{cpu:.2f} s of CPU"
    assert peak < MEMORY_LIMIT, f"{peak / 1e6:.0f} MB"
    lines = content.count(b"\n") + 2
    for problem in problems:
        assert problem.path == "mutated.md", problem
        if problem.line is None:
            assert problem.message.startswith(FILE_LEVEL), f"not located: {problem}"
        else:
            assert 1 <= problem.line <= lines, problem
        assert problem.message and "Traceback" not in problem.message


def test_the_property_test_ran_its_examples() -> None:
    """Runs after the property test in file order; guards against a silent zero-example run."""
    if EXAMPLES["count"] == 0:
        pytest.skip("run together with the property test to count its examples")
    assert EXAMPLES["count"] >= 200
