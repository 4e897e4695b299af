"""Made-up but valid practice files, for benchmarks at a scale the real atlas has not reached.

Values come from the real vocabularies and benchmark ids, bodies carry the
required sections, so the files pass the one validator like a contributor's.
"""
from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

from .load import AtlasData

_COUNTRIES = ("AT", "BE", "CZ", "DE", "DK", "ES", "FI", "FR", "GR", "IE", "IT", "NL", "PL", "PT", "SE", "SI")
_WORDS = ("welcome", "desk", "mentoring", "language", "café", "housing", "bridge", "network", "clinic",
          "school", "jobs", "neighbours", "council", "map", "guide", "garden", "workshop", "forum")
_SENTENCES = (
    "The municipality coordinates the work with local associations and keeps a small budget for it.",
    "Newcomers are met in their own language and shown where to find services in town.",
    "Volunteers and staff meet every month to review what worked and what did not.",
    "Employers offer short placements that can turn into regular contracts.",
    "Schools and the library lend rooms in the evening so that families can take part.",
    "A coordinator keeps in touch with each participant for at least a year.",
)


def _scalar(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON scalars are valid YAML


def synthetic_practice(n: int, data: AtlasData, rng: random.Random) -> tuple[str, str]:
    """(slug, file text) of practice number n."""
    vocab = data.vocabularies
    pick = lambda name, k=1: rng.sample(vocab[name].ids, k)  # noqa: E731
    words = rng.sample(_WORDS, 2)
    title = f"Synthetic practice {n:04d}: {words[0]} {words[1]}"
    slug = f"synthetic-{n:04d}"
    benchmarks = rng.sample(sorted(data.benchmarks), min(3, len(data.benchmarks)))
    started = rng.randint(2005, 2024)
    status = rng.choice(vocab["status"].ids)
    front = {
        "title": title, "slug": slug,
        "summary": f"A made-up practice for benchmarks: {words[0]} and {words[1]} for newcomers in a mid-sized place.",
        "dimensions": pick("dimensions", rng.randint(1, 2)), "country": rng.choice(_COUNTRIES),
        "places": [f"Place {n}"], "municipality_size": rng.choice(vocab["municipality_sizes"].ids),
        "governance_level": rng.choice(vocab["governance_levels"].ids),
        "actors": pick("actors", 2), "target_groups": pick("target_groups", 2),
        "started": started, "status": status, "benchmarks": benchmarks,
        "sources": [{"title": f"Synthetic source {n}", "publisher": "Benchmark generator", "year": 2024}],
        "evidence": {"level": rng.choice(vocab["evidence_levels"].ids), "note": "Nothing real was measured."},
        "migrant_participation": rng.choice(vocab["migrant_participation"].ids),
        "last_reviewed": date(2025, 6, 1).isoformat(),
    }
    if status == "ended":
        front["ended"] = min(2025, started + rng.randint(1, 5))
    lines = ["---"]
    for key, value in front.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{key}:")
            for item in value:
                lines.append("  - " + "\n    ".join(f"{k}: {_scalar(v)}" for k, v in item.items()))
        elif isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {k}: {_scalar(v)}" for k, v in value.items()]
        else:
            lines.append(f"{key}: {_scalar(value)}")
    lines.append("---")
    for section in data.body.get("required_sections", []):
        lines += ["", f"## {section}", "", " ".join(rng.choice(_SENTENCES) for _ in range(rng.randint(3, 6)))]
    return slug, "\n".join(lines) + "\n"


def write_synthetic_practices(folder: Path, count: int, data: AtlasData, seed: int = 2026) -> list[Path]:
    """Write `count` practice files into `folder`; the same seed gives the same files."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for n in range(1, count + 1):
        slug, text = synthetic_practice(n, data, rng)
        path = folder / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
