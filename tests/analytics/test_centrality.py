"""Central actors and communities, on the seed graph and on graphs whose answers are known."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.analytics import central_actors, communities, fact_graph, measures
from kg.analytics import centrality
from kg.namespaces import Ids
from kg.settings import Settings


@pytest.fixture(scope="module")
def network(store) -> nx.MultiDiGraph:  # type: ignore[no-untyped-def]
    return fact_graph(store)


def test_pagerank_of_a_star_matches_the_closed_form() -> None:
    # centre c, 4 leaves, damping d: c = (1-d)/5 + d*4*l and l = (1-d)/5 + d*c/4
    ranks = centrality.pagerank(nx.star_graph(4))
    assert ranks[0] == pytest.approx(0.132 / 0.2775, abs=1e-6)
    assert sum(ranks.values()) == pytest.approx(1.0)


def test_betweenness_is_sampled_on_big_graphs_and_still_deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = nx.path_graph(41)
    monkeypatch.setattr(centrality, "EXACT_BETWEENNESS_MAX_NODES", 10)
    monkeypatch.setattr(centrality, "SAMPLE_SOURCES", 15)
    sampled = centrality.betweenness(graph)
    assert sampled == centrality.betweenness(graph)
    assert sampled != nx.betweenness_centrality(graph)  # an estimate, not the exact value
    assert max(sampled, key=sampled.get) in range(15, 26)  # the middle of the path stays central
    assert centrality.betweenness(graph, exact=True) == nx.betweenness_centrality(graph)


def test_ranking_keeps_only_actors_best_first(network: nx.MultiDiGraph) -> None:
    table = central_actors(network, top=10)
    assert len(table) == 10
    assert all(network.nodes[e]["actor"] for e in table["entity"])
    assert list(table["pagerank"]) == sorted(table["pagerank"], reverse=True)
    by_betweenness = central_actors(network, top=5, by="betweenness")
    assert list(by_betweenness["betweenness"]) == sorted(by_betweenness["betweenness"], reverse=True)


def test_degree_counts_the_entities_linked_by_a_fact(network: nx.MultiDiGraph, store, built: Settings) -> None:  # type: ignore[no-untyped-def]
    # Stated facts only (no graph of entailments), and figures (statistics, metrics) are not actors.
    ids = Ids(built.base_iri)
    china, inferred = ids.entity("place/china"), ids.graph("inferred")
    linked = store.query(f"""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX srk: <https://w3id.org/silkroad-kg/ontology#>
        SELECT (COUNT(DISTINCT ?other) AS ?n) WHERE {{
          GRAPH ?g {{ {{ <{china}> ?p ?other }} UNION {{ ?other ?p <{china}> }} }}
          FILTER(?g != <{inferred}>)
          ?other skos:prefLabel [] .
          FILTER NOT EXISTS {{ GRAPH ?t {{ ?other a ?figure }} VALUES ?figure {{ srk:Statistic srk:Metric }} }}
          FILTER(?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> && ?other != <{china}>)
        }}""").rows[0][0]
    row = measures(network).set_index("entity").loc[china]
    assert row["degree"] == int(linked)
    assert row["label"] == "China"


def test_all_entities_ranking_includes_events(network: nx.MultiDiGraph) -> None:
    table = central_actors(network, top=None, actors_only=False)
    assert len(table) == network.number_of_nodes()
    assert "Conference" in set(table["class"])


def test_communities_partition_the_network_deterministically(network: nx.MultiDiGraph) -> None:
    groups = communities(network)
    members = [m for ms in groups["members"] for m in ms]
    assert len(members) == network.number_of_nodes()
    assert sum(groups["size"]) == network.number_of_nodes()
    assert list(groups["size"]) == sorted(groups["size"], reverse=True)
    assert groups.equals(communities(network.copy()))


def test_unknown_measure_is_refused(network: nx.MultiDiGraph) -> None:
    with pytest.raises(ValueError, match="unknown measure"):
        central_actors(network, by="fame")

