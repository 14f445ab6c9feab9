"""SPARQL text helpers for stores that only speak SPARQL over the wire.

`with_values` pre-binds variables the portable way: a VALUES block placed at
the start of the query's WHERE group. A trailing VALUES clause would be joined
only after the group's FILTERs ran (so `FILTER(?s = ?entity)` would see an
unbound ?entity); inside the group it is joined first, which is what
Oxigraph's substitutions (SEP-0007) give the embedded store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import KgError, Location
from kg.export import literal_text

# What can hide a keyword or a brace: strings (long forms first), IRIs and comments.
_HIDING = (
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*"
)
_HIDDEN = re.compile(_HIDING, re.S)
# Braces are matched last; everything else is skipped character by character by finditer.
_LEXEME = re.compile(_HIDING + r"|(?<![?$:\w])CONSTRUCT(?![\w:])|[{}]", re.S | re.I)
_FROM = re.compile(r"(?<![?$:\w])FROM(?![\w:])", re.I)


_IRI = re.compile(r'[^<>"{}|^`\\\x00-\x20]*')
_BNODE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def _iri(text: str) -> str:
    if not _IRI.fullmatch(text):
        raise KgError(f"not an IRI: {text!r}")  # spliced as is it could end the term and add SPARQL
    return f"<{text}>"


def term_sparql(term: Node) -> str:
    """A term in SPARQL/N-Triples syntax; an IRI or blank node that cannot be written as one is refused."""
    if isinstance(term, URIRef):
        return _iri(str(term))
    if isinstance(term, BNode):
        if not _BNODE.fullmatch(str(term)):
            raise KgError(f"not a blank node label: {str(term)!r}")
        return f"_:{term}"
    if isinstance(term, Literal):
        return literal_text(term, lambda datatype: _iri(str(datatype)))
    raise TypeError(f"not an RDF term: {term!r}")


def where_brace(sparql: str) -> int:
    """Offset just after the `{` that opens the query's WHERE group (-1 if none)."""
    depth = 0
    skip_template = False
    for found in _LEXEME.finditer(sparql):
        token = found.group(0)
        if token.upper() == "CONSTRUCT":
            # CONSTRUCT { template } WHERE { ... }: the first group is the template;
            # the short form CONSTRUCT WHERE { ... } has no template.
            rest = sparql[found.end():].lstrip()
            skip_template = depth == 0 and rest.startswith("{")
        elif token == "{":
            if depth == 0 and not skip_template:
                return found.end()
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0:
                skip_template = False
    return -1


_FORM = re.compile(r"(?<![?$:\w])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:])", re.I)


def hidden_spans(sparql: str) -> list[tuple[int, int]]:
    """Where the strings, IRIs and comments of a query are (no keyword or path can be there)."""
    return [found.span() for found in _HIDDEN.finditer(sparql)]


def masked_text(text: str) -> str:
    """The text with strings, IRIs and comments blanked (same length), so parentheses can be counted."""
    chars = list(text)
    for start, end in hidden_spans(text):
        chars[start:end] = "_" * (end - start)
    return "".join(chars)


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query's form, for servers that answer by Accept alone."""
    found = _FORM.search(_HIDDEN.sub(" ", sparql))
    return found.group(1).upper() if found else "SELECT"


def declares_dataset(sparql: str) -> bool:
    """Whether the query names its own dataset (FROM / FROM NAMED before its WHERE group)."""
    head = sparql[: max(where_brace(sparql), 0)] or sparql
    return bool(_FROM.search(_HIDDEN.sub(" ", head)))


_GRAPH = re.compile(r"(?<![?$:\w])GRAPH(?![\w:])", re.I)
_AFTER_GRAPH = re.compile(r"\s*(<[^<>\"{}|^`\\\x00-\x20]*>|[?$]\w+)?")


@dataclass(frozen=True)
class GraphReach:
    """Which named graphs a query's GRAPH patterns can reach: every one (a variable, or a name the
    text does not spell as an IRI), or only those it names."""

    every: bool
    names: frozenset[str]


def graph_reach(sparql: str) -> GraphReach:
    """The named graphs `sparql` (a query, not an update) can read: none without a GRAPH pattern."""
    masked = masked_text(sparql)
    every, names = False, set()
    for found in _GRAPH.finditer(masked):
        after = _AFTER_GRAPH.match(sparql, found.end())
        term = after.group(1) if after else None
        if term is not None and term.startswith("<"):
            names.add(term[1:-1])
        else:  # ?g, or a prefixed name (resolving it would need the prologue): assume any graph
            every = True
    return GraphReach(every, frozenset(names))


def values_block(bindings: Mapping[str, Node]) -> str:
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(term_sparql(term) for term in bindings.values())
    return f" VALUES ({names}) {{ ({terms}) }} "


def with_values(sparql: str, bindings: Mapping[str, Node] | None, name: str = "query") -> str:
    """The query with `bindings` joined at the start of its WHERE group."""
    if not bindings:
        return sparql
    position = where_brace(sparql)
    if position < 0:
        raise KgError("cannot bind parameters: the query has no WHERE group", Location(name))
    return sparql[:position] + values_block(bindings) + sparql[position:]


def insert_data(graph: str, triples_ntriples: str) -> str:
    """One update that replaces a named graph: a single request, so one transaction."""
    return f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{triples_ntriples}}} }}\n"


def insert_operations(graph: str, triples_ntriples: str) -> list[str]:
    """Update operations that add N-Triples to a graph, for every server: the lines with a blank node
    go in an INSERT template (Virtuoso refuses blank nodes in INSERT DATA; a template makes one fresh
    node per label for the request), the others in INSERT DATA (Virtuoso compiles a template to SQL,
    too big for thousands of triples)."""
    lines = [line + "\n" for line in triples_ntriples.split("\n") if line]  # LF only: U+2028 may be in a literal
    blank = "".join(line for line in lines if "_:" in line)
    plain = "".join(line for line in lines if "_:" not in line)
    return ([f"INSERT DATA {{ GRAPH <{graph}> {{\n{plain}}} }}"] if plain else []) + (
        [f"INSERT {{ GRAPH <{graph}> {{\n{blank}}} }} WHERE {{}}"] if blank else [])


# Oxigraph lists every character class it would accept: hundreds of Unicode ranges that say nothing.
_CHAR_CLASS = re.compile(r"\[[^\[\]]*\\u\{[^\[\]]*\]")
_PREFIXED = re.compile(r"([A-Za-z][\w.-]*)?:[\w.-]*$")


def plain_syntax_message(message: str, sparql: str | None, line: int, column: int) -> str:
    """A parser's message in words: an unknown prefix by its name, no dump of Unicode ranges."""
    if "Prefix not found" in message and sparql is not None:
        lines = sparql.splitlines()
        before = lines[line - 1][: max(column, 0)] if 0 < line <= len(lines) else ""
        found = _PREFIXED.search(before.rstrip()) or _PREFIXED.search(before)
        if found is not None:
            prefix = found.group(1) or ""
            return f'unknown prefix "{prefix}:" in {found.group(0)!r}: declare it (PREFIX {prefix}: <...>)'
        return "unknown prefix: declare it (PREFIX name: <...>)"
    if _CHAR_CLASS.search(message):
        message = _CHAR_CLASS.sub("a name character", message)
        parts = list(dict.fromkeys(p.strip() for p in message.split(",")))
        message = ", ".join(parts)
    return " ".join(message.split())
