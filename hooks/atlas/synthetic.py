"""Synthetic practice files for benchmarks and scale tests.

Valid against the real schema, vocabularies and benchmark ids, with text of a
realistic length (cards and data size depend on it), and deterministic for a
given seed so runs can be compared.
"""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

from .load import AtlasData
from .slug import slugify

_COUNTRIES = ("AT", "BE", "DE", "DK", "ES", "FI", "FR", "GR", "IE", "IT", "NL", "PL", "PT", "SE", "SI", "CZ")
_SYLLABLES = (
    "berg",
    "dal",
    "ham",
    "ville",
    "stad",
    "burg",
    "vik",
    "ford",
    "lund",
    "mont",
    "sala",
    "kirch",
    "holm",
    "ova",
    "ice",
    "ano",
    "heim",
    "ness",
)
_STARTS = ("Nor", "Ost", "Wes", "Sud", "Alt", "Neu", "Val", "San", "Kra", "Mar", "Lin", "Bel", "Tor", "Gra", "Hel")
_WHAT = (
    "welcome desk",
    "language café",
    "mentoring scheme",
    "housing cooperative",
    "job bridge",
    "health navigators",
    "school buddies",
    "integration council",
    "community kitchen",
    "skills passport",
    "tenant mediation",
    "women's circle",
    "youth workshop",
    "neighbourhood hub",
    "interpreter pool",
)
_HOW = (
    "pairs newcomers with trained residents",
    "brings the municipality and local employers to one table",
    "runs weekly sessions in the public library",
    "offers advice in the languages people speak",
    "trains front-line staff in the town hall",
    "opens empty flats to families who need a home",
    "links schools, parents and social workers",
    "lets migrants shape the services they use",
)
_WHY = (
    "so that people find work sooner",
    "to cut waiting times for a first appointment",
    "so that children settle at school",
    "to build trust between old and new residents",
    "so that nobody is left without a roof",
    "to make the local plan reflect everyone's needs",
)


def _place(rng: random.Random) -> str:
    return rng.choice(_STARTS) + rng.choice(_SYLLABLES)


def synthetic_practice(index: int, rng: random.Random, data: AtlasData, today: date | None = None) -> tuple[str, str]:
    """(slug, file text) of one valid practice."""
    vocab = data.vocabularies
    ids = {name: v.ids for name, v in vocab.items()}
    benchmarks = sorted(data.benchmarks)
    what = rng.choice(_WHAT)
    places = list(dict.fromkeys(_place(rng) for _ in range(rng.choice((1, 1, 1, 2)))))
    title = f"{what.capitalize()} for newcomers in {places[0]}, number {index}"
    slug = slugify(f"{what} {places[0]} {index}")
    summary = (
        f"The {what} of {' and '.join(places)} {rng.choice(_HOW)} {rng.choice(_WHY)}. "
        f"It also {rng.choice(_HOW)} {rng.choice(_WHY)}."
    )
    status = rng.choice(ids["status"])
    started = rng.randint(2005, 2024)
    size = rng.choice(ids["municipality_sizes"])
    term = vocab["municipality_sizes"].get(size)
    front = {
        "title": title,
        "slug": slug,
        "summary": summary,
        "dimensions": rng.sample(ids["dimensions"], rng.choice((1, 1, 2, 3))),
        "country": rng.choice(_COUNTRIES),
        "places": places,
        "municipality_size": size,
        "governance_level": rng.choice(ids["governance_levels"]),
        "actors": rng.sample(ids["actors"], rng.randint(1, 3)),
        "target_groups": rng.sample(ids["target_groups"], rng.randint(1, 3)),
        "started": started,
        "status": status,
        "benchmarks": [
            {"id": b, "how": f"Invented for a benchmark run: it {rng.choice(_HOW)} {rng.choice(_WHY)}."}
            for b in rng.sample(benchmarks, min(len(benchmarks), rng.randint(1, 4)))
        ],
        "sources": [{"key": next(iter(data.sources)), "locator": "synthetic practice, no real locator"}],
        "evidence": {
            "level": rng.choice(ids["evidence_levels"]),
            "note": "Invented for a benchmark run; not a real result.",
        },
        "migrant_participation": rng.choice(ids["migrant_participation"]),
        "last_reviewed": (today or date(2025, 1, 1)).isoformat(),
    }
    if term is not None and term.min is not None:
        front["population"] = {
            "figure": rng.randint(term.min, (term.max or term.min * 4) - 1),
            "year": 2024,
            "source": "invented for a benchmark run",
        }
    if status == "ended":
        front["ended"] = min(started + rng.randint(1, 5), 2025)
    # JSON is YAML: one line per field, every string safely quoted.
    lines = ["---"] + [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()] + ["---", ""]
    sections = list(data.body.get("required_sections", []))
    for section in sections:
        lines += [f"## {section}", "", f"{summary} This paragraph stands in for the section on {section.lower()}.", ""]
    return slug, "\n".join(lines)


def write_synthetic_practices(folder: Path, count: int, data: AtlasData, seed: int = 1) -> list[Path]:
    """Write `count` practice files into `folder` (created if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    written = []
    for index in range(count):
        slug, text = synthetic_practice(index, rng, data)
        path = folder / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
