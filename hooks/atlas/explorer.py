"""The explorer's data: the catalogue shaped for the client-side filter.

The browser gets one generated script that sets a global, not a JSON file to
`fetch()`, because browsers block `fetch()` under `file://` and the atlas must
work from a copied folder. To stay small at thousands of practices, every facet
value is sent once in a label table and each practice refers to values by
their index in that table.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .catalogue import Catalogue
from .model import Practice

GLOBAL_NAME = "ATLAS_EXPLORER"
DATA_URI = "assets/atlas/practices.js"
PAGE_URI = "explorer.md"


@dataclass(frozen=True)
class ExplorerFacet:
    """One filter of the explorer: its URL key, practice attribute and vocabulary."""

    key: str
    attribute: str
    vocabulary: str  # "benchmarks" is the benchmark framework, not a vocabulary file
    label: str


# The order the facets appear in on the page.
EXPLORER_FACETS: tuple[ExplorerFacet, ...] = (
    ExplorerFacet("dimension", "dimensions", "dimensions", "Policy dimension"),
    ExplorerFacet("country", "country", "countries", "Country"),
    ExplorerFacet("size", "municipality_size", "municipality_sizes", "Municipality size"),
    ExplorerFacet("level", "governance_level", "governance_levels", "Governance level"),
    ExplorerFacet("target", "target_groups", "target_groups", "Target group"),
    ExplorerFacet("actor", "actors", "actors", "Actor type"),
    ExplorerFacet("benchmark", "benchmarks", "benchmarks", "Benchmark"),
    ExplorerFacet("status", "status", "status", "Status"),
)

# Positions of the fixed fields in a practice row; facet columns follow.
ROW_FIELDS = ("slug", "title", "summary", "places", "started")


def facet_value_table(catalogue: Catalogue, facet: ExplorerFacet) -> list[list[str]]:
    """[id, label] (plus the group title for benchmarks) for every value the filter offers.

    Closed vocabularies list every value, so an empty one shows as disabled;
    countries list only those with practices (a filter of 249 countries helps nobody).
    """
    if facet.vocabulary == "benchmarks":
        return [[b.id, b.title, group.title] for group in sorted(catalogue.groups, key=lambda g: g.order)
                for b in group.benchmarks]
    vocabulary = catalogue.vocabulary(facet.vocabulary)
    if facet.vocabulary == "countries":
        used = {p.country for p in catalogue.practices}
        return [[t.id, t.label] for t in vocabulary.terms if t.id in used]
    return [[t.id, t.label] for t in vocabulary.terms]


def practice_href(use_directory_urls: bool) -> str:
    """Link pattern from the explorer page (explorer.md) to a practice page."""
    return "../practices/{slug}/" if use_directory_urls else "practices/{slug}.html"


def _row(practice: Practice, indexes: list[dict[str, int]]) -> list[Any]:
    row: list[Any] = [practice.slug, practice.title, practice.summary, list(practice.places),
                      practice.started.year if practice.started else None]
    for facet, index in zip(EXPLORER_FACETS, indexes):
        value = getattr(practice, facet.attribute)
        if isinstance(value, tuple):
            row.append([index[v] for v in value if v in index])
        else:
            row.append(index[value])
    return row


def explorer_data(catalogue: Catalogue, href: str = "practices/{slug}.html") -> dict[str, Any]:
    """Everything the explorer needs, as plain JSON-able data.

    `href` is the link to a practice page relative to the explorer page, with
    `{slug}` in it; the hook derives it from the site's URL style.
    """
    facets = []
    indexes: list[dict[str, int]] = []
    for facet in EXPLORER_FACETS:
        values = facet_value_table(catalogue, facet)
        facets.append({"key": facet.key, "label": facet.label, "values": values})
        indexes.append({v[0]: i for i, v in enumerate(values)})
    return {
        "version": 1,
        "href": href,
        "fields": list(ROW_FIELDS) + [f.key for f in EXPLORER_FACETS],
        "facets": facets,
        "practices": [_row(p, indexes) for p in catalogue.practices],
    }


def explorer_script(catalogue: Catalogue, href: str = "practices/{slug}.html") -> str:
    """The data as a script that sets `window.ATLAS_EXPLORER` (works under file://)."""
    payload = json.dumps(explorer_data(catalogue, href), ensure_ascii=False, separators=(",", ":"))
    # A .js file, never inlined, so no </script> concern; escape the two
    # line separators that old JavaScript parsers reject inside strings.
    payload = payload.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.{GLOBAL_NAME}={payload};\n"
