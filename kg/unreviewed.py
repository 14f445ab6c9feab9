"""Unreviewed extracted facts in query results: which rows only the guesses give, and how they were made.

With `--with-extracted`, `kg query` runs the query twice: on the reviewed facts
(asserted and inferred) and on those plus the unreviewed extracted ones (kg.layers).
A row the first run lacks rests on an unreviewed guess; it is marked with the
rules and the lowest confidence of the extracted claims that link the terms of
the row (and of the query's parameters). Rows the reviewed facts give carry no mark.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from kg.layers import EXTRACTED_SUFFIX
from kg.namespaces import SRK
from kg.store.base import QueryResult, Store
from kg.store.sparqltext import term_sparql

MARK_COLUMNS = ("extracted_method", "extracted_confidence")
UNLINKED = "extracted"  # the mark of a row no single extracted claim links (it joins several guesses)

_CLAIMS = f"""SELECT DISTINCT ?method ?confidence WHERE {{
  GRAPH ?g {{ ?claim <{RDF.subject}> ?s ; <{RDF.object}> ?o ; <{SRK.method}> ?method .
             OPTIONAL {{ ?claim <{SRK.confidence}> ?confidence }} }}
  FILTER(STRENDS(STR(?g), "{EXTRACTED_SUFFIX}"))
  VALUES ?s {{ %(subjects)s }} VALUES ?o {{ %(objects)s }}
}}"""


def marked(store: Store, reviewed: Store, run: Callable[[Store], QueryResult],
           bindings: Mapping[str, Node] | None = None) -> QueryResult:
    """`run` on `store` (which shows the extracted graphs), its rows marked by how they rest on
    unreviewed facts: `reviewed` is the same store without them (see the module). A remote store
    shows both the same (it holds what `kg push` sent it): nothing is marked there."""
    result = run(store)
    if result.kind != "bindings":
        return result
    plain = Counter(run(reviewed).rows)
    rows = []
    for row in result.rows:
        if plain[row] > 0:
            plain[row] -= 1
            rows.append((*row, None, None))
            continue
        method, confidence = _how(store, [*row, *(bindings or {}).values()])
        rows.append((*row, Literal(method), confidence))
    return QueryResult(variables=(*result.variables, *MARK_COLUMNS), rows=tuple(rows), truncated=result.truncated)


def reviewed_view(store: Store) -> Store:
    """`store` without its unreviewed extracted facts (a store that cannot tell them apart: itself)."""
    reviewed = getattr(store, "reviewed", None)
    return reviewed() if reviewed is not None and getattr(store, "with_extracted", False) else store


def _how(store: Store, terms: list[Node | None]) -> tuple[str, Literal | None]:
    """The rules of the extracted claims between two of `terms`, and their lowest confidence."""
    iris = sorted({t for t in terms if isinstance(t, URIRef)})
    values = sorted({t for t in terms if isinstance(t, (URIRef, Literal))}, key=lambda t: t.n3())
    if not iris:
        return UNLINKED, None
    text = _CLAIMS % {"subjects": " ".join(map(term_sparql, iris)), "objects": " ".join(map(term_sparql, values))}
    found = store.query(text, name="extracted claims of a row").rows
    methods = sorted({str(m) for m, _ in found})
    confidences = [float(c) for _, c in found if c is not None]
    lowest = Literal(f"{min(confidences):.3f}", datatype=XSD.decimal) if confidences else None
    return ", ".join(methods) or UNLINKED, lowest
