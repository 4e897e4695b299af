"""The atlas as open data: a Frictionless Data Package under site/data/.

Every field descriptor is generated from the same practice schema and
vocabularies the validator uses (types, constraints, allowed values,
descriptions), so the published description cannot drift from the rules a
practice is checked against. Tables:

- practices.csv: one row per practice; a list field's values joined by "|"
  (which the schema keeps out of free-text list items)
- practice_benchmarks.csv: which benchmark each practice helps meet, and how
- benchmarks.csv, sources.csv, vocabularies.csv: what the ids refer to
- practice_sources.csv: each practice's sources with their locators
- practices.json: the rows of practices.csv, with lists as JSON arrays

CSV is written by the `csv` module (RFC 4180 quoting), JSON by `json`: no
value is escaped for HTML or altered, so any text round-trips unchanged.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .catalogue import Catalogue
from .load import AtlasData
from .model import Source
from .urls import page_url, practice_uri

FOLDER = "data"
DESCRIPTOR_URI = f"{FOLDER}/datapackage.json"
LIST_DELIMITER = "|"
PACKAGE_NAME = "local-integration-practice-atlas"
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


@dataclass(frozen=True)
class Column:
    """One column of a table: where the schema describes it, and how to read it from a record.

    `schema_path` points into practice.schema.json (("evidence", "level") is
    evidence.level); columns that are not front-matter fields give their own
    `description` and `type` instead.
    """

    name: str
    value: Callable[[Any], Any]
    schema_path: tuple[str, ...] | None = None
    description: str = ""
    type: str = "string"
    vocabulary: str | None = None
    required: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: list[Any]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()

    @property
    def path(self) -> str:
        return f"{self.name}.csv"


def _attr(name: str) -> Callable[[Any], Any]:
    return lambda record: getattr(record, name)


def _year(value: Any) -> str | None:
    return None if value is None else str(value)


def practice_columns(directory_urls: bool = False) -> tuple[Column, ...]:
    """practices.csv, in front-matter order; each front-matter field appears once."""
    c = Column
    return (
        c("slug", _attr("slug"), ("slug",)),
        c("title", _attr("title"), ("title",)),
        c("title_original", _attr("title_original"), ("title_original",)),
        c("summary", _attr("summary"), ("summary",)),
        c(
            "page",
            lambda p: page_url(practice_uri(p), directory_urls),
            description=("The practice's page, relative to the site's root (the folder above data/)."),
            required=True,
        ),
        c("dimensions", _attr("dimensions"), ("dimensions",)),
        c("country", _attr("country"), ("country",)),
        c("places", _attr("places"), ("places",)),
        c("municipality_size", _attr("municipality_size"), ("municipality_size",)),
        c("population_figure", lambda p: p.population.figure if p.population else None, ("population", "figure")),
        c("population_year", lambda p: p.population.year if p.population else None, ("population", "year")),
        c("population_source", lambda p: p.population.source if p.population else None, ("population", "source")),
        c("population_rounded", lambda p: p.population.rounded if p.population else None, ("population", "rounded")),
        c("governance_level", _attr("governance_level"), ("governance_level",)),
        c("actors", _attr("actors"), ("actors",)),
        c("target_groups", _attr("target_groups"), ("target_groups",)),
        c("started", lambda p: _year(p.started), ("started",)),
        c("ended", lambda p: _year(p.ended), ("ended",)),
        c("status", _attr("status"), ("status",)),
        c(
            "benchmarks",
            _attr("benchmarks"),
            ("benchmarks",),
            description=(
                "Ids of the benchmarks the practice helps a municipality meet; practice_benchmarks.csv gives, for each, "
                "one sentence on how."
            ),
        ),
        c("evidence_level", lambda p: p.evidence.level, ("evidence", "level")),
        c("evidence_note", lambda p: p.evidence.note, ("evidence", "note")),
        c("replicated_in", _attr("replicated_in"), ("replicated_in",)),
        c("migrant_participation", _attr("migrant_participation"), ("migrant_participation",)),
        c("last_reviewed", _attr("last_reviewed"), ("last_reviewed",)),
        c("aliases", _attr("aliases"), ("aliases",)),
    )


# Front-matter fields (lists of records) published in a table of their own; practices.csv
# keeps the benchmark ids as a list too, for filtering in a spreadsheet.
LINKED_FIELDS = {"sources": "practice_sources", "benchmarks": "practice_benchmarks"}


@dataclass(frozen=True)
class PracticeBenchmark:
    practice: str
    benchmark: str
    how: str | None


@dataclass(frozen=True)
class PracticeSource:
    practice: str
    source: str
    locator: str | None


@dataclass(frozen=True)
class VocabularyRow:
    vocabulary: str
    id: str
    label: str
    description: str
    min: int | None
    max: int | None


@dataclass(frozen=True)
class BenchmarkRow:
    id: str
    group: str
    group_title: str
    theme: str
    theme_title: str
    title: str
    statement: str


class DataPackageBuilder:
    """Tables and descriptor for one catalogue; field descriptors come from `data.schema`."""

    def __init__(self, catalogue: Catalogue, data: AtlasData, directory_urls: bool = False) -> None:
        self.catalogue = catalogue
        self.directory_urls = directory_urls
        self.data = data
        self.schema = data.schema

    # -- field descriptors -------------------------------------------------------
    def _schema_node(self, path: tuple[str, ...]) -> tuple[dict[str, Any], bool]:
        """The schema of the field at `path`, and whether it (and every parent) is required."""
        node: dict[str, Any] = self.schema
        required = True
        for part in path:
            if node.get("type") == "array":  # a list of records: describe one item's field
                node = node.get("items", {})
            required = required and part in node.get("required", [])
            node = node.get("properties", {}).get(part, {})
        return node, required

    def vocabulary_ids(self, name: str) -> list[str]:
        if name == "benchmarks":
            return list(self.catalogue.benchmarks)
        if name == "sources":
            return [row.key for row in self.source_rows()]
        vocabulary = self.catalogue.vocabularies.get(name)
        return vocabulary.ids if vocabulary else []

    def field(self, column: Column) -> dict[str, Any]:
        if column.schema_path is None:
            descriptor: dict[str, Any] = {"name": column.name, "type": column.type, "description": column.description}
            if column.type == "list":
                descriptor.update(delimiter=LIST_DELIMITER, itemType="string")
            constraints: dict[str, Any] = {"required": True} if column.required else {}
            if column.vocabulary:
                descriptor["x-vocabulary"] = column.vocabulary
                constraints["enum"] = self.vocabulary_ids(column.vocabulary)
            if constraints:
                descriptor["constraints"] = constraints
            return descriptor
        node, required = self._schema_node(column.schema_path)
        if not node:
            raise KeyError(f"practice.schema.json has no field {'.'.join(column.schema_path)}")
        # A nested field without a description of its own (evidence.level) takes its parent's.
        parent, _ = self._schema_node(column.schema_path[:-1]) if len(column.schema_path) > 1 else ({}, False)
        descriptor = {
            "name": column.name,
            "description": column.description or str(node.get("description") or parent.get("description", "")),
        }
        constraints = {"required": True} if required else {}
        vocabulary = node.get("x-vocabulary")
        kind = node.get("type")
        if kind == "array":
            items = node.get("items", {})
            # a list of plain values, or of records keyed by an id (benchmarks: [{id, how}])
            vocabulary = (
                vocabulary or items.get("x-vocabulary") or items.get("properties", {}).get("id", {}).get("x-vocabulary")
            )
            descriptor.update(type="list", delimiter=LIST_DELIMITER, itemType=_item_type(items))
            descriptor["description"] += (
                f" Several values are joined by '{LIST_DELIMITER}' in CSV and given as an array in JSON."
            )
            if vocabulary:
                # Table Schema has no per-item enum for lists: the allowed items are stated here,
                # and vocabularies.csv gives their labels.
                descriptor["x-vocabulary"] = vocabulary
                descriptor["x-itemEnum"] = self.vocabulary_ids(vocabulary)
            if node.get("minItems") and required:
                constraints["minLength"] = node["minItems"]
        elif kind == "integer":
            descriptor["type"] = "integer"
            constraints.update({k: node[k] for k in ("minimum", "maximum") if k in node})
        elif kind == "boolean":
            descriptor["type"] = "boolean"
        elif kind == "string" and node.get("format") == "date":
            descriptor["type"] = "date"
        else:  # a string, or a union such as integer-or-"by YEAR", which the CSV carries as written
            descriptor["type"] = "string"
            if kind == "string":
                constraints.update({k: node[k] for k in ("minLength", "maxLength") if k in node})
                if "pattern" in node and not vocabulary:
                    constraints["pattern"] = node["pattern"].removeprefix("^").removesuffix("$")
        if vocabulary and kind != "array":
            descriptor["x-vocabulary"] = vocabulary
            constraints["enum"] = self.vocabulary_ids(vocabulary)
        if constraints:
            descriptor["constraints"] = constraints
        return descriptor

    # -- tables ------------------------------------------------------------------
    def source_rows(self) -> list[Source]:
        """The bibliography (data/sources.yml), in its own order."""
        return list(self.catalogue.sources.values())

    def tables(self) -> list[Table]:
        cat = self.catalogue
        c = Column
        vocabularies = [
            VocabularyRow(v.name, t.id, t.label, t.description, t.min, t.max)
            for v in cat.vocabularies.values()
            for t in v.terms
        ]
        benchmarks = [
            BenchmarkRow(b.id, g.id, g.title, t.id, t.title, b.title, b.statement)
            for g in cat.groups
            for t in g.themes
            for b in t.benchmarks
        ]
        links = [PracticeBenchmark(p.slug, b, p.benchmark_how.get(b)) for p in cat.practices for b in p.benchmarks]
        cited = [PracticeSource(p.slug, c.source.key, c.locator) for p in cat.practices for c in p.citations]
        return [
            Table(
                "practices",
                "Practices",
                "One row per practice: every front-matter field of its file.",
                practice_columns(self.directory_urls),
                list(cat.practices),
                ("slug",),
            ),
            Table(
                "practice_benchmarks",
                "Practice–benchmark links",
                "Each benchmark a practice helps a municipality meet, with one sentence on how.",
                (
                    c(
                        "practice",
                        _attr("practice"),
                        description="The practice's slug (practices.slug).",
                        required=True,
                    ),
                    c(
                        "benchmark",
                        _attr("benchmark"),
                        description="The benchmark's id (benchmarks.id).",
                        required=True,
                    ),
                    c("how", _attr("how"), ("benchmarks", "how")),
                ),
                links,
                ("practice", "benchmark"),
                ((("practice",), "practices", ("slug",)), (("benchmark",), "benchmarks", ("id",))),
            ),
            Table(
                "benchmarks",
                "Benchmarks",
                "The benchmark framework: each benchmark with its group (a policy dimension or a set of "
                "cross-cutting principles) and theme.",
                (
                    c("id", _attr("id"), description="Stable id: group.theme.benchmark.", required=True),
                    c(
                        "group",
                        _attr("group"),
                        description="Id of the group: a policy dimension or principle set.",
                        required=True,
                    ),
                    c("group_title", _attr("group_title"), description="The group's name.", required=True),
                    c("theme", _attr("theme"), description="Id of the theme within the group.", required=True),
                    c("theme_title", _attr("theme_title"), description="The theme's name.", required=True),
                    c("title", _attr("title"), description="Short name of the benchmark.", required=True),
                    c(
                        "statement",
                        _attr("statement"),
                        description="What a municipality that meets it does.",
                        required=True,
                    ),
                ),
                benchmarks,
                ("id",),
            ),
            Table(
                "sources",
                "Sources",
                "The bibliography: every document the practices and benchmarks draw on, once.",
                (
                    c(
                        "key",
                        _attr("key"),
                        description="The source's key, cited by practice_sources.source.",
                        required=True,
                    ),
                    c("title", _attr("title"), description="Title of the document, as it gives it.", required=True),
                    c("authors", _attr("authors"), description="Its authors, when it names them.", type="list"),
                    c("publisher", _attr("publisher"), description="Who published it."),
                    c(
                        "year",
                        _attr("year"),
                        description="Year of publication, when the document gives one.",
                        type="integer",
                    ),
                    c("date", _attr("date"), description="Its date as printed, when more precise than the year."),
                    c("kind", _attr("kind"), description="What kind of document it is (report, web page...)."),
                    c("languages", _attr("languages"), description="The language versions it names.", type="list"),
                    c("url", _attr("url"), description="Where to find it, only when the document gives an address."),
                    c("note", _attr("note"), description="What our copy is and anything a reader needs to find it."),
                ),
                self.source_rows(),
                ("key",),
            ),
            Table(
                "practice_sources",
                "Practice sources",
                "The sources each practice's facts come from, with where in the document they stand.",
                (
                    c(
                        "practice",
                        _attr("practice"),
                        description="The practice's slug (practices.slug).",
                        required=True,
                    ),
                    c("source", _attr("source"), description="The source's key (sources.key).", required=True),
                    c("locator", _attr("locator"), ("sources", "locator")),
                ),
                cited,
                (),
                ((("practice",), "practices", ("slug",)), (("source",), "sources", ("key",))),
            ),
            Table(
                "vocabularies",
                "Vocabularies",
                "The allowed values of every controlled field, with the label the site shows.",
                (
                    c(
                        "vocabulary",
                        _attr("vocabulary"),
                        description="Name of the vocabulary, as in x-vocabulary.",
                        required=True,
                    ),
                    c("id", _attr("id"), description="The value as it appears in the data.", required=True),
                    c("label", _attr("label"), description="The value's name on the site.", required=True),
                    c("description", _attr("description"), description="What the value means."),
                    c(
                        "min",
                        _attr("min"),
                        description="Municipality sizes: least population (inclusive).",
                        type="integer",
                    ),
                    c(
                        "max",
                        _attr("max"),
                        description="Municipality sizes: population limit (exclusive).",
                        type="integer",
                    ),
                ),
                vocabularies,
                ("vocabulary", "id"),
            ),
        ]

    # -- output ------------------------------------------------------------------
    def files(self) -> dict[str, str]:
        """site path -> text of every file of the package, the descriptor last."""
        tables = self.tables()
        out = {f"{FOLDER}/{t.path}": table_csv(t) for t in tables}
        practices = tables[0]
        out[f"{FOLDER}/practices.json"] = table_json(practices)
        out[DESCRIPTOR_URI] = json.dumps(self.descriptor(tables), indent=2, ensure_ascii=False) + "\n"
        return out

    def table_schema(self, table: Table) -> dict[str, Any]:
        schema: dict[str, Any] = {"fields": [self.field(c) for c in table.columns], "missingValues": [""]}
        if table.primary_key:
            schema["primaryKey"] = list(table.primary_key)
        if table.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": list(f), "reference": {"resource": r, "fields": list(rf)}} for f, r, rf in table.foreign_keys
            ]
        return schema

    def descriptor(self, tables: list[Table]) -> dict[str, Any]:
        resources = []
        for table in tables:
            resources.append(
                {
                    "name": table.name,
                    "title": table.title,
                    "description": table.description,
                    "path": table.path,
                    "type": "table",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "schema": self.table_schema(table),
                }
            )
        practices = tables[0]
        resources.insert(
            1,
            {
                "name": "practices_json",
                "title": "Practices (JSON)",
                "description": "The rows of practices.csv as an array of JSON objects; list fields are arrays.",
                "path": "practices.json",
                "type": "table",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "schema": self.table_schema(practices),
            },
        )
        newest = max((p.last_reviewed for p in self.catalogue.practices), default=None)
        descriptor: dict[str, Any] = {
            "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
            "name": PACKAGE_NAME,
            "title": "Local Integration Practice Atlas",
            "description": (
                "Local practices for welcoming and integrating migrants and refugees in Europe, each "
                "tagged by policy dimension, country and municipality size and linked to the "
                "benchmarks it helps a municipality meet."
            ),
            "licenses": [LICENSE],
            "keywords": ["migration", "integration", "refugees", "local government", "Europe", "good practices"],
            "resources": resources,
        }
        if newest:
            descriptor["version"] = newest.isoformat()
        return descriptor


def _item_type(items: dict[str, Any]) -> str:
    kind = items.get("type")
    return kind if kind in ("integer", "number", "boolean") else "string"


def _cell(value: Any) -> str:
    """A CSV cell: lists joined with the delimiter, absent values empty, the rest as text."""
    if value is None:
        return ""
    if isinstance(value, bool):  # Table Schema's lexical form
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return LIST_DELIMITER.join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def table_csv(table: Table) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    writer.writerows([_cell(c.value(row)) for c in table.columns] for row in table.rows)
    return buffer.getvalue()


def table_json(table: Table) -> str:
    records = [{c.name: _json_value(c.value(row)) for c in table.columns} for row in table.rows]
    return json.dumps(records, indent=1, ensure_ascii=False) + "\n"


def list_value(cell: str) -> list[str]:
    """Split a list cell of practices.csv back into its values (what a reader's code does)."""
    return cell.split(LIST_DELIMITER) if cell else []
