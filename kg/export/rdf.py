"""RDF exports: Turtle, TriG, N-Triples, N-Quads and JSON-LD, deterministic.

Every format is written by Oxigraph's own serialisers over *sorted* canonical
N-Triples lines, so the same graph always gives the same bytes, diffs cleanly in
git, and the work stays in the engine: a store hands over its graphs as
N-Triples text (`Store.graph_ntriples`), the lines are deduplicated and sorted
as strings, and Oxigraph parses and writes them. No rdflib term is made; rdflib
terms (query results, tests) are first written as the same canonical lines.

Order: the N-Triples lines sorted as text (subject, then predicate, then object,
each by its N-Triples spelling), but for rdf:type, which comes first among a
subject's predicates (a block opens with `x a Class`); every format lists a graph
in that order; TriG and N-Quads list the named graphs by IRI.
"""

from __future__ import annotations

from typing import Callable, Iterable, Mapping

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.graph import Quad, Triple
from kg.namespaces import ENTITY_KINDS, PREFIXES

FORMATS = {"ttl": "turtle", "trig": "trig", "nt": "nt", "nq": "nquads", "jsonld": "json-ld"}
_OX_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}
_GRAPH_FORMATS = {"trig", "nq", "jsonld"}  # every named graph; the others give the union graph
_STRING = URIRef(str(XSD.string))
# While lines are sorted, rdf:type stands as a mark that sorts before any IRI. \x01 never
# stands raw in canonical N-Triples (it is written \u0001), so the mark is undone exactly.
_TYPE, _TYPE_MARK = b" <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ", b" <\x01> "

# Canonical N-Triples escapes, as Oxigraph writes them: ECHAR where one exists, else \uXXXX
# for the control characters. rdflib terms get the very bytes the store's dump would have.
_ESCAPES = str.maketrans({
    **{chr(c): f"\\u{c:04X}" for c in (*range(0x20), 0x7F)},
    "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f",
})


def prefixes_for(base_iri: str) -> dict[str, str]:
    """Vocabulary prefixes plus one per entity kind, e.g. person: -> {base}id/person/."""
    # "org" is the W3C ORG vocabulary's prefix, so organisations are "organisation:".
    names = {"org": "organisation"}
    instance = {names.get(k, k): f"{base_iri}id/{k}/" for k in (*ENTITY_KINDS, "source", "claim", "graph")}
    return {**PREFIXES, **instance}


def literal_text(term: Literal, compact: Callable[[Node], str] = lambda t: f"<{t}>") -> str:
    text = '"' + str(term).translate(_ESCAPES) + '"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype and term.datatype != _STRING:
        return f"{text}^^{compact(term.datatype)}"
    return text


def nt_term(term: Node) -> str:
    """One rdflib term in canonical N-Triples syntax."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        return literal_text(term)
    raise TypeError(f"not an RDF term: {term!r}")


def triple_lines(triples: Iterable[Triple]) -> list[bytes]:
    """rdflib triples as sortable lines (see split_lines)."""
    return split_lines("".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in triples).encode())


def quads_by_graph(quads: Iterable[Quad]) -> dict[str, list[bytes]]:
    """rdflib quads as sortable lines per named graph (what graph_lines gives for a store)."""
    graphs: dict[str, list[str]] = {}
    for s, p, o, g in quads:
        graphs.setdefault(str(g), []).append(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n")
    return {name: split_lines("".join(lines).encode()) for name, lines in graphs.items()}


def split_lines(ntriples: bytes) -> list[bytes]:
    """N-Triples text as sortable lines: no LF (split on LF only: U+2028 may stand raw in a literal),
    rdf:type marked to sort first (undone by unmark_types)."""
    while b"\n\n" in ntriples:  # an empty line (none in a dump): found in C, not line by line in Python
        ntriples = ntriples.replace(b"\n\n", b"\n")
    lines = mark_types(ntriples).split(b"\n")
    if lines and not lines[-1]:  # the text ends with LF
        lines.pop()
    if lines and not lines[0]:
        lines.pop(0)
    return lines


def mark_types(ntriples: bytes) -> bytes:
    """rdf:type predicates marked to sort before any other (see _TYPE_MARK); `unmark_types` undoes it."""
    return ntriples.replace(_TYPE, _TYPE_MARK)


def unmark_types(text: bytes) -> bytes:
    return text.replace(_TYPE_MARK, _TYPE)


def graph_lines(store: object, graphs: Iterable[str]) -> dict[str, list[bytes]]:
    """The named graphs of a store as N-Triples lines, straight from the engine."""
    return {name: split_lines(store.graph_ntriples(name)) for name in graphs}  # type: ignore[attr-defined]


def sorted_text(lines: Iterable[bytes], distinct: bool = False) -> bytes:
    """Distinct lines, sorted, as text. Bytes sort as UTF-8, which is code point order.
    `distinct`: the lines are known to be distinct (a store's set union), so no set is made."""
    ordered = sorted(lines) if distinct else sorted(set(lines))
    return unmark_types(b"\n".join(ordered) + b"\n") if ordered else b""


def _nquads(graphs: Mapping[str, list[bytes]]) -> bytes:
    """N-Quads text: graphs by IRI, each graph's lines sorted."""
    parts = []
    for name in sorted(graphs):
        ordered = sorted(set(graphs[name]))
        if ordered:
            tail = f" <{name}> .\n".encode()
            parts.append(tail.join(line[:-2] for line in ordered) + tail)
    return unmark_types(b"".join(parts))


def write(graphs: Mapping[str, list[bytes]], fmt: str, prefixes: Mapping[str, str], distinct: bool = False) -> bytes:
    """Named graphs (N-Triples lines each) in one of FORMATS; Turtle and N-Triples give the union.
    `distinct`: one graph whose lines are known to be distinct (see sorted_text)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt in _GRAPH_FORMATS:
        text, source_format = _nquads(graphs), ox.RdfFormat.N_QUADS
    else:
        if distinct and len(graphs) == 1:
            text = sorted_text(next(iter(graphs.values())), distinct=True)
        else:
            text = sorted_text(line for lines in graphs.values() for line in lines)
        source_format = ox.RdfFormat.N_TRIPLES
    if fmt in {"nt", "nq"}:
        return text
    # Lenient: the lines are canonical N-Triples from the store or from nt_term, already checked.
    parsed = ox.parse(text, format=source_format, lenient=True)
    written = ox.serialize(parsed, format=_OX_FORMATS[fmt], prefixes=dict(prefixes))
    return written + b"\n" if fmt == "jsonld" else _fixed_header(written, prefixes)


def _fixed_header(written: bytes, prefixes: Mapping[str, str]) -> bytes:
    """Oxigraph's output with its @prefix lines in our order (it writes them in its own)."""
    return prefix_header(prefixes) + written[body_start(written, prefixes):]


def prefix_header(prefixes: Mapping[str, str]) -> bytes:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items()).encode()


def body_start(written: bytes, prefixes: Mapping[str, str]) -> int:
    """Where Oxigraph's Turtle or TriG output ends its @prefix lines (one per prefix given, at most)."""
    body = 0
    for _ in prefixes:
        if not written.startswith(b"@prefix ", body):
            break
        body = written.index(b"\n", body) + 1
    return body


def export_store(store: object, fmt: str, base_iri: str, graphs: Iterable[str] | None = None) -> bytes:
    """A store's named graphs (all, or those given) in one of FORMATS."""
    names = store.graph_names() if graphs is None else list(graphs)  # type: ignore[attr-defined]
    union = getattr(store, "union_ntriples", None) if fmt not in _GRAPH_FORMATS and graphs is None else None
    kept = union() if union else None  # the union as the store keeps it, each triple once
    if kept is not None:
        return write({"": split_lines(kept)}, fmt, prefixes_for(base_iri), distinct=True)
    return write(graph_lines(store, names), fmt, prefixes_for(base_iri))


def serialise(quads: Iterable[Quad], fmt: str, base_iri: str) -> str:
    """rdflib quads in one of FORMATS (Turtle and N-Triples give the union graph)."""
    return write(quads_by_graph(quads), fmt, prefixes_for(base_iri)).decode()


def to_turtle(triples: Iterable[Triple], prefixes: Mapping[str, str]) -> str:
    return write({"": triple_lines(triples)}, "ttl", prefixes).decode()


def to_trig(quads: Iterable[Quad], prefixes: Mapping[str, str]) -> str:
    return write(quads_by_graph(quads), "trig", prefixes).decode()


def to_jsonld(quads: Iterable[Quad], prefixes: Mapping[str, str]) -> str:
    return write(quads_by_graph(quads), "jsonld", prefixes).decode()


def to_ntriples(triples: Iterable[Triple]) -> str:
    return sorted_text(triple_lines(triples)).decode()


def to_nquads(quads: Iterable[Quad]) -> str:
    return _nquads(quads_by_graph(quads)).decode()


def union_triples(quads: Iterable[Quad]) -> set[Triple]:
    return {(s, p, o) for s, p, o, _ in quads}
