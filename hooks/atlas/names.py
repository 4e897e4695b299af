"""How a practice's names read: each said once, and text folded the way readers type it.

A national programme's place is often its country (places [Finland], country
FI): a list that says "Finland (Finland)" reads like a mistake. A practice's
original name is worth a subtitle only when the title does not already start
with it ("Diversity Café (St. Pölten)" needs no "Diversity Café" under it).
The explorer matches typed words against folded text, with the letters below
sent to the browser so that Python and JavaScript fold alike.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# Letters accent stripping leaves as they are, and how a reader without them types them.
TYPED_AS = {"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}


def folded(text: str) -> str:
    """Lower case, no accents, the letters above spelled out: "Dessau-Roßlau" -> "dessau-rosslau"."""
    stripped = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()
    return "".join(TYPED_AS.get(c, c) for c in stripped)


def same_name(a: str, b: str) -> bool:
    """Whether two names are the same for a reader: case, accents and spacing aside."""
    return folded(a).split() == folded(b).split()


def country_unless_named(places: Iterable[str], country: str) -> str | None:
    """The country's name, or None when one of the places already is the country."""
    return None if any(same_name(place, country) for place in places) else country


def place_names(places: Iterable[str], country: str) -> list[str]:
    """The places, then the country unless a place names it: ["Larissa", "Greece"], ["Finland"]."""
    names = list(places)
    shown = country_unless_named(names, country)
    return names + [shown] if shown else names


def where(places: Iterable[str], country: str) -> str:
    """'Larissa (Greece)', 'Avigliana, Susa Valley (Italy)', or just 'Finland'."""
    names = list(places)
    shown = country_unless_named(names, country)
    if not names:
        return country
    return f"{', '.join(names)} ({shown})" if shown else ", ".join(names)


def original_title(title: str, original: str | None) -> str | None:
    """The original name as a subtitle, or None when the title is it or starts with it and a bracket."""
    if not original:
        return None
    title_words, original_words = folded(title).split(), folded(original).split()
    if title_words == original_words:
        return None
    starts = title_words[: len(original_words)] == original_words
    if starts and len(title_words) > len(original_words) and title_words[len(original_words)].startswith("("):
        return None
    return original
