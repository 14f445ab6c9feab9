"""`kg review --web`: the review page over HTTP (starlette), a thin shell over kg.review.session.

Safe by default, because the page writes files:
* it binds to loopback; another address needs a --token, which the page asks for on first visit
  (then an HttpOnly, SameSite=Strict cookie carries it);
* every request must name this server in its Host header (a DNS-rebinding page names its own);
* every write is a POST with the page's CSRF token in a header and an Origin of this server;
* bad input is a 400 with a message, a stale view a 409; nothing is half-written (kg.review.write).
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Awaitable, Callable
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from kg.errors import KgError
from kg.review.decide import Changed
from kg.review.session import Session
from kg.settings import Settings

ASSETS = Path(__file__).parent / "assets"
ASSET_TYPES = {"review.js": "text/javascript; charset=utf-8", "review.css": "text/css; charset=utf-8"}
MAX_BODY = 64_000
COOKIE = "kg_review"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "X-Frame-Options": "DENY"}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Guard:
    """Who may read and write: the Host names allowed, the page's CSRF token, the access token if any."""

    hosts: frozenset[str] | None  # "host:port" values a request may name (None: any, behind the token)
    csrf: str
    token: str | None  # --token: asked for on first visit
    session_secret: str  # the cookie's value once the token was given

    @classmethod
    def for_address(cls, host: str, port: int, token: str | None) -> "Guard":
        if not is_loopback(host) and not token:
            raise KgError(f"--host {host} opens the review page beyond this machine, and it writes files: "
                          "give --token too (the page asks for it on first visit)")
        names = {host, f"[{host}]" if ":" in host else host}
        if is_loopback(host):
            names |= {"127.0.0.1", "localhost", "[::1]"}
        # Bound to every address, the page has no one name to check; the token is then what guards it
        # (a rebinding page has another origin, so the SameSite=Strict cookie never reaches us from it).
        hosts = None if host in ("0.0.0.0", "::") else frozenset(f"{n}:{port}" for n in names)
        return cls(hosts, secrets.token_urlsafe(24), token, secrets.token_urlsafe(24))

    def host_ok(self, request: Request) -> bool:
        return self.hosts is None or request.headers.get("host", "") in self.hosts

    def signed_in(self, request: Request) -> bool:
        return self.token is None or hmac.compare_digest(request.cookies.get(COOKIE, ""), self.session_secret)

    def origin_ok(self, request: Request) -> bool:
        origin = request.headers.get("origin")
        return origin is not None and origin == f"http://{request.headers.get('host', '')}"


def _json(data: object, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=SECURITY_HEADERS)


def _refuse(status: int, message: str) -> JSONResponse:
    return _json({"error": message}, status)


def create_app(settings: Settings, guard: Guard) -> Starlette:
    session = Session(settings)
    page = (ASSETS / "page.html").read_text(encoding="utf-8")

    def guarded(handler: Callable[[Request], Awaitable[Response]], write: bool = False,
                open_: bool = False) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            if not guard.host_ok(request):
                return _refuse(400, "unexpected Host header: this review page answers only to "
                               f"{', '.join(sorted(guard.hosts or ()))}")
            if write and not guard.origin_ok(request):
                return _refuse(403, "refused: a write must come from the review page itself (Origin)")
            if not open_ and not guard.signed_in(request):
                if request.method == "GET" and request.url.path == "/":
                    return HTMLResponse(_login_page(), headers=SECURITY_HEADERS)
                return _refuse(401, "sign in first: open the page and give the review token")
            if write and not open_ and not hmac.compare_digest(request.headers.get("x-review-token", ""), guard.csrf):
                return _refuse(403, "refused: the write lacks this page's token (reload the page)")
            return await handler(request)
        return endpoint

    async def index(request: Request) -> Response:
        return HTMLResponse(page.replace("{{csrf}}", guard.csrf), headers=SECURITY_HEADERS)

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ASSET_TYPES:
            return _refuse(404, f"no asset {name!r}")
        return Response((ASSETS / name).read_bytes(), media_type=ASSET_TYPES[name], headers=SECURITY_HEADERS)

    async def state(request: Request) -> Response:
        try:
            return _json(await run_in_threadpool(session.state))
        except KgError as exc:
            return _refuse(400, str(exc))

    async def decide(request: Request) -> Response:
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return _refuse(415, "send the decision as application/json")
        raw = await request.body()
        if len(raw) > MAX_BODY:
            return _refuse(413, f"the decision is {len(raw)} bytes; the limit is {MAX_BODY}")
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return _refuse(400, f"the body is not JSON: {exc}")
        try:
            started = time.perf_counter()
            answer = await run_in_threadpool(session.decide, body)
            response = _json(answer)
            # How long the decision took here (files written included): the page's round trip minus this
            # is the network and the browser.
            response.headers["Server-Timing"] = f"decide;dur={(time.perf_counter() - started) * 1000:.1f}"
            return response
        except Changed as exc:
            return _refuse(409, str(exc))
        except KgError as exc:
            return _refuse(400, str(exc))

    async def login(request: Request) -> Response:
        raw = (await request.body())[:4096].decode("utf-8", "replace")
        given = (parse_qs(raw).get("token") or [""])[0]
        if guard.token is None or not hmac.compare_digest(given.encode(), guard.token.encode()):
            return HTMLResponse(_login_page("that is not the review token"), status_code=403, headers=SECURITY_HEADERS)
        response = RedirectResponse("/", status_code=303, headers=SECURITY_HEADERS)
        response.set_cookie(COOKIE, guard.session_secret, httponly=True, samesite="strict")
        return response

    routes = [
        Route("/", guarded(index)),
        Route("/assets/{name}", guarded(asset, open_=True)),
        Route("/favicon.ico", guarded(_no_icon, open_=True)),
        Route("/api/state", guarded(state)),
        Route("/api/decide", guarded(decide, write=True), methods=["POST"]),
        Route("/login", guarded(login, write=True, open_=True), methods=["POST"]),
    ]
    return Starlette(routes=routes, exception_handlers={404: _not_found, 405: _not_allowed})


async def _no_icon(request: Request) -> Response:
    return Response(status_code=204, headers=SECURITY_HEADERS)


async def _not_found(request: Request, exc: Exception) -> Response:
    return _refuse(404, f"no such page: {request.url.path}")


async def _not_allowed(request: Request, exc: Exception) -> Response:
    return _refuse(405, f"{request.method} is not allowed on {request.url.path}")


def _login_page(problem: str = "") -> str:
    said = f'<p class="problem">{problem}</p>' if problem else ""
    return ("<!doctype html><html lang=en><head><meta charset=utf-8><title>kg review: sign in</title>"
            '<link rel="stylesheet" href="/assets/review.css"></head><body class="login">'
            "<form method=post action=/login><h1>kg review</h1><p>This review page writes the project's files. "
            "Give the token it was started with (<code>--token</code>).</p>"
            f'{said}<input name=token type=password autofocus aria-label="review token"> <button>Sign in</button>'
            "</form></body></html>")
