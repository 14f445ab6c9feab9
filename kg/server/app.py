"""The HTTP app: Starlette routes over a LimitedStore (every query in a worker process).

The app only moves bytes: queries run, and pages render, in the store's workers
(kg.server.jobs), under the time and memory limits and the admission limit of the pool.
A client that disconnects has its query stopped.
"""

from __future__ import annotations

import asyncio
import functools
import sys
import threading
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import anyio
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kg.errors import KgError
from kg.server import jobs, pages
from kg.server.cache import ReplyCache
from kg.server.formats import choose
from kg.server.sparql import HttpError, error_for, request_text
from kg.settings import Settings
from kg.store.limited import LimitedStore
from kg.store.workers import query_key
from kg.views.query_editor import ASSET_FILES as EDITOR_ASSETS

ASSETS = Path(__file__).parent / "assets"
ASSET_TYPES = {".js": "text/javascript", ".css": "text/css"}
MAX_BODY = 1_000_000
MAX_HEADER_BYTES = 16_384  # uvicorn's h11 holds at most this while headers trickle in; this bounds the rest
BODY_TIMEOUT_S = 10.0  # a body that stops arriving (an overstated Content-Length) gets its 408 by then
STRICT_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# The whole-graph page of kg.views carries its scripts inline; it still may load nothing remote.
INLINE_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
              "img-src data:; font-src data:; base-uri 'none'; frame-ancestors 'none'")
COMMON_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
ALLOWED = "GET, HEAD, POST, OPTIONS"


def _response(status: int, body: str | bytes, media_type: str, headers: dict[str, str] | None = None) -> Response:
    if media_type.startswith(("text/", "application/")) and "charset" not in media_type and isinstance(body, str):
        media_type += "; charset=utf-8"
    return Response(body, status, {**COMMON_HEADERS, **(headers or {})}, media_type)


def _html(status: int, page: str, csp: str = STRICT_CSP) -> Response:
    return _response(status, page, "text/html", {"Content-Security-Policy": csp})


def _param(request: Request, key: str) -> str | None:
    values = parse_qs(request.url.query).get(key)
    return values[0] if values else None


async def _body(request: Request) -> bytes:
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
        raise HttpError(413 if length.isdigit() else 400,
                        f"the request body is over {MAX_BODY} bytes" if length.isdigit()
                        else f"Content-Length {length!r} is not a number")
    chunks: list[bytes] = []
    size = 0

    async def collect() -> None:
        nonlocal size
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY:
                raise HttpError(413, f"the request body is over {MAX_BODY} bytes")
            chunks.append(chunk)

    try:
        await asyncio.wait_for(collect(), BODY_TIMEOUT_S)
    except asyncio.TimeoutError:
        raise HttpError(408, f"the request body did not arrive within {BODY_TIMEOUT_S:g} s") from None
    return b"".join(chunks)


async def _watch_disconnect(request: Request, cancel: threading.Event) -> None:
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            cancel.set()
            return


class KgApp:
    """The routes, over one store; `app` is the ASGI application."""

    def __init__(self, store: LimitedStore, settings: Settings, allow_update: bool = False,
                 cors: tuple[str, ...] = ()) -> None:
        self.store = store
        self.settings = settings
        self.allow_update = allow_update
        self.cors = cors
        self._pages: dict[str, tuple[int, str]] = {}  # page -> (store generation, html)
        # Answers are kept only where the store cannot change under the server (kg.server.cache).
        unchanging = store.url.startswith("oxigraph:") and not allow_update and not store.pool.writable
        self.cache = ReplyCache() if unchanging else None
        self.limiter = anyio.CapacityLimiter(512)  # threads waiting on workers (they only wait)
        routes = [
            Route("/sparql", self.sparql, methods=["GET", "POST"]),
            Route("/update", self.update, methods=["POST"]),
            Route("/", self.query_page, methods=["GET"]),
            Route("/graph", self.graph_page, methods=["GET"]),
            Route("/assets/{name}", self.asset, methods=["GET"]),
            Route("/id/{rest:path}", self.entity, methods=["GET"]),
        ]
        middleware = [Middleware(CORSMiddleware, allow_origins=list(cors), allow_methods=["GET", "POST"],
                                 allow_headers=["Accept", "Content-Type"], max_age=600)] if cors else []
        self.app = Starlette(routes=routes, middleware=middleware,
                             exception_handlers={HttpError: self.error, 404: self.not_found, 405: self.not_allowed})
        self.app.router.default = self._fallback  # type: ignore[method-assign]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        headers = scope.get("headers", ())
        if sum(len(name) + len(value) + 4 for name, value in headers) > MAX_HEADER_BYTES:
            await _response(431, f"the request's headers are over {MAX_HEADER_BYTES} bytes\n", "text/plain",
                            {"Connection": "close"})(scope, receive, send)
            return
        names = [name for name, _ in headers]
        if b"transfer-encoding" in names and b"content-length" in names:
            # Two framings for one body: what request smuggling behind a proxy is made of.
            # Refused, and the connection closed, so nothing after it is read as a request.
            await _response(400, "Content-Length and Transfer-Encoding together are refused\n", "text/plain",
                            {"Connection": "close"})(scope, receive, send)
            return
        if scope["type"] == "http" and scope["method"] == "OPTIONS" and not self._preflight(scope):
            # Not a CORS preflight this server answers: say what it allows, grant nothing.
            await Response(status_code=204, headers={"Allow": ALLOWED, **COMMON_HEADERS})(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _preflight(self, scope: Any) -> bool:
        names = {name for name, _ in scope["headers"]}
        return bool(self.cors) and b"origin" in names and b"access-control-request-method" in names

    # -- plumbing ---------------------------------------------------------------------------
    async def _run(self, request: Request, job: Any, *args: Any, key: str | None = None) -> Any:
        cancel = threading.Event()
        watcher = asyncio.ensure_future(_watch_disconnect(request, cancel))
        call = functools.partial(self.store.run, job, *args, key=key, cancel=cancel)
        try:
            return await anyio.to_thread.run_sync(call, limiter=self.limiter)
        except KgError as exc:
            raise error_for(exc) from None
        except RuntimeError as exc:  # a bug in a worker: say so in one line, keep serving
            sys.stderr.write(f"internal error on {request.method} {request.url.path}: {exc}\n")
            raise HttpError(500, f"internal error: {exc}") from None
        finally:
            cancel.set()  # stops the worker if this request was itself cancelled (shutdown)
            watcher.cancel()

    async def error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HttpError)
        headers = {"Connection": "close"} if exc.status in {408, 413} else {}
        if exc.status == 405:
            headers["Allow"] = ALLOWED
        wants_html = choose(request.headers.get("accept"), ["text/plain", "text/html"]) == "text/html"
        if wants_html and not request.url.path.startswith(("/sparql", "/update")):
            titles = {400: "Bad request", 404: "Not found", 406: "Not acceptable", 503: "Too slow",
                      507: "Too big"}
            page = pages.error_page(exc.status, titles.get(exc.status, "Error"), exc.message)
            return _response(exc.status, page, "text/html", {"Content-Security-Policy": STRICT_CSP, **headers})
        return _response(exc.status, exc.message.splitlines()[0] + "\n", "text/plain", headers)

    async def not_found(self, request: Request, exc: Exception) -> Response:
        return await self.error(request, HttpError(404, f"nothing at {request.url.path}"))

    async def not_allowed(self, request: Request, exc: Exception) -> Response:
        return await self.error(request, HttpError(405, f"{request.method} is not allowed at {request.url.path}"))

    async def _fallback(self, scope: Any, receive: Any, send: Any) -> None:
        request = Request(scope, receive)
        response = await self.not_found(request, HttpError(404, "not found"))
        await response(scope, receive, send)

    async def _page(self, request: Request, name: str, job: Any, *args: Any) -> str:
        generation = self.store.pool.generation
        cached = self._pages.get(name)
        if cached is None or cached[0] != generation:
            html = await self._run(request, job, self.settings, *args)
            self._pages[name] = cached = (generation, html)
        return cached[1]

    # -- routes -----------------------------------------------------------------------------
    async def sparql(self, request: Request) -> Response:
        body = await _body(request) if request.method == "POST" else b""
        text = request_text(request.method, request.url.query, request.headers.get("content-type"), body, "query")
        try:
            self.store.check(text, False, "query")
        except KgError as exc:
            raise error_for(exc) from None
        settings = self.settings
        accept, format_key = request.headers.get("accept"), _param(request, "format")
        cache_key, generation = (text, accept, format_key), self.store.pool.generation
        reply = self.cache.get(cache_key, generation) if self.cache is not None else None
        if reply is None:
            reply = await self._run(request, jobs.sparql_query, text, settings.result_limit,
                                    settings.query_timeout_s, accept, format_key, settings.base_iri,
                                    key=query_key(text))
            if self.cache is not None:
                self.cache.put(cache_key, generation, reply)
        return _response(reply.status, reply.body, reply.media_type, dict(reply.headers))

    async def update(self, request: Request) -> Response:
        if not self.allow_update:
            raise HttpError(404, "no update endpoint: this server is read-only (start it with --allow-update)")
        body = await _body(request)
        text = request_text("POST", request.url.query, request.headers.get("content-type"), body, "update")
        try:
            await anyio.to_thread.run_sync(self.store.update, text, limiter=self.limiter)
        except KgError as exc:
            raise error_for(exc) from None
        return Response(status_code=204, headers=COMMON_HEADERS)

    async def query_page(self, request: Request) -> Response:
        return _html(200, await self._page(request, "query", jobs.query_page, self.allow_update))

    async def graph_page(self, request: Request) -> Response:
        return _html(200, await self._page(request, "graph", jobs.graph_page), INLINE_CSP)

    async def asset(self, request: Request) -> Response:
        name = request.path_params["name"]
        file = EDITOR_ASSETS.get(name, ASSETS / name)  # the query editor's files live in kg/views
        if "/" in name or name.startswith(".") or file.suffix not in ASSET_TYPES or not file.is_file():
            raise HttpError(404, f"no asset {name}")
        return _response(200, file.read_bytes(), ASSET_TYPES[file.suffix] + "; charset=utf-8",
                         {"Cache-Control": "max-age=300"})

    async def entity(self, request: Request) -> Response:
        settings = self.settings
        iri = settings.base_iri + request.url.path.lstrip("/")
        try:
            ox.NamedNode(iri)  # the IRI is bound as a term later; refuse what is no IRI at all
        except ValueError as exc:
            raise HttpError(400, f"not an entity IRI: {exc}") from None
        format_key = _param(request, "format")
        if format_key is not None and format_key not in jobs.ENTITY_TYPES:
            raise HttpError(400, f"unknown format {format_key!r}; use one of {', '.join(jobs.ENTITY_TYPES)}")
        media = jobs.ENTITY_TYPES[format_key] if format_key else choose(
            request.headers.get("accept"), list(jobs.ENTITY_TYPES.values()))
        if media is None:
            raise HttpError(406, "entity pages come as HTML, Turtle, JSON-LD or N-Triples")
        inferred = _param(request, "inferred") in {"1", "true", "yes"}
        reply = await self._run(request, jobs.entity, iri, media, settings.base_iri, settings.query_timeout_s,
                                inferred, settings.with_extracted)
        if reply.status != 200:
            raise HttpError(reply.status, reply.body)
        if media == "text/html":
            return _html(200, reply.body)
        return _response(200, reply.body, reply.media_type, dict(reply.headers))

