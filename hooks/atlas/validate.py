"""Check practice records; every check yields Problems, none raises.

The one validator of the atlas: the MkDocs hook, scripts/validate.py and the
tests all call `validate_practices`, so a contributor sees the same list
everywhere.
"""
from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import pycountry
from jsonschema import Draft202012Validator, ValidationError

from .load import AtlasData, RawPractice
from .model import Evidence, Practice, Problem
from .provenance import check_provenance, provenance_fields
from .slug import slugify
from .yamlmarks import line_of

_OPTIONAL_HINT = "this field is optional: fill it in or delete the line"
_TYPE_NAMES = {"array": "a list", "string": "a text", "integer": "a whole number", "object": "a set of fields",
               "boolean": "true or false", "number": "a number"}
_REMOVE_HTML = "the body is Markdown: remove the HTML"
# Elements that run code, load other pages or restyle the whole site; the hint says what to do instead.
_DANGEROUS_ELEMENT = re.compile(
    r"<\s*(script|iframe|frame|frameset|object|embed|applet|form|style|link|meta|base)\b", re.I)
_LINK_INSTEAD = _REMOVE_HTML + "; link to the video or page instead: [text](https://...)"
_ELEMENT_HINTS = {
    "script": _REMOVE_HTML + "; a practice page runs no script",
    **dict.fromkeys(("iframe", "frame", "frameset", "object", "embed", "applet", "form"), _LINK_INSTEAD),
}
# An on…= attribute anywhere inside a tag, even one spread over several lines or written <svg/onload=…>.
_TAG = re.compile(r"<[a-z][^<>]*>", re.I)
_EVENT_ATTRIBUTE = re.compile(r"[\s/\"']on[a-z]+\s*=", re.I)
# Python-Markdown's attribute lists (`{: onclick="…" }` after a paragraph) also write attributes.
_ATTRIBUTE_LIST = re.compile(r"\{:?[^{}\n]*\}")
_LIST_EVENT_ATTRIBUTE = re.compile(r"[\s/\"':{]on[a-z]+\s*=", re.I)
# Checked after decoding entities and dropping blanks, so `jav&#x61;script&#58;` is caught too.
_SCRIPT_URL = re.compile(r"(java|vb)script:", re.I)
_BLANKS = re.compile(r"[\s\x00-\x1f]+")


def suggest(value: str, candidates: Iterable[str], labels: dict[str, str] | None = None) -> str | None:
    """The closest allowed value, matching ids and (if given) their labels."""
    value_l = value.strip().lower()
    candidates = list(candidates)
    for cid in candidates:
        if value_l == cid.lower() or (labels and value_l == labels.get(cid, "").lower()):
            return cid
    pool = {c.lower(): c for c in candidates}
    if labels:
        pool.update({labels[c].lower(): c for c in candidates if c in labels})
    close = difflib.get_close_matches(value_l, list(pool), n=1, cutoff=0.6)
    return pool[close[0]] if close else None


def _did_you_mean(found: str | None) -> str | None:
    return f"did you mean '{found}'?" if found else None


def _country_hint(value: str) -> str | None:
    try:
        return _did_you_mean(pycountry.countries.lookup(value.strip()).alpha_2)
    except LookupError:
        pass
    names = {(getattr(c, "common_name", None) or c.name).lower(): c.alpha_2 for c in pycountry.countries}
    close = difflib.get_close_matches(value.strip().lower(), list(names), n=1, cutoff=0.7)
    return _did_you_mean(names[close[0]]) if close else "see the ISO 3166-1 alpha-2 list, e.g. SE for Sweden"


def _field_name(path: Iterable[Any]) -> str:
    name = ""
    for part in path:
        name += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def vocabulary_fields(schema: dict[str, Any]) -> dict[tuple[str, ...], str]:
    """Field paths (top level and one level of nesting) that take vocabulary ids."""
    found: dict[tuple[str, ...], str] = {}
    for name, prop in schema.get("properties", {}).items():
        if "x-vocabulary" in prop:
            found[(name,)] = prop["x-vocabulary"]
        for sub, subprop in prop.get("properties", {}).items():
            if "x-vocabulary" in subprop:
                found[(name, sub)] = subprop["x-vocabulary"]
    return found


class PracticeValidator:
    """Holds the compiled schema and vocabularies; checks any number of records."""

    def __init__(self, data: AtlasData, today: date | None = None) -> None:
        self.data = data
        self.today = today or date.today()
        self.schema = data.schema
        self._schema_validator = Draft202012Validator(data.schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        self._vocab_fields = vocabulary_fields(data.schema)
        self._benchmarks = data.benchmarks
        self.required_sections: list[str] = list(data.body.get("required_sections", []))

    # -- one record -----------------------------------------------------------------
    def check_record(self, raw: RawPractice) -> Iterator[Problem]:
        bad_fields: set[str] = set()
        for error in sorted(self._schema_validator.iter_errors(raw.data), key=lambda e: list(map(str, e.absolute_path))):
            problem = self._schema_problem(raw, error)
            if error.absolute_path:
                bad_fields.add(str(error.absolute_path[0]))
            yield problem
        yield from self._check_vocabularies(raw, bad_fields)
        yield from self._check_dates(raw, bad_fields)
        yield from check_provenance(raw, self.data.sources, self.data.vocabularies.get("municipality_sizes"),
                                    self.today, bad_fields,
                                    lambda item, path: self._vocabulary_problem(raw, "benchmarks", item, path))
        yield from self._check_slug(raw, bad_fields)
        yield from self._check_body(raw)

    def _schema_problem(self, raw: RawPractice, error: ValidationError) -> Problem:
        path = list(error.absolute_path)
        line = line_of(raw.lines, tuple(path))
        field = _field_name(path) or None
        kind, expected = error.validator, error.validator_value
        if kind == "required":
            missing = re.search(r"'([^']+)' is a required property", error.message)
            name = missing.group(1) if missing else "?"
            described = error.schema.get("properties", {}).get(name, {}).get("description", "")
            return Problem(raw.display_path, line if path else 1, _field_name(path + [name]),
                           "required field is missing", f"add '{name}:'" + (f"; {described}" if described else ""))
        if kind == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            extras = [k for k in error.instance if k not in allowed]
            name = extras[0] if extras else "?"
            field_path = path + [name]
            hint = _did_you_mean(suggest(name, allowed)) or f"allowed fields: {', '.join(allowed)}"
            return Problem(raw.display_path, line_of(raw.lines, tuple(field_path)), _field_name(field_path),
                           "unknown field", hint)
        when_text = error.schema.get("x-when-text") if kind == "type" else None
        if when_text and isinstance(error.instance, str):  # e.g. a bare benchmark id without its 'how'
            return Problem(raw.display_path, line, field, when_text["message"].format(value=error.instance),
                           when_text["hint"].format(value=error.instance))
        if kind == "type" and error.instance is None:
            return Problem(raw.display_path, line, field, "must not be empty",
                           _OPTIONAL_HINT if self._is_optional(path) else
                           error.schema.get("description") or "write a value after the colon")
        if kind == "type":
            got = _TYPE_NAMES.get(_json_type(error.instance), type(error.instance).__name__)
            want = _TYPE_NAMES.get(expected, expected) if isinstance(expected, str) else " or ".join(expected)
            hint = None
            if expected == "array" and isinstance(error.instance, str):
                hint = f"write it as a list: {path[-1]}: [{error.instance}]"
            elif expected == "integer" and isinstance(error.instance, str):
                hint = "write the number without quotes, e.g. 2021"
            return Problem(raw.display_path, line, field, f"expected {want}, found {got}", hint)
        if kind in ("minLength", "minItems") and not error.instance:
            return Problem(raw.display_path, line, field, "must not be empty",
                           error.schema.get("description") or "give at least one value")
        if kind == "minLength":
            return Problem(raw.display_path, line, field, f"is too short: at least {expected} characters expected",
                           error.schema.get("description"))
        if kind == "maxLength":
            return Problem(raw.display_path, line, field, f"is too long: at most {expected} characters allowed",
                           error.schema.get("description"))
        if kind == "uniqueItems":
            return Problem(raw.display_path, line, field, "lists the same value twice", "remove the repeated value")
        if kind in ("minimum", "maximum"):
            word = "at least" if kind == "minimum" else "at most"
            return Problem(raw.display_path, line, field, f"must be {word} {expected}, found {error.instance}")
        if kind in ("pattern", "format"):
            return self._format_problem(raw, line, field, path, error)
        return Problem(raw.display_path, line, field, error.message)

    def _is_optional(self, path: list) -> bool:
        """Whether the field at `path` may be left out (so an empty one can simply be deleted)."""
        schema, parent, name = self.schema, None, None
        for part in path:
            if isinstance(part, int):
                schema = schema.get("items", {})
                continue
            parent, name = schema, part
            schema = schema.get("properties", {}).get(part, {})
        return parent is not None and name not in parent.get("required", [])

    def _format_problem(self, raw: RawPractice, line: int | None, field: str | None, path: list, error: ValidationError) -> Problem:
        last = path[-1] if path else ""
        value = error.instance
        if last == "url":
            return Problem(raw.display_path, line, field, f"'{value}' is not a valid web address",
                           "a full URL starting with https:// and without spaces, or leave 'url' out")
        if last == "slug":
            return Problem(raw.display_path, line, field, f"'{value}' is not a valid slug",
                           f"use lower-case words joined by hyphens, e.g. '{slugify(str(value)) or 'my-practice'}'")
        if last == "last_reviewed" and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return Problem(raw.display_path, line, field, f"'{value}' is not a real date",
                           "check the month (01-12) and the day of the month")
        if last == "last_reviewed":
            return Problem(raw.display_path, line, field, f"'{value}' is not a date written YYYY-MM-DD",
                           f"e.g. {self.today.isoformat()}")
        return Problem(raw.display_path, line, field, f"'{value}' does not have the expected form",
                       error.schema.get("description"))

    def _check_vocabularies(self, raw: RawPractice, bad_fields: set[str]) -> Iterator[Problem]:
        for path, vocab_name in self._vocab_fields.items():
            if path[0] in bad_fields:
                continue
            value: Any = raw.data
            for part in path:
                value = value.get(part) if isinstance(value, dict) else None
            if value is None:
                continue
            values = value if isinstance(value, list) else [value]
            for index, item in enumerate(values):
                item_path = path + ((index,) if isinstance(value, list) else ())
                if not isinstance(item, str):
                    yield Problem(raw.display_path, line_of(raw.lines, item_path), _field_name(item_path),
                                  f"expected a text value, found {item!r}")
                    continue
                problem = self._vocabulary_problem(raw, vocab_name, item, item_path)
                if problem:
                    yield problem

    def _vocabulary_problem(self, raw: RawPractice, vocab_name: str, item: str, item_path: tuple) -> Problem | None:
        line, field = line_of(raw.lines, item_path), _field_name(item_path)
        if vocab_name == "benchmarks":
            if item in self._benchmarks:
                return None
            titles = {bid: b.title for bid, b in self._benchmarks.items()}  # someone may write the title
            hint = _did_you_mean(suggest(item, self._benchmarks, titles) or _suggest_by_last_part(item, self._benchmarks)) \
                or "see the Benchmarks pages: an id reads group.theme.benchmark"
            return Problem(raw.display_path, line, field, f"'{item}' is not a known benchmark id", hint)
        vocab = self.data.vocabularies.get(vocab_name)
        if vocab is None or item in vocab:
            return None
        if not item.strip():
            return Problem(raw.display_path, line, field, "must not be empty", f"allowed: {', '.join(vocab.ids)}")
        if vocab_name == "countries":
            return Problem(raw.display_path, line, field, f"'{item}' is not an ISO 3166-1 alpha-2 code",
                           _country_hint(item))
        labels = {t.id: t.label for t in vocab.terms}
        hint = _did_you_mean(suggest(item, vocab.ids, labels)) or f"allowed: {', '.join(vocab.ids)}"
        return Problem(raw.display_path, line, field, f"'{item}' is not a known {vocab.title.lower()}", hint)

    def _check_dates(self, raw: RawPractice, bad_fields: set[str]) -> Iterator[Problem]:
        data, shown = raw.data, raw.display_path
        reviewed = data.get("last_reviewed")
        if isinstance(reviewed, str) and "last_reviewed" not in bad_fields:
            try:
                day = date.fromisoformat(reviewed)
            except ValueError:
                yield Problem(shown, raw.lines.get(("last_reviewed",)), "last_reviewed",
                              f"'{reviewed}' is not a real date", "check the month (01-12) and the day")
            else:
                if day > self.today:
                    yield Problem(shown, raw.lines.get(("last_reviewed",)), "last_reviewed",
                                  f"{reviewed} is in the future", f"use the date you checked the facts, at latest {self.today}")

    def _check_slug(self, raw: RawPractice, bad_fields: set[str]) -> Iterator[Problem]:
        slug = raw.data.get("slug")
        if isinstance(slug, str) and "slug" not in bad_fields and slug != raw.path.stem:
            yield Problem(raw.display_path, raw.lines.get(("slug",)), "slug",
                          f"'{slug}' does not match the file name '{raw.path.name}'",
                          f"rename the file to {slug}.md or set slug: {raw.path.stem}")

    def _check_body(self, raw: RawPractice) -> Iterator[Problem]:
        yield from _unsafe_html(raw)
        lines = raw.body.split("\n")
        if not raw.body.strip():
            yield Problem(raw.display_path, raw.body_line, "body", "the body is empty",
                          "write the sections: " + "; ".join(self.required_sections))
            return
        headings = [(n, m.group(1).strip()) for n, t in enumerate(lines) if (m := re.match(r"^##\s+(.+?)\s*#*\s*$", t))]
        found = [h for _, h in headings]
        missing = [s for s in self.required_sections if s not in found]
        # A heading that is close to a missing section is most likely that section misspelt: say so on its line.
        for offset, heading in headings:
            if heading in self.required_sections or not missing:
                continue
            close = suggest(heading, missing)
            if close:
                missing.remove(close)
                yield Problem(raw.display_path, raw.body_line + offset, "body",
                              f"section '## {heading}' is not one of the required sections",
                              f"did you mean '## {close}'?")
        if missing:
            yield Problem(raw.display_path, raw.body_line, "body",
                          "missing section" + ("s " if len(missing) > 1 else " ") + ", ".join(f"'## {s}'" for s in missing),
                          "every practice has the same sections: " + "; ".join(f"## {s}" for s in self.required_sections))

    # -- across records ----------------------------------------------------------
    def check_collection(self, records: list[RawPractice]) -> Iterator[Problem]:
        for key in ("slug", "title"):
            first: dict[str, RawPractice] = {}
            # A slug belongs to the file named after it: report the other file as the duplicate.
            ordered = sorted(records, key=lambda r: r.path.stem != r.data.get(key)) if key == "slug" else records
            for raw in ordered:
                value = raw.data.get(key)
                if not isinstance(value, str):
                    continue
                norm = " ".join(value.lower().split())
                if norm in first:
                    other = first[norm]
                    yield Problem(raw.display_path, raw.lines.get((key,)), key,
                                  f"'{value}' is already used by {other.display_path}",
                                  f"each practice needs its own {key}")
                else:
                    first[norm] = raw

    def to_practice(self, raw: RawPractice) -> Practice:
        """Build the typed record; call only for a record without problems."""
        d = raw.data
        return Practice(
            slug=d["slug"], title=d["title"].strip(), summary=" ".join(d["summary"].split()),
            dimensions=tuple(d["dimensions"]), country=d["country"], places=tuple(d["places"]),
            municipality_size=d["municipality_size"], governance_level=d["governance_level"],
            actors=tuple(d["actors"]), target_groups=tuple(d["target_groups"]), status=d["status"],
            **provenance_fields(d, self.data.sources),
            evidence=Evidence(d["evidence"]["level"], " ".join(d["evidence"]["note"].split())),
            migrant_participation=d["migrant_participation"], last_reviewed=date.fromisoformat(d["last_reviewed"]),
            body=raw.body, path=raw.path, display_path=raw.display_path, title_original=d.get("title_original"),
            replicated_in=tuple(d.get("replicated_in") or ()),
            aliases=tuple(d.get("aliases") or ()),
        )


def validate_practices(records: list[RawPractice], data: AtlasData, today: date | None = None) -> tuple[list[Practice], list[Problem]]:
    """Check every record and the collection; return the valid practices and all problems."""
    validator = PracticeValidator(data, today)
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
    count = len(problems)
    lines = [str(p) for p in problems]
    lines.append(f"{count} problem{'s' if count != 1 else ''} found; nothing was built.")
    return "\n".join(lines)


def _unsafe_html(raw: RawPractice) -> Iterator[Problem]:
    """HTML that could run code in a reader's browser; the body reaches the page unescaped, so it is refused."""
    found: dict[int, tuple[str, str]] = {}  # first finding per line

    def note(position: int, what: str, hint: str) -> None:
        found.setdefault(raw.body_line + raw.body.count("\n", 0, position), (what, hint))

    for match in _DANGEROUS_ELEMENT.finditer(raw.body):
        name = match.group(1).lower()
        article = "an" if name[0] in "aeiou" else "a"
        note(match.start(), f"{article} <{name}> element", _ELEMENT_HINTS.get(name, _REMOVE_HTML))
    for tag in _TAG.finditer(raw.body):
        attribute = _EVENT_ATTRIBUTE.search(tag.group(0))
        if attribute:
            note(tag.start() + attribute.start() + 1, "an on…= event attribute",
                 _REMOVE_HTML + "; a practice page runs no script")
    for attributes in _ATTRIBUTE_LIST.finditer(raw.body):
        attribute = _LIST_EVENT_ATTRIBUTE.search(attributes.group(0))
        if attribute:
            note(attributes.start() + attribute.start(), "an on…= event attribute in an attribute list",
                 "remove the '{: … }' attribute list; a practice page runs no script")
    offset = 0
    for text in raw.body.split("\n"):
        if _SCRIPT_URL.search(_BLANKS.sub("", html.unescape(text))):
            note(offset, "a javascript: URL", "links must start with https:// or http://")
        offset += len(text) + 1
    for line in sorted(found):
        what, hint = found[line]
        yield Problem(raw.display_path, line, "body", f"contains {what}", hint)


def _suggest_by_last_part(item: str, benchmark_ids: Iterable[str]) -> str | None:
    """An id whose last part (the benchmark itself) is close, when its group or theme is wrong."""
    by_item = {bid.rsplit(".", 1)[-1]: bid for bid in benchmark_ids}
    close = suggest(item.rsplit(".", 1)[-1], by_item)
    return by_item[close] if close else None


def _json_type(value: Any) -> str:
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

