"""Fixtures for the store suite: every backend, including a real `oxigraph serve` and a real Virtuoso."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kg.store import Store, open_store
from kg.store.remote_union import COPIES
from tests.store import servers
from tests.store.servers import free_port  # noqa: F401 (tests import it from here)


@contextmanager
def running_oxigraph(*options: str) -> Iterator[str]:
    """A fresh in-memory `oxigraph serve` on a free loopback port, with `options`; its base URL."""
    try:
        with servers.oxigraph(*options) as url:
            yield url
    except servers.Unavailable as why:
        pytest.skip(str(why))


@pytest.fixture
def oxigraph_server() -> Iterator[str]:
    """A plain `oxigraph serve`: kg needs no server setting (it names each query's dataset,
    kg.store.remote_union)."""
    with running_oxigraph() as url:
        yield url


@pytest.fixture(scope="session")
def virtuoso_session() -> Iterator[str]:
    """One Virtuoso for the session (each test empties it: see `virtuoso_server`)."""
    try:
        with servers.virtuoso() as url:
            yield url
    except servers.Unavailable as why:
        pytest.skip(str(why))


@pytest.fixture
def virtuoso_server(virtuoso_session: str) -> str:
    """The session's Virtuoso with every graph of the previous test dropped."""
    remote = open_store(virtuoso_session, with_extracted=True)
    remote.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in [*remote.graph_names(), *COPIES]))
    assert len(remote) == 0
    return virtuoso_session


REMOTES = {"remote": "oxigraph_server", "virtuoso": "virtuoso_server"}  # remote: the Oxigraph server


@pytest.fixture(params=["memory", "oxigraph", *REMOTES])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each backend, opened by URL as a user would."""
    if request.param == "memory":
        url = "memory:"
    elif request.param == "oxigraph":
        url = f"oxigraph:{tmp_path / 'store'}"
    else:
        url = request.getfixturevalue(REMOTES[request.param])
    store = open_store(url)
    yield store
    store.close()
