"""How a gold label and an extracted name are compared: normalised, then equal.

The normalisation is fixed here, on purpose apart from the extractor's own name handling
(kg.extract, kg.resolution): a looser extractor must not make the scorer looser too.

normalise_label:
  1. Unicode NFKC; curly quotes to straight ones; every dash (‐ ‑ ‒ – — ―) to "-".
  2. A bracketed acronym is dropped: "World Internet Conference (WIC) Forum" = "World Internet
     Conference Forum" (two or more capitals inside brackets of one word: "(WIC)", "(eWTP)", "(MoU)").
  3. "of the People's Republic of China" = "of China", "the People's Republic of China" = "China".
  4. Case folded; "&" = "and"; other punctuation except "-" and "'" becomes a space; a leading
     "the" is dropped; runs of spaces become one.
A gold label also matches without a trailing qualifier in brackets, which the gold adds to events and
agreements the text does not name: "APEC Economic Leaders Meeting (Da Nang, 2017)" is matched by an
extracted "APEC Economic Leaders Meeting".
"""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2010": "-", "\u2011": "-",
                       "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-"})
_ACRONYM = re.compile(r"\s*\((?=[^)]*[A-Z][^)]*[A-Z])[A-Za-z0-9&.\-]{2,12}\)")
_PRC = re.compile(r"\b(?:the\s+)?people's\s+republic\s+of\s+china\b")
_PUNCTUATION = re.compile(r"[^\w\s'\-]+")
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")


def normalise_label(text: str) -> str:
    folded = _ACRONYM.sub("", unicodedata.normalize("NFKC", text).translate(_FOLD)).casefold()
    folded = _PRC.sub("china", folded).replace("&", " and ")
    words = _PUNCTUATION.sub(" ", folded).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def gold_forms(label: str) -> frozenset[str]:
    """The normalised forms a gold label is matched by: itself, and without a trailing (qualifier)."""
    forms = {normalise_label(label), normalise_label(_QUALIFIER.sub("", label))}
    return frozenset(f for f in forms if f)
