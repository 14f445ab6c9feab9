"""The shortest chain of facts linking two entities, each link with its source and quote."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pandas as pd

from kg.analytics.network import Evidence, Fact
from kg.errors import KgError
from kg.layers import LAYERS

PATH_COLUMNS = ["step", "subject", "predicate", "object", "source", "quote", "sources", "layer", "method"]


@dataclass(frozen=True)
class Hop:
    """One link of a chain: the fact between two consecutive entities, as it is stated."""

    step: int
    start: str  # the entity this hop leaves from (IRI)
    end: str  # the entity it reaches
    fact: Fact
    subject_label: str
    object_label: str

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        return self.fact.evidence


def _best_fact(network: nx.MultiDiGraph, a: str, b: str) -> Fact:
    """Of the facts between a and b (either direction), the best sourced one; ties by predicate."""
    facts = [d["fact"] for d in network.get_edge_data(a, b, default={}).values()]
    facts += [d["fact"] for d in network.get_edge_data(b, a, default={}).values()]
    trust = {layer: rank for rank, layer in enumerate(LAYERS)}  # a stated fact before an entailed or guessed one
    return min(facts, key=lambda f: (trust.get(f.layer, len(LAYERS)), -len(f.evidence), f.predicate_label,
                                     f.subject, f.object))


def shortest_chain(network: nx.MultiDiGraph, start: str, end: str) -> list[Hop]:
    """The hops of a shortest chain from `start` to `end`, ignoring which way facts point.

    A KgError when an entity is not in the network or no chain links the two.
    """
    for node in (start, end):
        if node not in network:
            raise KgError(f"{node} takes part in no fact between entities")
    label = lambda n: network.nodes[n]["label"]  # noqa: E731
    try:
        nodes = nx.shortest_path(network.to_undirected(as_view=True), start, end)
    except nx.NetworkXNoPath:
        raise KgError(f"no chain of facts links {label(start)!r} and {label(end)!r}") from None
    hops = []
    for step, (a, b) in enumerate(zip(nodes, nodes[1:]), 1):
        fact = _best_fact(network, a, b)
        hops.append(Hop(step, a, b, fact, label(fact.subject), label(fact.object)))
    return hops


def chain_frame(hops: list[Hop]) -> pd.DataFrame:
    """One row per hop: the fact in its stated direction, its first source and quote, how many sources."""
    rows = [
        {
            "step": hop.step, "subject": hop.subject_label, "predicate": hop.fact.predicate_label,
            "object": hop.object_label,
            "source": hop.evidence[0].title if hop.evidence else "",
            "quote": hop.evidence[0].quote if hop.evidence else "",
            "sources": len(hop.evidence),
            "layer": hop.fact.layer,  # asserted, or inferred / extracted when those were asked for
            "method": hop.evidence[0].method if hop.evidence else "",
        }
        for hop in hops
    ]
    return pd.DataFrame(rows, columns=PATH_COLUMNS)
