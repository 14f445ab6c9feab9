"""The store interface every backend implements, and its query result type.

Terms at this boundary are rdflib terms: they are what exports, views and
notebooks already speak.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping, Protocol

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import KgError
from kg.graph import Quad, Triple


class QueryTimeout(KgError):
    """A query ran past its time limit."""


class StoreUnavailable(KgError):
    """The store could not be reached or failed (not the query's fault)."""


class QueryMemory(KgError):
    """A query needed more memory than its cap (KG_QUERY_MEMORY) and was stopped."""


class Refused(KgError):
    """A well-formed request this store will not run (SERVICE, LOAD: no outbound requests)."""


class Busy(KgError):
    """Every worker that could run the query is busy (the admission limit)."""


class Cancelled(KgError):
    """The caller gave up on the query (a client that disconnected); it was stopped."""


@dataclass(frozen=True)
class QueryResult:
    """A SELECT (variables + rows), ASK (boolean) or CONSTRUCT/DESCRIBE (triples) result."""

    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Node | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[Triple, ...] | None = None
    truncated: bool = False

    @property
    def kind(self) -> str:
        if self.boolean is not None:
            return "boolean"
        return "graph" if self.triples is not None else "bindings"

    def records(self) -> list[dict[str, Node | None]]:
        return [dict(zip(self.variables, row)) for row in self.rows]

    def column(self, name: str) -> list[str]:
        """A column as plain strings (None for unbound), handy in tests and notebooks."""
        index = self.variables.index(name)
        return [None if r[index] is None else str(r[index]) for r in self.rows]  # type: ignore[misc]


def bind_values(sparql: str, bindings: Mapping[str, Node] | None, name: str = "query") -> str:
    """Pre-bind variables with a VALUES block at the start of the outer WHERE group.

    At the start of the group (not as a trailing VALUES clause) the values are
    joined first, so FILTERs in the group see them and the store can use them
    as constants; this works on every SPARQL 1.1 store. (Oxigraph's own
    substitutions would refuse variables the SELECT does not project.)
    """
    from kg.store.sparqltext import with_values  # kg.store.sparqltext needs kg.export, which is heavier

    return with_values(sparql, bindings, name)


class Store(Protocol):
    """What the rest of kg needs from a triple store."""

    url: str

    def replace_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        """Replace one named graph's content atomically (readers see old or new, never half)."""

    def load(self, quads: Iterable[Quad]) -> None:
        """Add quads (used to fill a fresh store)."""

    def query(self, sparql: str, bindings: Mapping[str, URIRef | Literal | BNode] | None = None,
              name: str = "query", *, limit: int | None = None,
              timeout_s: float | None = None) -> QueryResult:
        """Run SPARQL with the union of all named graphs as the default graph.

        `bindings` pre-binds variables (parameters of named queries); `name`
        says which query an error message should name. `limit` caps the rows
        (or triples) kept, setting `truncated`; `timeout_s` raises QueryTimeout.
        """

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update (one request, one transaction)."""

    def quads(self) -> Iterator[Quad]:
        """Every quad in the store."""

    def graph_ntriples(self, graph: str) -> bytes:
        """One named graph as canonical N-Triples, in any order (exports sort it; no rdflib terms)."""

    def graph_names(self) -> list[str]:
        """The named graphs, sorted."""

    def __len__(self) -> int:
        """Number of quads."""

    def close(self) -> None: ...
