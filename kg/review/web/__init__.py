"""`kg review --web`: serve the review page with uvicorn on loopback (see kg.review.web.app)."""

from __future__ import annotations

import socket
import threading
import time
import webbrowser
from dataclasses import dataclass
from typing import Callable

from kg.review.web.app import Guard, create_app, is_loopback
from kg.settings import Settings

__all__ = ["Guard", "Running", "create_app", "is_loopback", "serve", "start"]


@dataclass
class Running:
    """A review page served from a thread (tests, notebooks, the bench): its URL, and stop()."""

    url: str
    guard: Guard
    _server: object
    _thread: threading.Thread

    def stop(self) -> None:
        self._server.should_exit = True  # type: ignore[attr-defined]
        self._thread.join(timeout=10)


def _bind(host: str, port: int, token: str | None):  # type: ignore[no-untyped-def]
    import uvicorn

    Guard.for_address(host, port, token)  # refuse a public address without a token before binding it
    # proto=IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say they are TCP, and without
    # it every answer waits ~40 ms for the browser's delayed ACK (headers and body are two writes).
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # inherited by accepted sockets on Linux
    sock.bind((host, port))
    port = sock.getsockname()[1]
    guard = Guard.for_address(host, port, token)
    config = uvicorn.Config(None, log_level="warning", access_log=False, lifespan="off")  # type: ignore[arg-type]
    url = f"http://{f'[{host}]' if ':' in host else host}:{port}/"
    return sock, guard, config, url


def start(settings: Settings, host: str = "127.0.0.1", port: int = 0, token: str | None = None) -> Running:
    """Serve the page from a background thread; returns once it answers."""
    import uvicorn

    sock, guard, config, url = _bind(host, port, token)
    config.app = create_app(settings, guard)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="kg-review-page")
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    if not server.started:
        raise RuntimeError("the review page did not start")
    return Running(url, guard, server, thread)


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 0, token: str | None = None,
          open_browser: bool = True, announce: Callable[[str], None] = print) -> None:
    """Run the page until interrupted. Port 0 picks a free port (the URL is announced)."""
    import uvicorn

    sock, guard, config, url = _bind(host, port, token)
    config.app = create_app(settings, guard)
    announce(url)
    if open_browser:
        webbrowser.open(url)
    uvicorn.Server(config).run(sockets=[sock])
