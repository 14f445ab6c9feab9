"""A conservative check for stores whose engine kg cannot sandbox (a remote endpoint).

On the embedded store the query workers cannot open internet sockets (kg.store.sandbox), so
no text check is needed there. A remote server fetches for SERVICE and LOAD itself, and kg
cannot see how it parses (the SSRF of issue 13 hid SERVICE behind a comment that rdflib
ends at `\\n` and Oxigraph at `\\r`). So this check does not parse at all: it refuses any
text in which the letters of the keyword appear in a row, after SPARQL's `\\u`/`\\U` escapes
are decoded and case folded, wherever they are (a comment, a string, a variable name).
No lexer can make the keyword out of text that does not contain it; the price is refusing
a few harmless queries, and the message says how to write those.
"""

from __future__ import annotations

import re

from kg.errors import Location
from kg.store.base import Refused

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _decoded(text: str) -> str:
    def char(found: re.Match[str]) -> str:
        code = int(found.group(1) or found.group(2), 16)
        return chr(code) if code <= 0x10FFFF else found.group(0)

    previous = None
    while previous != text:  # an escape may spell another escape
        previous, text = text, _ESCAPE.sub(char, text)
    return text.casefold()


def refuse_outbound(text: str, update: bool, name: str) -> None:
    """Raise Refused when the text could hold SERVICE (or, in an update, LOAD)."""
    folded = _decoded(text)
    for word in ("service", "load") if update else ("service",):
        at = folded.find(word)
        if at >= 0:
            line = folded.count("\n", 0, at) + 1
            raise Refused(f"{word.upper()} is refused: this store's server could fetch other URLs, so no request "
                          f"may contain the letters {word!r} in a row (spell a literal as CONCAT(\"{word[:3]}\", "
                          f"\"{word[3:]}\"))", Location(name, line))
