"""Check practice records; every check yields Problems, none raises.

The one validator of the atlas: the MkDocs hook, scripts/validate.py, the
practice scaffold and the tests all call `validate_practices` (or a
`PracticeValidator`), so a contributor sees the same list everywhere. The
checks themselves live in atlas.checks, one module per family.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from .checks import COLLECTION_CHECKS, RECORD_CHECKS, CheckContext
from .checks.schema import SchemaCheck
from .checks.vocabulary import vocabulary_fields
from .load import AtlasData, RawPractice
from .model import Evidence, Practice, Problem
from .provenance import provenance_fields
from .suggest import suggest

__all__ = ["PracticeValidator", "format_report", "suggest", "validate_practices", "vocabulary_fields"]


class PracticeValidator:
    """Holds the compiled schema, vocabularies and suggesters; checks any number of records."""

    def __init__(self, data: AtlasData, today: date | None = None, established: Iterable[str] = ()) -> None:
        self.data = data
        self.today = today or date.today()
        self.context = CheckContext(data, self.today, frozenset(established))
        self.schema = data.schema
        self._schema = SchemaCheck(self.context)
        self.required_sections: list[str] = self.context.required_sections

    def check_record(self, raw: RawPractice) -> Iterator[Problem]:
        problems, bad_fields = self._schema.problems(raw)
        yield from problems
        for check in RECORD_CHECKS:
            yield from check(raw, self.context, bad_fields)

    def check_collection(self, records: list[RawPractice]) -> Iterator[Problem]:
        for check in COLLECTION_CHECKS:
            yield from check(records, self.context)

    def to_practice(self, raw: RawPractice) -> Practice:
        """Build the typed record; call only for a record without problems."""
        d = raw.data
        return Practice(
            slug=d["slug"],
            title=d["title"].strip(),
            summary=" ".join(d["summary"].split()),
            dimensions=tuple(d["dimensions"]),
            country=d["country"],
            places=tuple(d["places"]),
            municipality_size=d["municipality_size"],
            governance_level=d["governance_level"],
            actors=tuple(d["actors"]),
            target_groups=tuple(d["target_groups"]),
            status=d["status"],
            **provenance_fields(d, self.data.sources),
            evidence=Evidence(d["evidence"]["level"], " ".join(d["evidence"]["note"].split())),
            migrant_participation=d["migrant_participation"],
            last_reviewed=date.fromisoformat(d["last_reviewed"]),
            body=raw.body,
            path=raw.path,
            display_path=raw.display_path,
            title_original=d.get("title_original"),
            replicated_in=tuple(d.get("replicated_in") or ()),
            aliases=tuple(d.get("aliases") or ()),
        )


def validate_practices(
    records: list[RawPractice], data: AtlasData, today: date | None = None, established: Iterable[str] = ()
) -> tuple[list[Practice], list[Problem]]:
    """Check every record and the collection; return the valid practices and all problems.

    `established`: display paths of files already in the repository, which keep
    a title when a new file repeats it.
    """
    validator = PracticeValidator(data, today, established)
    practices: list[Practice] = []
    problems: list[Problem] = []
    for raw in records:
        found = list(validator.check_record(raw))
        problems += found
        if not found:
            practices.append(validator.to_practice(raw))
    problems += validator.check_collection(records)
    return practices, sorted(problems, key=Problem.sort_key)


def format_report(problems: list[Problem]) -> str:
    """Every problem on its own line, then the count; warnings alone do not stop the build."""
    errors = [p for p in problems if not p.warning]
    lines = [str(p) for p in problems]
    count = len(errors)
    if count:
        lines.append(f"{count} problem{'s' if count != 1 else ''} found; nothing was built.")
    return "\n".join(lines)
