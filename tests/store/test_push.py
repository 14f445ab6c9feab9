"""`kg push URL`: the built graph into a shared SPARQL store, graph by graph; and remote errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import URIRef

from kg.errors import KgError
from kg.settings import Settings
from kg.store import Store, open_store
from kg.store.remote import RemoteStore, endpoints_for
from tests.conftest import run_kg
from tests.store.conftest import free_port

INFERRED_GRAPH = "https://w3id.org/silkroad-kg/id/graph/inferred"  # kg.reason.inferred_graph


@pytest.mark.parametrize("server", ["oxigraph_server", "virtuoso_server"])
def test_push_replaces_each_graph_and_is_idempotent(server: str, request: pytest.FixtureRequest, built: Settings,
                                                    store: Store) -> None:
    target = request.getfixturevalue(server)
    remote = open_store(target)
    remote.replace_graph("https://w3id.org/silkroad-kg/id/graph/old-source", [
        (URIRef("urn:x"), URIRef("urn:p"), URIRef("urn:y"))])
    for _ in range(2):  # pushing twice gives the same store
        run = run_kg("push", target, settings=built)
        assert run.code == 0, run.stderr
        assert "not in the build" in run.stderr and "warning" not in run.stderr
        assert len(remote) == len(store) + 1
    assert remote.graph_names() == sorted(store.graph_names() + ["https://w3id.org/silkroad-kg/id/graph/old-source"])
    run = run_kg("push", target, "--prune", settings=built)
    assert run.code == 0 and remote.graph_names() == store.graph_names()
    # kg's own commands work against the pushed store.
    run = run_kg("query", "entity_facts", "-p", "entity=Vladimir Norov", "--store", target, settings=built)
    assert run.code == 0 and "Secretary-General of the Shanghai Cooperation" in run.stdout


def test_connection_refused_is_a_clear_error() -> None:
    remote = RemoteStore(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(KgError, match="connection refused"):
        remote.query("ASK { ?s ?p ?o }")


def test_http_errors_carry_the_servers_message(oxigraph_server: str) -> None:
    remote = RemoteStore(oxigraph_server + "#query=nowhere")
    with pytest.raises(KgError, match="HTTP 404"):
        remote.query("ASK { ?s ?p ?o }")
    with pytest.raises(KgError, match=r"^q:1:\d+: SPARQL syntax error"):
        RemoteStore(oxigraph_server).query("SELECT * WHERE { ?s ", name="q")


def test_endpoint_layouts() -> None:
    oxigraph = endpoints_for("http://127.0.0.1:7878")
    assert (oxigraph.query, oxigraph.update, oxigraph.store) == (
        "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update", "http://127.0.0.1:7878/store")
    fuseki = endpoints_for("http://localhost:3030/ds#fuseki")
    assert (fuseki.query, fuseki.update, fuseki.store) == (
        "http://localhost:3030/ds/sparql", "http://localhost:3030/ds/update", "http://localhost:3030/ds/data")
    custom = endpoints_for("https://user:secret@host/repo#query=sparql&update=statements&store=https://other/gsp")
    assert (custom.query, custom.update, custom.store) == (
        "https://host/repo/sparql", "https://host/repo/statements", "https://other/gsp")
    assert custom.authorization == "Basic dXNlcjpzZWNyZXQ="
    with pytest.raises(KgError, match="unknown endpoint layout"):
        endpoints_for("http://host/#graphdb")


def test_graph_over_one_update_is_staged_and_swapped(oxigraph_server: str) -> None:
    """Oxigraph refuses SPARQL bodies over 1 MiB: a bigger graph still replaces the old one whole."""
    remote = RemoteStore(oxigraph_server)
    graph = "http://example.org/graph/big"
    remote.replace_graph(graph, [(URIRef("urn:old"), URIRef("urn:p"), URIRef("urn:o"))])
    big = [(URIRef(f"urn:s{i}"), URIRef("urn:p"), URIRef(f"urn:{'x' * 200}{i}")) for i in range(6000)]
    remote.replace_graph(graph, big)
    assert len(remote) == 6000 and remote.graph_names() == [graph]
    assert not remote.query("ASK { <urn:old> ?p ?o }").boolean


def test_every_command_reads_a_pushed_virtuoso_as_the_built_store(virtuoso_server: str, built: Settings) -> None:
    """After `kg push`, each command that reads a store prints what it prints for the embedded store
    (Virtuoso: the backend with rewrites; the Oxigraph server shares the rest of the code)."""
    target = virtuoso_server
    assert run_kg("push", target, settings=built).code == 0
    commands = [("query", "who_met_whom"),
                ("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),  # the set union: each triple once
                ("export", "-f", "nt"), ("export", "-f", "nq"), ("export", "-f", "graphml"),
                ("analyze", "--top", "15", "--format", "csv"), ("analyze", "--all-classes", "--format", "json"),
                ("analyze", "--with-inferred", "--top", "5"),
                ("query", "entity_facts", "-p", "entity=Vladimir Norov"),
                ("path", "Vladimir Norov", "Shanghai Cooperation Organisation")]
    for command in commands:
        embedded = run_kg(*command, settings=built)
        remote = run_kg(*command, "--store", target, settings=built)
        assert embedded.code == 0, (command, embedded.stderr)
        assert (remote.code, unlabelled(remote.stdout)) == (0, unlabelled(embedded.stdout)), (command, remote.stderr)


def test_view_reason_and_build_work_against_virtuoso(virtuoso_server: str, built: Settings, tmp_path: Path) -> None:
    """`kg view` draws the same page from a pushed Virtuoso; `kg reason` there writes the inferred graph
    the build made; `kg build --store URL` pushes the build."""
    target = virtuoso_server
    assert run_kg("build", "--store", target, settings=built).code == 0
    exported = run_kg("export", "-f", "nq", settings=built)
    assert unlabelled(run_kg("export", "-f", "nq", "--store", target, settings=built).stdout) == unlabelled(exported.stdout)
    for view in [(), ("--focus", "Vladimir Norov", "--hops", "2"), ("--timeline",), ("--query", "who_met_whom")]:
        pages = [tmp_path / f"{where}.html" for where in ("embedded", "remote")]
        assert run_kg("view", *view, "-o", str(pages[0]), settings=built).code == 0
        remote = run_kg("view", *view, "-o", str(pages[1]), "--store", target, settings=built)
        assert remote.code == 0, (view, remote.stderr)
        assert pages[1].read_bytes() == pages[0].read_bytes(), view
    remote_store = open_store(target)
    remote_store.update(f"DROP SILENT GRAPH <{INFERRED_GRAPH}>")  # Virtuoso: SILENT for a graph made by inserts
    assert not remote_store.query(f"ASK {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}").boolean
    reasoned = run_kg("reason", "--no-owl", "--store", target, settings=built)
    assert reasoned.code == 0, reasoned.stderr
    assert unlabelled(run_kg("export", "-f", "nq", "--store", target, settings=built).stdout) == unlabelled(exported.stdout)


def test_kg_serve_answers_from_a_pushed_virtuoso_as_from_the_built_store(virtuoso_server: str, built: Settings,
                                                                       store: Store) -> None:
    """`kg serve --store URL`: the endpoint over Virtuoso gives the embedded rows, the set union included."""
    from tests.server.conftest import start_kg_serve, stop
    from tests.server.test_protocol import HOLDERS, sparql

    assert run_kg("push", virtuoso_server, settings=built).code == 0
    served = start_kg_serve(built, "--store", virtuoso_server)
    try:
        for text in (HOLDERS, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"):
            status, _, body, _ = sparql(served, text)
            assert status == 200, body
            answer = json.loads(body)
            rows = sorted(tuple(b[v]["value"] for v in answer["head"]["vars"]) for b in answer["results"]["bindings"])
            expected = store.query(text)
            assert rows == sorted(tuple(str(term) for term in row) for row in expected.rows) and rows, text
    finally:
        stop(served)


def unlabelled(text: str) -> list[str]:
    """Lines with blank node labels blanked (a server names blank nodes its own way), sorted."""
    return sorted(re.sub(r"_:[A-Za-z0-9_.-]+", "_:b", line) for line in text.splitlines())
