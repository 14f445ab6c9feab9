"""SHACL validation of the assembled graph, reported in plain words with the
curated file and line of the fact behind each problem. The shapes are compiled to
SPARQL and run by Oxigraph (kg.shacl), with pySHACL's results and a fraction of its time.

Where a problem points:
- a claim record (focus node is a srk:Claim): the curated line of that claim;
- a value that is wrong or one too many: the curated lines of the facts on that property;
- a value that is missing (no fact on that property): the registry line of the entity,
  from the entities given, else from the claim record of its type (made from the registry).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Collection, Iterator, Mapping

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from kg.claims import Entity
from kg.export import nt_term, to_ntriples
from kg.graph import GraphSet
from kg.layers import ASSERTED, INFERRED, layer_of
from kg.namespaces import CLAIMS_GRAPH_SUFFIX, SRK, Ids
from kg.provenance import quote_violations
from kg.rdfparse import parse_turtle
from kg import shacl
from kg.shacl import Result, inplace
from kg.store.oxigraph import OxigraphStore
from kg.store.terms import from_ox, to_ox


MAX_SHOWN_VALUES = 5


@dataclass(frozen=True, order=True)
class Violation:
    focus: str  # the entity (or claim) that is wrong
    focus_label: str
    path: str  # the property concerned, if any ("" for a constraint on the entity itself)
    message: str
    origin: str  # "file#Lline" of the curated fact (or registry entry) behind the problem, when known
    kind: str = ""  # the focus node's class, by local name ("Post", "Statistic")
    found: str = ""  # what the graph has on the property, in words ("2 values: A, B"; "none")
    also: tuple[str, ...] = field(default=())  # further curated lines involved (e.g. the second postIn)
    constraint: str = ""  # a node-level constraint in words, named where a property would be

    def __str__(self) -> str:
        where = f"{location(self.origin)}: " if self.origin else ""
        what = f"{self.kind} " if self.kind else ""
        concerned = self.path or self.constraint
        prop = f" ({concerned})" if concerned else ""
        found = f" [found: {self.found}]" if self.found else ""
        more = f" (also {', '.join(location(o) for o in self.also)})" if self.also else ""
        return f'{where}{what}"{self.focus_label}"{prop}: {self.message}{found}{more}'


def location(origin: str) -> str:
    """"path#L12" as "path:12", the form editors and terminals make clickable."""
    path, sep, line = origin.rpartition("#L")
    return f"{path}:{line}" if sep and line.isdigit() else origin


def validate(graphs: GraphSet, shapes_file: Path, ontology: Graph,
             entities: Mapping[str, Entity] | None = None, ids: Ids | None = None) -> list[Violation]:
    """Validate these graphs (as given: nothing left out) against the shapes, with RDFS
    inference over the ontology, and explain each result.

    `entities` and `ids` (optional) give registry lines for entities that lack a fact.
    """
    lines = [f"{nt_term(s)} {nt_term(p)} {nt_term(o)} ." for s, p, o, _ in graphs.quads()]
    shaped = _validated(b"\n".join(line.encode() for line in lines), shapes_file, ontology, entities, ids)
    return sorted(set(shaped) | set(quote_rule(graphs)))


def validate_store(store: OxigraphStore, shapes_file: Path, ontology: Graph,
                   entities: Mapping[str, Entity] | None = None, ids: Ids | None = None,
                   progress: Callable[[str], None] = lambda _: None,
                   processes: int | None = None) -> list[Violation]:
    """Validate a loaded store's asserted layer: no extracted candidates (unreviewed, they may be
    incomplete by nature) and no entailments.

    On the store itself (kg.shacl.inplace): its set-union default graph and its claim records'
    graph are that layer, read where they lie, with nothing copied; validation's own triples go
    into private graphs, dropped before this returns. A store that holds an inferred graph (its
    union holds those triples too) or is open read-only is validated on a copy in memory of its
    asserted graphs, the engine writing them as N-Triples: no rdflib term is made but for the
    violations' explanations.

    `processes`: how many processes run the checks of a store on disk (kg.shacl.parallel; None:
    two for a large store, one for a small one)."""
    names = store.graph_names()
    if store.read_only or any(layer_of(g) == INFERRED for g in names):
        data = b"".join(store.graph_ntriples(g) for g in names if layer_of(g) == ASSERTED)
        return _validated(data, shapes_file, ontology, entities, ids)
    engine = store.engine
    graphs = (ox.DefaultGraph(), *(ox.NamedNode(g) for g in names
                                   if layer_of(g) == ASSERTED and g.endswith(CLAIMS_GRAPH_SUFFIX)))
    with inplace.private_graphs(engine):
        results = inplace.validate_in_place(engine, graphs, parse_turtle(shapes_file), ontology, progress,
                                            path=store.path, processes=processes)
        explained = Asserted(engine, (*graphs, ox.NamedNode(inplace.WORK)), graphs)
        return sorted(set(_explain(results, explained, _registry(entities, ids))))


def _registry(entities: Mapping[str, Entity] | None, ids: Ids | None) -> dict[str, str]:
    """Entity IRI -> its registry line, for the entities given."""
    if entities is None or ids is None:
        return {}
    return {ids.entity(ref): entity.origin for ref, entity in entities.items() if entity.origin}


def _validated(data: bytes, shapes_file: Path, ontology: Graph, entities: Mapping[str, Entity] | None,
               ids: Ids | None, foci: Collection[object] | None = None) -> list[Violation]:
    """`foci`: only the results of these focus nodes (Oxigraph terms) are explained and returned."""
    engine = ox.Store()
    engine.bulk_load(input=data + b"\n" + to_ntriples(ontology).encode(), format=ox.RdfFormat.N_TRIPLES,
                     lenient=True)  # lenient: N-Triples we wrote, from checked terms
    results = shacl.validate_store(engine, parse_turtle(shapes_file))
    if foci is not None:
        results = [r for r in results if r.focus in foci]
    return sorted(set(_explain(results, Asserted(engine), _registry(entities, ids))))


def quote_rule(graphs: GraphSet) -> list[Violation]:
    """A claim says no more than its source: each name or description claim's quote contains it
    (kg.provenance), reported like the shapes' violations."""
    records = (t for name, triples in graphs.graphs.items() if name.endswith(CLAIMS_GRAPH_SUFFIX) for t in triples)
    return [Violation(focus=p.subject, focus_label=p.wording, path=_short(URIRef(p.predicate)),
                      message=f"the quote does not contain the {'description' if p.predicate == str(SRK.description) else 'name'} "
                              f"credited to {_short(URIRef(p.source))}",
                      origin=p.origin, kind="Claim", found=f'quote "{p.quote}"') for p in quote_violations(records)]


GraphName = ox.NamedNode | ox.DefaultGraph


class Asserted:
    """The data for the explanations, read through rdflib-like calls (types as asserted).

    `graphs`: where the data, ontology and entailments are (a copy's default graph); `typed`:
    where the types as the data states them are (a copy's ASSERTED_TYPES graph)."""

    def __init__(self, store: ox.Store, graphs: tuple[GraphName, ...] = (ox.DefaultGraph(),),
                 typed: tuple[GraphName, ...] = (ox.NamedNode(shacl.ASSERTED_TYPES),)) -> None:
        self.store = store
        self.graphs = graphs
        self.typed = typed

    def _quads(self, s: Node | None, p: Node, o: Node | None, graphs: tuple[GraphName, ...]) -> Iterator[ox.Quad]:
        pattern = (None if s is None else to_ox(s), to_ox(p), None if o is None else to_ox(o))
        return (q for g in graphs for q in self.store.quads_for_pattern(*pattern, g))  # type: ignore[arg-type]

    def objects(self, subject: Node | None, predicate: Node) -> list[Node]:
        if subject is None or isinstance(subject, Literal):
            return []
        return sorted({from_ox(q.object) for q in self._quads(subject, predicate, None, self.graphs)},
                      key=lambda t: t.n3())

    def subjects(self, predicate: Node, obj: Node) -> list[Node]:
        return sorted({from_ox(q.subject) for q in self._quads(None, predicate, obj, self.graphs)},
                      key=lambda t: t.n3())

    def types(self, subject: Node) -> list[Node]:
        """The classes the data states (not those RDFS entails)."""
        if isinstance(subject, Literal):
            return []
        return list(dict.fromkeys(from_ox(q.object) for q in self._quads(subject, RDF.type, None, self.typed)))

    def value(self, subject: Node | None, predicate: Node) -> Node | None:
        values = self.objects(subject, predicate)
        return values[0] if values else None


def _explain(results: list[Result], data: Asserted, registry: Mapping[str, str]) -> list[Violation]:
    found = []
    for result in results:
        focus = from_ox(result.focus)
        # A node-level result has no path (pySHACL: no sh:resultPath): it speaks of its members' paths.
        path = URIRef(result.path) if result.path else None
        paths = (path,) if path is not None else tuple(URIRef(p) for p in result.about)
        value = None if result.value is None else from_ox(result.value)
        label = data.value(focus, SKOS.prefLabel)
        origins = _origins(data, focus, paths, value, registry)
        found.append(Violation(
            focus=str(focus),
            focus_label=str(label or focus),
            path=_short(path),
            message=result.message,
            origin=origins[0] if origins else "",
            kind=_kind(data, focus),
            found=_found(data, focus, path, value) if path is not None else _found_on(data, focus, paths),
            also=tuple(origins[1:]),
            constraint="" if path is not None else result.constraint,
        ))
    return found


def _origins(data: Asserted, focus: Node | None, paths: tuple[Node, ...], value: Node | None,
             registry: Mapping[str, str]) -> list[str]:
    """Curated lines behind a result (on any of these paths), the most telling first."""
    if focus is None:
        return []
    own = data.value(focus, SRK.curatedIn)
    if own is not None:  # the focus is a claim record
        return [str(own)]
    on_path, typed = [], []
    for claim in data.subjects(RDF.subject, focus):
        origin = data.value(claim, SRK.curatedIn)
        if origin is None:
            continue
        predicate = data.value(claim, RDF.predicate)
        if predicate in paths:
            # The fact with the offending value first, when SHACL names one.
            is_value = value is not None and data.value(claim, RDF.object) == value
            on_path.append((not is_value, str(origin)))
        elif predicate == RDF.type:
            typed.append(str(origin))
    if on_path:
        return list(dict.fromkeys(origin for _, origin in sorted(on_path)))
    if str(focus) in registry:
        return [registry[str(focus)]]
    return sorted(set(typed))[:1]


def _found(data: Asserted, focus: Node | None, path: Node | None, value: Node | None) -> str:
    if value is not None:
        return _words(data, value)
    if focus is None or not isinstance(path, URIRef):
        return ""
    values = data.objects(focus, path)
    if not values:
        return "none"
    shown = ", ".join(_words(data, v) for v in values[:MAX_SHOWN_VALUES])
    return f"{len(values)} value{'s' if len(values) > 1 else ''}: {shown}"


def _found_on(data: Asserted, focus: Node | None, paths: tuple[Node, ...]) -> str:
    """What the graph has on each of a node-level constraint's properties ("none" if nothing)."""
    on = [(path, _found(data, focus, path, None)) for path in paths]
    if all(found in ("", "none") for _, found in on):
        return "none"
    return "; ".join(f"{_short(path)}: {found}" for path, found in on)


def _words(data: Asserted, term: Node) -> str:
    if isinstance(term, Literal):
        datatype = f" ({_short(term.datatype)})" if term.datatype else ""
        return f'"{term}"{datatype}'
    label = data.value(term, SKOS.prefLabel)  # type: ignore[arg-type]
    return str(label) if label is not None else _short(term)


def _kind(data: Asserted, focus: Node | None) -> str:
    if focus is None:
        return ""
    types = sorted(_short(t) for t in data.types(focus) if str(t).startswith(str(SRK)))
    return types[0] if types else ""


def _short(path: object) -> str:
    if not isinstance(path, URIRef):
        return ""
    text = str(path)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
