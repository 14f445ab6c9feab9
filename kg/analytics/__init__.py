"""Network analytics over the graph (networkx): central actors, communities, chains of facts.

    network = fact_graph(store)            # entities and facts, with their sources
    central_actors(network, top=10)        # DataFrame, best first
    communities(network)                   # DataFrame, biggest first
    chain_frame(shortest_chain(network, a_iri, b_iri))
"""

from __future__ import annotations

from kg.analytics.centrality import central_actors, communities, measures
from kg.analytics.frames import result_frame
from kg.analytics.network import Evidence, Fact, fact_graph, undirected
from kg.analytics.paths import Hop, chain_frame, shortest_chain

__all__ = [
    "Evidence", "Fact", "Hop", "central_actors", "chain_frame", "communities", "fact_graph",
    "measures", "result_frame", "shortest_chain", "undirected",
]
