"""RDF exports: Turtle, TriG, N-Triples, N-Quads and JSON-LD, deterministic.

Turtle and TriG are written here rather than by rdflib: sorted subjects,
predicates (rdf:type first) and objects, fixed prefixes and no blank-node
renaming, so that the same graph always gives the same bytes and diffs cleanly
in git. The N-* formats are sorted lines.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Callable, Iterable, Iterator

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from kg.graph import Quad, Triple
from kg.namespaces import ENTITY_KINDS, PREFIXES

FORMATS = {"ttl": "turtle", "trig": "trig", "nt": "nt", "nq": "nquads", "jsonld": "json-ld"}
_SAFE_LOCAL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_TYPE = URIRef(str(RDF.type))  # plain URIRefs: rdflib's Namespace lookups are slow in hot loops
_STRING = URIRef(str(XSD.string))


def prefixes_for(base_iri: str) -> dict[str, str]:
    """Vocabulary prefixes plus one per entity kind, e.g. person: -> {base}id/person/."""
    # "org" is the W3C ORG vocabulary's prefix, so organisations are "organisation:".
    names = {"org": "organisation"}
    instance = {names.get(k, k): f"{base_iri}id/{k}/" for k in (*ENTITY_KINDS, "source", "claim", "graph")}
    return {**PREFIXES, **instance}


class _Writer:
    def __init__(self, prefixes: dict[str, str]) -> None:
        # Longest namespace first, so "id/person/" wins over a shorter match.
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items())
        self._written: dict[Node, str] = {}  # the same IRIs recur on every line: render each once

    def term(self, term: Node) -> str:
        text = self._written.get(term)
        if text is None:
            text = self._written[term] = self._render(term)
        return text

    def _render(self, term: Node) -> str:
        if isinstance(term, URIRef):
            text = str(term)
            for prefix, ns in self.prefixes:
                if text.startswith(ns) and _SAFE_LOCAL.match(text[len(ns):]):
                    return f"{prefix}:{text[len(ns):]}"
            return f"<{text}>"
        if isinstance(term, BNode):
            return f"_:{term}"
        if isinstance(term, Literal):
            return literal_text(term, self.term)
        raise TypeError(f"not an RDF term: {term!r}")

    def block(self, triples: Iterable[Triple], indent: str = "") -> Iterator[str]:
        by_subject: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        for s, p, o in triples:
            by_subject[s][p].append(o)
        for subject in sorted(by_subject, key=_sort_key):
            predicates = by_subject[subject]
            ordered = sorted(predicates, key=lambda p: (p != _TYPE, str(p)))
            lines = []
            for p in ordered:
                objects = ", ".join(self.term(o) for o in sorted(set(predicates[p]), key=_sort_key))
                lines.append(f"{'a' if p == _TYPE else self.term(p)} {objects}")
            body = f" ;\n{indent}    ".join(lines)
            yield f"{indent}{self.term(subject)} {body} .\n"


def literal_text(term: Literal, compact: Callable[[Node], str] = lambda t: f"<{t}>") -> str:
    text = '"' + str(term).translate(_ESCAPES) + '"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype and term.datatype != _STRING:
        return f"{text}^^{compact(term.datatype)}"
    return text


def _sort_key(term: Node) -> tuple[int, str]:
    return (0 if isinstance(term, URIRef) else 1 if isinstance(term, BNode) else 2, str(term) + repr(term))


def to_turtle(triples: Iterable[Triple], prefixes: dict[str, str]) -> str:
    writer = _Writer(prefixes)
    return writer.header + "".join("\n" + block for block in writer.block(triples))


def to_trig(quads: Iterable[Quad], prefixes: dict[str, str]) -> str:
    writer = _Writer(prefixes)
    by_graph: dict[Node, list[Triple]] = defaultdict(list)
    for s, p, o, g in quads:
        by_graph[g].append((s, p, o))
    parts = [writer.header]
    for graph in sorted(by_graph, key=_sort_key):
        parts.append(f"\n{writer.term(graph)} {{\n")
        parts.extend(writer.block(by_graph[graph], indent="    "))
        parts.append("}\n")
    return "".join(parts)


def _nt(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return literal_text(term)  # type: ignore[arg-type]


def to_ntriples(triples: Iterable[Triple]) -> str:
    return "".join(sorted({f"{_nt(s)} {_nt(p)} {_nt(o)} .\n" for s, p, o in triples}))


def to_nquads(quads: Iterable[Quad]) -> str:
    return "".join(sorted({f"{_nt(s)} {_nt(p)} {_nt(o)} {_nt(g)} .\n" for s, p, o, g in quads}))


def to_jsonld(quads: Iterable[Quad], prefixes: dict[str, str]) -> str:
    dataset = Dataset()
    for s, p, o, g in sorted(quads, key=lambda q: tuple(_sort_key(t) for t in q)):
        dataset.graph(g).add((s, p, o))
    text = dataset.serialize(format="json-ld", context={k: v for k, v in prefixes.items()}, sort_keys=True)
    return json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def union_triples(quads: Iterable[Quad]) -> set[Triple]:
    return {(s, p, o) for s, p, o, _ in quads}


def serialise(quads: list[Quad], fmt: str, base_iri: str) -> str:
    """The store's content in one of FORMATS (Turtle and N-Triples give the union graph)."""
    prefixes = prefixes_for(base_iri)
    if fmt == "ttl":
        return to_turtle(union_triples(quads), prefixes)
    if fmt == "trig":
        return to_trig(quads, prefixes)
    if fmt == "nt":
        return to_ntriples(union_triples(quads))
    if fmt == "nq":
        return to_nquads(quads)
    if fmt == "jsonld":
        return to_jsonld(quads, prefixes)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
