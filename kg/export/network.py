"""The graph as a network for Gephi and other graph tools: GraphML and GEXF.

Entities are nodes, facts between two entities are edges, each edge with the
sources and quotes that support it. A node's literal facts (dates, values,
descriptions) become node attributes keyed by the property's label, written as
in the graph (a year stays "2019", never "2019-01-01"). In GEXF, an entity with
dates also gets `start`/`end`, the days its dates cover (a year spans the whole
year), so Gephi's timeline plays the events; entities without dates are always
present.

The data comes from kg.views.gather (a ViewGraph): the same selection of facts
the views show, so an export and a view never disagree.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from typing import Iterable

import networkx as nx

from kg.ontology import Ontology
from kg.views.model import Evidence, ViewGraph

# XML 1.0 cannot hold these characters at all, escaped or not; they never carry meaning in a label.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
QUOTE_SEPARATOR = "\n"  # between the quotes of one fact (a quote is one passage of the cleaned text)
SOURCE_SEPARATOR = "; "


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def evidence_columns(evidence: Iterable[Evidence]) -> dict[str, str]:
    """The sources (slugs), quotes and methods of one fact, each joined into one text value."""
    items = list(evidence)
    return {
        "sources": SOURCE_SEPARATOR.join(sorted({e.source for e in items})),
        "quotes": QUOTE_SEPARATOR.join(" ".join(e.quote.split()) for e in items),
        "methods": SOURCE_SEPARATOR.join(sorted({e.method for e in items})),
    }


def node_attributes(view: ViewGraph, ontology: Ontology) -> dict[str, dict[str, str]]:
    """IRI -> the attributes every export writes for that entity (all text, so every tool reads them)."""
    result: dict[str, dict[str, str]] = {}
    for node in view.nodes:
        literal: dict[str, list[str]] = defaultdict(list)
        for fact in node.facts:
            if fact.other is None:
                literal[fact.property].append(fact.value)
        attributes = {
            "label": node.label,
            "iri": node.iri,
            "class": ontology.label(node.cls),
            "class_iri": node.cls,
            "aliases": SOURCE_SEPARATOR.join(node.aliases),
            "sources": SOURCE_SEPARATOR.join(sorted(node.sources)),
            "first_day": node.span[0] if node.span else "",
            "last_day": node.span[1] if node.span else "",
        }
        for prop, values in sorted(literal.items()):
            if prop not in attributes:  # never let a property called "label" overwrite the label
                attributes[prop] = SOURCE_SEPARATOR.join(sorted(values))
        result[node.iri] = attributes
    return result


def network_graph(view: ViewGraph, ontology: Ontology, *, dynamic: bool = False) -> nx.MultiDiGraph:
    """A networkx graph of the view; `dynamic` adds GEXF's start/end to dated nodes."""
    graph = nx.MultiDiGraph(name=view.title)
    attributes = node_attributes(view, ontology)
    keys = sorted({k for a in attributes.values() for k in a})
    for node in view.nodes:
        # Every node gets every key (empty when unknown): GraphML and GEXF declare one type per key.
        data = {k: xml_safe(attributes[node.iri].get(k, "")) for k in keys}
        if dynamic and node.span:
            data["start"], data["end"] = node.span
        graph.add_node(node.iri, **data)
    for index, edge in enumerate(view.edges):
        columns = evidence_columns(edge.evidence)
        graph.add_edge(edge.source, edge.target, key=f"e{index}", id=f"e{index}",
                       label=xml_safe(edge.label), predicate=edge.predicate,
                       **{k: xml_safe(v) for k, v in columns.items()})
    return graph


def to_graphml(view: ViewGraph, ontology: Ontology) -> str:
    out = io.BytesIO()
    nx.write_graphml(network_graph(view, ontology), out, encoding="utf-8", prettyprint=True)
    return out.getvalue().decode("utf-8")


def to_gexf(view: ViewGraph, ontology: Ontology) -> str:
    out = io.BytesIO()
    nx.write_gexf(network_graph(view, ontology, dynamic=True), out, encoding="utf-8", prettyprint=True,
                  version="1.2draft")
    return out.getvalue().decode("utf-8")
