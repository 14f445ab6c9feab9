"""The copy of the store patched to the new build: graphs replaced, claim records swapped, the union kept.

Every write here is to the incremental build's own copy (kg.incremental.store.copy_store), which no
reader sees until publish() swaps it in. Graphs are replaced as the store replaces them for every
writer (kg.store.union_patch: the changed triples alone, the unions patched); the claim records,
which no union copies, are swapped by the engine's bulk writes of the few triples that change.
What changed, in the store's own spelling (a decimal as the engine writes it), is the delta
(kg.incremental.delta) that validation, inference and the outputs read.
"""

from __future__ import annotations

from typing import Iterable, Mapping

import pyoxigraph as ox
from rdflib.namespace import PROV

from kg.graph import Triple
from kg.incremental.delta import Delta, graph_delta
from kg.store.oxigraph import OxigraphStore
from kg.store.terms import to_ox

_DERIVED = ox.NamedNode(str(PROV.wasDerivedFrom))


def _ox_triples(triples: Iterable[Triple]) -> list[ox.Triple]:
    return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples]  # type: ignore[arg-type]


def _text(triples: Iterable[ox.Triple]) -> bytes:
    found = list(triples)
    return ox.serialize(found, format=ox.RdfFormat.N_TRIPLES) if found else b""


def replace_graphs(store: OxigraphStore, graphs: Mapping[str, Iterable[Triple]], dropped: Iterable[str]) -> Delta:
    """Refill `graphs` and drop `dropped`, the store's unions patched by the changed triples alone
    (kg.store.union_patch, as every writer of the store); the change, as the store spells it."""
    replaced = store.replace_graphs(graphs, dropped)
    return graph_delta({name: _text(triples) for name, triples in replaced.before.items()},
                       {name: _text(triples) for name, triples in replaced.after.items()})


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
