"""Named graphs replaced, and the store's two set unions patched by the difference alone.

The embedded store keeps its default graph as the *set* union of the graphs it copies (every graph
but the claim records' and the unreviewed extracted ones), and EXTRACTED_UNION as what the extracted
fact graphs add to it (kg.store.oxigraph). Rebuilding both after each write cost the whole store:
at 1M on disk, 53 s of `kg reason`'s 105 s went to replacing the inferred graph, and at 10M the
rebuild was one transaction of millions of quads. Here the cost follows the replaced graphs: each of
their changed triples is written or removed, and looked up in the other graphs by its own index entry.

    replace(engine, {graph: triples, ...})   # -> Replaced: what each graph held and holds

Every writer of graphs comes here: `replace_graph(s)` of the store (kg reason, kg serve) and the
incremental build's patch of its copy (kg.incremental.patch), which reads the change it returns.
The changes go in batches of BATCH triples, each one SPARQL update (one transaction) that writes the
graphs and both unions together: a replacement that changes up to BATCH triples is seen whole or not
at all; a larger one (the inferred graph at 10M) is seen batch by batch while it is written,
and memory stays bounded. Graphs with blank nodes, which `DELETE DATA` cannot name, are replaced the
old way: one update that rebuilds both unions (`REFRESH`); kg's only blank nodes are the ontology's,
whose change makes a full build, so an incremental build never takes that way.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain, islice
from typing import Callable, Container, Iterable, Iterator, Mapping, TypeVar

import pyoxigraph as ox

from kg.layers import EXTRACTED, EXTRACTED_SUFFIX, is_claims_graph, layer_of
from kg.namespaces import CLAIMS_GRAPH_SUFFIX

EXTRACTED_UNION = "urn:x-kg:union-of-extracted-graphs"  # internal: never listed, exported or queried by name
# Changed triples per transaction: the 84,521 inferred triples at 1M still go in whole (readers never
# see half of them, kg.reason.infer), and the ~850k at 10M in nine transactions of ~200k quads each.
BATCH = 100_000
_DEFAULT = ox.DefaultGraph()
T = TypeVar("T")
_EXTRACTED_UNION = ox.NamedNode(EXTRACTED_UNION)


def copied(name: str) -> bool:
    """A graph the default graph is the set union of."""
    return not is_claims_graph(name) and layer_of(name) != EXTRACTED and name != EXTRACTED_UNION


def extracted_facts(name: str) -> bool:
    """An unreviewed extracted graph of facts: what it adds to the default graph is in EXTRACTED_UNION."""
    return not is_claims_graph(name) and layer_of(name) == EXTRACTED


_IS_CLAIMS = f'STRENDS(STR(?g), "{CLAIMS_GRAPH_SUFFIX}")'
_IS_EXTRACTED = f'STRENDS(STR(?g), "{EXTRACTED_SUFFIX}")'
REFRESH_EXTRACTED = (f"DROP SILENT GRAPH <{EXTRACTED_UNION}> ; INSERT {{ GRAPH <{EXTRACTED_UNION}> {{ ?s ?p ?o }} }} "
                     f"WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({_IS_EXTRACTED} && "
                     f'!STRENDS(STR(?g), "{CLAIMS_GRAPH_SUFFIX}{EXTRACTED_SUFFIX}")) '
                     "FILTER NOT EXISTS { ?s ?p ?o } }")
# Both unions rebuilt from every graph: what a generic update is followed by (the graphs it wrote are not known).
REFRESH = ("DROP SILENT DEFAULT ; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } "
           f"FILTER(!{_IS_CLAIMS} && !{_IS_EXTRACTED} && ?g != <{EXTRACTED_UNION}>) }} ; " + REFRESH_EXTRACTED)
_PLAIN = {"http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}


@dataclass(frozen=True)
class Replaced:
    """What each replaced graph held before and holds now, as the engine spells its triples
    ("12.50" as 12.5): the change, for whoever reads it (kg.incremental.patch)."""

    before: Mapping[str, frozenset[ox.Triple]]
    after: Mapping[str, frozenset[ox.Triple]]


def replace(engine: ox.Store, graphs: Mapping[str, Iterable[ox.Triple]]) -> Replaced:
    """Make each graph of `graphs` hold exactly its triples, keeping both unions right; an emptied
    graph is dropped (as `DROP GRAPH` did: it is no longer listed). The graphs are replaced together:
    a triple moved from one to another is no change of the unions, and only what the replaced graphs
    held or hold together is looked up in the other graphs."""
    names = [ox.NamedNode(graph) for graph in graphs]
    new = {graph: frozenset(_canonical(triples)) for graph, triples in graphs.items()}
    # Both sides in memory as sets: the graphs' size, not the store's (a lookup per triple in the
    # engine instead cost 8 s for the 84,521 unchanged inferred triples at 1M on disk).
    old = {graph: frozenset(q.triple for q in engine.quads_for_pattern(None, None, None, name))
           for graph, name in zip(graphs, names)}
    if any(_blank(t) for graph in graphs for t in chain(new[graph], old[graph] - new[graph])):
        engine.update("".join(f"DROP SILENT GRAPH <{graph}> ;\n"
                              f"INSERT DATA {{ GRAPH <{graph}> {{\n{_text(new[graph])}}} }} ;\n" for graph in graphs)
                      + REFRESH)
        # INSERT DATA names blank nodes afresh: what the graphs hold now is read back.
        return Replaced(old, {graph: frozenset(q.triple for q in engine.quads_for_pattern(None, None, None, name))
                              for graph, name in zip(graphs, names)})
    change = _Change.of(old, new)
    for batch in _batches(change.triples):
        engine.update(_patch(engine, batch, change))
    for graph, name in zip(graphs, names):
        if not new[graph] and engine.contains_named_graph(name):
            engine.remove_graph(name)
    if engine.contains_named_graph(_EXTRACTED_UNION) and _empty(engine, _EXTRACTED_UNION):
        # An empty EXTRACTED_UNION left listed would make every query name its graphs (kg.store.oxigraph).
        engine.remove_graph(_EXTRACTED_UNION)
    return Replaced(old, new)


@dataclass(frozen=True)
class _Change:
    """The replaced graphs' triples that changed, and what the graphs of each union held and hold."""

    triples: list[ox.Triple]  # each once, in any replaced graph's difference
    added: Mapping[str, frozenset[ox.Triple]]  # replaced graph -> its triples new to it (every replaced graph)
    gone: Mapping[str, frozenset[ox.Triple]]
    copied_old: frozenset[ox.Triple]  # what the replaced graphs the default graph copies held together
    copied_new: frozenset[ox.Triple]
    extracted_old: frozenset[ox.Triple]  # the same for the replaced extracted fact graphs
    extracted_new: frozenset[ox.Triple]

    @staticmethod
    def of(old: Mapping[str, frozenset[ox.Triple]], new: Mapping[str, frozenset[ox.Triple]]) -> "_Change":
        added = {graph: new[graph] - old[graph] for graph in new}
        gone = {graph: old[graph] - new[graph] for graph in new}

        def together(side: Mapping[str, frozenset[ox.Triple]], kind: Callable[[str], bool]) -> frozenset[ox.Triple]:
            return frozenset().union(*(triples for graph, triples in side.items() if kind(graph)))

        triples = list(dict.fromkeys(chain(*added.values(), *gone.values())))
        return _Change(triples, added, gone, together(old, copied), together(new, copied),
                       together(old, extracted_facts), together(new, extracted_facts))


def _patch(engine: ox.Store, batch: list[ox.Triple], change: _Change) -> str:
    """One update: the batch's triples added to or removed from their graphs, and from the unions as
    the other graphs decide (read now, before the batch is written: no triple is in two batches)."""
    write: dict[tuple[bool, str], list[ox.Triple]] = {}  # (insert?, graph or "" for the default graph)

    def put(insert: bool, where: str, t: ox.Triple) -> None:
        write.setdefault((insert, where), []).append(t)

    # No extracted graph (the usual store): no triple of the batch can be one of their additions.
    guessed = engine.contains_named_graph(_EXTRACTED_UNION)
    replaced = change.added.keys()
    for t in batch:
        for graph, added in change.added.items():
            if t in added:
                put(True, graph, t)
            elif t in change.gone[graph]:
                put(False, graph, t)
        was, now = t in change.copied_old, t in change.copied_new
        if now and not was:  # in the default graph now: no longer an extracted addition
            put(True, "", t)
            if guessed and _holds(engine, t, _EXTRACTED_UNION):
                put(False, EXTRACTED_UNION, t)
        elif was and not now:
            if not _held_elsewhere(engine, t, copied, replaced):  # out of the default graph: an extracted addition?
                put(False, "", t)
                if t in change.extracted_new or _held_elsewhere(engine, t, extracted_facts, replaced):
                    put(True, EXTRACTED_UNION, t)
        elif t in change.extracted_new and t not in change.extracted_old:  # the default graph as it was
            if not _holds(engine, t, _DEFAULT):
                put(True, EXTRACTED_UNION, t)
        elif t in change.extracted_old and t not in change.extracted_new:
            if not _held_elsewhere(engine, t, extracted_facts, replaced):
                put(False, EXTRACTED_UNION, t)
    parts = []
    for insert, keyword in ((False, "DELETE DATA"), (True, "INSERT DATA")):
        blocks = [_text(ts) if not where else f"GRAPH <{where}> {{\n{_text(ts)}}}\n"
                  for (inserting, where), ts in write.items() if inserting == insert]
        if blocks:
            parts.append(f"{keyword} {{\n{''.join(blocks)}}}")
    return " ;\n".join(parts)


def _canonical(triples: Iterable[ox.Triple]) -> set[ox.Triple]:
    """The triples as the engine spells them ("12.50" as 12.5, "1" as true): a triple of the graph
    and one given are the same only so, and the difference is taken on them."""
    plain: set[ox.Triple] = set()
    scratch = ox.Store()  # in memory: the engine's own spelling of the typed literals
    for t in triples:
        if isinstance(t.object, ox.Literal) and t.object.datatype.value not in _PLAIN:
            scratch.add(ox.Quad(t.subject, t.predicate, t.object, _DEFAULT))
        else:
            plain.add(t)
    return plain | {q.triple for q in scratch.quads_for_pattern(None, None, None, _DEFAULT)}


def _blank(t: ox.Triple) -> bool:
    return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)


def _text(triples: Iterable[ox.Triple]) -> str:
    return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)


def _empty(engine: ox.Store, graph: ox.NamedNode) -> bool:
    return next(iter(engine.quads_for_pattern(None, None, None, graph)), None) is None


def _holds(engine: ox.Store, t: ox.Triple, graph: ox.NamedNode | ox.DefaultGraph) -> bool:
    return next(iter(engine.quads_for_pattern(t.subject, t.predicate, t.object, graph)), None) is not None


def _held_elsewhere(engine: ox.Store, t: ox.Triple, kind: Callable[[str], bool], replaced: Container[str]) -> bool:
    """Whether a graph of `kind` other than the `replaced` ones holds `t`: one index range, the graphs
    that hold the triple (sorting every graph of the store by kind instead cost more than the write:
    ~1,000 names per replacement in an incremental build)."""
    return any(isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value not in replaced
               and kind(q.graph_name.value) for q in engine.quads_for_pattern(t.subject, t.predicate, t.object, None))


def _batches(items: list[T]) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, BATCH)):
        yield batch
