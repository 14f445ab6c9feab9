"""Every store's default graph: the *set* union of the named graphs, claim records included,
embedded and remote alike (a server's own union default graph is a multiset: kg.store.remote_union).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS


from kg.errors import KgError
from kg.layers import EXTRACTED_SUFFIX
from kg.namespaces import CLAIMS_GRAPH, CLAIMS_GRAPH_SUFFIX, SRK, Ids
from kg.store import open_store, union_patch
from kg.store.oxigraph import EXTRACTED_UNION, OxigraphStore
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


# The embedded store's unions, as its design defines them, computed here from each named graph read
# with `GRAPH ?g` (not by the store's code): the default graph is the set union of every graph but the
# claim records' and the extracted ones; EXTRACTED_UNION is what the extracted fact graphs add to it.
GUESSED = URIRef(IDS.graph("two") + EXTRACTED_SUFFIX)
GUESSED_TOO = URIRef(IDS.graph("three") + EXTRACTED_SUFFIX)
INFERRED = URIRef(IDS.graph("inferred"))
EVENT = URIRef(IDS.entity("event/forum"))
UNIVERSE = [  # the triples the sequence below moves between graphs
    (PERSON, RDF.type, SRK.Person), (PERSON, SKOS.prefLabel, LABEL), (EVENT, RDF.type, SRK.Event),
    (PERSON, SRK.spokeAt, EVENT), (EVENT, SKOS.prefLabel, Literal("Forum", lang="en")),
    (PERSON, SRK.quote, Literal("12.50", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))),
]


def _embedded_unions(store: OxigraphStore) -> tuple[dict[str, set[tuple[str, ...]]], set[tuple[str, ...]], set[tuple[str, ...]]]:
    """Each named graph's triples, the default graph's, and EXTRACTED_UNION's, as N-Triples terms."""
    engine = store.engine
    graphs: dict[str, set[tuple[str, ...]]] = {}
    for row in engine.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"):
        graphs.setdefault(row["g"].value, set()).add((str(row["s"]), str(row["p"]), str(row["o"])))  # type: ignore[index]
    default = {(str(q.subject), str(q.predicate), str(q.object))
               for q in engine.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    return graphs, default, graphs.pop(EXTRACTED_UNION, set())


def _assert_unions_right(store: OxigraphStore) -> None:
    graphs, default, extracted = _embedded_unions(store)
    records = [g for g in graphs if g.endswith(CLAIMS_GRAPH_SUFFIX) or g.endswith(CLAIMS_GRAPH_SUFFIX + EXTRACTED_SUFFIX)]
    guessed = [g for g in graphs if g.endswith(EXTRACTED_SUFFIX) and g not in records]
    kept = set().union(*(t for g, t in graphs.items() if g not in records and g not in guessed))
    assert default == kept, "the default graph is the set union of the asserted and inferred graphs"
    assert extracted == set().union(*(graphs[g] for g in guessed)) - kept, "EXTRACTED_UNION: what they add"
    assert store._store.contains_named_graph(ox.NamedNode(EXTRACTED_UNION)) == bool(extracted)  # noqa: SLF001


@pytest.fixture(params=["memory", "disk"])
def embedded(request: pytest.FixtureRequest, tmp_path: Path) -> OxigraphStore:
    return OxigraphStore(None if request.param == "memory" else tmp_path / "store", with_extracted=True)


def test_replace_graph_patches_the_unions(embedded: OxigraphStore) -> None:
    store = embedded
    store.load([*QUADS, (PERSON, SRK.spokeAt, EVENT, GUESSED), (EVENT, RDF.type, SRK.Event, GUESSED)])
    _assert_unions_right(store)
    reviewed = store.reviewed()
    spoke = f"ASK {{ <{PERSON}> <{SRK.spokeAt}> <{EVENT}> }}"
    assert (store.query(spoke).boolean, reviewed.query(spoke).boolean) == (True, False)

    # A triple another graph holds stays in the default graph; one only this graph held goes.
    store.replace_graph(str(ONE), [(PERSON, RDF.type, SRK.Person), (EVENT, RDF.type, SRK.Event)])
    _assert_unions_right(store)
    store.replace_graph(str(TWO), [])
    _assert_unions_right(store)
    assert str(TWO) not in store.graph_names()  # emptied: dropped, as DROP GRAPH did
    assert store.query(f"ASK {{ <{PERSON}> <{SKOS.prefLabel}> ?l }}").boolean is False
    assert store.query(f"ASK {{ <{PERSON}> a <{SRK.Person}> }}").boolean is True

    # A new graph that asserts what an extracted graph guessed takes it out of EXTRACTED_UNION ...
    store.replace_graph(str(INFERRED), [(PERSON, SRK.spokeAt, EVENT)])
    _assert_unions_right(store)
    assert store.reviewed().query(spoke).boolean is True
    # ... and emptied, gives it back: hidden again from a reviewed view, not leaking into the default graph.
    store.replace_graph(str(INFERRED), [])
    _assert_unions_right(store)
    assert (store.query(spoke).boolean, store.reviewed().query(spoke).boolean) == (True, False)

    # The extracted graph itself replaced, then emptied: its union follows, and is dropped when empty.
    store.replace_graph(str(GUESSED), [(EVENT, RDF.type, SRK.Event), (EVENT, SKOS.prefLabel, LABEL)])
    _assert_unions_right(store)
    assert store.query(spoke).boolean is False
    store.replace_graph(str(GUESSED), [])
    _assert_unions_right(store)
    assert len(store.query(JOIN).rows) == 1  # the claim records untouched
    store.close()


@pytest.mark.parametrize("batch", [1, 2, 1000])
def test_any_sequence_of_replacements_keeps_the_unions(embedded: OxigraphStore, batch: int,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import random

    monkeypatch.setattr(union_patch, "BATCH", batch)  # several transactions per graph, or one
    store, chance = embedded, random.Random(15)
    graphs = [ONE, TWO, INFERRED, GUESSED, GUESSED_TOO, CLAIMS]
    for _ in range(60):
        # One graph, or several together (as an incremental build replaces them: triples move between them).
        chosen = chance.sample(graphs, chance.choice([1, 1, 2, 3]))
        wanted = {graph: [t for t in UNIVERSE if chance.random() < 0.4] for graph in chosen}
        before = {graph: _embedded_unions(store)[0].get(str(graph), set()) for graph in chosen}
        if len(chosen) == 1 and chance.random() < 0.5:
            store.replace_graph(str(chosen[0]), wanted[chosen[0]])
            replaced = None
        else:
            rest = [str(g) for g in graphs if g not in chosen][:chance.randint(0, 1)]
            replaced = store.replace_graphs({str(graph): triples for graph, triples in wanted.items()}, dropped=rest)
        _assert_unions_right(store)
        held = _embedded_unions(store)[0]
        for graph, triples in wanted.items():
            given = set(triples)
            assert len(held.get(str(graph), ())) == len(given)
            assert all(store.engine.query(f"ASK {{ GRAPH <{graph}> {{ {s.n3()} {p.n3()} {o.n3()} }} }}")
                       for s, p, o in given)
            assert (str(graph) in store.graph_names()) == bool(given)  # an emptied graph is no longer listed
            if replaced is not None:  # what it held and holds, as the store spells it (the delta's sides)
                assert {_spelled(t) for t in replaced.before[str(graph)]} == before[graph]
                assert {_spelled(t) for t in replaced.after[str(graph)]} == held.get(str(graph), set())
    store.close()


def _spelled(t: ox.Triple) -> tuple[str, ...]:
    return (str(t.subject), str(t.predicate), str(t.object))


def test_a_graph_with_blank_nodes_is_replaced_whole(embedded: OxigraphStore) -> None:
    from rdflib import BNode

    store, node = embedded, BNode()
    store.load([*QUADS[:4], (node, RDF.type, SRK.Person, ONE)])
    store.replace_graph(str(ONE), [(node, SKOS.prefLabel, LABEL), (node, RDF.type, SRK.Event)])
    _assert_unions_right(store)  # the default graph names the graph's own blank node, once
    assert store.query(f"SELECT ?n WHERE {{ ?n a <{SRK.Event}> ; <{SKOS.prefLabel}> ?l }}").rows[0][0] is not None
    assert store.query(f"ASK {{ ?n a <{SRK.Person}> FILTER(isBlank(?n)) }}").boolean is False
    store.close()
