"""JSON Schema errors turned into contributor messages: one per field, located, with a fix."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from ..load import RawPractice
from ..model import Problem
from ..slug import slugify
from ..suggest import Suggester, did_you_mean
from ..yamlmarks import line_of
from .context import CheckContext, field_name

_OPTIONAL_HINT = "this field is optional: fill it in or delete the line"
_TYPE_NAMES = {
    "array": "a list",
    "string": "a text",
    "integer": "a whole number",
    "object": "a set of fields",
    "boolean": "true or false",
    "number": "a number",
}


class SchemaCheck:
    """The compiled schema of a run; `problems` gives one Problem per field at most."""

    def __init__(self, context: CheckContext) -> None:
        self.context = context
        self.schema = context.schema
        self._validator = Draft202012Validator(self.schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        self._field_suggesters: dict[int, Suggester] = {}

    def problems(self, raw: RawPractice) -> tuple[list[Problem], frozenset[str]]:
        """(problems, top-level fields that have one): later checks leave those fields alone."""
        found: list[Problem] = []
        bad_fields: set[str] = set()
        seen: set[tuple[str, ...]] = set()
        errors = sorted(self._validator.iter_errors(raw.data), key=lambda e: list(map(str, e.absolute_path)))
        for error in errors:
            problem = self._problem(raw, error)
            # A value can break two rules (pattern and format of a date): say it once, per field.
            key = (problem.field or "", str(problem.line))
            if key in seen:
                continue
            seen.add(key)
            if error.absolute_path:
                bad_fields.add(str(error.absolute_path[0]))
            found.append(problem)
        return found, frozenset(bad_fields)

    def _allowed_fields(self, allowed: list[str]) -> Suggester:
        key = hash(tuple(allowed))
        if key not in self._field_suggesters:
            self._field_suggesters[key] = Suggester(allowed)
        return self._field_suggesters[key]

    def _problem(self, raw: RawPractice, error: ValidationError) -> Problem:
        path = list(error.absolute_path)
        line = line_of(raw.lines, tuple(path))
        field = field_name(path) or None
        kind, expected = error.validator, error.validator_value
        schema = _schema_of(error)
        if kind == "required":
            missing = re.search(r"'([^']+)' is a required property", error.message)
            name = missing.group(1) if missing else "?"
            described = schema.get("properties", {}).get(name, {}).get("description", "")
            return Problem(
                raw.display_path,
                line if path else 1,
                field_name(path + [name]),
                "required field is missing",
                f"add '{name}:'" + (f"; {described}" if described else ""),
            )
        if kind == "additionalProperties":
            allowed = list(schema.get("properties", {}))
            instance = error.instance if isinstance(error.instance, Mapping) else {}
            extras = [k for k in instance if k not in allowed]
            name = str(extras[0]) if extras else "?"
            field_path = path + [name]
            field_hint = did_you_mean(self._allowed_fields(allowed)(name)) or f"allowed fields: {', '.join(allowed)}"
            return Problem(
                raw.display_path,
                line_of(raw.lines, tuple(field_path)),
                field_name(field_path),
                "unknown field",
                field_hint,
            )
        when_text = schema.get("x-when-text") if kind == "type" else None
        if when_text and isinstance(error.instance, str):  # e.g. a bare benchmark id without its 'how'
            return Problem(
                raw.display_path,
                line,
                field,
                when_text["message"].format(value=error.instance),
                when_text["hint"].format(value=error.instance),
            )
        if kind == "type" and error.instance is None:
            return Problem(
                raw.display_path,
                line,
                field,
                "must not be empty",
                _OPTIONAL_HINT
                if self._is_optional(path)
                else schema.get("description") or "write a value after the colon",
            )
        if kind == "type":
            got = _TYPE_NAMES.get(json_type(error.instance), type(error.instance).__name__)
            want = (
                _TYPE_NAMES.get(expected, expected)
                if isinstance(expected, str)
                else " or ".join(map(str, expected if isinstance(expected, list) else [expected]))
            )
            hint = None
            if expected == "array" and isinstance(error.instance, str):
                hint = f"write it as a list: {path[-1]}: [{error.instance}]"
            elif expected == "integer" and isinstance(error.instance, str):
                hint = "write the number without quotes, e.g. 2021"
            return Problem(raw.display_path, line, field, f"expected {want}, found {got}", hint)
        if kind in ("minLength", "minItems") and not error.instance:
            return Problem(
                raw.display_path,
                line,
                field,
                "must not be empty",
                schema.get("description") or "give at least one value",
            )
        if kind == "minLength":
            return Problem(
                raw.display_path,
                line,
                field,
                f"is too short: at least {expected} characters expected",
                schema.get("description"),
            )
        if kind == "maxLength":
            return Problem(
                raw.display_path,
                line,
                field,
                f"is too long: at most {expected} characters allowed",
                schema.get("description"),
            )
        if kind == "uniqueItems":
            return Problem(raw.display_path, line, field, "lists the same value twice", "remove the repeated value")
        if kind in ("minimum", "maximum"):
            word = "at least" if kind == "minimum" else "at most"
            return Problem(raw.display_path, line, field, f"must be {word} {expected}, found {error.instance}")
        if kind in ("pattern", "format"):
            return self._format_problem(raw, line, field, path, error, schema)
        return Problem(raw.display_path, line, field, error.message)

    def _is_optional(self, path: list[str | int]) -> bool:
        """Whether the field at `path` may be left out (so an empty one can simply be deleted)."""
        schema, parent, name = self.schema, None, None
        for part in path:
            if isinstance(part, int):
                schema = schema.get("items", {})
                continue
            parent, name = schema, part
            schema = schema.get("properties", {}).get(part, {})
        return parent is not None and name not in parent.get("required", [])

    def _format_problem(
        self,
        raw: RawPractice,
        line: int | None,
        field: str | None,
        path: list[str | int],
        error: ValidationError,
        schema: Mapping[str, Any],
    ) -> Problem:
        last = path[-1] if path else ""
        value = error.instance
        if last == "url":
            return Problem(
                raw.display_path,
                line,
                field,
                f"'{value}' is not a valid web address",
                "a full URL starting with https:// and without spaces, or leave 'url' out",
            )
        if last == "slug":
            return Problem(
                raw.display_path,
                line,
                field,
                f"'{value}' is not a valid slug",
                f"use lower-case words joined by hyphens, e.g. '{slugify(str(value)) or 'my-practice'}'",
            )
        if last == "last_reviewed" and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return Problem(
                raw.display_path,
                line,
                field,
                f"'{value}' is not a real date",
                "check the month (01-12) and the day of the month",
            )
        if last == "last_reviewed":
            return Problem(
                raw.display_path,
                line,
                field,
                f"'{value}' is not a date written YYYY-MM-DD",
                f"e.g. {self.context.today.isoformat()}",
            )
        return Problem(
            raw.display_path, line, field, f"'{value}' does not have the expected form", schema.get("description")
        )


def _schema_of(error: ValidationError) -> Mapping[str, Any]:
    """The subschema that failed, as a mapping (jsonschema also allows `true`/`false` schemas)."""
    return error.schema if isinstance(error.schema, Mapping) else {}


def schema_problems(raw: RawPractice, context: CheckContext) -> tuple[list[Problem], frozenset[str]]:
    """One-off schema check (the validator keeps a SchemaCheck instead)."""
    return SchemaCheck(context).problems(raw)


def json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null" if value is None else type(value).__name__
