"""Any SPARQL 1.1 endpoint over HTTP: the Protocol for queries and updates, the
Graph Store HTTP Protocol for loading. Standard library only (urllib).

The store URL names a base; its fragment (never sent to the server) names the layout:

    http://127.0.0.1:7878                  Oxigraph server: /query, /update, /store (the default)
    http://127.0.0.1:3030/ds#fuseki        Fuseki: /ds/sparql, /ds/update, /ds/data
    http://host/repo#query=sparql&update=statements&store=rdf-graphs/service
                                           any other layout: paths relative to the base, or full URLs

User and password in the URL (http://user:pw@host/...) are sent as HTTP Basic auth.
Queries see the union of the named graphs only if the server says so: start Oxigraph
with `oxigraph serve --union-default-graph`, configure Fuseki with `tdb2:unionDefaultGraph true`.
"""

from __future__ import annotations

import base64
import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import KgError
from kg.export import to_nquads, to_ntriples
from kg.graph import Quad, Triple
from kg.store.base import QueryResult, QueryTimeout, StoreUnavailable
from kg.store.oxigraph import sparql_error
from kg.store.sparqltext import insert_data, with_values  # noqa: F401 (with_values = base.bind_values)
from kg.store.terms import from_ox

LAYOUTS = {"oxigraph": ("query", "update", "store"), "fuseki": ("sparql", "update", "data")}
RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# Oxigraph server refuses SPARQL bodies over 1 MiB; bigger graphs are staged (see replace_graph).
MAX_UPDATE_BYTES = 1_000_000


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str
    store: str
    authorization: str | None = None


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
    query, update, store = (urljoin(base, options.get(key, default))
                            for key, default in zip(("query", "update", "store"), LAYOUTS[layout]))
    return Endpoints(query, update, store, authorization)


def _term(value: dict[str, str]) -> Node:
    """A term of SPARQL JSON results, as the embedded store gives it (lexical forms kept)."""
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in {"literal", "typed-literal"}:
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype and datatype != XSD_STRING:
            return Literal(value["value"], datatype=URIRef(datatype), normalize=False)
        return Literal(value["value"])
    raise KgError(f"unsupported term in the endpoint's results: {kind!r}")


def parse_results_json(data: bytes, limit: int | None) -> QueryResult:
    answer = json.loads(data)
    if "boolean" in answer:
        return QueryResult(boolean=bool(answer["boolean"]))
    variables = tuple(answer["head"].get("vars", ()))
    bindings = answer["results"]["bindings"]
    truncated = limit is not None and len(bindings) > limit
    rows = tuple(
        tuple(_term(b[v]) if v in b else None for v in variables) for b in bindings[:limit]
    )
    return QueryResult(variables=variables, rows=rows, truncated=truncated)


def parse_ntriples(data: bytes, limit: int | None) -> QueryResult:
    triples = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object))
               for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
    truncated = limit is not None and len(triples) > limit
    return QueryResult(triples=tuple(triples[:limit]), truncated=truncated)  # type: ignore[arg-type]


class RemoteStore:
    """A store behind a SPARQL 1.1 endpoint."""

    def __init__(self, url: str, timeout_s: float = 300.0) -> None:
        self.url = url
        self.endpoints = endpoints_for(url)
        self.timeout_s = timeout_s

    def _send(self, target: str, body: bytes | None, content_type: str | None, accept: str,
              what: str, timeout_s: float | None = None, method: str = "POST",
              name: str | None = None) -> tuple[bytes, str]:
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
                raise sparql_error(KgError(message), name or what) from None
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

    def query(self, sparql: str, bindings: Mapping[str, URIRef | Literal | BNode] | None = None,
              name: str = "query", *, limit: int | None = None,
              timeout_s: float | None = None) -> QueryResult:
        text = with_values(sparql, bindings, name)
        data, content_type = self._send(self.endpoints.query, text.encode(), "application/sparql-query",
                                        f"{RESULTS_JSON}, {NTRIPLES};q=0.9", "query", timeout_s, name=name)
        try:
            if content_type in {RESULTS_JSON, "application/json"}:
                return parse_results_json(data, limit)
            if content_type in {NTRIPLES, "text/plain"}:
                return parse_ntriples(data, limit)
        except (ValueError, KeyError, SyntaxError) as exc:
            raise StoreUnavailable(f"{self.endpoints.query} sent results kg cannot read: {exc}") from None
        raise StoreUnavailable(f"{self.endpoints.query} answered in {content_type!r}; "
                               f"kg reads {RESULTS_JSON} and {NTRIPLES}")

    def update(self, sparql: str) -> None:
        self._send(self.endpoints.update, sparql.encode(), "application/sparql-update", "*/*", "update")

    def replace_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        """One update request (DROP + INSERT DATA): one transaction on Oxigraph and Fuseki.

        Not a Graph Store PUT: Oxigraph's PUT clears the graph and then loads it, so
        readers could see it empty in between. A graph too big for one update is
        staged with the Graph Store Protocol and swapped in with one MOVE (atomic for
        the graph itself; the union default graph shows the staged triples meanwhile).
        """
        body = to_ntriples(triples)
        update = insert_data(graph, body)
        if len(update.encode()) <= MAX_UPDATE_BYTES:
            self.update(update)
            return
        staging = f"{graph}-kg-staging"
        self._send(self._graph_url(staging), body.encode(), NTRIPLES, "*/*", "store", method="PUT")
        self.update(f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{graph}>")

    def _graph_url(self, graph: str) -> str:
        return f"{self.endpoints.store}?{urlencode({'graph': graph})}"

    def load(self, quads: Iterable[Quad]) -> None:
        """POST the quads as N-Quads to the Graph Store endpoint (adds to what is there)."""
        body = to_nquads(quads).encode()
        if body:
            self._send(self.endpoints.store, body, "application/n-quads", "*/*", "store")

    def quads(self) -> Iterator[Quad]:
        result = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", name="quads")
        for s, p, o, g in result.rows:
            yield (s, p, o, g)  # type: ignore[misc]

    def graph_ntriples(self, graph: str) -> bytes:
        """A CONSTRUCT of the graph, rewritten as canonical N-Triples by Oxigraph (servers escape differently)."""
        sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        data, content_type = self._send(self.endpoints.query, sparql.encode(), "application/sparql-query",
                                        f"{NTRIPLES}, text/plain;q=0.9", "query", name="export")
        if content_type not in {NTRIPLES, "text/plain"}:
            raise StoreUnavailable(f"{self.endpoints.query} answered a CONSTRUCT in {content_type!r}; "
                                   f"kg reads {NTRIPLES}")
        try:
            return ox.serialize(ox.parse(data, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES)
        except SyntaxError as exc:
            raise StoreUnavailable(f"{self.endpoints.query} sent N-Triples kg cannot read: {exc}") from None

    def graph_names(self) -> list[str]:
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", name="graphs")
        return sorted(str(g) for (g,) in result.rows)

    def union_default_graph(self) -> bool:
        """Whether queries see the named graphs without GRAPH (False also for an empty store)."""
        return bool(self.query("ASK { ?s ?p ?o }", name="union-check").boolean)

    def __len__(self) -> int:
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", name="count")
        return int(result.rows[0][0])  # type: ignore[arg-type]

    def close(self) -> None:
        pass
