"""What the server refuses before a query reaches the store.

SERVICE makes the store fetch from any URL the client names (Oxigraph does
federated queries), so a public endpoint would become a proxy into the
network it runs in; LOAD does the same from an update. Both are found by
parsing the request with rdflib's SPARQL parser and walking the parse tree:
the word in a string literal, an IRI or a variable name is not a SERVICE
clause, and a clause cannot hide from the parser. A request rdflib cannot
parse is refused with the parser's message, so nothing unchecked runs.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Iterator

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from kg.errors import KgError, Location

MAX_QUERY_CHARS = 100_000
REFUSED = {
    "ServiceGraphPattern": "SERVICE (federated query) is refused: this endpoint does not fetch other URLs",
    "Load": "LOAD is refused: this endpoint does not fetch other URLs",
}
_PARSER_LOCK = threading.Lock()  # pyparsing grammars are not documented as thread-safe; parsing holds the GIL anyway


class Refused(KgError):
    """A well-formed request that this endpoint will not run."""


def _nodes(tree: object) -> Iterator[str]:
    if isinstance(tree, CompValue):
        yield tree.name
        for value in tree.values():
            yield from _nodes(value)
    elif isinstance(tree, (list, tuple, ParseResults)):
        for value in tree:
            yield from _nodes(value)


def _parse(text: str, update: bool, name: str) -> object:
    if len(text) > MAX_QUERY_CHARS:
        raise KgError(f"the request is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}", Location(name))
    try:
        with _PARSER_LOCK:
            return parseUpdate(text) if update else parseQuery(text)
    except ParseBaseException as exc:
        raise KgError(f"SPARQL syntax error: {exc.msg}, found {_found(exc)}",
                      Location(name, exc.lineno, exc.col)) from None
    except Exception as exc:  # rdflib raises plain exceptions for some bad input (e.g. unknown prefix)
        raise KgError(f"SPARQL error: {exc}", Location(name)) from None


def _found(exc: ParseBaseException) -> str:
    rest = exc.pstr[exc.loc: exc.loc + 30].split("\n", 1)[0]
    return repr(rest) if rest else "the end of the text"


@lru_cache(maxsize=512)
def check_query(text: str, name: str = "query") -> None:
    """Raise KgError for a query that does not parse, Refused for one with SERVICE."""
    _refuse(_parse(text, False, name), name)


@lru_cache(maxsize=128)
def check_update(text: str, name: str = "update") -> None:
    """Raise KgError for an update that does not parse, Refused for LOAD or SERVICE."""
    _refuse(_parse(text, True, name), name)


def _refuse(tree: object, name: str) -> None:
    for node in _nodes(tree):
        if node in REFUSED:
            raise Refused(REFUSED[node], Location(name))
