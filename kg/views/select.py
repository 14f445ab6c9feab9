"""Which part of the graph a view shows: a neighbourhood, a query's result, some classes only."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rdflib import URIRef

from kg.errors import KgError
from kg.namespaces import Ids
from kg.ontology import Ontology
from kg.settings import Settings
from kg.store.base import QueryResult, Store
from kg.views.model import ViewEdge, ViewGraph, neighbourhood, restrict, with_edges


def focus(view: ViewGraph, store: Store, settings: Settings, entity: str, hops: int) -> ViewGraph:
    """The entity (by IRI, kind/slug or label) and everything within `hops` edges of it."""
    from kg.lookup import resolve_entity

    if hops < 0:
        raise KgError(f"--hops must be 0 or more, not {hops}")
    iri = str(resolve_entity(store, entity, Ids(settings.base_iri)))
    label = next((n.label for n in view.nodes if n.iri == iri), None)
    if label is None:
        raise KgError(f"{entity!r} is not an entity the view can show (it has no class from the ontology)")
    title = f"{label} and {hops} hop{'s' if hops != 1 else ''}"
    return replace(restrict(view, neighbourhood(view, iri, hops), title=title), focus=iri)


def run_view_query(store: Store, settings: Settings, query: str, params: dict[str, str]) -> QueryResult:
    """A named query (kg/queries/NAME.rq) or a .rq file, as `kg query` takes them."""
    from kg.api import read_query_file, run_named, run_sparql
    from kg.queries import QUERY_DIR

    path = Path(query)
    if (QUERY_DIR / f"{query}.rq").is_file():
        return run_named(store, query, params, settings)
    if path.suffix == ".rq" or path.is_file():
        if params:
            raise KgError("--param works with named queries only; write the values into the query file")
        return run_sparql(store, read_query_file(path), name=str(path))
    raise KgError(f"no named query {query!r} and no such .rq file (see `kg query --list`)")


def from_result(view: ViewGraph, result: QueryResult, ontology: Ontology, title: str) -> ViewGraph:
    """The graph a CONSTRUCT returns, or the entities a SELECT names with the edges among them."""
    known = view.node_ids()
    if result.kind == "graph":
        triples = [(str(s), str(p), str(o)) for s, p, o in result.triples or ()
                   if isinstance(s, URIRef) and isinstance(o, URIRef)]
        # Every entity the result mentions as subject or object, even through a literal-valued triple.
        wanted = {str(t) for s, _, o in result.triples or () for t in (s, o) if isinstance(t, URIRef)
                  and str(t) in known}
        returned = {(s, p, o) for s, p, o in triples}
        picked = restrict(view, wanted, title)
        # Only the edges the CONSTRUCT returned, with the evidence the graph holds for them.
        kept = tuple(e for e in picked.edges if (e.source, e.predicate, e.target) in returned)
        extra = [ViewEdge(s, o, p, _property_label(ontology, p)) for s, p, o in sorted(returned)]
        return with_edges(replace(picked, edges=kept), extra)
    if result.kind == "bindings":
        wanted = {str(cell) for row in result.rows for cell in row if isinstance(cell, URIRef) and str(cell) in known}
        return restrict(view, wanted | joining(view, wanted), title)
    raise KgError("an ASK query has no graph to show; use a SELECT or a CONSTRUCT")


def joining(view: ViewGraph, named: set[str]) -> set[str]:
    """The entities through which the facts join named entities that no fact links directly: any
    entity linked to two or more of them (the event the speakers a query lists all spoke at)."""
    linked = {end for e in view.edges if e.source in named and e.target in named and e.source != e.target
              for end in (e.source, e.target)}
    alone = named - linked
    if not alone:
        return set()
    touches: dict[str, set[str]] = {}
    for e in view.edges:
        for here, there in ((e.source, e.target), (e.target, e.source)):
            if here in alone and there not in named:
                touches.setdefault(there, set()).add(here)
    return {other for other, reached in touches.items() if len(reached) >= 2}


def _property_label(ontology: Ontology, iri: str) -> str:
    return ontology.properties[iri].label if iri in ontology.properties else ontology.label(iri)


def keep_classes(view: ViewGraph, ontology: Ontology, names: list[str]) -> ViewGraph:
    """Only entities of these classes or their subclasses (`Event` keeps forums and conferences)."""
    wanted = [ontology.resolve_class(name) for name in names]
    keep = [n.iri for n in view.nodes if any(ontology.is_a(n.cls, cls) for cls in wanted)]
    labels = ", ".join(ontology.label(c) for c in wanted)
    return restrict(view, keep, title=f"{view.title} ({labels})")
