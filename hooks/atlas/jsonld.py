"""Structured data (schema.org JSON-LD) for practice pages.

Search engines and aggregators read a practice's place, topic, dates and
sources from an `application/ld+json` block, which browsers never execute, so
the Content Security Policy stays strict (csp.py allows that type only). Text
goes in as JSON, escaped for the inside of a `<script>` element: `<`, `>` and
`&` become `\\u003c`-style escapes, so no value can close the element or open
a comment, and the JSON still decodes to the exact text.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any
from urllib.parse import urljoin

from .catalogue import Catalogue
from .datapackage import LICENSE
from .model import Practice
from .urls import page_url, practice_uri

MEDIA_TYPE = "application/ld+json"
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029]")
_HEAD_END = re.compile(r"</head\s*>", re.I)


def practice_document(
    practice: Practice,
    catalogue: Catalogue,
    *,
    modified: date,
    site_url: str | None = None,
    directory_urls: bool = False,
    site_name: str = "Local Integration Practice Atlas",
) -> dict[str, Any]:
    """A schema.org Article about one practice: where it runs, what it addresses, and what it cites."""
    cat = catalogue
    country = cat.label("countries", practice.country)
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": practice.title,
        "name": practice.title,
        "description": practice.summary,
        "inLanguage": "en",
        "dateModified": modified.isoformat(),
        "license": LICENSE["path"],
        "isPartOf": {"@type": "WebSite", "name": site_name},
        "spatialCoverage": [
            {"@type": "Place", "name": place, "address": {"@type": "PostalAddress", "addressCountry": practice.country}}
            for place in practice.places
        ]
        + [{"@type": "Country", "name": country, "identifier": practice.country}],
        "about": [
            {
                "@type": "DefinedTerm",
                "name": cat.label("dimensions", d),
                "termCode": d,
                "inDefinedTermSet": "Policy dimensions",
            }
            for d in practice.dimensions
        ]
        + [
            {"@type": "DefinedTerm", "name": cat.benchmarks[b].title, "termCode": b, "inDefinedTermSet": "Benchmarks"}
            for b in practice.benchmarks
            if b in cat.benchmarks
        ],
        "audience": [
            {"@type": "Audience", "audienceType": cat.label("target_groups", t)} for t in practice.target_groups
        ],
        "keywords": [cat.label("dimensions", d) for d in practice.dimensions]
        + [cat.label("municipality_sizes", practice.municipality_size), country],
        "citation": [_citation(source) for source in practice.sources],
    }
    if practice.title_original:
        document["alternateName"] = practice.title_original
    coverage = _temporal(practice)
    if coverage:
        document["temporalCoverage"] = coverage
    if site_url:
        document["url"] = urljoin(site_url.rstrip("/") + "/", page_url(practice_uri(practice), directory_urls))
    return document


def _citation(source: Any) -> dict[str, Any]:
    cited: dict[str, Any] = {"@type": "CreativeWork", "name": source.title}
    if getattr(source, "authors", None):
        cited["author"] = [{"@type": "Person", "name": name} for name in source.authors]
    if getattr(source, "publisher", None):
        cited["publisher"] = {"@type": "Organization", "name": source.publisher}
    if getattr(source, "year", None):
        cited["datePublished"] = str(source.year)
    if getattr(source, "url", None):
        cited["url"] = source.url
    return cited


def _temporal(practice: Practice) -> str | None:
    """An ISO 8601 interval, only from years a source states (a "by YEAR" claim gives no start)."""
    started = _stated_year(practice.started)
    ended = _stated_year(practice.ended)
    if started is None or (practice.ended is not None and ended is None):
        return None  # no stated start, or an end known only as "by YEAR": an interval would claim too much
    return f"{started}/{ended if ended is not None else '..'}"


def _stated_year(value: Any) -> int | None:
    if isinstance(value, int):
        return value
    if getattr(value, "by", True) is False:  # a YearClaim that states its year
        return int(value.year)
    return None


def script_json(document: dict[str, Any]) -> str:
    """JSON safe inside a `<script>` element: decodes to the same values, cannot end the element."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return _SCRIPT_UNSAFE.sub(lambda m: _SCRIPT_ESCAPES[m.group(0)], text)


def script_block(document: dict[str, Any]) -> str:
    return f'<script type="{MEDIA_TYPE}">{script_json(document)}</script>'


def add_to_head(html: str, fragment: str) -> str:
    """`fragment` just before `</head>` (the page unchanged when it has none)."""
    end = _HEAD_END.search(html)
    return html if not end else html[: end.start()] + fragment + html[end.start() :]
