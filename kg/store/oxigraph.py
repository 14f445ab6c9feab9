"""Embedded Oxigraph (pyoxigraph): on disk by default, or in memory.

Measured on these machines at 1M triples: 10-60x faster than rdflib's own
store to load and query, a third of its memory, and a persisted store reopens
in 0.05 s; no server to run.
"""

from __future__ import annotations

import copy
import re
import time
from itertools import islice
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Mapping, TypeVar

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from kg.errors import KgError, Location
from kg.graph import Quad, Triple
from kg.layers import EXTRACTED, is_claims_graph, layer_of
from kg.store.base import QueryResult, QueryTimeout, bind_values
from kg.store.sparqlsyntax import explain
from kg.store.sparqltext import declares_dataset, graph_reach, plain_syntax_message
from kg.store.terms import from_ox, memo_from_ox, to_ox
from kg.store.union_patch import (EXTRACTED_UNION, REFRESH, REFRESH_EXTRACTED, Replaced, copied as copies,
                                  extracted_facts, replace)

T = TypeVar("T")

_POSITION_RE = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.S)


def _ox_quad(quad: Quad) -> ox.Quad:
    s, p, o, g = quad
    return ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g))  # type: ignore[arg-type]


def sparql_error(exc: Exception, name: str, sparql: str | None = None) -> KgError:
    """A SPARQL syntax error as "query NAME:line:column: message" (`sparql`: the text, to name what is wrong)."""
    found = _POSITION_RE.match(str(exc))
    if found:
        line, column, message = found.groups()
        if sparql is None:  # an update: its text is kg's own, the engine's words are enough
            message = plain_syntax_message(message.strip(), sparql, int(line), int(column))
            return KgError(f"SPARQL syntax error: {message}", Location(name, int(line), int(column)))
        problem = explain(sparql, int(line), int(column), message.strip())
        return KgError(problem.message, Location(name, problem.line, problem.column))
    return KgError(f"SPARQL error: {exc}", Location(name))


# Oxigraph's union default graph is a multiset: a triple held by n named graphs is seen n
# times, and our entities' type and label triples stand in every source graph that names
# them, so joins multiply (18 GB for one query at 10k triples in the benchmark). We keep
# the default graph as the *set* union of the named graphs instead, kept current by every
# write, and query it directly.
#
# The claim records' graph is left out of that copy: its triples hang off content-hashed
# claim IRIs that no other graph holds, so it adds no duplicates and queries read it beside
# the default graph. It is nine tenths of the triples: the copy, and the store, halve.
#
# The unreviewed extracted graphs (kg.layers) are left out too: queries see them only when
# the store is opened `with_extracted`, through a second set union, EXTRACTED_UNION, of what
# they add to the default graph, and their claim records' graph beside it.
#
# Replacing graphs patches both unions by the difference alone (kg.store.union_patch); a generic
# `update`, whose touched graphs are not known, rebuilds them in its transaction (REFRESH).


def _extracted_facts(graphs: list[str]) -> list[str]:
    """The extracted graphs that hold facts (not claim records)."""
    return [g for g in graphs if extracted_facts(g)]


class OxigraphStore:
    """A pyoxigraph store; `path=None` keeps it in memory.

    Queries, `quads()` and `graph_names()` see the asserted and inferred graphs; the
    unreviewed extracted ones only `with_extracted` (kg.layers).
    """

    def __init__(self, path: Path | None = None, read_only: bool = False, with_extracted: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.with_extracted = with_extracted
        self.url = f"oxigraph:{path}" if path else "memory:"
        try:
            if path is not None and read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                self._store = ox.Store(str(path) if path else None)
        except OSError as exc:
            raise KgError(f"cannot open the store at {path}: {exc}") from exc
        self._default_graph: list[ox.NamedNode | ox.DefaultGraph] = []
        self._visible_graphs: list[ox.NamedNode] = []
        self._named_graphs: list[ox.NamedNode] | None = None  # None: every named graph of the store
        self._refreshed(self._all_graphs())

    def _all_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if g.value != EXTRACTED_UNION)

    def _visible(self, graphs: list[str]) -> list[str]:
        return graphs if self.with_extracted else [g for g in graphs if layer_of(g) != EXTRACTED]

    @property
    def dataset(self) -> dict[str, list[ox.NamedNode | ox.DefaultGraph]]:
        """What a query's dataset is made of, as pyoxigraph's `default_graph=` and `named_graphs=`
        (left out when no graph is hidden: then every named graph of the store is one)."""
        named = {} if self._named_graphs is None else {"named_graphs": list(self._named_graphs)}
        return {"default_graph": list(self._default_graph), **named}  # type: ignore[dict-item]

    def dataset_for(self, sparql: str) -> dict[str, list[ox.NamedNode | ox.DefaultGraph]]:
        """The dataset of one query: `dataset`, with only the named graphs its GRAPH patterns can reach.

        A listed named graph costs Oxigraph on every row of the query, GRAPH pattern or not (it
        carries the list from row to row): with the 13,922 graphs of the 10M bench graph, a query
        with no GRAPH pattern ran 14 times slower (13.2 s against 0.8 s). The answers are the same:
        only a GRAPH pattern reads the named graphs.
        """
        reach = graph_reach(sparql)
        if reach.every:
            return self.dataset
        named = [g for g in self._visible_graphs if g.value in reach.names]
        return {"default_graph": list(self._default_graph), "named_graphs": named}  # type: ignore[dict-item]

    def _refreshed(self, graphs: list[str]) -> None:
        """Keep what a query's dataset is made of: the union copy plus the claim records' graph as the
        default graph (and, with extracted facts, their union and records), the visible graphs as named."""
        visible = self._visible(graphs)
        claims = [ox.NamedNode(g) for g in visible if is_claims_graph(g)]
        extracted = [ox.NamedNode(EXTRACTED_UNION)] if self.with_extracted and _extracted_facts(graphs) else []
        self._default_graph = [ox.DefaultGraph(), *extracted, *claims]
        self._visible_graphs = [ox.NamedNode(g) for g in visible]
        # Given a list of named graphs, Oxigraph looks `GRAPH ?g { s p o }` up once per listed graph
        # (207 s against 0.48 s for one query at 1M, 1,394 graphs), so the list is passed only when it
        # hides something: an unreviewed extracted graph, or EXTRACTED_UNION (never queried by name).
        hidden = len(visible) < len(graphs) or self._store.contains_named_graph(ox.NamedNode(EXTRACTED_UNION))
        self._named_graphs = self._visible_graphs if hidden else None

    def reviewed(self) -> "OxigraphStore":
        """The same store as its reviewed facts alone (no unreviewed extracted graphs), sharing the
        open database: what `kg.unreviewed.marked` compares the rows of a query with."""
        view = copy.copy(self)
        view.with_extracted = False
        view._refreshed(self._all_graphs())
        return view

    def load(self, quads: Iterable[Quad]) -> None:
        self._store.bulk_extend(_ox_quad(q) for q in quads)
        self._union_after_load()

    def load_file(self, path: Path, rdf_format: "ox.RdfFormat" = ox.RdfFormat.N_QUADS,
                  lenient: bool = False) -> None:
        """Bulk-load an RDF file (the fast path for large graphs: no Python terms).

        `lenient` skips Oxigraph's IRI and literal validation (syntax is still checked): for
        files kg wrote itself; rdflib's N-Triples/N-Quads parser does not validate IRIs either.
        """
        try:
            self._store.bulk_load(path=str(path), format=rdf_format, lenient=lenient)
        except (OSError, SyntaxError, ValueError) as exc:
            raise KgError(f"cannot load {path}: {exc}") from exc
        self._union_after_load()

    def _union_after_load(self) -> None:
        # The graphs are known here, so the union is built in bulk: every quad of each graph handed
        # by the engine to its bulk loader, into the default graph (which keeps each triple once),
        # with the very terms of the graph (a dump parsed again would give blank nodes new names).
        # No transaction: `ADD <g> TO DEFAULT` per graph in one update holds every write in memory.
        graphs = self._all_graphs()
        copied = [g for g in graphs if copies(g)]
        self._store.clear_graph(ox.DefaultGraph())
        default = ox.DefaultGraph()
        self._store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, default) for graph in copied
                                for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
        extracted = " ".join(f"<{g}>" for g in _extracted_facts(graphs))
        # What the extracted graphs add to the default graph, as one set (see EXTRACTED_UNION).
        union_of_extracted = [f"DROP SILENT GRAPH <{EXTRACTED_UNION}>"] + ([
            f"INSERT {{ GRAPH <{EXTRACTED_UNION}> {{ ?s ?p ?o }} }} WHERE {{ VALUES ?g {{ {extracted} }} "
            "GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }"] if extracted else [])
        try:
            self._store.update(" ; ".join(union_of_extracted))
        except SyntaxError:  # a graph name SPARQL cannot spell (a leniently loaded file's)
            self._store.update(REFRESH_EXTRACTED)
        self._store.flush()
        self._refreshed(graphs)

    def replace_graphs(self, graphs: Mapping[str, Iterable[Triple]], dropped: Iterable[str] = ()) -> Replaced:
        """Drop `dropped` and refill every graph of `graphs` together, patching the union default graph
        by what changes (kg.store.union_patch), in bounded batches; what each held and holds."""
        wanted = {**graphs, **{name: () for name in dropped}}
        try:
            replaced = replace(self._store, {name: (ox.Triple(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]
                                                    for s, p, o in triples) for name, triples in wanted.items()})
        except (OSError, SyntaxError, ValueError, RuntimeError) as exc:
            raise KgError(f"cannot replace graph {', '.join(wanted)}: {exc}", Location("update")) from exc
        self._refreshed(self._all_graphs())
        return replaced

    def replace_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        """Make `graph` hold `triples` (none: the graph is dropped). The cost follows the graph, not the
        store; a graph of more than union_patch.BATCH changes is written in several transactions."""
        self.replace_graphs({graph: triples})

    def update(self, sparql: str) -> None:
        """Run a SPARQL update on the named graphs (the default graph is their union, recomputed).

        Both unions are rebuilt from every graph in the update's transaction: what an update wrote is
        not known without parsing it, and a write to the default graph itself must be undone. Its cost
        is the store's (seconds at 1M); write whole graphs with `replace_graph`, which costs the graph's.

        Its WHERE clauses see the default graph without the claim records: match those in
        `GRAPH ?g { ... }`.
        """
        # On a line of its own: a trailing `# comment` ends at the newline and cannot swallow it.
        body = sparql.rstrip()
        body = body[:-1] if body.endswith(";") else body
        try:
            self._store.update(f"{body}\n;\n{REFRESH}")
        except SyntaxError as exc:
            raise sparql_error(exc, "update") from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise KgError(f"update failed: {exc}", Location("update")) from exc
        self._refreshed(self._all_graphs())

    def query(self, sparql: str, bindings: Mapping[str, URIRef | Literal | BNode] | None = None,
              name: str = "query", *, limit: int | None = None,
              timeout_s: float | None = None) -> QueryResult:
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        try:
            text = bind_values(sparql, bindings, name)
            # A query that names its dataset (FROM) gets it: Oxigraph's option would override it.
            dataset = {} if declares_dataset(text) else self.dataset_for(text)
            answer = self._store.query(text, **dataset)
            if isinstance(answer, ox.QueryBoolean):
                return QueryResult(boolean=bool(answer))
            if isinstance(answer, ox.QuerySolutions):
                variables = tuple(v.value for v in answer.variables)
                rows, truncated = _capped(answer, limit, deadline, name)
                term = memo_from_ox()
                return QueryResult(variables=variables, truncated=truncated, rows=tuple(
                    tuple(None if value is None else term(value) for value in solution) for solution in rows
                ))
            found, truncated = _capped(answer, limit, deadline, name)
            term = memo_from_ox()
            triples = tuple((term(t.subject), term(t.predicate), term(t.object)) for t in found)
            return QueryResult(triples=triples, truncated=truncated)  # type: ignore[arg-type]
        except SyntaxError as exc:
            raise sparql_error(exc, name, sparql) from exc
        except (OSError, ValueError, RuntimeError) as exc:  # RuntimeError: evaluation errors
            raise KgError(f"query failed: {exc}", Location(name)) from exc

    def quads(self) -> Iterator[Quad]:
        """The quads of the visible named graphs (the default graph only repeats them)."""
        for graph in self._visible_graphs:
            for q in self._store.quads_for_pattern(None, None, None, graph):
                yield (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), from_ox(q.graph_name))  # type: ignore[misc]

    def union_ntriples(self) -> bytes:
        """The union of the visible graphs as N-Triples, each triple once: the store keeps it
        (the set-union default graph and, beside it, the claim records), so nothing is deduplicated."""
        return b"".join(self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) for g in self._default_graph)

    def graph_ntriples(self, graph: str) -> bytes:
        return self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))

    def dump_ntriples(self, output: BinaryIO, graph: str | None = None) -> None:
        """A named graph (None: the union, as `union_ntriples`) written by the engine straight to a
        binary file: for stores too large to hold their dump in memory."""
        parts = self._default_graph if graph is None else [ox.NamedNode(graph)]
        for part in parts:
            self._store.dump(output, ox.RdfFormat.N_TRIPLES, from_graph=part)

    def graph_names(self) -> list[str]:
        """The visible named graphs, sorted (no extracted ones unless `with_extracted`)."""
        return self._visible(self._all_graphs())

    def __len__(self) -> int:
        """Quads in the visible named graphs (the default graph only repeats them)."""
        count = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                                  named_graphs=self._named_graphs)  # None: every named graph
        return int(next(iter(count))["n"].value)  # type: ignore[call-overload, index]

    def close(self) -> None:
        if self.path and not self.read_only:
            self._store.flush()
        del self._store

    @property
    def engine(self) -> ox.Store:
        """The pyoxigraph store underneath: for work that reads the data where it lies and keeps
        its own private graphs (kg.shacl.inplace), not for queries (they go through `query`)."""
        return self._store


def _capped(answers: Iterator[T], limit: int | None, deadline: float | None, name: str) -> tuple[list[T], bool]:
    """At most `limit` answers (and whether more were left), checking the deadline between answers.

    Oxigraph evaluates lazily, so stopping early also stops the work.
    """
    kept: list[T] = []
    for answer in islice(answers, None if limit is None else limit + 1):
        if deadline is not None and time.monotonic() > deadline:
            raise QueryTimeout("query stopped: it ran past the time limit", Location(name))
        kept.append(answer)
    truncated = limit is not None and len(kept) > limit
    return (kept[:limit] if truncated else kept), truncated
