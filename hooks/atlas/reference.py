"""Pages and files for contributors, generated from the same data the validator uses.

- the practice file reference (every field, its type, whether it is required,
  its allowed values with labels, an example), read from the JSON Schema, the
  vocabularies, body.yml and example.yml, so it cannot drift from the rules;
- the editor schema: the JSON Schema with each `x-vocabulary` turned into an
  `enum`, so YAML editors complete vocabulary ids and benchmark ids;
- the list of practices not reviewed for two years.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .catalogue import Catalogue
from .load import MAX_PRACTICE_BYTES, AtlasData, read_yaml_file
from .model import Practice, Problem, Term
from .scaffold import front_matter, practice_text
from .templating import GeneratedPage, MarkdownPages

REFERENCE_URI = "contribute/reference.md"
REVIEW_URI = "contribute/review.md"
SCHEMA_URI = "schema/practice.schema.json"
REVIEW_AFTER_YEARS = 2


@dataclass
class FieldDoc:
    """One front matter field as the reference page describes it."""

    name: str
    path: str  # dotted, e.g. sources.locator
    kind: str
    required: bool
    description: str
    rules: list[str]
    vocabulary: str | None = None
    terms: tuple[Term, ...] = ()
    example: str = ""
    fields: list[FieldDoc] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "field-" + self.path.replace(".", "-").replace("_", "-")


def _kind(prop: dict[str, Any]) -> str:
    kind = prop.get("type")
    if prop.get("format") == "date":
        return "date"
    if kind == "array":
        item = prop.get("items", {})
        return "list of " + ("sets of fields" if item.get("type") == "object" else "texts")
    return {
        "string": "text",
        "integer": "whole number",
        "object": "set of fields",
        "boolean": "true or false",
        "number": "number",
    }.get(str(kind), str(kind))


def _rules(prop: dict[str, Any]) -> list[str]:
    rules = []
    if "minLength" in prop and "maxLength" in prop:
        rules.append(f"{prop['minLength']} to {prop['maxLength']} characters")
    elif "minLength" in prop:
        rules.append(f"at least {prop['minLength']} characters")
    elif "maxLength" in prop:
        rules.append(f"at most {prop['maxLength']} characters")
    if prop.get("minItems"):
        rules.append(f"at least {prop['minItems']} item{'s' if prop['minItems'] > 1 else ''}")
    if prop.get("uniqueItems"):
        rules.append("no value twice")
    if "minimum" in prop and "maximum" in prop:
        rules.append(f"from {prop['minimum']} to {prop['maximum']}")
    if prop.get("format") == "date":
        rules.append("a real date written YYYY-MM-DD, not in the future")
    if prop.get("format") == "uri":
        rules.append("a full web address starting with https:// or http://")
    elif "pattern" in prop and prop.get("format") != "date":
        rules.append(f"matches the pattern `{prop['pattern']}`")
    return rules


def code_span(value: str) -> Markup:
    """An id shown as code; HTML-escaped, and safe inside a table cell."""
    return Markup("<code>{}</code>").format(value).replace("|", "&#124;")


def field_docs(data: AtlasData, example: dict[str, Any]) -> list[FieldDoc]:
    """Every field of the schema, nested fields under their parent, in the schema's order."""
    return _docs(data, data.schema, (), example)


def _docs(data: AtlasData, schema: dict[str, Any], parents: tuple[str, ...], example: Any) -> list[FieldDoc]:
    required = set(schema.get("required", []))
    docs = []
    for name, prop in schema.get("properties", {}).items():
        vocabulary = prop.get("x-vocabulary")
        terms: tuple[Term, ...] = ()
        if vocabulary == "benchmarks":
            terms = tuple(Term(b.id, b.title) for b in data.benchmarks.values())
        elif vocabulary == "sources":
            terms = tuple(Term(src.key, src.title) for src in data.sources.values())
        elif vocabulary and vocabulary != "countries" and vocabulary in data.vocabularies:
            terms = data.vocabularies[vocabulary].terms
        value = example.get(name) if isinstance(example, dict) else None
        snippet = front_matter({name: value}, [name], comment=None) if value not in (None, [], {}, "") else ""
        doc = FieldDoc(
            name,
            ".".join(parents + (name,)),
            _kind(prop),
            name in required,
            str(prop.get("description", "")),
            _rules(prop),
            vocabulary,
            terms,
            snippet,
        )
        nested = prop.get("items", prop) if prop.get("type") in ("array", "object") else {}
        if nested.get("type") == "object":
            sub_example = value[0] if isinstance(value, list) and value else value
            doc.fields = _docs(data, nested, parents + (name,), sub_example or {})
        docs.append(doc)
    return docs


def editor_schema(data: AtlasData) -> dict[str, Any]:
    """The practice schema with vocabulary ids as enums (and labels as descriptions) for editors."""
    schema = copy.deepcopy(data.schema)
    schema["$id"] = "practice.schema.json"
    schema["description"] = (
        "Front matter of one practice file, practices/<slug>.md, with the allowed values "
        "filled in from the atlas's vocabularies. Generated: edit data/schema/ instead."
    )

    def fill(prop: dict[str, Any]) -> None:
        name = prop.get("x-vocabulary")
        if name is None:
            return
        if name == "benchmarks":
            terms = [Term(b.id, b.title) for b in data.benchmarks.values()]
        elif name == "sources":
            terms = [Term(src.key, src.title) for src in data.sources.values()]
        else:
            terms = list(data.vocabularies[name].terms) if name in data.vocabularies else []
        target = prop["items"] if prop.get("type") == "array" else prop
        target["enum"] = [t.id for t in terms]
        target["enumDescriptions"] = [t.label for t in terms]
        target["markdownEnumDescriptions"] = [t.label for t in terms]

    for prop in schema.get("properties", {}).values():
        fill(prop)
        for sub in {**prop.get("properties", {}), **prop.get("items", {}).get("properties", {})}.values():
            fill(sub)
    return schema


def editor_schema_text(data: AtlasData) -> str:
    return json.dumps(editor_schema(data), indent=2, ensure_ascii=False) + "\n"


def load_example(data_dir: Path, root: Path | None = None) -> tuple[dict[str, Any], list[Problem]]:
    parsed, problems = read_yaml_file(data_dir / "schema" / "example.yml", root)
    return (parsed.data if parsed and isinstance(parsed.data, dict) else {}), problems


def review_cutoff(today: date, years: int = REVIEW_AFTER_YEARS) -> date:
    """The same day `years` earlier (28 February stands in for 29 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def due_for_review(practices: list[Practice], today: date, years: int = REVIEW_AFTER_YEARS) -> list[Practice]:
    """Practices last reviewed before the cutoff, oldest review first."""
    cutoff = review_cutoff(today, years)
    return sorted((p for p in practices if p.last_reviewed < cutoff), key=lambda p: (p.last_reviewed, p.slug))


def contribute_pages(
    catalogue: Catalogue,
    data: AtlasData,
    example: dict[str, Any],
    today: date,
    git_dates: dict[str, date] | None = None,
) -> list[GeneratedPage]:
    """The reference page and the review list (both in the nav), rendered with the escaping environment."""
    pages = MarkdownPages(catalogue)
    pages.env.filters["code_span"] = code_span
    example_file = Markup(practice_text(example, data, comment=None)) if example else ""
    reference = pages.page(
        "reference.md.j2",
        REFERENCE_URI,
        in_nav=True,
        fields=field_docs(data, example),
        schema_uri=SCHEMA_URI,
        sections=list(data.body.get("required_sections", [])),
        guidance=dict(data.body.get("section_guidance") or {}),
        example_file=example_file,
        max_kb=MAX_PRACTICE_BYTES // 1024,
        code=lambda text: Markup(text),
        review_years=REVIEW_AFTER_YEARS,
    )
    review = pages.page(
        "review.md.j2",
        REVIEW_URI,
        in_nav=True,
        due=due_for_review(catalogue.practices, today),
        today=today,
        cutoff=review_cutoff(today),
        years=REVIEW_AFTER_YEARS,
        git_dates=git_dates,
    )
    return [reference, review]
