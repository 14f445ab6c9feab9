"""Conversions between rdflib terms and pyoxigraph terms."""

from __future__ import annotations

from typing import Callable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        # Keep the lexical form exactly as stored (no normalisation by rdflib).
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    raise TypeError(f"not an RDF term: {term!r}")


def memo_from_ox() -> Callable[[object], Node]:
    """from_ox remembering its answers, for one result: names, types and dates repeat across
    rows, and building rdflib terms is most of the cost of a fast query."""
    seen: dict[object, Node] = {}

    def convert(term: object) -> Node:
        found = seen.get(term)
        if found is None:
            found = seen[term] = from_ox(term)
        return found

    return convert
