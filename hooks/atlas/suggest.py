"""Did-you-mean suggestions, cheap enough to give for every one of thousands of mistakes.

difflib's ratio costs about a millisecond per long candidate, so a pool of a
few hundred benchmark ids and titles made each suggestion cost tens of
milliseconds, and the error path of a large validation ten times slower than
the clean path. A `Suggester` lower-cases its pool once and remembers every
answer it gave; benchmark ids are matched part by part (group, theme, item),
each against a pool of a few short words.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable

import pycountry


class Suggester:
    """The closest allowed value for a typed one, matching ids and (if given) their labels."""

    def __init__(self, candidates: Iterable[str], labels: dict[str, str] | None = None, cutoff: float = 0.6) -> None:
        self.candidates = list(candidates)
        self.cutoff = cutoff
        self._exact = {c.lower(): c for c in self.candidates}
        self._pool = dict(self._exact)
        if labels:
            label_pool = {labels[c].lower(): c for c in self.candidates if c in labels}
            self._exact.update({k: v for k, v in label_pool.items() if k not in self._exact})
            self._pool.update(label_pool)
        self._answers: dict[str, str | None] = {}

    def __call__(self, value: str) -> str | None:
        if value not in self._answers:
            self._answers[value] = self._closest(value)
        return self._answers[value]

    def _closest(self, value: str) -> str | None:
        value_l = value.strip().lower()
        if value_l in self._exact:
            return self._exact[value_l]
        close = difflib.get_close_matches(value_l, list(self._pool), n=1, cutoff=self.cutoff)
        return self._pool[close[0]] if close else None


def suggest(value: str, candidates: Iterable[str], labels: dict[str, str] | None = None) -> str | None:
    """One-off suggestion (the validator keeps Suggesters instead, to reuse their pools)."""
    return Suggester(candidates, labels)(value)


class BenchmarkSuggester:
    """Suggests a benchmark id `group.theme.item` part by part, or from a written title."""

    def __init__(self, titles: dict[str, str]) -> None:
        self.ids = set(titles)
        self._titles = Suggester(titles, titles)
        tree: dict[str, dict[str, set[str]]] = {}
        for bid in titles:
            group, theme, item = (bid.split(".", 2) + ["", ""])[:3]
            tree.setdefault(group, {}).setdefault(theme, set()).add(item)
        self._tree = tree
        self._groups = Suggester(tree)
        self._themes = {g: Suggester(themes) for g, themes in tree.items()}
        self._items = {(g, t): Suggester(items) for g, themes in tree.items() for t, items in themes.items()}
        by_item: dict[str, str] = {}
        for bid in sorted(titles):
            by_item.setdefault(bid.rsplit(".", 1)[-1], bid)
        self._by_item, self._last_parts = by_item, Suggester(by_item)
        self._answers: dict[str, str | None] = {}

    def __call__(self, value: str) -> str | None:
        if value not in self._answers:
            self._answers[value] = self._closest(value)
        return self._answers[value]

    def _closest(self, value: str) -> str | None:
        text = value.strip()
        if " " in text:  # someone wrote the title
            return self._titles(text)
        parts = text.lower().split(".")
        if len(parts) == 3:
            group = self._groups(parts[0])
            theme = self._themes[group](parts[1]) if group else None
            item = self._items[(group, theme)](parts[2]) if group and theme else None
            if item:
                return f"{group}.{theme}.{item}"
        last = self._last_parts(parts[-1])  # the group or theme is wrong, the benchmark itself is right
        return self._by_item[last] if last else None


def did_you_mean(found: str | None) -> str | None:
    return f"did you mean '{found}'?" if found else None


@functools.lru_cache(maxsize=1)
def _country_names() -> Suggester:
    names = {c.alpha_2: (getattr(c, "common_name", None) or c.name) for c in pycountry.countries}
    return Suggester(names, names, cutoff=0.7)


@functools.lru_cache(maxsize=4096)
def country_hint(value: str) -> str:
    """The ISO code for a country written as a name, an alpha-3 code or a near miss."""
    try:
        return did_you_mean(pycountry.countries.lookup(value.strip()).alpha_2) or ""
    except LookupError:
        pass
    return did_you_mean(_country_names()(value)) or "see the ISO 3166-1 alpha-2 list, e.g. SE for Sweden"
