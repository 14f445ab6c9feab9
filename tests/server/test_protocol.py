"""The SPARQL 1.1 Protocol and the entity pages of a running `kg serve`, through real clients."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.settings import Settings
from tests.server.conftest import Served, start_kg_serve, stop

pytestmark = pytest.mark.server

ORG = "http://www.w3.org/ns/org#"
NOROV = "https://w3id.org/silkroad-kg/id/person/vladimir-norov"
HOLDERS = """PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?name ?post WHERE { ?p org:holds/skos:prefLabel ?post ; skos:prefLabel ?name .
  FILTER(?name = "Vladimir Norov"@en) }"""


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
          method: str | None = None) -> tuple[int, str, str, Message]:
    """Status, media type, body and the headers (looked up case-insensitively, as HTTP says)."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get_content_type(), response.read().decode(), response.headers
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get_content_type(), exc.read().decode(), exc.headers


def sparql(served: Served, query: str, accept: str = "application/sparql-results+json"):  # type: ignore[no-untyped-def]
    body = urllib.parse.urlencode({"query": query}).encode()
    return fetch(served.url + "sparql", body, {"Accept": accept,
                                              "Content-Type": "application/x-www-form-urlencoded"})


def test_sparqlwrapper_select_ask_construct(kg_server: Served) -> None:
    client = SPARQLWrapper(kg_server.url + "sparql")
    client.setQuery(HOLDERS)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [(r["name"]["value"], r["post"]["value"]) for r in rows] == [
        ("Vladimir Norov", "Secretary-General of the Shanghai Cooperation Organisation")]
    assert rows[0]["name"]["xml:lang"] == "en"

    client.setReturnFormat(XML)
    document = client.query().convert()  # a DOM of SPARQL XML results
    assert [n.firstChild.data for n in document.getElementsByTagName("literal")][:1] == ["Vladimir Norov"]

    client.setReturnFormat(CSV)
    table = list(csv.reader(io.StringIO(client.query().convert().decode())))
    assert table[0] == ["name", "post"] and table[1][0] == "Vladimir Norov"

    client.setQuery(f"ASK {{ <{NOROV}> <{ORG}holds> ?post }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True

    client.setQuery(f"CONSTRUCT {{ <{NOROV}> ?p ?o }} WHERE {{ <{NOROV}> ?p ?o }}")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert (URIRef(NOROV), URIRef(f"{ORG}holds"), URIRef("https://w3id.org/silkroad-kg/id/post/sco-secretary-general")) in graph


def test_get_post_form_and_direct_post_agree(kg_server: Served) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    by_get = fetch(kg_server.url + "sparql?" + urllib.parse.urlencode({"query": HOLDERS}), headers=accept)
    by_form = sparql(kg_server, HOLDERS)
    by_body = fetch(kg_server.url + "sparql", HOLDERS.encode(),
                    {**accept, "Content-Type": "application/sparql-query"})
    assert by_get[0] == by_form[0] == by_body[0] == 200
    assert json.loads(by_get[2]) == json.loads(by_form[2]) == json.loads(by_body[2])


@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/html, */*;q=0.1", "application/sparql-results+json"),
])
def test_select_content_negotiation(kg_server: Served, accept: str, media: str) -> None:
    status, content_type, body, _ = sparql(kg_server, HOLDERS, accept)
    assert (status, content_type) == (200, media)
    assert "Vladimir Norov" in body


def test_construct_content_negotiation(kg_server: Served) -> None:
    query = f"CONSTRUCT {{ <{NOROV}> ?p ?o }} WHERE {{ <{NOROV}> ?p ?o }}"
    for accept, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                        ("application/n-triples", "nt")):
        status, content_type, body, _ = sparql(kg_server, query, accept)
        assert (status, content_type) == (200, accept)
        graph = Graph().parse(data=body, format=fmt)
        assert (URIRef(NOROV), None, Literal("Vladimir Norov", lang="en")) in graph
    assert sparql(kg_server, query, "text/csv")[0] == 406


def test_bad_queries_get_400_with_the_parsers_message(kg_server: Served) -> None:
    status, _, body, _ = sparql(kg_server, "SELECT ?s WHERE { ?s ?p ")
    assert status == 400 and "syntax error" in body and "query:1:" in body
    client = SPARQLWrapper(kg_server.url + "sparql")
    client.setQuery("SELEC * WHERE { ?s ?p ?o }")
    with pytest.raises(QueryBadFormed):
        client.query()


def test_read_only_by_default(kg_server: Served) -> None:
    status, _, body, _ = fetch(kg_server.url + "update", b"update=CLEAR+ALL",
                               {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 404 and "--allow-update" in body
    assert sparql(kg_server, f"ASK {{ <{NOROV}> ?p ?o }}")[2].count("true") == 1


def test_entity_pages_negotiate(kg_server: Served) -> None:
    status, content_type, body, headers = fetch(kg_server.url + "id/person/vladimir-norov", headers={"Accept": "text/html"})
    assert (status, content_type) == (200, "text/html")
    assert "Secretary-General of the Shanghai Cooperation Organisation" in body
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    status, content_type, body, _ = fetch(kg_server.url + "id/person/vladimir-norov", headers={"Accept": "text/turtle"})
    assert (status, content_type) == (200, "text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    assert (URIRef(NOROV), URIRef(f"{ORG}holds"), None) in graph
    # The claim records come along: the quote that supports his post.
    quotes = {str(o) for o in graph.objects(None, URIRef("https://w3id.org/silkroad-kg/ontology#quote"))}
    assert any("took part in the conference" in q for q in quotes)
    status, content_type, body, _ = fetch(kg_server.url + "id/person/vladimir-norov?format=jsonld")
    assert (status, content_type) == (200, "application/ld+json")
    assert (URIRef(NOROV), None, None) in Graph().parse(data=body, format="json-ld")
    assert fetch(kg_server.url + "id/person/no-such-person", headers={"Accept": "text/html"})[0] == 404
    assert fetch(kg_server.url + "id/person/no-such-person", headers={"Accept": "text/turtle"})[0] == 404


@pytest.fixture(scope="module")
def limited_server(built: Settings) -> Served:
    served = start_kg_serve(built, env={"KG_RESULT_LIMIT": "5", "KG_QUERY_TIMEOUT": "1"})
    yield served
    stop(served)


def test_result_cap_and_time_limit(limited_server: Served) -> None:
    status, _, body, headers = sparql(limited_server, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 5
    assert headers["X-KG-Truncated"] == "true"
    # Counting every triple of claims and pairs: billions of solutions, far past one second, little memory.
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/silkroad-kg/ontology#Claim> . ?b ?p ?o . ?c ?q ?r }"
    status, _, body, _ = sparql(limited_server, slow)
    assert status == 503 and "time limit" in body


def test_updates_when_allowed(tmp_path: Path, built: Settings) -> None:
    served = start_kg_serve(built, "--allow-update", "--store", f"oxigraph:{tmp_path / 'store'}")
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    try:
        iri = "https://w3id.org/silkroad-kg/id/person/test-person"
        insert = (f'INSERT DATA {{ GRAPH <urn:g> {{ <{iri}> <http://www.w3.org/2004/02/skos/core#prefLabel> '
                  f'"<script>alert(1)</script>"@en }} }}')
        status, _, body, _ = fetch(served.url + "update", urllib.parse.urlencode({"update": insert}).encode(), form)
        assert status == 204, body
        page = fetch(served.url + "id/person/test-person", headers={"Accept": "text/html"})[2]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
        # LOAD and SERVICE in updates: tests/server/test_hostile.py
    finally:
        stop(served)


def test_no_delayed_ack_stall_on_keep_alive(kg_server: Served) -> None:
    # Without TCP_NODELAY a response written as headers, then body, waits for the client's delayed
    # ACK: 40-50 ms per request on a kept-alive connection (measured: median 47 ms; with it, 1.4 ms).
    import http.client
    import socket
    import statistics
    import time

    from kg.server.run import listen

    listener = listen("127.0.0.1", 0)
    try:
        client = socket.create_connection(listener.socket.getsockname()[:2])
        accepted, _ = listener.socket.accept()
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        accepted.close()
        client.close()
    finally:
        listener.socket.close()
    address = urllib.parse.urlsplit(kg_server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    times = []
    for _ in range(15):
        started = time.perf_counter()
        connection.request("POST", "/sparql", body="query=ASK%7B%7D",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        assert response.status == 200 and response.read()
        times.append(time.perf_counter() - started)
    connection.close()
    assert statistics.median(times) < 0.025, times
