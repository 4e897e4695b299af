"""Fields that take an id from a controlled vocabulary (or a benchmark id): known, else the closest one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..load import RawPractice
from ..model import Problem
from ..suggest import country_hint, did_you_mean
from ..yamlmarks import line_of
from .context import CheckContext, field_name


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


def check(raw: RawPractice, context: CheckContext, bad_fields: frozenset[str]) -> Iterator[Problem]:
    for path, vocab_name in context.cached("vocabulary_fields", lambda: vocabulary_fields(context.schema)).items():
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
                yield Problem(
                    raw.display_path,
                    line_of(raw.lines, item_path),
                    field_name(item_path),
                    f"expected a text value, found {item!r}",
                )
                continue
            problem = _problem(raw, context, vocab_name, item, item_path)
            if problem:
                yield problem


def benchmark_problem(
    raw: RawPractice, context: CheckContext, item: str, item_path: tuple[str | int, ...]
) -> Problem | None:
    """An unknown benchmark id, with the closest known one (provenance checks the ids of `benchmarks:`)."""
    return _problem(raw, context, "benchmarks", item, item_path)


def _problem(
    raw: RawPractice, context: CheckContext, vocab_name: str, item: str, item_path: tuple[str | int, ...]
) -> Problem | None:
    line, field = line_of(raw.lines, item_path), field_name(item_path)
    if vocab_name == "benchmarks":
        if item in context.benchmarks:
            return None
        hint = (
            did_you_mean(context.suggest_benchmark(item))
            or "see the Benchmarks pages: an id reads group.theme.benchmark"
        )
        return Problem(raw.display_path, line, field, f"'{item}' is not a known benchmark id", hint)
    vocab = context.data.vocabularies.get(vocab_name)
    if vocab is None or item in vocab:
        return None
    if not item.strip():
        return Problem(raw.display_path, line, field, "must not be empty", f"allowed: {', '.join(vocab.ids)}")
    if vocab_name == "countries":
        return Problem(raw.display_path, line, field, f"'{item}' is not an ISO 3166-1 alpha-2 code", country_hint(item))
    hint = did_you_mean(context.suggester(vocab_name)(item)) or f"allowed: {', '.join(vocab.ids)}"
    return Problem(raw.display_path, line, field, f"'{item}' is not a known {vocab.title.lower()}", hint)
