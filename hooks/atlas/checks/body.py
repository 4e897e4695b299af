"""The Markdown body: safe to publish (atlas.htmlsafety), with every required section, each with text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..htmlsafety import scan_markdown
from ..load import RawPractice
from ..model import Problem
from ..suggest import Suggester
from .context import CheckContext

EMPTY_SECTION = "is empty"  # the end of the message for a required section without text
_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_COMMENT = re.compile(r"<!--.*?(-->|$)", re.S)


def check(raw: RawPractice, context: CheckContext, bad_fields: frozenset[str]) -> Iterator[Problem]:
    for finding in scan_markdown(raw.body):
        yield Problem(
            raw.display_path, raw.body_line + finding.line - 1, "body", f"contains {finding.what}", finding.hint
        )
    yield from _sections(raw, context.required_sections)


def _sections(raw: RawPractice, required: list[str]) -> Iterator[Problem]:
    lines = raw.body.split("\n")
    if not raw.body.strip():
        yield Problem(
            raw.display_path, raw.body_line, "body", "the body is empty", "write the sections: " + "; ".join(required)
        )
        return
    headings = [(n, m.group(1).strip()) for n, t in enumerate(lines) if (m := _HEADING.match(t))]
    found = [h for _, h in headings]
    missing = [s for s in required if s not in found]
    # A heading that is close to a missing section is most likely that section misspelt: say so on its line.
    for offset, heading in headings:
        if heading in required or not missing:
            continue
        close = Suggester(missing)(heading)
        if close:
            missing.remove(close)
            yield Problem(
                raw.display_path,
                raw.body_line + offset,
                "body",
                f"section '## {heading}' is not one of the required sections",
                f"did you mean '## {close}'?",
            )
    if missing:
        yield Problem(
            raw.display_path,
            raw.body_line,
            "body",
            "missing section" + ("s " if len(missing) > 1 else " ") + ", ".join(f"'## {s}'" for s in missing),
            "every practice has the same sections: " + "; ".join(f"## {s}" for s in required),
        )
    # A required section needs text under it; guidance comments left by the scaffold do not count.
    ends = [offset for offset, _ in headings[1:]] + [len(lines)]
    for (offset, heading), end in zip(headings, ends, strict=True):
        if heading not in required:
            continue
        text = _COMMENT.sub("", "\n".join(lines[offset + 1 : end]))
        if not text.strip():
            yield Problem(
                raw.display_path,
                raw.body_line + offset,
                "body",
                f"section '## {heading}' {EMPTY_SECTION}",
                "write at least a sentence under it; when nothing is known, say so plainly",
            )


def is_empty_section(problem: Problem) -> bool:
    """The scaffold writes every section empty on purpose: the contributor fills them in next."""
    return (
        problem.field == "body"
        and problem.message.startswith("section '## ")
        and problem.message.endswith(EMPTY_SECTION)
    )
