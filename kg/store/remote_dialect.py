"""What servers say differently, read into one form: syntax errors with their position, and
Virtuoso's ways (its system graphs, its ASK answer, its blank node and boolean forms). Its query
rewrites are in kg.store.virtuoso_rewrite."""

from __future__ import annotations

import re

from kg.errors import KgError, Location
from kg.store.sparqlsyntax import explain

# Virtuoso's own graphs, present in every database: not the store's.
VIRTUOSO_SYSTEM_GRAPHS = frozenset({"http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#",
                                    "http://localuriqaserver/sparql"})
VIRTUOSO_ASK = "__ASK_RETVAL"  # the one variable of Virtuoso 7.2's JSON answer to an ASK

_POSITION = (re.compile(r"error at (\d+):(\d+):\s*(.*)", re.S),  # Oxigraph
             re.compile(r"(.*?)\bline (\d+), column (\d+)(.*)", re.S),  # Jena
             re.compile(r"(.*?)\bline (\d+):(.*)", re.S))  # Virtuoso: "SPARQL compiler, line 1: syntax error ..."


def remote_sparql_error(message: str, name: str, sparql: str = "") -> KgError:
    """A server's syntax error as "NAME:line:column: message", from the forms servers use.

    Virtuoso counts lines loosely (0, or one past the end at the end of the text): lines are
    kept within the query's own."""
    oxigraph, jena, virtuoso = _POSITION
    if found := oxigraph.search(message):
        line, column, rest = found.groups()
        if sparql and name != "update":  # the words and position the embedded store gives (kg.store.sparqlsyntax)
            problem = explain(sparql, int(line), int(column), rest.strip())
            return KgError(problem.message, Location(name, problem.line, problem.column))
        return KgError(f"SPARQL syntax error: {rest.strip()}", Location(name, int(line), int(column)))
    if found := jena.search(message):
        before, line, column, after = found.groups()
        return KgError(f"SPARQL syntax error: {(before + after).strip()}", Location(name, int(line), int(column)))
    if found := virtuoso.search(message):
        before, line, after = found.groups()
        lines = max(1, sparql.count("\n") + (0 if sparql.endswith("\n") else 1))
        where = Location(name, min(max(int(line), 1), lines))
        return KgError(f"SPARQL syntax error: {(before + after).strip().splitlines()[0]}", where)
    return KgError(f"SPARQL error: {message}", Location(name))


def blank_label(value: str) -> str:
    """Virtuoso names blank nodes "nodeID://b10007": keep a label N-Triples can spell."""
    return value.removeprefix("nodeID://")


def boolean_lexical(value: str) -> str:
    """Virtuoso writes an xsd:boolean as 0 or 1: the canonical form is false or true."""
    return {"0": "false", "1": "true"}.get(value, value)
