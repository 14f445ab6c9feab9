"""The HTTP server: standard library only (http.server's ThreadingHTTPServer).

No web framework: the server has five routes, and the standard library keeps
`kg serve` free of dependencies; a thread per connection is plenty for a
knowledge graph of this size (see the load test in tests/server/).
"""

from __future__ import annotations

import sys
import threading
from functools import cached_property
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from kg.errors import KgError
from kg.export import prefixes_for, to_ntriples, to_turtle
from kg.namespaces import Ids
from kg.queries import list_queries
from kg.server import pages
from kg.server.entity import describe, description
from kg.server.formats import choose, render_result, result_format, triples_jsonld
from kg.server.sparql import HttpError, Runner, request_text
from kg.settings import Settings
from kg.store.base import Store

ASSETS = Path(__file__).parent / "assets"
ASSET_TYPES = {".js": "text/javascript", ".css": "text/css"}
MAX_BODY = 1_000_000
STRICT_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# The whole-graph page of kg.views carries its scripts inline; it still may load nothing remote.
INLINE_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
              "img-src data:; font-src data:; base-uri 'none'; frame-ancestors 'none'")
ENTITY_TYPES = {"html": "text/html", "ttl": "text/turtle", "jsonld": "application/ld+json",
                "nt": "application/n-triples"}


class KgServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # socketserver's default backlog of 5 resets bursts of new connections

    def __init__(self, address: tuple[str, int], store: Store, settings: Settings,
                 allow_update: bool = False, access_log: bool = False) -> None:
        super().__init__(address, Handler)
        self.store = store
        self.settings = settings
        self.allow_update = allow_update
        self.access_log = access_log
        self.runner = Runner(store, settings)
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    @cached_property
    def query_page(self) -> str:
        from kg.lookup import param_value  # the same parameter rules as `kg query`
        from kg.store.base import bind_values

        named = list_queries()
        runnable = {}
        ids = Ids(self.settings.base_iri)
        for query in named:
            try:
                bindings = {p.name: param_value(p.type, p.default, self.store, ids)
                            for p in query.params if p.default is not None}
                runnable[query.name] = bind_values(query.sparql, bindings, query.name)
            except KgError:
                runnable[query.name] = query.sparql
        return pages.query_page(named, runnable, self.settings.base_iri, self.allow_update,
                                self.settings.result_limit, self.settings.query_timeout_s)

    @cached_property
    def graph_page(self) -> str:
        from kg.views import whole_graph_html

        return whole_graph_html(self.store, self.settings)

    def server_close(self) -> None:
        self.runner.close()
        super().server_close()


class Handler(BaseHTTPRequestHandler):
    server: KgServer
    server_version = "silkroad-kg"
    protocol_version = "HTTP/1.1"
    timeout = 60  # an idle keep-alive connection gives its thread back after this

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        if self.server.access_log:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    # -- plumbing -----------------------------------------------------------------
    def _send(self, status: int, body: str | bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        if content_type.startswith(("text/", "application/")) and "charset" not in content_type \
                and isinstance(body, str):
            content_type += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _html(self, status: int, page: str, csp: str = STRICT_CSP) -> None:
        self._send(status, page, "text/html", {"Content-Security-Policy": csp})

    def _error(self, status: int, message: str) -> None:
        wants_html = choose(self.headers.get("Accept"), ["text/plain", "text/html"]) == "text/html"
        if wants_html and not self.path.startswith("/sparql"):
            titles = {400: "Bad request", 404: "Not found", 406: "Not acceptable", 503: "Too slow"}
            self._html(status, pages.error_page(status, titles.get(status, "Error"), message))
        else:
            self._send(status, message + "\n", "text/plain")

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise HttpError(413, f"the request body is over {MAX_BODY} bytes")
        return self.rfile.read(length) if length > 0 else b""

    def _dispatch(self, method: str) -> None:
        try:
            parts = urlsplit(self.path)
            path = unquote(parts.path)
            body = self._body() if method == "POST" else b""
            if path == "/sparql":
                self._sparql(method, parts.query, body)
            elif path == "/update" and method == "POST":
                self._update(parts.query, body)
            elif method == "POST":
                raise HttpError(404, f"nothing to POST to at {path}")
            elif path == "/":
                self._html(200, self.server.query_page)
            elif path == "/graph":
                self._html(200, self.server.runner.call(lambda: self.server.graph_page), INLINE_CSP)
            elif path.startswith("/assets/"):
                self._asset(path.removeprefix("/assets/"))
            elif path.startswith("/id/"):
                self._entity(path, parts.query)
            else:
                raise HttpError(404, f"nothing at {path}")
        except HttpError as exc:
            self._error(exc.status, exc.message)
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as exc:  # a bug: say so, keep serving
            sys.stderr.write(f"internal error on {self.command} {self.path}: {type(exc).__name__}: {exc}\n")
            self._error(500, f"internal error: {type(exc).__name__}")

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._dispatch("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch("POST")

    # -- routes -------------------------------------------------------------------
    def _sparql(self, method: str, query_string: str, body: bytes) -> None:
        text = request_text(method, query_string, self.headers.get("Content-Type"), body, "query")
        result = self.server.runner.query(text)
        format_key = request_param(query_string, "format")
        fmt = result_format(result, self.headers.get("Accept"), format_key)
        if fmt is None:
            raise HttpError(406, "no acceptable format for this result; SELECT/ASK: SPARQL JSON, XML, CSV, TSV; "
                                 "CONSTRUCT/DESCRIBE: Turtle, JSON-LD, N-Triples")
        headers = {"Vary": "Accept", "X-KG-Truncated": "true" if result.truncated else "false"}
        self._send(200, render_result(result, fmt, self.server.settings.base_iri), fmt.media_type, headers)

    def _update(self, query_string: str, body: bytes) -> None:
        if not self.server.allow_update:
            raise HttpError(404, "no update endpoint: this server is read-only (start it with --allow-update)")
        text = request_text("POST", query_string, self.headers.get("Content-Type"), body, "update")
        with self.server._lock:  # one update at a time; the store makes each one atomic
            self.server.runner.update(text)
        self._send(204, b"", "text/plain")

    def _asset(self, name: str) -> None:
        file = ASSETS / name
        if "/" in name or name.startswith(".") or file.suffix not in ASSET_TYPES or not file.is_file():
            raise HttpError(404, f"no asset {name}")
        self._send(200, file.read_bytes(), ASSET_TYPES[file.suffix] + "; charset=utf-8",
                   {"Cache-Control": "max-age=300"})

    def _entity(self, path: str, query_string: str) -> None:
        settings = self.server.settings
        iri = settings.base_iri + path.lstrip("/")
        format_key = request_param(query_string, "format")
        if format_key is not None and format_key not in ENTITY_TYPES:
            raise HttpError(400, f"unknown format {format_key!r}; use one of {', '.join(ENTITY_TYPES)}")
        media = ENTITY_TYPES[format_key] if format_key else choose(self.headers.get("Accept"), list(ENTITY_TYPES.values()))
        if media is None:
            raise HttpError(406, "entity pages come as HTML, Turtle, JSON-LD or N-Triples")
        timeout = settings.query_timeout_s
        if media == "text/html":
            # Asserted facts; ?inferred=1 adds what the ontology entails, marked (as do unreviewed
            # extracted facts, shown only when the server runs --with-extracted).
            inferred = request_param(query_string, "inferred") in {"1", "true", "yes"}
            view = self.server.runner.call(describe, self.server.store, iri, timeout, inferred=inferred,
                                           extracted=settings.with_extracted)
            if view is None:
                raise HttpError(404, f"the graph says nothing about {iri}")
            self._html(200, pages.entity_page(view, settings.base_iri))
            return
        triples = self.server.runner.call(description, self.server.store, iri, timeout)
        if not triples:
            raise HttpError(404, f"the graph says nothing about {iri}")
        if media == "text/turtle":
            text = to_turtle(triples, prefixes_for(settings.base_iri))
        elif media == "application/ld+json":
            text = triples_jsonld(triples, settings.base_iri)
        else:
            text = to_ntriples(triples)
        self._send(200, text, media, {"Vary": "Accept"})


def request_param(query_string: str, key: str) -> str | None:
    values = parse_qs(query_string).get(key)
    return values[0] if values else None


def make_server(store: Store, settings: Settings, host: str = "127.0.0.1", port: int = 8000,
                allow_update: bool = False, access_log: bool = False) -> KgServer:
    """A server bound to host:port (port 0 picks a free one), not yet serving."""
    try:
        return KgServer((host, port), store, settings, allow_update, access_log)
    except OSError as exc:
        raise KgError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
