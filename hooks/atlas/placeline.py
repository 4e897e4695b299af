"""Where a practice runs, in one short line: "Hudiksvall, Sweden", "Cyprus" (not "Cyprus, Cyprus").

Cards, the home page's recent list, a practice page's heading line and the
related practices all show a practice's place this one way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Practice

if TYPE_CHECKING:
    from .catalogue import Catalogue


def place_line(practice: Practice, catalogue: Catalogue) -> str:
    """The places, then the country unless a place already names it (a national practice)."""
    country = catalogue.label("countries", practice.country)
    places = [p for p in practice.places if p.strip()]
    if any(p.casefold() == country.casefold() for p in places):
        return ", ".join(places)
    return ", ".join([*places, country])
