"""A Store whose every operation runs in a worker process under the query limits.

    store = limited_store(settings)          # what `kg query`, views and `kg serve` use
    store.query("SELECT ...")                # QueryTimeout past KG_QUERY_TIMEOUT,
                                             # QueryMemory past KG_QUERY_MEMORY, Refused for SERVICE

The jobs are module-level functions, so they travel to the worker by name.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Mapping

from rdflib import BNode, Literal, URIRef

from kg.graph import Quad, Triple
from kg.settings import Settings
from kg.store.base import QueryResult, Store
from kg.store.outbound import refuse_outbound
from kg.store.workers import Limits, WorkerPool, query_key

INTERNAL_TIMEOUT_S = 600.0  # reading every quad of a big store is not a runaway


def _query(store: Store, sparql: str, bindings: Any, name: str, limit: int | None,
           timeout_s: float | None) -> QueryResult:
    return store.query(sparql, bindings, name, limit=limit, timeout_s=timeout_s)


def _update(store: Store, sparql: str) -> None:
    store.update(sparql)


def _replace_graph(store: Store, graph: str, triples: list[Triple]) -> None:
    store.replace_graph(graph, triples)


def _load(store: Store, quads: list[Quad]) -> None:
    store.load(quads)


def _quads(store: Store) -> list[Quad]:
    return list(store.quads())


def _graph_ntriples(store: Store, graph: str) -> bytes:
    return store.graph_ntriples(graph)


def _union_ntriples(store: Store) -> bytes | None:
    union = getattr(store, "union_ntriples", None)  # only a store that keeps its union has it
    return union() if union else None


def _graph_names(store: Store) -> list[str]:
    return store.graph_names()


def _length(store: Store) -> int:
    return len(store)


def limits_for(settings: Settings) -> Limits:
    return Limits(timeout_s=settings.query_timeout_s, memory_bytes=settings.query_memory_mb * 2**20)


class LimitedStore:
    """The store at `url`, reached only through a WorkerPool."""

    def __init__(self, url: str, limits: Limits, size: int = 1, writable: bool = False,
                 preload: tuple[str, ...] = (), fork: bool = True, with_extracted: bool = False) -> None:
        self.url = url
        self.limits = limits
        self.pool = WorkerPool(url, limits, size=size, writable=writable, preload=preload, fork=fork,
                               with_extracted=with_extracted)

    def run(self, job: Any, *args: Any, **kwargs: Any) -> Any:
        """Any job `job(store, ...)` under the same limits (the server renders pages this way)."""
        return self.pool.run(job, *args, **kwargs)

    def check(self, sparql: str, update: bool, name: str) -> None:
        if not self.pool.sandboxed:
            refuse_outbound(sparql, update, name)

    def query(self, sparql: str, bindings: Mapping[str, URIRef | Literal | BNode] | None = None,
              name: str = "query", *, limit: int | None = None, timeout_s: float | None = None,
              cancel: Any = None) -> QueryResult:
        self.check(sparql, False, name)
        timeout = self.limits.timeout_s if timeout_s is None else min(timeout_s, self.limits.timeout_s)
        return self.pool.run(_query, sparql, dict(bindings or {}), name, limit, timeout,
                             key=query_key(sparql), cancel=cancel, timeout_s=timeout)

    def update(self, sparql: str) -> None:
        self.check(sparql, True, "update")
        self.pool.run(_update, sparql)

    def replace_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        self.pool.run(_replace_graph, graph, list(triples), timeout_s=INTERNAL_TIMEOUT_S)

    def load(self, quads: Iterable[Quad]) -> None:
        self.pool.run(_load, list(quads), timeout_s=INTERNAL_TIMEOUT_S)

    def quads(self) -> Iterator[Quad]:
        yield from self.pool.run(_quads, timeout_s=INTERNAL_TIMEOUT_S)

    def graph_ntriples(self, graph: str) -> bytes:
        return self.pool.run(_graph_ntriples, graph, timeout_s=INTERNAL_TIMEOUT_S)

    def union_ntriples(self) -> bytes | None:
        return self.pool.run(_union_ntriples, timeout_s=INTERNAL_TIMEOUT_S)

    def graph_names(self) -> list[str]:
        return self.pool.run(_graph_names)

    def __len__(self) -> int:
        return self.pool.run(_length)

    def close(self) -> None:
        self.pool.close()


def limited_store(settings: Settings, url: str | None = None, size: int = 1, writable: bool = False,
                  preload: tuple[str, ...] = (), fork: bool = True) -> LimitedStore:
    return LimitedStore(url or settings.store_url, limits_for(settings), size, writable, preload, fork,
                        settings.with_extracted)
