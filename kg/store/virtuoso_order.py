"""A query's ORDER BY in terms Virtuoso 7.2.5 sorts as SPARQL does.

Virtuoso sorts literals by how it stores them, not by their text: "Kiagia Daily report 4" came
before "... 13" and "... Industry Bureau" before "... Foreign Affairs Bureau" (entity_facts and
initiative_promoters in tests/store/test_named_rows.py), so capped rows differed from the embedded
store's. A variable sort key `?v` (or `ASC(?v)`, `DESC(?v)`) becomes two keys in SPARQL's order of
terms: a number (unbound, blank nodes and IRIs below every number, a number its value, other literals
above), then the text, compared as a string, which Virtuoso does by code point as Oxigraph does.
Other keys (expressions) are kept, and so is a variable of a grouped query that is not a grouping
key (an aggregate's name: Virtuoso refuses it inside an expression there). Virtuoso sorts on at most 20 keys ("SQ186: Over 20 keys in group
by"): the variables past that budget stay as they are (the last ones, which only break ties).
"""

from __future__ import annotations

import re

from kg.store.sparqltext import masked_text

_ORDER_BY = re.compile(r"(?<![\w:?$])ORDER\s+BY(?![\w:])", re.I)
_GROUP_BY = re.compile(r"(?<![\w:?$])GROUP\s+BY((?:\s*\?\w+)+)", re.I)
_END = re.compile(r"(?<![\w:?$])(?:LIMIT|OFFSET|VALUES)(?![\w:])", re.I)
MAX_KEYS = 20
_PLAIN = re.compile(r"(?:(ASC|DESC)\s*\(\s*(\?\w+)\s*\)|(\?\w+))(?=[\s)]|$)", re.I)


def order_as_text(sparql: str) -> str:
    """The query with each variable of its outermost ORDER BY sorted as SPARQL sorts terms."""
    masked = masked_text(sparql)
    found = [m for m in _ORDER_BY.finditer(masked) if _depth(masked, m.start()) == 0]
    if not found:
        return sparql
    start = found[-1].end()
    end_match = _END.search(masked, start)
    end = end_match.start() if end_match else len(sparql)
    keys: list[tuple[int, int, re.Match[str] | None]] = []  # (start, end, the variable key or None)
    position = start
    while position < end:
        if masked[position].isspace():
            position += 1
            continue
        plain = _PLAIN.match(masked, position)
        if plain is None:  # an expression: kept, up to its closing parenthesis
            keys.append((position, _expression_end(masked, position, end), None))
        else:
            keys.append((position, plain.end(), plain))
        position = keys[-1][1]
    grouped = [m for m in _GROUP_BY.finditer(masked) if _depth(masked, m.start()) == 0]
    keys_of_groups = set(grouped[-1].group(1).split()) if grouped else None
    spare = MAX_KEYS - len(keys)  # each variable written as two keys takes one more
    pieces, last = [], start
    for key_start, key_end, plain in keys:
        if plain is None or spare <= 0:
            continue
        if keys_of_groups is not None and (plain.group(2) or plain.group(3)) not in keys_of_groups:
            continue
        spare -= 1
        direction = (plain.group(1) or "ASC").upper()
        pieces += [sparql[last:key_start], " ".join(f"{direction}({key})" for key in _keys(plain.group(2) or plain.group(3)))]
        last = key_end
    return sparql[:start] + "".join(pieces) + sparql[last:]


def _keys(variable: str) -> tuple[str, str]:
    rank = (f"IF(BOUND({variable}), IF(isLiteral({variable}), IF(isNumeric({variable}), {variable}, 1e308), "
            f"IF(isIRI({variable}), -1e307, -1e308)), -1.7e308)")
    return rank, f"STR({variable})"


def _expression_end(masked: str, position: int, end: int) -> int:
    """Past the sort key that starts at `position` (a call or a bracketed expression)."""
    depth, offset = 0, position
    while offset < end:
        char = masked[offset]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return offset + 1
        elif char.isspace() and depth == 0 and offset > position:
            return offset
        offset += 1
    return end


def _depth(masked: str, position: int) -> int:
    return masked.count("{", 0, position) - masked.count("}", 0, position)
