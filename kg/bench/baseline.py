"""The baseline: plain rdflib behind our Store interface.

An in-memory rdflib Dataset whose default graph is the union of the named
graphs our stores present (all but the unreviewed `/extracted` ones, kg.layers),
queried by rdflib's own SPARQL engine. It
speaks the same `query()` as kg.store, so the very same code (named queries,
views) runs on both and only the engine differs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, Mapping

from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.graph import Quad, Triple
from kg.layers import EXTRACTED, layer_of
from kg.store.base import QueryResult, bind_values


class RdflibStore:
    """kg.store.base.Store over an in-memory rdflib Dataset (default graph = union)."""

    url = "rdflib:memory"

    def __init__(self) -> None:
        self.dataset = Dataset(default_union=True)

    @classmethod
    def from_file(cls, path: Path, fmt: str = "nquads") -> "RdflibStore":
        store = cls()
        store.dataset.parse(str(path), format=fmt)
        for graph in list(store.dataset.graphs()):
            if layer_of(str(graph.identifier)) == EXTRACTED:
                store.dataset.remove_graph(graph)
        return store

    def load(self, quads: Iterable[Quad]) -> None:
        self.dataset.addN(q for q in quads if layer_of(str(q[3])) != EXTRACTED)  # type: ignore[arg-type]

    def replace_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        target = self.dataset.graph(URIRef(graph))
        target.remove((None, None, None))
        for triple in triples:
            target.add(triple)

    def update(self, sparql: str) -> None:
        self.dataset.update(sparql)

    def query(self, sparql: str, bindings: Mapping[str, URIRef | Literal | BNode] | None = None,
              name: str = "query", *, limit: int | None = None, timeout_s: float | None = None) -> QueryResult:
        # The very text our store runs: parameters pre-bound by the same VALUES block.
        answer = self.dataset.query(bind_values(sparql, bindings, name))
        if answer.type == "ASK":
            return QueryResult(boolean=bool(answer.askAnswer))
        if answer.type in {"CONSTRUCT", "DESCRIBE"}:
            return QueryResult(triples=tuple(answer.graph))  # type: ignore[arg-type,union-attr]
        variables = tuple(str(v) for v in answer.vars or ())
        rows = tuple(tuple(row) for row in answer)
        truncated = limit is not None and len(rows) > limit
        return QueryResult(variables=variables, rows=rows[:limit] if truncated else rows,  # type: ignore[arg-type]
                           truncated=truncated)

    def quads(self) -> Iterator[Quad]:
        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            if g is not None and g != DATASET_DEFAULT_GRAPH_ID:
                yield (s, p, o, g)  # type: ignore[misc]

    def graph_names(self) -> list[str]:
        return sorted(str(g.identifier) for g in self.dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID)

    def __len__(self) -> int:
        return sum(1 for _ in self.quads())

    def close(self) -> None:
        self.dataset = Dataset(default_union=True)
