"""What is timed: the same operations done by our stack and by plain rdflib.

- load:        parse the N-Quads file into a store (ours: embedded Oxigraph in
               memory; baseline: an rdflib Dataset)
- validate:    SHACL over the union graph with kg.validate (pySHACL; the
               baseline would run the very same pySHACL, so it has none)
- query:NAME:  a named query (kg/queries/NAME.rq) with parameters chosen from
               the data, through Store.query (ours: Oxigraph's SPARQL;
               baseline: rdflib's SPARQL over the union default graph)
- export-ttl:  the union graph as Turtle (ours: kg.export's deterministic
               writer, as `kg export`; baseline: rdflib's Turtle serialiser)
- view:        kg.views.whole_graph_html over each store (same code, different engine)
- reason:      `kg reason` (kg.reason.materialise: rules from the ontology run by
               Oxigraph to a fixpoint, plus HermiT's consistency check) against
               owlrl's OWL 2 RL closure of the union graph; last, since it adds the
               inferred graph to the store

Every operation returns a number that says how much it produced (rows,
characters), so both sides can be checked to have done the same work.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Callable

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.bench.baseline import RdflibStore
from kg.export import prefixes_for, serialise
from kg.graph import GraphSet, Triple
from kg.literals import date_literal
from kg.namespaces import Ids
from kg.queries import get_query, list_queries
from kg.settings import Settings
from kg.store.base import Store
from kg.store.oxigraph import OxigraphStore

OURS, BASELINE = "ours", "rdflib"
SYSTEMS = (OURS, BASELINE)
QUERY_PREFIX = "query:"


def operation_names(validate: bool = True) -> list[str]:
    """Every operation, in the order they run (load first: the others need its store)."""
    queries = [f"{QUERY_PREFIX}{q.name}" for q in list_queries()]
    return ["load", *(["validate"] if validate else []), *queries, "export-ttl", "view", "reason"]


def load_store(system: str, path: Path) -> Store:
    if system == OURS:
        store = OxigraphStore(None)
        # Oxigraph parses the file itself (Rust), rather than through rdflib terms; the load
        # includes building the set-union default graph (kg.store.oxigraph). Lenient: IRIs
        # are not validated, as rdflib's N-Quads parser does not validate them either.
        store.load_file(path, ox.RdfFormat.N_QUADS, lenient=True)
        return store
    return RdflibStore.from_file(path)


def bindings_for(query_name: str, values: dict[str, str], ids: Ids) -> dict[str, Node]:
    """Parameter values (kind/slug, dates) as RDF terms, without a lookup query (timed: the engine)."""
    query = get_query(query_name)
    bound: dict[str, Node] = {}
    for param in query.params:
        value = values.get(param.name, param.default)
        if value is None:
            continue
        if param.type == "iri":
            bound[param.name] = URIRef(value if "://" in value else ids.entity(value))
        elif param.type == "date":
            bound[param.name] = date_literal(value)
        elif param.type == "integer":
            bound[param.name] = Literal(int(value))
        else:
            bound[param.name] = Literal(value)
    return bound


def graph_set(store: Store) -> GraphSet:
    """The store's named graphs as kg.validate expects them (prepared outside the timing)."""
    graphs: dict[str, list[Triple]] = defaultdict(list)
    for s, p, o, g in store.quads():
        graphs[str(g)].append((s, p, o))
    return GraphSet({name: tuple(triples) for name, triples in graphs.items()})


def runner_for(operation: str, system: str, store: Store, settings: Settings,
               params: dict[str, dict[str, str]]) -> Callable[[], int] | None:
    """A no-argument function doing the operation once, or None when this system has no such operation."""
    if operation == "validate":
        if system != OURS:
            return None
        from kg.ontology import load_ontology
        from kg.validate import validate

        graphs, ontology = graph_set(store), load_ontology(settings.ontology_file).graph
        return lambda: len(validate(graphs, settings.shapes_file, ontology))
    if operation.startswith(QUERY_PREFIX):
        name = operation.removeprefix(QUERY_PREFIX)
        sparql = get_query(name).sparql
        bound = bindings_for(name, params.get(name, {}), Ids(settings.base_iri))
        return lambda: _count(store.query(sparql, bound, name=name))
    if operation == "export-ttl":
        if system == OURS:
            return lambda: len(serialise(list(store.quads()), "ttl", settings.base_iri))
        dataset = store.dataset  # type: ignore[attr-defined]
        for prefix, namespace in prefixes_for(settings.base_iri).items():
            dataset.bind(prefix, namespace, replace=True)
        return lambda: len(dataset.serialize(format="turtle"))
    if operation == "view":
        from kg.views import whole_graph_html

        return lambda: len(whole_graph_html(store, settings))
    if operation == "reason":
        from kg.ontology import load_ontology
        from kg.reason import materialise
        from kg.reason.owl import owlrl_closure

        ontology = load_ontology(settings.ontology_file)
        if system == OURS:
            return lambda: materialise(store, ontology, Ids(settings.base_iri), check_owl=True).inferred
        union = Graph()
        for s, p, o, _ in store.quads():
            union.add((s, p, o))
        return lambda: len(owlrl_closure(union)) - len(union)
    raise ValueError(f"unknown operation {operation!r}")


def _count(result) -> int:  # type: ignore[no-untyped-def]
    if result.boolean is not None:
        return int(result.boolean)
    return len(result.triples) if result.triples is not None else len(result.rows)
