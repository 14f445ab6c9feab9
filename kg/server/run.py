"""Serving the app: our own listening socket (so a busy port is a clear error) handed to
uvicorn, with its limits for slow or oversized requests and a graceful shutdown."""

from __future__ import annotations

import errno
import socket
from dataclasses import dataclass
from typing import Callable

import uvicorn

from kg.errors import KgError
from kg.server.app import KgApp

MAX_HEADERS_BYTES = 16_384  # h11's per-request limit on the request line and headers


@dataclass
class Listener:
    socket: socket.socket
    url: str


def listen(host: str, port: int) -> Listener:
    """A socket bound to host:port (port 0 picks a free one), or a one-line reason why not."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # No Nagle: a response written in two pieces (headers, then body) would otherwise wait for
    # the client's delayed ACK, 40 ms per request on keep-alive. Accepted sockets inherit it.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
        sock.listen(512)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise KgError(f"port {port} on {host} is in use (another kg serve?): choose another with "
                          "--port, or --port 0 for a free one") from None
        raise KgError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if family == socket.AF_INET6 else bound_host
    return Listener(sock, f"http://{shown}:{bound_port}/")


def serve(app: KgApp, listener: Listener, access_log: bool = False,
          on_started: Callable[[], None] = lambda: None) -> None:
    """Serve until SIGINT/SIGTERM; requests in flight get up to 10 s to finish."""
    config = uvicorn.Config(
        app, http="h11", lifespan="off", access_log=access_log, log_level="warning",
        h11_max_incomplete_event_size=MAX_HEADERS_BYTES, timeout_keep_alive=15,
        timeout_graceful_shutdown=10, backlog=512, server_header=False, date_header=True)
    server = uvicorn.Server(config)
    original = server.startup

    async def startup(sockets=None):  # type: ignore[no-untyped-def]
        await original(sockets)
        on_started()

    server.startup = startup  # type: ignore[method-assign]
    server.run(sockets=[listener.socket])
