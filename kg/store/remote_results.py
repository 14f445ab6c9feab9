"""What a SPARQL server answers, read into kg's results: SPARQL JSON results and N-Triples, with
terms as the embedded store gives them (lexical forms kept; Virtuoso's ASK, boolean and blank node
forms read as the standard ones, kg.store.remote_dialect)."""

from __future__ import annotations

import json

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import KgError
from kg.store.base import QueryResult
from kg.store.remote_dialect import VIRTUOSO_ASK, blank_label, boolean_lexical
from kg.store.terms import from_ox

RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def _term(value: dict[str, str]) -> Node:
    """A term of SPARQL JSON results, as the embedded store gives it (lexical forms kept)."""
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(blank_label(value["value"]))
    if kind in {"literal", "typed-literal"}:
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype == XSD_BOOLEAN:
            return Literal(boolean_lexical(value["value"]), datatype=URIRef(datatype), normalize=False)
        if datatype and datatype != XSD_STRING:
            return Literal(value["value"], datatype=URIRef(datatype), normalize=False)
        return Literal(value["value"])
    raise KgError(f"unsupported term in the endpoint's results: {kind!r}")


def parse_results_json(data: bytes, limit: int | None) -> QueryResult:
    answer = json.loads(data)
    if "boolean" in answer:
        return QueryResult(boolean=bool(answer["boolean"]))
    variables = tuple(answer["head"].get("vars", ()))
    bindings = answer["results"]["bindings"]
    if variables == (VIRTUOSO_ASK,):
        return QueryResult(boolean=any(b[VIRTUOSO_ASK]["value"] not in {"0", "false"} for b in bindings))
    truncated = limit is not None and len(bindings) > limit
    rows = tuple(
        tuple(_term(b[v]) if v in b else None for v in variables) for b in bindings[:limit]
    )
    return QueryResult(variables=variables, rows=rows, truncated=truncated)


def parse_ntriples(data: bytes, limit: int | None) -> QueryResult:
    triples = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object))
               for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
    truncated = limit is not None and len(triples) > limit
    return QueryResult(triples=tuple(triples[:limit]), truncated=truncated)  # type: ignore[arg-type]
