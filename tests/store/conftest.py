"""Fixtures for the store suite: every backend, including a real `oxigraph serve`."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kg.store import Store, open_store

OXIGRAPH = Path(sys.executable).parent / "oxigraph"  # the `oxigraph` PyPI package's executable


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {process.stderr.read() if process.stderr else ''}")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not come up in {seconds} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running_oxigraph() -> Iterator[str]:
    """A fresh in-memory `oxigraph serve --union-default-graph` on a free loopback port; its base URL."""
    if not OXIGRAPH.exists():
        pytest.skip(f"no oxigraph executable at {OXIGRAPH} (pip install oxigraph)")
    port = free_port()
    process = subprocess.Popen([str(OXIGRAPH), "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/query?query=ASK%7B%7D", process)
        yield url
    finally:
        stop(process)


@pytest.fixture
def oxigraph_server() -> Iterator[str]:
    with running_oxigraph() as url:
        yield url


@pytest.fixture(params=["memory", "oxigraph", "remote"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each backend, opened by URL as a user would."""
    if request.param == "memory":
        url = "memory:"
    elif request.param == "oxigraph":
        url = f"oxigraph:{tmp_path / 'store'}"
    else:
        url = request.getfixturevalue("oxigraph_server")
    store = open_store(url)
    yield store
    store.close()
