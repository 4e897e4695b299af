"""The explorer's data: the catalogue shaped for the client-side filter.

The browser gets one generated script that sets a global, not a JSON file to
`fetch()`, because browsers block `fetch()` under `file://` and the atlas must
work from a copied folder. To stay small at thousands of practices, every facet
value is sent once in a label table and each practice refers to values by
their index in that table. The text search matches title, summary, places and
the country's label from that table, folded by the rule of atlas.names, whose
letter table travels with the data.
"""

from __future__ import annotations

import json
from typing import Any

from .catalogue import Catalogue
from .facets import FACETS, Facet
from .model import Practice
from .names import TYPED_AS
from .urls import page_link, practice_uri

GLOBAL_NAME = "ATLAS_EXPLORER"
DATA_URI = "assets/atlas/practices.js"
PAGE_URI = "explorer.md"


# Positions of the fixed fields in a practice row; facet columns follow.
ROW_FIELDS = ("slug", "title", "summary", "places", "started")


def facet_value_table(catalogue: Catalogue, facet: Facet) -> list[list[str]]:
    """[id, label] (plus the group title for benchmarks) for every value the filter offers."""
    if facet.is_benchmarks:
        return [
            [b.id, b.title, catalogue.group(b.group_id).title]
            for b in (catalogue.benchmarks[i] for i in catalogue.offered_values(facet))
        ]
    vocabulary = catalogue.vocabulary(facet.vocabulary)
    return [[i, vocabulary.label(i)] for i in catalogue.offered_values(facet)]


def practice_href(use_directory_urls: bool) -> str:
    """Link pattern from the explorer page to a practice page, with `{slug}` in it."""
    return page_link(PAGE_URI, practice_uri("{slug}"), use_directory_urls)


def _row(practice: Practice, indexes: list[dict[str, int]]) -> list[Any]:
    row: list[Any] = [
        practice.slug,
        practice.title,
        practice.summary,
        list(practice.places),
        practice.started.year if practice.started else None,
    ]
    for facet, index in zip(FACETS, indexes, strict=True):
        if isinstance(getattr(practice, facet.attribute), tuple):
            row.append([index[v] for v in facet.values_of(practice) if v in index])
        else:
            row.append(index[facet.values_of(practice)[0]])
    return row


def explorer_data(catalogue: Catalogue, href: str = "practices/{slug}.html") -> dict[str, Any]:
    """Everything the explorer needs, as plain JSON-able data.

    `href` is the link to a practice page relative to the explorer page, with
    `{slug}` in it; the hook derives it from the site's URL style.
    """
    facets = []
    indexes: list[dict[str, int]] = []
    for facet in FACETS:
        values = facet_value_table(catalogue, facet)
        facets.append({"key": facet.key, "label": facet.label, "values": values})
        indexes.append({v[0]: i for i, v in enumerate(values)})
    return {
        "version": 1,
        "href": href,
        "fields": list(ROW_FIELDS) + [f.key for f in FACETS],
        "facets": facets,
        "fold": TYPED_AS,  # letters the text search spells out (atlas.names), so the browser folds as Python does
        "practices": [_row(p, indexes) for p in catalogue.practices],
    }


def explorer_script(catalogue: Catalogue, href: str = "practices/{slug}.html") -> str:
    """The data as a script that sets `window.ATLAS_EXPLORER` (works under file://)."""
    payload = json.dumps(explorer_data(catalogue, href), ensure_ascii=False, separators=(",", ":"))
    # A .js file, never inlined, so no </script> concern; escape the two
    # line separators that old JavaScript parsers reject inside strings.
    payload = payload.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.{GLOBAL_NAME}={payload};\n"
