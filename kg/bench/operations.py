"""What is timed: the same operations done by our stack and by plain rdflib.

- load:        parse the N-Quads file into a store (ours: embedded Oxigraph in
               memory; baseline: an rdflib Dataset)
- validate:    SHACL over the union graph (ours: kg.validate, the shapes as SPARQL
               on Oxigraph with RDFS inference; baseline: plain pySHACL on the same
               union graph and shapes, inference off: the data carries the class hierarchy)
- query:NAME:  a named query (kg/queries/NAME.rq) with parameters chosen from
               the data, through Store.query (ours: Oxigraph's SPARQL;
               baseline: rdflib's SPARQL over the union default graph)
- export-ttl:  the union graph as Turtle (ours: kg.export, as `kg export`;
               baseline: rdflib's Turtle serialiser)
- view:        kg.views.whole_graph_html over each store (same code, different engine)
- reason:      `kg reason` (kg.reason.materialise: rules from the ontology run by
               Oxigraph to a fixpoint, plus HermiT's consistency check) against
               owlrl's OWL 2 RL closure of the union graph; last, since it adds the
               inferred graph to the store

Beside ours, in the same process and right after each of our runs (so that the
ratio holds however loaded the machine is), the raw engine: pyoxigraph alone, no kg
code, the physical limit. Its load is Oxigraph's bulk load of the same file; its
queries are the same SPARQL text on our very store and dataset, their solutions
iterated but not converted; its export dumps every named graph and sorts the lines.

Every operation returns a number that says how much it produced (rows,
characters), so both sides can be checked to have done the same work.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Callable

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.bench.baseline import RdflibStore
from kg.export import export_store, prefixes_for
from kg.literals import date_literal
from kg.namespaces import Ids
from kg.queries import get_query, list_queries
from kg.settings import Settings
from kg.store.base import Store, bind_values
from kg.store.oxigraph import OxigraphStore
from kg.store.sparqltext import declares_dataset

OURS, BASELINE = "ours", "rdflib"
SYSTEMS = (OURS, BASELINE)
RAW_PREFIX = "raw:"  # the raw engine's record of an operation, measured by our worker
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


def runner_for(operation: str, system: str, store: Store, settings: Settings,
               params: dict[str, dict[str, str]]) -> Callable[[], int] | None:
    """A no-argument function doing the operation once, or None when this system has no such operation."""
    if operation == "validate":
        if system == OURS:
            from kg.ontology import load_ontology
            from kg.validate import validate_store

            ontology = load_ontology(settings.ontology_file).graph
            return lambda: len(validate_store(store, settings.shapes_file, ontology))  # type: ignore[arg-type]
        return _pyshacl(store, settings)
    if operation.startswith(QUERY_PREFIX):
        name = operation.removeprefix(QUERY_PREFIX)
        sparql = get_query(name).sparql
        bound = bindings_for(name, params.get(name, {}), Ids(settings.base_iri))
        return lambda: _count(store.query(sparql, bound, name=name))
    if operation == "export-ttl":
        if system == OURS:
            return lambda: len(export_store(store, "ttl", settings.base_iri))
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


def _pyshacl(store: Store, settings: Settings) -> Callable[[], int]:
    """Plain pySHACL on the union graph, as a user would run it (inference off: the ontology,
    class hierarchy included, is in the data)."""
    import pyshacl

    from kg.rdfparse import parse_turtle

    union = Graph()
    for s, p, o, _ in store.quads():
        union.add((s, p, o))
    shapes = parse_turtle(settings.shapes_file)

    def run() -> int:
        _, report, _ = pyshacl.validate(union, shacl_graph=shapes, inference="none", abort_on_first=False,
                                        allow_warnings=True)
        return len(set(report.subjects(RDF.type, SH.ValidationResult)))

    return run


def raw_runner_for(operation: str, store: OxigraphStore, data: Path, settings: Settings,
                   params: dict[str, dict[str, str]]) -> Callable[[], int] | None:
    """The raw engine's counterpart of one of our operations, on our store, or None if it has none."""
    raw = store._store  # noqa: SLF001 (the benchmark measures the engine under the store)
    if operation == "load":
        def load() -> int:
            fresh = ox.Store()
            fresh.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS, lenient=True)
            return len(fresh)

        return load
    if operation == "export-ttl":
        graphs = store.graph_names()

        def export() -> int:
            lines = b"".join(raw.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(g))
                             for g in graphs).split(b"\n")
            lines.sort()
            return len(b"\n".join(lines))

        return export
    if not operation.startswith(QUERY_PREFIX):
        return None
    name = operation.removeprefix(QUERY_PREFIX)
    bound = bindings_for(name, params.get(name, {}), Ids(settings.base_iri))
    text = bind_values(get_query(name).sparql, bound, name)
    dataset = {} if declares_dataset(text) else store.dataset_for(text)

    def query() -> int:
        answer = raw.query(text, **dataset)
        return int(bool(answer)) if isinstance(answer, ox.QueryBoolean) else sum(1 for _ in answer)

    return query


def _count(result) -> int:  # type: ignore[no-untyped-def]
    if result.boolean is not None:
        return int(result.boolean)
    return len(result.triples) if result.triples is not None else len(result.rows)
