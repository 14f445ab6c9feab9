"""One named graph replaced, and the store's two set unions patched by the difference alone.

The embedded store keeps its default graph as the *set* union of the graphs it copies (every graph
but the claim records' and the unreviewed extracted ones), and EXTRACTED_UNION as what the extracted
fact graphs add to it (kg.store.oxigraph). Rebuilding both after each write cost the whole store:
at 1M on disk, 53 s of `kg reason`'s 105 s went to replacing the inferred graph, and at 10M the
rebuild was one transaction of millions of quads. Here the cost follows the replaced graph: each of
its changed triples is written or removed, and looked up in the other graphs by its own index entry.

    replace(engine, graph, triples, graph_names)   # graph_names: every named graph of the store

Writes go in batches of BATCH quads, each one transaction, so memory stays bounded whatever the size
of the graph: a reader may see part of a large replacement while it is written (the unions are right
again at every batch's end for the triples written so far). Additions are written before removals,
and each triple's union entries before or after its own graph's so that a run killed midway is
repaired by replacing the graph again (see `_added` and `_removed`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Iterable, Iterator

import pyoxigraph as ox

from kg.layers import EXTRACTED, EXTRACTED_SUFFIX, layer_of
from kg.namespaces import CLAIMS_GRAPH_SUFFIX

EXTRACTED_UNION = "urn:x-kg:union-of-extracted-graphs"  # internal: never listed, exported or queried by name
BATCH = 20_000  # quads per transaction: a few MiB of writes held at once
_DEFAULT = ox.DefaultGraph()
_EXTRACTED_UNION = ox.NamedNode(EXTRACTED_UNION)


def claims_graph(name: str) -> bool:
    """A graph of claim records: neither union copies it (queries read it beside the default graph)."""
    return name.endswith(CLAIMS_GRAPH_SUFFIX) or name.endswith(CLAIMS_GRAPH_SUFFIX + EXTRACTED_SUFFIX)


def copied(name: str) -> bool:
    """A graph the default graph is the set union of."""
    return not claims_graph(name) and layer_of(name) != EXTRACTED and name != EXTRACTED_UNION


def extracted_facts(name: str) -> bool:
    """An unreviewed extracted graph of facts: what it adds to the default graph is in EXTRACTED_UNION."""
    return not claims_graph(name) and layer_of(name) == EXTRACTED


@dataclass(frozen=True)
class Others:
    """The graphs besides the replaced one that decide whether a triple stays in a union."""

    copied: frozenset[str]
    extracted: frozenset[str]

    @staticmethod
    def of(graph: str, graph_names: Iterable[str]) -> "Others":
        names = [n for n in graph_names if n != graph]
        return Others(frozenset(filter(copied, names)), frozenset(filter(extracted_facts, names)))


def replace(engine: ox.Store, graph: str, triples: Iterable[ox.Triple], graph_names: Iterable[str]) -> None:
    """Make `graph` hold exactly `triples`, keeping both unions right; an emptied graph is dropped
    (as `DROP GRAPH` did: it is no longer listed)."""
    name = ox.NamedNode(graph)
    new = set(triples)
    others = Others.of(graph, graph_names)
    # What changes, read before any write (the engine's iterators read a snapshot, but the lists
    # also keep the two passes below independent of each other).
    gone = [q.triple for q in engine.quads_for_pattern(None, None, None, name) if q.triple not in new]
    added = [t for t in new if not _holds(engine, t, name)]
    for batch in _batches(added):
        _added(engine, graph, name, batch, others)
    for batch in _batches(gone):
        _removed(engine, graph, name, batch, others)
    if not new:
        engine.remove_graph(name)
    if next(iter(engine.quads_for_pattern(None, None, None, _EXTRACTED_UNION)), None) is None:
        # An empty EXTRACTED_UNION left listed would make every query name its graphs (kg.store.oxigraph).
        engine.remove_graph(_EXTRACTED_UNION)


def _added(engine: ox.Store, graph: str, name: ox.NamedNode, batch: list[ox.Triple], others: Others) -> None:
    # The union entries go first: killed before the graph's own, the next replacement sees the
    # triples as still to add and writes them again (adding is idempotent).
    if copied(graph):
        engine.extend(_quads(batch, _DEFAULT))
        if engine.contains_named_graph(_EXTRACTED_UNION):  # now in the default graph: no longer an addition
            _remove(engine, [t for t in batch if _holds(engine, t, _EXTRACTED_UNION)], _EXTRACTED_UNION)
    elif extracted_facts(graph):
        engine.extend(_quads([t for t in batch if not _holds(engine, t, _DEFAULT)], _EXTRACTED_UNION))
    engine.extend(_quads(batch, name))


def _removed(engine: ox.Store, graph: str, name: ox.NamedNode, batch: list[ox.Triple], others: Others) -> None:
    # The union entries go first, decided by the other graphs alone: killed before the graph's own
    # removals, the next replacement still finds the triples in the graph and removes them again.
    if copied(graph):
        dropped = [t for t in batch if not _held_by(engine, t, others.copied)]
        # Out of the default graph, a triple an extracted graph still holds becomes its addition.
        engine.extend(_quads([t for t in dropped if _held_by(engine, t, others.extracted)], _EXTRACTED_UNION))
        _remove(engine, dropped, _DEFAULT)
    elif extracted_facts(graph):
        _remove(engine, [t for t in batch if not _held_by(engine, t, others.extracted)], _EXTRACTED_UNION)
    _remove(engine, batch, name)


def _remove(engine: ox.Store, triples: list[ox.Triple], graph: ox.NamedNode | ox.DefaultGraph) -> None:
    for t in triples:  # pyoxigraph removes one quad per call (a transaction each)
        engine.remove(ox.Quad(t.subject, t.predicate, t.object, graph))


def _holds(engine: ox.Store, t: ox.Triple, graph: ox.NamedNode | ox.DefaultGraph) -> bool:
    return next(iter(engine.quads_for_pattern(t.subject, t.predicate, t.object, graph)), None) is not None


def _held_by(engine: ox.Store, t: ox.Triple, graphs: frozenset[str]) -> bool:
    """Whether a graph of `graphs` holds `t`: one index range, the graphs that hold the triple."""
    return any(isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in graphs
               for q in engine.quads_for_pattern(t.subject, t.predicate, t.object, None))


def _quads(triples: Iterable[ox.Triple], graph: ox.NamedNode | ox.DefaultGraph) -> list[ox.Quad]:
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]


def _batches(items: list[ox.Triple]) -> Iterator[list[ox.Triple]]:
    it = iter(items)
    while batch := list(islice(it, BATCH)):
        yield batch
