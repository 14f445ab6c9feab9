"""The fact network read from the built seed store: entities only, facts with their sources."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kg.analytics import fact_graph, undirected
from kg.namespaces import ORG, SRK, Ids
from kg.settings import Settings


@pytest.fixture(scope="module")
def network(store) -> nx.MultiDiGraph:  # type: ignore[no-untyped-def]
    return fact_graph(store)


def test_entities_are_nodes_with_label_and_class(network: nx.MultiDiGraph, built: Settings) -> None:
    node = network.nodes[Ids(built.base_iri).entity("person/long-yongtu")]
    assert node["label"] == "Long Yongtu"
    assert node["cls"] == str(SRK.Person)
    assert node["actor"] is True
    assert network.nodes[Ids(built.base_iri).entity("event/gcbec-2021")]["actor"] is False


def test_claims_sources_and_ontology_are_not_nodes(network: nx.MultiDiGraph, built: Settings) -> None:
    base = f"{built.base_iri}id/"
    assert all(n.startswith(base) for n in network)
    kinds = {n[len(base):].split("/")[0] for n in network}
    assert not kinds & {"claim", "source", "graph"}
    assert not any(n.startswith(str(SRK)) for n in network)


def test_a_fact_edge_keeps_its_predicate_source_and_quote(network: nx.MultiDiGraph, built: Settings) -> None:
    ids = Ids(built.base_iri)
    edges = network.get_edge_data(ids.entity("person/vladimir-norov"), ids.entity("post/sco-secretary-general"))
    fact = edges[str(ORG.holds)]["fact"]
    assert fact.predicate_label == "holds"
    titles = {e.title for e in fact.evidence}
    assert "SCO Secretary-General speaks at 5th Global Cross-Border E-Commerce Conference" in titles
    for evidence in fact.evidence:
        slug = evidence.source.rsplit("/", 1)[-1]
        text = (built.articles_dir / f"{slug}.txt").read_text(encoding="utf-8")
        assert evidence.quote in text


def test_every_edge_is_sourced(network: nx.MultiDiGraph) -> None:
    unsourced = [(u, v, k) for u, v, k, d in network.edges(keys=True, data=True) if not d["fact"].evidence]
    assert unsourced == []


def test_undirected_view_collapses_directions_and_parallel_facts() -> None:
    graph = nx.MultiDiGraph()
    graph.add_nodes_from("abc")
    graph.add_edge("a", "b", key="p")
    graph.add_edge("b", "a", key="q")
    graph.add_edge("b", "c", key="p")
    simple = undirected(graph)
    assert sorted(map(sorted, simple.edges())) == [["a", "b"], ["b", "c"]]


def test_actors_are_the_agents_of_the_ontology_and_figures_are_no_nodes(network: nx.MultiDiGraph, built: Settings) -> None:
    """Each node is an actor exactly when the ontology puts its class under srk:Agent (read here with
    rdflib from ontology/), and no statistic or metric is a node (kg analyze once ranked them)."""
    from rdflib import Graph, RDFS

    ontology = Graph().parse(built.ontology_file)
    below = {top: set(ontology.transitive_subjects(RDFS.subClassOf, top)) for top in (SRK.Agent, SRK.Statistic, SRK.Metric)}
    assert {str(SRK.Person), str(SRK.Country)} <= {str(c) for c in below[SRK.Agent]}
    figures = {str(c) for c in below[SRK.Statistic] | below[SRK.Metric]}
    actors = {str(c) for c in below[SRK.Agent]}
    assert not [n for n, data in network.nodes(data=True) if data["cls"] in figures]
    wrong = [n for n, data in network.nodes(data=True) if data["actor"] != (data["cls"] in actors)]
    assert not wrong and any(data["actor"] for _, data in network.nodes(data=True))
    assert any(not data["actor"] for _, data in network.nodes(data=True))
