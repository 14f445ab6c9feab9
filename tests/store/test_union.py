"""Every store's default graph: the *set* union of the named graphs, claim records included,
embedded and remote alike (a server's own union default graph is a multiset: kg.store.remote_union).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS


from kg.errors import KgError
from kg.namespaces import CLAIMS_GRAPH, SRK, Ids
from kg.store import open_store
from tests.store.conftest import REMOTES

IDS = Ids("http://example.org/")
PERSON = URIRef(IDS.entity("person/norov"))
CLAIM = URIRef(IDS.claim(str(PERSON), str(SKOS.prefLabel), "Vladimir Norov", "two"))
ONE, TWO, CLAIMS = (URIRef(IDS.graph(name)) for name in ("one", "two", CLAIMS_GRAPH))
LABEL = Literal("Vladimir Norov", lang="en")

QUADS = [
    # Two sources name the same person: their identity triples stand in both graphs.
    (PERSON, RDF.type, SRK.Person, ONE),
    (PERSON, SKOS.prefLabel, LABEL, ONE),
    (PERSON, RDF.type, SRK.Person, TWO),
    (PERSON, SKOS.prefLabel, LABEL, TWO),
    (CLAIM, RDF.type, SRK.Claim, CLAIMS),
    (CLAIM, RDF.subject, PERSON, CLAIMS),
    (CLAIM, SRK.quote, Literal("Vladimir Norov"), CLAIMS),
]
JOIN = "SELECT ?label ?quote WHERE { ?p a ?type ; ?l ?label . ?c <%s> ?p ; <%s> ?quote }" % (RDF.subject, SRK.quote)


@pytest.fixture(params=["memory", "disk", *REMOTES])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param in REMOTES:
        return request.getfixturevalue(REMOTES[request.param])
    return "memory:" if request.param == "memory" else f"oxigraph:{tmp_path / 'store'}"


def test_default_graph_is_the_set_union_with_the_claim_records(url: str) -> None:
    store = open_store(url)
    store.load(QUADS)
    # Each triple once, though two graphs hold it; the claim graph's records join the facts.
    rows = store.query(JOIN).rows
    assert sorted(map(str, (label for label, _ in rows))) == sorted(["Vladimir Norov", str(SRK.Person)])
    assert {str(quote) for _, quote in rows} == {"Vladimir Norov"}
    assert store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].toPython() == 5
    assert len(store) == len(QUADS)  # the store counts the named graphs' quads, not the union
    # A query that names its dataset gets that dataset, not the union.
    from_one = store.query(f"SELECT ?s ?p ?o FROM <{ONE}> WHERE {{ ?s ?p ?o }}").rows
    assert len(from_one) == 2 and all(s == PERSON for s, _, _ in from_one)
    store.close()

    if url.startswith("oxigraph:"):  # reopened (as `kg query` does after `kg build`), it still sees the records
        reopened = open_store(url, read_only=True)
        assert len(reopened.query(JOIN).rows) == 2
        reopened.close()


def test_writes_keep_the_union_current(url: str) -> None:
    store = open_store(url)
    store.load(QUADS[:4])
    assert store.query(JOIN).rows == ()  # no claim records yet
    store.replace_graph(str(CLAIMS), [(s, p, o) for s, p, o, _ in QUADS[4:]])
    assert len(store.query(JOIN).rows) == 2
    store.replace_graph(str(ONE), [])
    assert store.query(f"ASK {{ <{PERSON}> a <{SRK.Person}> }}").boolean is True  # graph two still says so
    store.replace_graph(str(TWO), [])
    assert store.query(f"ASK {{ <{PERSON}> a <{SRK.Person}> }}").boolean is False
    assert store.query(f"ASK {{ <{CLAIM}> a <{SRK.Claim}> }}").boolean is True
    store.close()


def test_a_file_loads_like_the_quads_it_holds(tmp_path: Path) -> None:
    from kg.export import serialise

    path = tmp_path / "graph.nq"
    path.write_text(serialise(QUADS, "nq", "http://example.org/"), encoding="utf-8")
    for lenient in (False, True):
        store = open_store("memory:")
        store.load_file(path, lenient=lenient)  # type: ignore[attr-defined]
        assert len(store) == len(QUADS)
        assert len(store.query(JOIN).rows) == 2
        store.close()


def test_a_malformed_file_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "broken.nq"
    path.write_text(f"<{PERSON}> <{RDF.type}> <{SRK.Person}> <{ONE}> .\n<{PERSON}> <{RDF.type}> .\n", encoding="utf-8")
    store = open_store("memory:")
    with pytest.raises(KgError) as refused:
        store.load_file(path)  # type: ignore[attr-defined]
    assert "broken.nq" in str(refused.value) and "line 2" in str(refused.value)
    assert len(store) == 0
