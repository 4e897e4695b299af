"""What every check needs, built once per validation run, and the shared little helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..load import AtlasData, RawPractice
from ..model import Benchmark, Problem
from ..suggest import BenchmarkSuggester, Suggester

RecordCheck = Callable[[RawPractice, "CheckContext", frozenset[str]], Iterator[Problem]]
CollectionCheck = Callable[[list[RawPractice], "CheckContext"], Iterator[Problem]]


@dataclass
class CheckContext:
    """The schema, vocabularies and benchmarks a run checks against, with suggesters built once."""

    data: AtlasData
    today: date
    established: frozenset[str] = frozenset()  # display paths already committed: they keep a shared title
    benchmarks: dict[str, Benchmark] = field(init=False)
    required_sections: list[str] = field(init=False)
    _suggesters: dict[str, Suggester] = field(init=False, default_factory=dict)
    _benchmark_suggester: BenchmarkSuggester | None = field(init=False, default=None)
    _cache: dict[str, Any] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.benchmarks = self.data.benchmarks
        self.required_sections = [str(s) for s in self.data.body.get("required_sections", []) or []]

    @property
    def schema(self) -> dict[str, Any]:
        return self.data.schema

    def cached(self, name: str, compute: Callable[[], Any]) -> Any:
        """Anything a check family derives once per run from the schema or data (not per record)."""
        if name not in self._cache:
            self._cache[name] = compute()
        return self._cache[name]

    def suggester(self, vocab_name: str) -> Suggester:
        """One suggester per vocabulary, matching ids and labels."""
        if vocab_name not in self._suggesters:
            vocab = self.data.vocabularies[vocab_name]
            self._suggesters[vocab_name] = Suggester(vocab.ids, {t.id: t.label for t in vocab.terms})
        return self._suggesters[vocab_name]

    def suggest_benchmark(self, value: str) -> str | None:
        if self._benchmark_suggester is None:
            self._benchmark_suggester = BenchmarkSuggester({bid: b.title for bid, b in self.benchmarks.items()})
        return self._benchmark_suggester(value)


def field_name(path: Iterable[Any]) -> str:
    """('sources', 0, 'url') -> 'sources[1].url', as a contributor counts."""
    name = ""
    for part in path:
        name += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name
