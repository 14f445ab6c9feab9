"""Any SPARQL 1.1 endpoint over HTTP: the Protocol for queries and updates, the
Graph Store HTTP Protocol for loading. Standard library only (urllib).

The store URL names a base; its fragment (never sent to the server) names the layout:

    http://127.0.0.1:7878                  Oxigraph server: /query, /update, /store (the default)
    http://127.0.0.1:3030/ds#fuseki        Fuseki: /ds/sparql, /ds/update, /ds/data
    http://127.0.0.1:8890/#virtuoso        Virtuoso: /sparql for queries and updates; loads by
                                           updates (its Graph Store takes no N-Quads)
    http://host/repo#query=sparql&update=statements&store=rdf-graphs/service
                                           any other layout: paths relative to the base, or full URLs

User and password in the URL (http://user:pw@host/...) are sent as HTTP Basic auth.
Queries see what they see embedded: the set union of the asserted and inferred graphs (and the
extracted ones only `with_extracted`), which kg keeps on the server itself and names as each
query's dataset (kg.store.remote_union), so no server setting is needed. Queries and updates are
POSTed form-encoded (query=, update=, default-graph-uri=...), which every server takes.
"""

from __future__ import annotations

import base64
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from kg.errors import KgError
from kg.export import to_nquads, to_ntriples
from kg.graph import Quad, Triple
from kg.layers import INFERRED, layer_of
from kg.store import remote_union as union
from kg.store.base import QueryResult, QueryTimeout, StoreUnavailable
from kg.store import virtuoso_classes as classes, virtuoso_dataset, virtuoso_rewrite as virtuoso
from kg.store.remote_dialect import VIRTUOSO_SYSTEM_GRAPHS, remote_sparql_error
from kg.store.virtuoso_order import order_as_text
from kg.store.remote_results import NTRIPLES, RESULTS_JSON, parse_ntriples, parse_results_json
from kg.store.sparqltext import declares_dataset, graph_reach, insert_operations, query_form, with_values

LAYOUTS = {"oxigraph": ("query", "update", "store"), "fuseki": ("sparql", "update", "data"),
           "virtuoso": ("sparql", "sparql", "")}
GRAPHS_TTL_S = 2.0  # how long the list of graphs is trusted: another client's push shows within seconds
FORM = "application/x-www-form-urlencoded"
RDFS_SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
# Oxigraph server refuses SPARQL bodies over 1 MiB; bigger graphs are staged (see replace_graph).
MAX_UPDATE_BYTES = 1_000_000


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str
    store: str  # "" when the server's Graph Store cannot take N-Quads: loads go by updates
    authorization: str | None = None
    layout: str = "oxigraph"


def endpoints_for(url: str) -> Endpoints:
    """The three endpoints a store URL names (see the module's docstring)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise KgError(f"not an http(s) store URL: {url!r}")
    authorization = None
    if parts.username is not None:
        secret = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
        authorization = "Basic " + base64.b64encode(secret).decode()
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc += f":{parts.port}" if parts.port else ""
    base = urlunsplit((parts.scheme, netloc, parts.path.rstrip("/") + "/", parts.query, ""))
    options = dict(parse_qsl(parts.fragment)) if "=" in parts.fragment else {}
    layout = options.pop("layout", "" if options else parts.fragment) or "oxigraph"
    if layout not in LAYOUTS:
        raise KgError(f"unknown endpoint layout {layout!r} in {url!r}; use #{' or #'.join(LAYOUTS)}, "
                      "or #query=PATH&update=PATH&store=PATH")
    unknown = set(options) - {"query", "update", "store"}
    if unknown:
        raise KgError(f"unknown option {sorted(unknown)[0]!r} in {url!r}; use query=, update=, store=")
    query, update, store = (urljoin(base, options.get(key, default)) if options.get(key, default) else ""
                            for key, default in zip(("query", "update", "store"), LAYOUTS[layout]))
    return Endpoints(query, update, store, authorization, layout)


class RemoteStore:
    """A store behind a SPARQL 1.1 endpoint.

    Queries, `quads()` and `graph_names()` see the asserted and inferred graphs; the unreviewed
    extracted ones only `with_extracted` (kg.layers), as embedded.
    """

    def __init__(self, url: str, timeout_s: float = 300.0, with_extracted: bool = False) -> None:
        self.url = url
        self.endpoints = endpoints_for(url)
        self.timeout_s = timeout_s
        self.with_extracted = with_extracted
        self._hidden = VIRTUOSO_SYSTEM_GRAPHS if self.endpoints.layout == "virtuoso" else frozenset()
        self._graphs: tuple[float, list[str]] | None = None  # (when listed, every graph of the server)

    def _send(self, target: str, body: bytes | None, content_type: str | None, accept: str,
              what: str, timeout_s: float | None = None, method: str = "POST",
              name: str | None = None, sparql: str = "") -> tuple[bytes, str]:
        headers = {"Accept": accept, "User-Agent": "silkroad-kg"}
        if content_type:
            headers["Content-Type"] = content_type
        if self.endpoints.authorization:
            headers["Authorization"] = self.endpoints.authorization
        request = urllib.request.Request(target, data=body, headers=headers, method=method)
        timeout = timeout_s or self.timeout_s
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.read(), response.headers.get_content_type()
        except urllib.error.HTTPError as exc:
            message = exc.read().decode("utf-8", "replace").strip()[:2000] or exc.reason
            if exc.code == 400 and what in {"query", "update"}:
                raise remote_sparql_error(message, name or what, sparql) from None
            raise StoreUnavailable(f"{target} answered HTTP {exc.code} {exc.reason}: {message}") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, ConnectionRefusedError):
                raise StoreUnavailable(f"cannot connect to {target}: connection refused "
                                       "(is the SPARQL server running?)") from None
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise QueryTimeout(f"{target} did not answer within {timeout:g} s") from None
            raise StoreUnavailable(f"cannot reach {target}: {reason}") from None
        except (TimeoutError, socket.timeout):
            raise QueryTimeout(f"{target} did not answer within {timeout:g} s") from None
        except OSError as exc:
            raise StoreUnavailable(f"cannot reach {target}: {exc}") from None

    def _post_query(self, sparql: str, accept: str, name: str, timeout_s: float | None = None,
                    dataset: Mapping[str, list[str]] | None = None) -> tuple[bytes, str]:
        fields = [("query", sparql)] + [(key, graph) for key, graphs in (dataset or {}).items() for graph in graphs]
        return self._send(self.endpoints.query, urlencode(fields).encode(), FORM, accept, "query", timeout_s,
                          name=name, sparql=sparql)

    def _all_graphs(self, fresh: bool = False) -> list[str]:
        """Every graph the server holds (kg's internal copies included, the server's own left out)."""
        if fresh or self._graphs is None or time.monotonic() - self._graphs[0] > GRAPHS_TTL_S:
            # GROUP BY, not DISTINCT: Virtuoso took 28 s for DISTINCT on the seed graph after a push, 0.02 s so.
            data, _ = self._post_query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", RESULTS_JSON, "graphs")
            names = sorted(str(g) for (g,) in parse_results_json(data, None).rows if str(g) not in self._hidden)
            self._graphs = (time.monotonic(), names)
        return self._graphs[1]

    def _dataset(self) -> dict[str, list[str]]:
        return union.dataset(self._all_graphs(), self.with_extracted)

    def query(self, sparql: str, bindings: Mapping[str, URIRef | Literal | BNode] | None = None,
              name: str = "query", *, limit: int | None = None,
              timeout_s: float | None = None) -> QueryResult:
        text = with_values(sparql, bindings, name)
        # A query that names its dataset (FROM) gets it; every other one sees the set union, as embedded.
        dataset = None if declares_dataset(text) else union.reached(self._dataset(), graph_reach(text))
        if self.endpoints.layout == "virtuoso":
            text = virtuoso_dataset.with_dataset(self._for_virtuoso(text), dataset, union.NO_GRAPH)
            dataset = None
        # Virtuoso answers a CONSTRUCT in the first type of Accept it can: say which one is wanted.
        accept = f"{NTRIPLES}, text/plain;q=0.9" if query_form(text) in {"CONSTRUCT", "DESCRIBE"} else RESULTS_JSON
        data, content_type = self._post_query(text, accept, name, timeout_s, dataset)
        try:
            if content_type in {RESULTS_JSON, "application/json"}:
                return parse_results_json(data, limit)
            if content_type in {NTRIPLES, "text/plain"}:
                return parse_ntriples(data, limit)
        except (ValueError, KeyError, SyntaxError) as exc:
            raise StoreUnavailable(f"{self.endpoints.query} sent results kg cannot read: {exc}") from None
        raise StoreUnavailable(f"{self.endpoints.query} answered in {content_type!r}; "
                               f"kg reads {RESULTS_JSON} and {NTRIPLES}")

    def _for_virtuoso(self, sparql: str) -> str:
        """The query in the SPARQL Virtuoso 7.2.5 answers right (kg.store.virtuoso_classes, virtuoso_rewrite)."""
        if any(layer_of(g) == INFERRED for g in self._all_graphs()):
            sparql = classes.types_without_paths(sparql)
        else:  # the types the hierarchy entails are not stored: the paths go to the class table below
            sparql = classes.type_paths_as_subclass_paths(sparql)
        if classes.has_subclass_paths(sparql):
            direct = self._post_query(virtuoso_dataset.dataset_pragmas(self._dataset()) +
                                      f"SELECT ?c ?up WHERE {{ ?c <{RDFS_SUBCLASS_OF}> ?up "
                                      "FILTER(isIRI(?c) && isIRI(?up)) }", RESULTS_JSON, "class-hierarchy")[0]
            pairs = [(str(c), str(up)) for c, up in parse_results_json(direct, None).rows]
            sparql = classes.subclass_paths_as_values(sparql, classes.closure(pairs))
        sparql = virtuoso.distinct_subqueries_grouped(virtuoso.transitive_paths_grouped(sparql))
        sparql = virtuoso.split_negated_alternatives(virtuoso.values_as_unions(sparql))
        return order_as_text(virtuoso.aggregates_in_subquery(sparql))

    def _update(self, operations: list[str], sparql: str = "") -> None:
        """One update request (one transaction on Oxigraph and Fuseki)."""
        text = " ;\n".join(operations) + "\n"
        self._send(self.endpoints.update, urlencode({"update": text}).encode(), FORM, "*/*", "update",
                   sparql=sparql or text)
        self._graphs = None

    def update(self, sparql: str) -> None:
        """Run a SPARQL update; the set-union copies are made anew in the same request."""
        # On a line of its own: a trailing `# comment` ends at the newline and cannot swallow it.
        body = sparql.rstrip()
        self._update([body[:-1] if body.endswith(";") else body, *union.rebuild(self._hidden)], sparql)

    def replace_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        """One update request (DROP + INSERT DATA, the set-union copies kept current): one transaction
        on Oxigraph and Fuseki.

        Not a Graph Store PUT: Oxigraph's PUT clears the graph and then loads it, so
        readers could see it empty in between. A graph too big for one update is
        staged (Graph Store PUT, or updates) and swapped in with one MOVE.
        """
        body = to_ntriples(triples)
        swap = [f"DROP SILENT GRAPH <{graph}>", *insert_operations(graph, body)]
        if len(" ;\n".join(swap).encode()) > MAX_UPDATE_BYTES:
            staging = graph + union.STAGING_SUFFIX
            self._stage(staging, body)
            swap = [f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{graph}>"]
        self._update([*union.before_replacing(graph, self._hidden), *swap, *union.after_replacing(graph)])

    def _stage(self, graph: str, ntriples: str) -> None:
        if self.endpoints.store:
            self._send(self._graph_url(graph), ntriples.encode(), NTRIPLES, "*/*", "store", method="PUT")
            return
        self._update([f"DROP SILENT GRAPH <{graph}>"])
        for part in _chunks(ntriples):
            self._update(insert_operations(graph, part))

    def _graph_url(self, graph: str) -> str:
        return f"{self.endpoints.store}?{urlencode({'graph': graph})}"

    def load(self, quads: Iterable[Quad]) -> None:
        """Add the quads (N-Quads to the Graph Store endpoint, or updates), then remake the set-union copies."""
        quads = list(quads)
        if not quads:
            return
        if self.endpoints.store:
            self._send(self.endpoints.store, to_nquads(quads).encode(), "application/n-quads", "*/*", "store")
        else:
            by_graph: dict[str, list[Triple]] = {}
            for s, p, o, g in quads:
                by_graph.setdefault(str(g), []).append((s, p, o))
            for graph, triples in by_graph.items():
                for part in _chunks(to_ntriples(triples)):
                    self._update(insert_operations(graph, part))
        self._update(union.rebuild(self._hidden))

    def quads(self) -> Iterator[Quad]:
        """The quads of the visible named graphs (not kg's set-union copies, nor a server's own graphs)."""
        result = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", name="quads")
        for s, p, o, g in result.rows:
            yield (s, p, o, g)  # type: ignore[misc]

    def graph_ntriples(self, graph: str) -> bytes:
        """A CONSTRUCT of the graph, rewritten as canonical N-Triples by Oxigraph (servers escape differently)."""
        sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        data, content_type = self._post_query(sparql, f"{NTRIPLES}, text/plain;q=0.9", "export",
                                              dataset={"named-graph-uri": [graph]})
        if content_type not in {NTRIPLES, "text/plain"}:
            raise StoreUnavailable(f"{self.endpoints.query} answered a CONSTRUCT in {content_type!r}; "
                                   f"kg reads {NTRIPLES}")
        try:
            return ox.serialize(ox.parse(data, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES)
        except SyntaxError as exc:
            raise StoreUnavailable(f"{self.endpoints.query} sent N-Triples kg cannot read: {exc}") from None

    def graph_names(self) -> list[str]:
        """The visible named graphs, sorted (no extracted ones unless `with_extracted`)."""
        return [g for g in self._dataset()["named-graph-uri"] if g != union.NO_GRAPH]

    def __len__(self) -> int:
        """Quads in the visible named graphs."""
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", name="count")
        return int(result.rows[0][0])  # type: ignore[arg-type]

    def close(self) -> None:
        pass


def _chunks(ntriples: str) -> Iterator[str]:
    """N-Triples in parts under the size servers take in one update. A blank node is one node within
    one request only, so every line with a blank node goes in the first part (kg's blank nodes are
    the ontology's few class expressions)."""
    lines = [text + "\n" for text in ntriples.split("\n") if text]  # LF only: U+2028 may be in a literal
    part = [line for line in lines if "_:" in line]
    size = sum(len(line.encode()) for line in part)
    for line in lines:
        if "_:" in line:
            continue
        if part and size + len(line.encode()) > MAX_UPDATE_BYTES // 2:
            yield "".join(part)
            part, size = [], 0
        part.append(line)
        size += len(line.encode())
    if part:
        yield "".join(part)
