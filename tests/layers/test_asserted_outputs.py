"""Asserted and inferred facts stay apart in analytics, paths and views: the numbers do not move when
the ontology's entailments are materialised (`kg build` and `kg reason` both make them), and inferred
facts appear only when asked for, marked."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest
from rdflib import URIRef

from kg.analytics import fact_graph, measures, shortest_chain
from kg.namespaces import Ids
from kg.ontology import load_ontology
from kg.reason import inferred_graph, materialise
from kg.settings import Settings
from kg.store.oxigraph import OxigraphStore
from kg.views.gather import gather
from tests.conftest import run_kg

SRK = "https://w3id.org/silkroad-kg/ontology#"


@pytest.fixture(scope="module")
def stores(store, built: Settings) -> dict[str, OxigraphStore]:  # type: ignore[no-untyped-def]
    """The built store (with its inferred graph), a copy without it, and a copy `kg reason` ran on."""
    ids = Ids(built.base_iri)
    bare = OxigraphStore(None)
    bare.load(q for q in store.quads() if str(q[3]) != inferred_graph(ids))
    reasoned = OxigraphStore(None)
    reasoned.load(store.quads())
    materialise(reasoned, load_ontology(built.ontology_file), ids, check_owl=False)
    return {"built": store, "bare": bare, "reasoned": reasoned}


def edges(network: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(u, k, v) for u, v, k in network.edges(keys=True)}


def test_the_stores_differ_by_the_inferred_graph(stores, built: Settings) -> None:  # type: ignore[no-untyped-def]
    graph = inferred_graph(Ids(built.base_iri))
    assert graph in stores["built"].graph_names() and graph not in stores["bare"].graph_names()
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    assert int(stores["reasoned"].query(count).rows[0][0]) == int(stores["built"].query(count).rows[0][0]) > 500


def test_analytics_are_unchanged_by_reasoning(stores) -> None:  # type: ignore[no-untyped-def]
    networks = {name: fact_graph(db) for name, db in stores.items()}
    bare = networks["bare"]
    for name, network in networks.items():
        assert sorted(network.nodes) == sorted(bare.nodes), name
        assert edges(network) == edges(bare), name
    tables = {name: measures(network).sort_values("entity").reset_index(drop=True) for name, network in networks.items()}
    for name, table in tables.items():
        assert table.equals(tables["bare"]), name
    china = tables["built"].set_index("entity").loc[[n for n in bare if n.endswith("/id/place/china")][0]]
    assert china["degree"] == tables["bare"].set_index("entity").loc[china.name]["degree"]


def test_every_edge_is_an_asserted_fact_with_a_source(stores) -> None:  # type: ignore[no-untyped-def]
    network = fact_graph(stores["built"])
    facts = [d["fact"] for *_, d in network.edges(data=True)]
    assert {f.layer for f in facts} == {"asserted"}
    assert all(f.evidence for f in facts)
    assert all(e.method == "curated" for f in facts for e in f.evidence)


def test_inferred_facts_come_only_when_asked_and_marked(stores) -> None:  # type: ignore[no-untyped-def]
    asserted = fact_graph(stores["built"])
    widened = fact_graph(stores["built"], inferred=True)
    extra = edges(widened) - edges(asserted)
    assert extra, "the ontology entails inverses and super-properties"
    layer = {(u, k, v): d["fact"].layer for u, v, k, d in widened.edges(keys=True, data=True)}
    assert {layer[e] for e in extra} == {"inferred"}
    assert {layer[e] for e in edges(asserted)} == {"asserted"}
    assert all(not widened.edges[u, v, k]["fact"].evidence for u, k, v in extra)  # no source states them


def test_statistics_and_metrics_are_not_actors_in_centrality_or_paths(stores, built: Settings) -> None:  # type: ignore[no-untyped-def]
    network = fact_graph(stores["built"])
    classes = Counter(d["cls"] for _, d in network.nodes(data=True))
    assert classes[SRK + "Statistic"] == 0 and classes[SRK + "Metric"] == 0
    # The statistics are in the graph all the same.
    assert stores["built"].query(f"ASK {{ ?s a <{SRK}Statistic> }}").boolean
    ids = Ids(built.base_iri)
    hops = shortest_chain(network, ids.entity("person/vladimir-norov"), ids.entity("person/dima-al-khatib"))
    passed = {h.end for h in hops} | {h.start for h in hops}
    assert not any("/id/statistic/" in n or "/id/metric/" in n for n in passed)


def test_kg_path_marks_an_inferred_hop(built: Settings) -> None:
    plain = run_kg("path", "Vladimir Norov", "Shanghai Cooperation Organisation", settings=built)
    assert plain.code == 0, plain.stderr
    assert "inferred" not in plain.stdout
    widened = run_kg("path", "Vladimir Norov", "Shanghai Cooperation Organisation", "--with-inferred", "-f", "json",
                     settings=built)
    assert widened.code == 0, widened.stderr
    assert '"layer": "inferred"' in widened.stdout  # officialOf, by the chain holds / postIn: one hop
    assert '"claims": []' in widened.stdout


def test_the_view_is_unchanged_by_reasoning_and_its_panel_repeats_nothing(stores, built: Settings) -> None:  # type: ignore[no-untyped-def]
    ontology = load_ontology(built.ontology_file)
    views = {name: gather(db, ontology) for name, db in stores.items()}
    for name, view in views.items():
        assert view.edges == views["bare"].edges, name
        assert view.nodes == views["bare"].nodes, name
    for node in views["built"].nodes:
        shown = [(f.property, f.value, f.other) for f in node.facts]
        assert len(shown) == len(set(shown)), node.label
        assert {f.layer for f in node.facts} <= {"asserted"}
        for fact in node.facts:
            assert len(fact.evidence) == len(set(fact.evidence)), (node.label, fact.property)


def test_the_view_with_inferred_facts_marks_them_and_does_not_repeat_a_fact_backwards(stores, built: Settings) -> None:  # type: ignore[no-untyped-def]
    ontology = load_ontology(built.ontology_file)
    view = gather(stores["built"], ontology, inferred=True)
    inferred = [e for e in view.edges if e.layer == "inferred"]
    assert inferred and all(not e.evidence for e in inferred)
    stated = {(e.source, e.predicate, e.target) for e in view.edges if e.layer == "asserted"}
    for edge in inferred:
        inverse = ontology.properties[edge.predicate].inverse if edge.predicate in ontology.properties else None
        assert (edge.target, inverse, edge.source) not in stated, edge
    norov = next(n for n in view.nodes if n.label == "Vladimir Norov")
    marked = {(f.property, f.value) for f in norov.facts if f.layer == "inferred"}
    assert ("official of", "Shanghai Cooperation Organisation") in marked
    for node in view.nodes:
        shown = [(f.property, f.value, f.other) for f in node.facts]
        assert len(shown) == len(set(shown)), node.label


def test_an_entity_page_shows_asserted_facts_and_marks_inferred_ones_when_asked(stores, built: Settings) -> None:  # type: ignore[no-untyped-def]
    from kg.server.entity import describe

    norov = Ids(built.base_iri).entity("person/vladimir-norov")
    plain = describe(stores["built"], norov)
    assert plain is not None
    assert {f.layer for f in plain.facts} == {"asserted"}
    assert [str(t) for t in plain.types] == [SRK + "Official"]  # not every superclass
    widened = describe(stores["built"], norov, inferred=True)
    assert widened is not None
    added = {(f.predicate, str(f.other)) for f in widened.facts} - {(f.predicate, str(f.other)) for f in plain.facts}
    assert (SRK + "officialOf", Ids(built.base_iri).entity("org/sco")) in added
    assert all(f.layer == "inferred" for f in widened.facts if (f.predicate, str(f.other)) in added)
    assert URIRef(SRK + "Person") in {f.other for f in widened.facts if f.layer == "inferred"}
