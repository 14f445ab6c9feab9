"""Every store backend behaves the same: one test body, run against each of them
(in memory, embedded on disk, and a real Oxigraph server over HTTP)."""

from __future__ import annotations

import threading

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS, XSD

from kg.errors import KgError
from kg.layers import EXTRACTED_SUFFIX
from kg.store import Store

EX = "http://example.org/"
G1, G2 = URIRef(EX + "graph/one"), URIRef(EX + "graph/two")
NOROV, SCO, POST = URIRef(EX + "norov"), URIRef(EX + "sco"), URIRef(EX + "post")
HOLDS, POST_IN = URIRef("http://www.w3.org/ns/org#holds"), URIRef("http://www.w3.org/ns/org#postIn")
STAT = URIRef(EX + "stat")
NODE = BNode("b1")

QUADS = [
    (NOROV, RDF.type, URIRef(EX + "Person"), G1),
    (NOROV, SKOS.prefLabel, Literal("Vladimir Norov", lang="en"), G1),
    (NOROV, HOLDS, POST, G1),
    (POST, POST_IN, SCO, G2),
    (SCO, SKOS.prefLabel, Literal("Shanghai Cooperation Organisation", lang="en"), G2),
    (STAT, URIRef(EX + "asOf"), Literal("2021-04", datatype=XSD.gYearMonth), G2),
    (STAT, URIRef(EX + "value"), Literal("22.5", datatype=XSD.decimal), G2),
    (STAT, URIRef(EX + "note"), Literal('say "hi"\nand go'), G2),
    (STAT, URIRef(EX + "range"), NODE, G2),
    (NODE, URIRef(EX + "min"), Literal("1", datatype=XSD.integer), G2),
]

WHO_HOLDS_WHAT = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?name ?org WHERE {
  ?person org:holds ?post ; skos:prefLabel ?name .
  ?post org:postIn/skos:prefLabel ?org .
  FILTER(?person = ?who)
} ORDER BY ?name"""


def graph_of(quads, graph: URIRef) -> Graph:  # type: ignore[no-untyped-def]
    result = Graph()
    for s, p, o, g in quads:
        if g == graph:
            result.add((s, p, o))
    return result


def test_store_contract(any_store: Store) -> None:
    store = any_store
    assert len(store) == 0 and store.graph_names() == []
    store.load(QUADS)
    assert len(store) == len(QUADS)
    assert store.graph_names() == [str(G1), str(G2)]

    # The default graph is the union: this join spans both named graphs.
    joined = store.query(WHO_HOLDS_WHAT.replace("FILTER(?person = ?who)", ""))
    assert joined.records() == [{"name": Literal("Vladimir Norov", lang="en"),
                                 "org": Literal("Shanghai Cooperation Organisation", lang="en")}]

    # Bindings pre-bind variables, even ones only a FILTER uses.
    assert store.query(WHO_HOLDS_WHAT, {"who": NOROV}).column("name") == ["Vladimir Norov"]
    assert store.query(WHO_HOLDS_WHAT, {"who": SCO}).rows == ()
    by_label = store.query("SELECT ?s WHERE { ?s ?p ?label }", {"label": Literal("Vladimir Norov", lang="en")})
    assert by_label.column("s") == [str(NOROV)]

    # Literals come back exactly as stored: lexical form, datatype, language, escapes.
    values = store.query(f"SELECT ?p ?o WHERE {{ <{STAT}> ?p ?o FILTER(isLiteral(?o)) }} ORDER BY ?p")
    assert [o for _, o in values.rows] == [Literal("2021-04", datatype=XSD.gYearMonth),
                                           Literal('say "hi"\nand go'),
                                           Literal("22.5", datatype=XSD.decimal)]
    assert str(values.rows[0][1]) == "2021-04"  # a month stays a month

    # ASK and CONSTRUCT.
    assert store.query(f"ASK {{ <{NOROV}> ?p ?o }}").boolean is True
    assert store.query(f"ASK {{ <{SCO}> <{HOLDS}> ?o }}").boolean is False
    built = store.query(f"CONSTRUCT {{ ?s <{EX}holdsIn> ?org }} WHERE {{ ?s <{HOLDS}>/<{POST_IN}> ?org }}")
    assert built.triples == ((NOROV, URIRef(EX + "holdsIn"), SCO),)

    # A result cap keeps the first rows and says that it cut.
    capped = store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o", limit=3)
    assert len(capped.rows) == 3 and capped.truncated
    assert not store.query("SELECT ?s WHERE { ?s ?p ?o }", limit=100).truncated

    # Quads round-trip (blank nodes may be renamed by a server, so compare graphs by isomorphism).
    back = list(store.quads())
    assert len(back) == len(QUADS)
    for graph in (G1, G2):
        assert isomorphic(graph_of(back, graph), graph_of(QUADS, graph))

    # Replacing one graph changes that graph only.
    store.replace_graph(str(G1), [(NOROV, SKOS.prefLabel, Literal("V. Norov", lang="en"))])
    assert store.query(f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}").column("o") == ["V. Norov"]
    assert len(graph_of(store.quads(), G2)) == len(graph_of(QUADS, G2))
    assert store.query(WHO_HOLDS_WHAT, {"who": NOROV}).rows == ()
    store.replace_graph(str(G1), [])
    assert store.graph_names() == [str(G2)]

    # Errors: a bad query names the query and the position.
    with pytest.raises(KgError) as bad:
        store.query("SELECT ?s WHERE { ?s ?p ", name="broken")
    assert str(bad.value).startswith("broken:1:")
    with pytest.raises(KgError):
        store.update("INSERT DATA { GRAPH <x:g> { <x:s> <x:p> }")


def test_ask_answers_for_the_graph_asked_about(any_store: Store) -> None:
    """A graph the store does not hold matches nothing (Virtuoso matched it with one empty solution:
    ASK true, COUNT 1; kg.store.virtuoso_rewrite)."""
    any_store.load(QUADS)
    assert any_store.query(f"ASK {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}").boolean is True
    assert any_store.query(f"ASK {{ GRAPH <{EX}graph/none> {{ ?s ?p ?o }} }}").boolean is False
    counted = any_store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{EX}graph/none> {{ ?s ?p ?o }} }}")
    assert int(counted.rows[0][0]) == 0  # type: ignore[arg-type]
    any_store.update(f"DROP SILENT GRAPH <{G1}>")
    assert any_store.query(f"ASK WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}").boolean is False
    assert any_store.query("ASK { ?s ?p ?o }").boolean is True


def test_a_query_reads_the_graphs_it_names_and_no_hidden_one(any_store: Store) -> None:
    """Each query is given only the named graphs its GRAPH patterns can reach (a named graph costs the
    engine on every row): by name, by variable or none, the answers are a store's that lists them all,
    and an unreviewed extracted graph stays hidden whichever way it is asked for."""
    guessed = URIRef(str(G2) + EXTRACTED_SUFFIX)
    any_store.load([*QUADS, (NOROV, HOLDS, SCO, guessed)])
    assert any_store.query(f"ASK {{ GRAPH <{G1}> {{ <{NOROV}> <{HOLDS}> <{POST}> }} }}").boolean is True
    assert any_store.query(f"ASK {{ GRAPH <{G2}> {{ <{NOROV}> <{HOLDS}> <{POST}> }} }}").boolean is False
    assert any_store.query(f"ASK {{ GRAPH <{guessed}> {{ ?s ?p ?o }} }}").boolean is False
    assert any_store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g").column("g") == [
        str(G1), str(G2)]
    both = f"SELECT ?post WHERE {{ <{NOROV}> <{HOLDS}> ?post }} # not GRAPH ?g"
    assert any_store.query(both).column("post") == [str(POST)]  # the union, without the guess
    mixed = (f"SELECT ?g WHERE {{ GRAPH <{G1}> {{ <{NOROV}> <{HOLDS}> ?post }} "
             f"GRAPH ?g {{ ?post <{POST_IN}> ?org }} }}")
    assert any_store.query(mixed).column("g") == [str(G2)]


def test_replace_graph_is_atomic(any_store: Store) -> None:
    """Readers polling during replacements see the old graph or the new one, never a mix or nothing."""
    store = any_store
    old = [(URIRef(f"{EX}s{i}"), URIRef(EX + "p"), Literal("old")) for i in range(400)]
    new = [(URIRef(f"{EX}s{i}"), URIRef(EX + "p"), Literal("new")) for i in range(250)]
    store.replace_graph(str(G1), old)
    seen: set[tuple[int, int]] = set()
    done = threading.Event()
    count = "SELECT ?o (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?o"

    def read() -> None:
        while not done.is_set():
            rows = store.query(count).rows
            seen.add(tuple(sorted((str(o), int(n)) for o, n in rows)))  # type: ignore[arg-type]

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for round_ in range(6):
            store.replace_graph(str(G1), new if round_ % 2 == 0 else old)
    finally:
        done.set()
        reader.join()
    assert seen <= {(("old", 400),), (("new", 250),)}, seen
    assert seen, "the reader ran no query"


def test_values_tables_keep_their_rows_pairs(any_store: Store) -> None:
    """A VALUES table of two variables gives its rows, not every pairing of its columns (NOROV's label
    and SCO's holding are not rows of it); one of one variable in each of two subqueries does not pair
    their rows by the row it came from (Virtuoso gets it as a UNION of BINDs: kg.store.virtuoso_rewrite)."""
    any_store.load(QUADS)
    table = f"(<{NOROV}> <{HOLDS}>) (<{SCO}> <{SKOS.prefLabel}>)"
    rows = any_store.query(f"SELECT ?s ?o WHERE {{ VALUES (?s ?p) {{ {table} }} ?s ?p ?o }}").rows
    assert sorted(rows) == sorted([(NOROV, POST), (SCO, Literal("Shanghai Cooperation Organisation", lang="en"))])
    crossed = any_store.query(
        "SELECT DISTINCT ?a ?b WHERE { "
        f"{{ SELECT ?a WHERE {{ VALUES ?p {{ <{HOLDS}> <{SKOS.prefLabel}> }} ?a ?p ?x }} }} "
        f"{{ SELECT ?b WHERE {{ VALUES ?p {{ <{HOLDS}> <{POST_IN}> }} ?b ?p ?y }} }} }}").rows
    assert sorted(crossed) == sorted((a, b) for a in (NOROV, SCO) for b in (NOROV, POST))


@pytest.mark.parametrize("inferred", [True, False], ids=["with-inferred", "asserted-only"])
def test_seed_graph_answers_alike_everywhere(any_store: Store, store: Store, inferred: bool) -> None:
    """The built seed graph, loaded into each backend, answers every named query the same; so do its
    asserted graphs alone (a store `kg reason` never ran on: Virtuoso's who_met_whom gave 0 rows of 6)."""
    from kg.api import run_named
    from kg.queries import list_queries
    from kg.settings import load_settings
    from kg.store.oxigraph import OxigraphStore

    quads = [q for q in store.quads() if inferred or not str(q[3]).endswith("/graph/inferred")]
    embedded = store if inferred else OxigraphStore(None)
    if not inferred:
        embedded.load(quads)
    any_store.load(quads)
    assert len(any_store) == len(embedded) == len(quads)
    assert any(str(g).endswith("/graph/inferred") for *_, g in quads) == inferred
    settings = load_settings()
    for named in list_queries():
        expected = run_named(embedded, named.name, {}, settings)
        got = run_named(any_store, named.name, {}, settings)
        assert got.variables == expected.variables, named.name
        assert sorted(map(repr, got.rows)) == sorted(map(repr, expected.rows)), named.name
    assert len(run_named(embedded, "who_met_whom", {}, settings).rows) >= 6  # rows to compare, either way
    norov = run_named(any_store, "entity_facts", {"entity": "Vladimir Norov"}, settings)
    assert "Secretary-General of the Shanghai Cooperation Organisation" in norov.column("object")
