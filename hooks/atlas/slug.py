"""The one slug function: a practice's file name and page URL from its title."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG_LENGTH = 80

# European letters that Unicode does not split into a base letter and an accent.
_NO_DECOMPOSITION = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "Đ": "D",
        "đ": "d",
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "Þ": "Th",
        "þ": "th",
        "ı": "i",
        "Ð": "D",
        "ð": "d",
        "Ħ": "H",
        "ħ": "h",
    }
)


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: 'Fundão Welcome Desk' -> 'fundao-welcome-desk'.

    Empty when the text has no letter or digit; callers that need a name then pick their own.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_NO_DECOMPOSITION))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:MAX_SLUG_LENGTH].rstrip("-")
