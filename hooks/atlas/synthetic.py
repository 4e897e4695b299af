"""Synthetic practice files for benchmarks: valid, varied, deterministic."""
from __future__ import annotations

import random
from pathlib import Path

from .load import AtlasData

_WORDS = ("welcome desk language cafe mentoring housing school clinic network youth women jobs training "
          "neighbourhood volunteers council plan advice bridge circle house route partnership").split()
_PLACES = ("Avigliana Hudiksvall Larissa Rostock Leuven Coevorden Tampere Sittard Maastricht Bilbao Pamplona "
           "Valencia Limassol Zagreb Dessau Barnstaple Espoo Graz Ghent Lund").split()
_COUNTRIES = ("AT BE CY DE ES FI FR GR HR IE IT LU NL SE GB").split()


def synthetic_practice(index: int, data: AtlasData, rng: random.Random) -> tuple[str, str]:
    """One practice file as (slug, text), drawing every coded value from the real vocabularies."""
    vocab = data.vocabularies
    benchmarks = sorted(data.benchmarks)
    title = f"{rng.choice(_WORDS).title()} {rng.choice(_WORDS)} {index}"
    slug = f"synthetic-{index:05d}"
    paragraph = " ".join(rng.choice(_WORDS) for _ in range(60)).capitalize() + "."
    sections = "\n\n".join(f"## {name}\n\n{paragraph}" for name in data.body.get("required_sections", []))
    front = f"""---
title: {title}
slug: {slug}
summary: A synthetic practice number {index}, generated to measure how the build scales.
dimensions: [{", ".join(rng.sample(vocab["dimensions"].ids, rng.randint(1, 2)))}]
country: {rng.choice(_COUNTRIES)}
places: [{rng.choice(_PLACES)}]
municipality_size: {rng.choice(vocab["municipality_sizes"].ids)}
governance_level: {rng.choice(vocab["governance_levels"].ids)}
actors: [{", ".join(rng.sample(vocab["actors"].ids, 2))}]
target_groups: [{", ".join(rng.sample(vocab["target_groups"].ids, 2))}]
started: {rng.randint(2005, 2025)}
status: {rng.choice(vocab["status"].ids)}
benchmarks: [{", ".join(rng.sample(benchmarks, min(3, len(benchmarks))))}]
sources:
  - title: Synthetic source {index}
    publisher: Atlas benchmark
    year: 2025
evidence:
  level: {rng.choice(vocab["evidence_levels"].ids)}
  note: Generated for the benchmark; nothing was measured.
migrant_participation: {rng.choice(vocab["migrant_participation"].ids)}
last_reviewed: 2026-01-01
---

"""
    return slug, front + sections + "\n"


def write_synthetic_practices(folder: Path, count: int, data: AtlasData, seed: int = 7) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for index in range(count):
        slug, text = synthetic_practice(index, data, rng)
        path = folder / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
