"""The class hierarchy's paths in a query, rewritten for Virtuoso 7.2.5 (kg.store.remote applies them
before the rewrites of kg.store.virtuoso_rewrite; the rows are checked against the embedded store's
by tests/store/test_stores.py and test_named_rows.py):

- `a/rdfs:subClassOf*` becomes `a` where the store holds the inferred graph (every build makes it:
  each type the class hierarchy entails): Virtuoso joins two such paths wrongly (who_met_whom kept
  1 row of 28).
- Without the inferred graph (a store filled by other tools, or `kg push` of asserted graphs alone),
  `S a/rdfs:subClassOf* O` becomes `S a ?_kg_typeN` with `?_kg_typeN rdfs:subClassOf* O` at the end of
  its group (the path's middle named: the same solutions), for the next rewrite: with the join order
  forced (kg.store.virtuoso_dataset.JOIN_ORDER) Virtuoso matched the sequence path with nothing in most
  groups (who_met_whom 0 rows of 6 on the seed graph, `SELECT ?a { ?a a/rdfs:subClassOf* srk:Event }`
  0 of 14; all of them without the pragma).
- `X rdfs:subClassOf+ Y` and `rdfs:subClassOf*` between terms become a VALUES table of the class
  hierarchy's closure (read from the store): Virtuoso's transitive paths inside FILTER NOT EXISTS
  or MINUS match nothing.

The names these rewrites add (`?_kg_type0`, `?_kg_class0_s`) are seen by `SELECT *` only.
"""

from __future__ import annotations

import re
from typing import Iterable

from kg.store.sparqltext import masked_text
from kg.store.virtuoso_rewrite import TERM, balanced, in_filter_group, outside, uncommented

_TYPE = r"(?:a|rdf:type|<http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type>)"
_SUBCLASS = r"(?:rdfs:subClassOf|<http://www\.w3\.org/2000/01/rdf-schema#subClassOf>)"
_SUBCLASS_IRI = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
_TYPE_PATH = re.compile(rf"(?<![\w:?$]){_TYPE}\s*/\s*{_SUBCLASS}\s*\*")
# The path with its one object, which ends the triple (`.`, `;` or the group's end: not an object list).
_TYPE_PATH_OBJECT = re.compile(rf"(?<![\w:?$]){_TYPE}\s*/\s*{_SUBCLASS}\s*\*\s*({TERM})(?=\s*[.;}}])")
_SUBCLASS_PATH = re.compile(rf"(?<![\w:?$/])({TERM})\s+{_SUBCLASS}\s*([+*])\s*({TERM})(?=\s*[.}}])")


def types_without_paths(sparql: str) -> str:
    """`a/rdfs:subClassOf*` as `a` (for a store whose inferred graph holds the entailed types)."""
    pieces, last = [], 0
    for found in outside(sparql, _TYPE_PATH.finditer(sparql)):
        pieces += [sparql[last:found.start()], "a"]
        last = found.end()
    return "".join(pieces) + sparql[last:]


def type_paths_as_subclass_paths(sparql: str) -> str:
    """`S a/rdfs:subClassOf* O` as `S a ?_kg_typeN`, and `?_kg_typeN rdfs:subClassOf* O` added at the
    end of the group (a FILTER or a pattern anywhere in a group constrains the whole group)."""
    text = uncommented(sparql, masked_text(sparql))
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), none overlapping
    for index, found in enumerate(outside(sparql, _TYPE_PATH_OBJECT.finditer(sparql))):
        name = f"?_kg_type{index}"
        edits.append((found.start(), found.end(), f"a {name}"))
        close = _group_close(text, found.start())
        # A `.` ends the group's last triple unless one already does (`. .` is not SPARQL).
        last = text[:close].rstrip()[-1:]
        edits.append((close, close, f"{'' if last in {'.', '{'} else ' .'} {name} {_SUBCLASS_IRI}* {found.group(1)} "))
    pieces, position = [], 0
    for start, end, replacement in sorted(edits, key=lambda edit: edit[0]):
        pieces += [sparql[position:start], replacement]
        position = end
    return "".join(pieces) + sparql[position:]


def _group_close(text: str, position: int) -> int:
    """The offset of the `}` that closes the innermost group around `position` (in masked text)."""
    depth = 0
    for offset in range(position - 1, -1, -1):
        if text[offset] == "}":
            depth += 1
        elif text[offset] == "{":
            if depth == 0:
                return balanced(text, offset) - 1
            depth -= 1
    raise ValueError("a pattern outside any group")


def subclass_paths_as_values(sparql: str, closure: Iterable[tuple[str, str]]) -> str:
    """`X rdfs:subClassOf+ Y` (or `*`) as a VALUES table of the pairs in the hierarchy's closure
    (`closure`: every (class, ancestor) pair, no class paired with itself).

    Inside FILTER (NOT) EXISTS or MINUS, where Virtuoso refuses a VALUES table that names an outer
    variable, as a FILTER on the pair instead: there both ends must be bound by the rest of the group.
    """
    pairs = sorted(set(closure))
    masked = masked_text(sparql)
    pieces, last = [], 0
    for index, match in enumerate(outside(sparql, _SUBCLASS_PATH.finditer(sparql))):
        subject, kind, ancestor = match.groups()
        rows = pairs + ([(c, c) for c in sorted({c for pair in pairs for c in pair})] if kind == "*" else [])
        if in_filter_group(masked, match.start()):
            listed = ", ".join(f'"{a} {b}"' for a, b in pairs) or '""'
            same = f"sameTerm({subject}, {ancestor}) || " if kind == "*" else ""  # the zero-length path
            replacement = f'FILTER({same}CONCAT(STR({subject}), " ", STR({ancestor})) IN ({listed}))'
        else:
            names = [term if term.startswith("?") else f"?_kg_class{index}_{side}"
                     for side, term in (("s", subject), ("o", ancestor))]
            fixed = " ".join(f"FILTER({name} = {term})" for name, term in zip(names, (subject, ancestor))
                             if not term.startswith("?"))
            table = " ".join(f"(<{a}> <{b}>)" for a, b in rows) or "(UNDEF UNDEF)"
            replacement = f"VALUES ({' '.join(names)}) {{ {table} }} {fixed}"
        pieces += [sparql[last:match.start()], replacement]
        last = match.end()
    return "".join(pieces) + sparql[last:]


def has_subclass_paths(sparql: str) -> bool:
    return bool(outside(sparql, _SUBCLASS_PATH.finditer(sparql)))


def closure(pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Every (class, ancestor) pair the direct rdfs:subClassOf pairs give, no class with itself."""
    parents: dict[str, set[str]] = {}
    for child, parent in pairs:
        parents.setdefault(child, set()).add(parent)
    found: set[tuple[str, str]] = set()
    for start in parents:
        todo, seen = list(parents[start]), set()
        while todo:
            up = todo.pop()
            if up not in seen:
                seen.add(up)
                todo += parents.get(up, ())
        found |= {(start, up) for up in seen if up != start}
    return found
