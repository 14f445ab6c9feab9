"""The embedded store hides the unreviewed extracted graphs (and its own union of them) from `GRAPH`,
and names the visible graphs to Oxigraph only while something is hidden: given a list, Oxigraph looks
`GRAPH ?g { s p o }` up once per listed graph (minutes at a million triples), so a store that hides
nothing passes none. Hiding must follow every write: a load that adds an extracted graph, an update
that drops it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.layers import EXTRACTED_SUFFIX
from kg.namespaces import SRK, Ids
from kg.store.oxigraph import EXTRACTED_UNION, OxigraphStore

IDS = Ids("http://example.org/")
PERSON, EVENT = URIRef(IDS.entity("person/norov")), URIRef(IDS.entity("event/forum"))
ONE, TWO = URIRef(IDS.graph("one")), URIRef(IDS.graph("two"))
GUESSED = URIRef(IDS.graph("two") + EXTRACTED_SUFFIX)
ASSERTED = [(PERSON, RDF.type, SRK.Person, ONE), (PERSON, SKOS.prefLabel, Literal("Vladimir Norov"), ONE),
            (EVENT, RDF.type, SRK.Event, TWO)]
GUESS = (PERSON, SRK.spokeAt, EVENT, GUESSED)
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
SPOKE = f"SELECT ?g WHERE {{ GRAPH ?g {{ <{PERSON}> <{SRK.spokeAt}> <{EVENT}> }} }}"
NAMED = f"ASK {{ GRAPH <{GUESSED}> {{ ?s ?p ?o }} }}"


@pytest.fixture(params=["memory", "disk"])
def path(request: pytest.FixtureRequest, tmp_path: Path) -> Path | None:
    return None if request.param == "memory" else tmp_path / "store"


def _graphs(store: OxigraphStore) -> set[str]:
    return {str(g) for (g,) in store.query(GRAPHS).rows}


def test_a_store_that_hides_nothing_lets_graph_see_every_graph_without_a_list(path: Path | None) -> None:
    store = OxigraphStore(path)
    store.load(ASSERTED)
    assert "named_graphs" not in store.dataset  # every named graph of the store is one
    assert _graphs(store) == {str(ONE), str(TWO)}
    assert store.query(f"ASK {{ GRAPH <{ONE}> {{ <{PERSON}> a <{SRK.Person}> }} }}").boolean
    assert len(store) == len(ASSERTED)


def test_an_extracted_graph_loaded_later_is_hidden_from_graph_and_dropping_it_lifts_the_list(
        path: Path | None) -> None:
    store = OxigraphStore(path)
    store.load(ASSERTED)
    store.load([GUESS])
    # Neither `GRAPH ?g` nor `GRAPH <its name>` reaches the guess; nor does the default graph.
    assert _graphs(store) == {str(ONE), str(TWO)}
    assert store.query(SPOKE).rows == ()
    assert not store.query(NAMED).boolean
    assert not store.query(f"ASK {{ <{PERSON}> <{SRK.spokeAt}> ?e }}").boolean
    assert [g.value for g in store.dataset["named_graphs"]] == [str(ONE), str(TWO)]
    assert len(store) == len(ASSERTED)

    store.update(f"DROP GRAPH <{GUESSED}>")
    assert "named_graphs" not in store.dataset
    assert _graphs(store) == {str(ONE), str(TWO)}
    assert store.query(SPOKE).rows == () and not store.query(NAMED).boolean
    store.close()


def test_asked_for_the_guess_is_seen_in_its_own_graph_and_the_union_of_guesses_never(path: Path | None) -> None:
    store = OxigraphStore(path, with_extracted=True)
    store.load([*ASSERTED, GUESS])
    assert [str(g) for (g,) in store.query(SPOKE).rows] == [str(GUESSED)]
    assert store.query(NAMED).boolean
    assert EXTRACTED_UNION not in _graphs(store)
    assert not store.query(f"ASK {{ GRAPH <{EXTRACTED_UNION}> {{ ?s ?p ?o }} }}").boolean
    assert store.query(f"ASK {{ <{PERSON}> <{SRK.spokeAt}> ?e }}").boolean  # in the default graph too
    # The reviewed view of the same store hides it again.
    assert store.reviewed().query(SPOKE).rows == ()
    store.close()


def test_a_query_is_given_only_the_named_graphs_its_graph_patterns_can_reach(path: Path | None) -> None:
    # Oxigraph carries a query's list of named graphs from row to row, GRAPH pattern or not (14 times
    # slower at 10M triples): a query is given the graphs it can read, with the same answers.
    store = OxigraphStore(path)
    store.load([*ASSERTED, GUESS])

    def reached(sparql: str) -> list[str]:
        return [g.value for g in store.dataset_for(sparql)["named_graphs"]]

    no_graph = f'ASK {{ <{PERSON}> a <{SRK.Person}> FILTER("GRAPH ?g" != "") }} # GRAPH ?g in a comment'
    assert reached(no_graph) == [] and store.query(no_graph).boolean
    one = f"ASK {{ GRAPH <{ONE}> {{ <{PERSON}> a <{SRK.Person}> }} }}"
    assert reached(one) == [str(ONE)] and store.query(one).boolean
    assert not store.query(f"ASK {{ GRAPH <{TWO}> {{ <{PERSON}> a <{SRK.Person}> }} }}").boolean
    assert reached(NAMED) == [] and not store.query(NAMED).boolean  # a hidden graph stays hidden by name
    assert reached(GRAPHS) == [str(ONE), str(TWO)] and _graphs(store) == {str(ONE), str(TWO)}
    prefixed = f"PREFIX g: <{IDS.graph('')}> ASK {{ graph g:one {{ <{PERSON}> a <{SRK.Person}> }} }}"
    assert reached(prefixed) == [str(ONE), str(TWO)] and store.query(prefixed).boolean
    store.close()
