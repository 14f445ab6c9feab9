"""The copy of the store patched to the new build: graphs replaced, claim records swapped, the union kept.

Every write here is to the incremental build's own copy (kg.incremental.store.copy_store), which no
reader sees until publish() swaps it in: so no transaction, but bulk writes of the few triples
that change. What changed is read back from the store, in its own spelling (a decimal as the
engine writes it), for the delta (kg.incremental.delta) that validation, inference and the
outputs read.
"""

from __future__ import annotations

from typing import Iterable, Mapping

import pyoxigraph as ox
from rdflib.namespace import PROV

from kg.graph import Triple
from kg.incremental.delta import Delta, graph_delta
from kg.layers import EXTRACTED, layer_of
from kg.store.oxigraph import EXTRACTED_UNION, OxigraphStore
from kg.store.terms import to_ox
from kg.store.union_patch import copied as copied_graph, extracted_facts

_DERIVED = ox.NamedNode(str(PROV.wasDerivedFrom))
_DEFAULT = ox.DefaultGraph()


def _ox_triples(triples: Iterable[Triple]) -> list[ox.Triple]:
    return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples]  # type: ignore[arg-type]


def _text(triples: Iterable[ox.Triple]) -> bytes:
    found = list(triples)
    return ox.serialize(found, format=ox.RdfFormat.N_TRIPLES) if found else b""


def replace_graphs(store: OxigraphStore, graphs: Mapping[str, Iterable[Triple]], dropped: Iterable[str]) -> Delta:
    """Refill `graphs`, drop `dropped`, and keep the union default graph a set union of the graphs it copies
    by adding and removing the changed triples alone; the change, as the store spells it."""
    raw = store._store  # noqa: SLF001 (the copy's engine: bulk writes, no rdflib term)
    names = [*graphs, *dropped]
    if any(layer_of(name) == EXTRACTED for name in names):
        # An extracted graph changes the second union (what they add to the default graph): the store
        # rebuilds both.
        old = {name: store.graph_ntriples(name) for name in names}
        store.replace_graphs({n: list(t) for n, t in graphs.items()}, dropped)
        return graph_delta(old, {name: store.graph_ntriples(name) for name in graphs})
    before = {name: {q.triple for q in raw.quads_for_pattern(None, None, None, ox.NamedNode(name))} for name in names}
    for name in names:
        raw.remove_graph(ox.NamedNode(name))
    # A transaction, not the bulk loader: a few graphs, whose fixed cost the bulk loader would dwarf.
    raw.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name))
               for name, triples in graphs.items() for t in _ox_triples(triples))
    after = {name: {q.triple for q in raw.quads_for_pattern(None, None, None, ox.NamedNode(name))} for name in graphs}
    old: set[ox.Triple] = set().union(*before.values())
    new: set[ox.Triple] = set().union(*after.values())
    every = store._all_graphs()  # noqa: SLF001
    copied = {n for n in every if copied_graph(n)}
    extracted = [ox.NamedNode(n) for n in every if extracted_facts(n)]
    union_of_extracted = ox.NamedNode(EXTRACTED_UNION)
    for t in old - new:  # gone from these graphs: from the union too, unless another graph holds it
        if not any(isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in copied
                   for q in raw.quads_for_pattern(t.subject, t.predicate, t.object, None)):
            raw.remove(ox.Quad(t.subject, t.predicate, t.object, _DEFAULT))
            if any(next(raw.quads_for_pattern(t.subject, t.predicate, t.object, g), None) for g in extracted):
                raw.add(ox.Quad(t.subject, t.predicate, t.object, union_of_extracted))  # now an extracted addition
    for t in new - old:
        raw.add(ox.Quad(t.subject, t.predicate, t.object, _DEFAULT))
        raw.remove(ox.Quad(t.subject, t.predicate, t.object, union_of_extracted))  # no longer an addition
    store._refreshed(store._all_graphs())  # noqa: SLF001 (the graphs a query's dataset names)
    return graph_delta({n: _text(t) for n, t in before.items()}, {n: _text(t) for n, t in after.items()})


def swap_records(store: OxigraphStore, graph: str, records: Iterable[Triple], kept_sources: set[str]) -> Delta:
    """In the claims graph `graph`, the records of every source but `kept_sources` (IRIs) replaced by
    `records` (only the triples that differ are written); the graph dropped when it is left empty (a full
    build would not make it)."""
    raw = store._store  # noqa: SLF001
    name = ox.NamedNode(graph)
    # The sources the graph's records name, found by the engine (one row per source, not per record).
    named = raw.query(f"SELECT DISTINCT ?source WHERE {{ GRAPH <{graph}> {{ ?record <{PROV.wasDerivedFrom}> ?source }} }}")
    redone = [row["source"] for row in named if not (isinstance(row["source"], ox.NamedNode)  # type: ignore[index]
                                                      and row["source"].value in kept_sources)]  # type: ignore[index]
    nodes = {q.subject for source in redone for q in raw.quads_for_pattern(None, _DERIVED, source, name)}
    old = {q.triple for node in nodes for q in raw.quads_for_pattern(node, None, None, name)}
    fresh = set(_ox_triples(records))
    # A triple the engine spells otherwise (a decimal) is taken as changed: removed, then written again.
    for t in old - fresh:
        raw.remove(ox.Quad(t.subject, t.predicate, t.object, name))
    raw.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in fresh - old)
    new = {q.triple for node in nodes | {t.subject for t in fresh} for q in raw.quads_for_pattern(node, None, None, name)}
    if next(raw.quads_for_pattern(None, None, None, name), None) is None:
        raw.remove_graph(name)
    store._refreshed(store._all_graphs())  # noqa: SLF001
    return graph_delta({graph: _text(old)}, {graph: _text(new)})
