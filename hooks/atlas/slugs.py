"""Slugs: the file name of a practice, made from any title or file name a contributor wrote."""
from __future__ import annotations

import re
import unicodedata

# European letters that Unicode does not split into a base letter and an accent.
_NO_DECOMPOSITION = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "ß": "ss",
                                   "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th", "ı": "i",
                                   "Ð": "D", "ð": "d", "Ħ": "H", "ħ": "h"})


def slugify(text: str) -> str:
    """A file name from a title: 'Fundão Welcome Desk' -> 'fundao-welcome-desk'."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_NO_DECOMPOSITION)).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].rstrip("-")
