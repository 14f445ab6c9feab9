"""The store interface every backend implements, and its query result type.

Terms at this boundary are rdflib terms: they are what exports, views and
notebooks already speak.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping, Protocol

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.graph import Quad, Triple


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


@dataclass(frozen=True)
class StoreInfo:
    url: str
    backend: str
    graphs: tuple[str, ...] = field(default_factory=tuple)


_WHERE_RE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind_values(sparql: str, bindings: Mapping[str, Node]) -> str:
    """Pre-bind variables with a VALUES block at the start of the outer WHERE group.

    At the start of the group (not as a trailing VALUES clause) the values are
    joined first, so FILTERs in the group see them and the store can use them
    as constants; this works on every SPARQL 1.1 store.
    """
    if not bindings:
        return sparql
    names = sorted(bindings)
    values = " ".join(_n3(bindings[n]) for n in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({values}) }} "
    found = _WHERE_RE.search(sparql)
    if found is None:
        raise ValueError("a query with parameters needs a WHERE { ... } clause")
    return sparql[: found.end()] + block + sparql[found.end():]


def _n3(term: Node) -> str:
    if isinstance(term, Literal):
        from kg.export import literal_text

        return literal_text(term)
    return term.n3()


class Store(Protocol):
    """What the rest of kg needs from a triple store."""

    url: str

    def replace_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        """Replace one named graph's content atomically (readers see old or new, never half)."""

    def load(self, quads: Iterable[Quad]) -> None:
        """Add quads (used to fill a fresh store)."""

    def query(self, sparql: str, bindings: Mapping[str, URIRef | Literal | BNode] | None = None,
              name: str = "query") -> QueryResult:
        """Run SPARQL with the union of all named graphs as the default graph.

        `bindings` pre-binds variables (parameters of named queries); `name`
        says which query an error message should name.
        """

    def quads(self) -> Iterator[Quad]:
        """Every quad in the store."""

    def graph_names(self) -> list[str]:
        """The named graphs, sorted."""

    def __len__(self) -> int:
        """Number of quads."""

    def close(self) -> None: ...
