"""The set-union default graph on a remote store, kept by kg itself (as kg.store.oxigraph keeps it embedded).

A server's own union of the named graphs (`oxigraph serve --union-default-graph`, Fuseki's
`tdb2:unionDefaultGraph`) is a multiset: a triple that n source graphs hold is seen n times, and
joins multiply. Virtuoso's default graph is every graph, its system graphs included. So kg keeps
two copies on the server, each a *set* (a graph holds a triple once):

- UNION: the asserted and inferred graphs (what every query sees), and
- UNION_WITH_EXTRACTED: those plus the unreviewed extracted graphs (seen only `with_extracted`);

and names its dataset in every query (SPARQL Protocol `default-graph-uri` / `named-graph-uri`):
the copy plus the claim records' graphs as the default graph, the visible graphs as the named ones.
The claim records stay out of the copies: no other graph holds their triples (as embedded).

Each write keeps the copies current in the same update request: a replaced graph's old triples
leave a copy unless another graph that feeds it still holds them, its new triples go in.
"""

from __future__ import annotations

from kg.layers import EXTRACTED, is_claims_graph, layer_of
from kg.namespaces import CLAIMS_GRAPH_SUFFIX
from kg.store.sparqltext import GraphReach

UNION = "urn:x-kg:set-union-of-graphs"
UNION_WITH_EXTRACTED = "urn:x-kg:set-union-of-graphs-with-extracted"
COPIES = (UNION, UNION_WITH_EXTRACTED)
STAGING_SUFFIX = "-kg-staging"  # a big graph being uploaded (kg.store.remote), not yet a graph of the store
NO_GRAPH = "urn:x-kg:no-graph"  # named when a dataset has no named graph (an empty list would mean "all")


def is_internal(graph: str) -> bool:
    """kg's own bookkeeping graphs: never listed, exported or queried by name."""
    return graph in COPIES or graph.endswith(STAGING_SUFFIX)


def feeds(copy: str, graph: str) -> bool:
    """Whether `graph`'s triples belong in `copy`."""
    if is_internal(graph) or is_claims_graph(graph):
        return False
    return copy == UNION_WITH_EXTRACTED or layer_of(graph) != EXTRACTED


def _feeding_filter(copy: str, variable: str, foreign: frozenset[str]) -> str:
    """SPARQL: the graph bound to ?variable feeds `copy` (the same test as `feeds`; `foreign`: the
    server's own graphs, which feed nothing)."""
    name = f"STR(?{variable})"
    tests = [f'!STRENDS({name}, "{CLAIMS_GRAPH_SUFFIX}")', f'!STRENDS({name}, "{CLAIMS_GRAPH_SUFFIX}/extracted")',
             f'!STRENDS({name}, "{STAGING_SUFFIX}")', f"?{variable} != <{UNION}>",
             f"?{variable} != <{UNION_WITH_EXTRACTED}>"]
    if copy == UNION:
        tests.append(f'!STRENDS({name}, "/extracted")')
    tests += [f"?{variable} != <{graph}>" for graph in sorted(foreign)]
    return " && ".join(tests)


def before_replacing(graph: str, foreign: frozenset[str] = frozenset()) -> list[str]:
    """Update operations, run before `graph` is replaced: its triples leave each copy it feeds
    unless another graph that feeds the copy holds them too."""
    return [f"DELETE {{ GRAPH <{copy}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != <{graph}> && "
            f"{_feeding_filter(copy, 'other', foreign)}) }} }}"
            for copy in COPIES if feeds(copy, graph)]


def after_replacing(graph: str) -> list[str]:
    """Update operations, run once `graph` holds its new triples: they join each copy it feeds."""
    return [f"INSERT {{ GRAPH <{copy}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
            for copy in COPIES if feeds(copy, graph)]


def rebuild(foreign: frozenset[str] = frozenset()) -> list[str]:
    """Update operations that make both copies anew from every graph (after a load or any update)."""
    return [op for copy in COPIES for op in (
        f"DROP SILENT GRAPH <{copy}>",
        f"INSERT {{ GRAPH <{copy}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER({_feeding_filter(copy, 'g', foreign)}) }}")]


def dataset(graphs: list[str], with_extracted: bool) -> dict[str, list[str]]:
    """The dataset a query names (protocol parameters) for the store's graphs (`graphs`: every graph,
    internal ones included).

    Without the copy (a store filled by other tools than `kg push`), the default graph is the
    visible graphs' own union, a multiset, as a server's union default graph would be.
    """
    visible = [g for g in graphs if not is_internal(g) and (with_extracted or layer_of(g) != EXTRACTED)]
    copy = UNION_WITH_EXTRACTED if with_extracted else UNION
    claims = [g for g in visible if is_claims_graph(g)]
    default = [copy, *claims] if copy in graphs else visible
    return {"default-graph-uri": default or [NO_GRAPH], "named-graph-uri": visible or [NO_GRAPH]}


def reached(dataset: dict[str, list[str]], reach: GraphReach) -> dict[str, list[str]]:
    """`dataset` with only the named graphs a query's GRAPH patterns can reach (kg.store.sparqltext.graph_reach):
    the same answers, without every visible graph's name in each request (13,922 at the 10M bench graph)."""
    if reach.every:
        return dataset
    named = [g for g in dataset["named-graph-uri"] if g in reach.names]
    return {**dataset, "named-graph-uri": named or [NO_GRAPH]}
