"""The network of entities and the facts between them, as a pyvis Network."""

from __future__ import annotations

import colorsys
import hashlib
import html

from pyvis.network import Network

from kg.settings import Settings
from kg.store.base import Store

_NODES = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX srk: <https://w3id.org/silkroad-kg/ontology#>
SELECT ?node ?label ?class WHERE {
  ?node skos:prefLabel ?label ; a ?class .
  FILTER(STRSTARTS(STR(?class), STR(srk:)))
} ORDER BY ?node ?class"""

_EDGES = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?s ?p ?o ?plabel WHERE {
  ?s ?p ?o . ?s skos:prefLabel [] . ?o skos:prefLabel [] .
  FILTER(isIRI(?o) && ?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>)
  OPTIONAL { ?p rdfs:label ?plabel }
} ORDER BY ?s ?p ?o"""


def class_colour(class_iri: str) -> str:
    """A stable colour per class, so the same class looks the same in every view."""
    hue = int(hashlib.sha256(class_iri.encode()).hexdigest()[:4], 16) / 0xFFFF
    r, g, b = colorsys.hls_to_rgb(hue, 0.55, 0.6)
    return f"#{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}"


def network_of(store: Store) -> Network:
    """Every labelled entity as a node, coloured by class; every fact between two as an edge."""
    nodes: dict[str, dict[str, object]] = {}
    for node, label, cls in store.query(_NODES, name="view-nodes").rows:
        local = str(cls).rsplit("#", 1)[-1]
        nodes.setdefault(str(node), {
            "id": str(node), "label": html.escape(str(label)), "group": local,
            "color": class_colour(str(cls)), "title": f"{html.escape(str(label))} ({local})",
        })
    edges = [
        {"from": str(s), "to": str(o), "label": str(plabel or str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1]),
         "arrows": "to"}
        for s, p, o, plabel in store.query(_EDGES, name="view-edges").rows
        if str(s) in nodes and str(o) in nodes
    ]
    net = Network(height="900px", width="100%", directed=True, cdn_resources="in_line")
    # Assigning the lists directly: pyvis's add_node/add_edge grow quadratically.
    net.nodes = list(nodes.values())
    net.edges = edges
    net.node_ids = list(nodes)
    net.node_map = dict(nodes)
    return net


def whole_graph_html(store: Store, settings: Settings) -> str:
    return network_of(store).generate_html()
