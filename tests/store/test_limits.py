"""The query workers (kg.store.workers) on the built store: time and memory limits, no network,
and the text rules for stores kg cannot sandbox."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator

import pytest
from rdflib import BNode, URIRef

from kg.errors import KgError
from kg.settings import Settings
from kg.store import sandbox
from kg.store.base import QueryMemory, QueryTimeout, Refused
from kg.store.limited import LimitedStore
from kg.store.outbound import refuse_outbound
from kg.store.sparqltext import term_sparql
from kg.store.workers import Limits
from tests.server.hostile import counting_listener

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def limited(built: Settings) -> Iterator[LimitedStore]:
    store = LimitedStore(built.store_url, Limits(timeout_s=2, memory_bytes=300 * 2**20))
    yield store
    store.close()


def test_a_runaway_is_killed_at_its_time_limit_and_replaced(limited: LimitedStore) -> None:
    replaced = limited.pool.replaced
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="time limit"):
        limited.query(CARTESIAN)
    assert time.monotonic() - started < 4
    assert limited.pool.replaced == replaced + 1
    assert limited.query("ASK { ?s ?p ?o }").boolean is True


def test_a_memory_runaway_is_stopped_at_its_cap(limited: LimitedStore) -> None:
    with pytest.raises(QueryMemory, match="300 MiB"):
        limited.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a LIMIT 1")
    assert limited.query("ASK { ?s ?p ?o }").boolean is True


def test_service_reaches_nobody(limited: LimitedStore) -> None:
    listener, server = counting_listener()
    try:
        for text in (f"SELECT * WHERE {{ # c\r SERVICE <{listener.url}> {{ ?s ?p ?o }} \n }}",
                     f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}"):
            with pytest.raises(Refused, match="no outbound requests"):
                limited.query(text)
        assert listener.connections == []
    finally:
        server.close()


def test_a_sandboxed_process_cannot_open_internet_sockets() -> None:
    if not sandbox.can_forbid_network():
        pytest.skip("seccomp filters need Linux on x86_64 or aarch64")
    listener, server = counting_listener()
    host, port = listener.url.removeprefix("http://").rstrip("/").split(":")
    pid = os.fork()
    if pid == 0:  # the child: forbid, then try
        code = 0
        try:
            sandbox.no_network()
            left, right = socket.socketpair()  # Unix sockets keep working
            left.sendall(b"x")
            code = 2 if right.recv(1) != b"x" else 0
            try:
                socket.create_connection((host, int(port)), timeout=2)
                code = 3
            except OSError:
                pass
            code = code or (4 if sandbox.network_attempts() == 0 else 0)
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    server.close()
    assert os.waitstatus_to_exitcode(status) == 0
    assert listener.connections == []


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
    "select * where { service <http://x/> { } }",
    "SELECT * WHERE { # c\r SERVICE <http://x/> { } \n }",
    "SELECT * WHERE { \\u0053ERVICE <http://x/> { } }",
    "SELECT * WHERE { \\U00000053ERVICE <http://x/> { } }",
    "SELECT * WHERE { ſervice <http://x/> { } }",  # the long s folds to s
])
def test_the_remote_rule_refuses_every_spelling(text: str) -> None:
    with pytest.raises(Refused, match="SERVICE"):
        refuse_outbound(text, update=False, name="query")


def test_the_remote_rule_lets_other_queries_through() -> None:
    refuse_outbound("SELECT * WHERE { ?s ?p ?o }", update=False, name="query")
    refuse_outbound("SELECT * WHERE { ?download ?p ?o }", update=False, name="query")  # LOAD only in updates
    with pytest.raises(Refused, match="LOAD"):
        refuse_outbound("LOAD <http://x/>", update=True, name="update")


def test_terms_that_would_break_out_of_a_query_are_refused() -> None:
    with pytest.raises(KgError, match="not an IRI"):
        term_sparql(URIRef("https://w3id.org/silkroad-kg/id/person/x> } SERVICE <http://evil/> { ?s ?p ?o"))
    with pytest.raises(KgError, match="blank node"):
        term_sparql(BNode("a } b"))
    assert term_sparql(URIRef("https://w3id.org/silkroad-kg/id/person/x")) == "<https://w3id.org/silkroad-kg/id/person/x>"
