"""The fact network: entities as nodes, the facts between two entities as edges.

Built from any Store with SPARQL. Only entities (things with a skos:prefLabel and
a class from the ontology) become nodes: claim records, sources and the ontology
graph are left out. Every edge keeps its predicate and the claims that state it
(source title and quote), so an analysis can always say where a link comes from.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from kg.namespaces import SRK
from kg.store.base import Store

_NODES = f"""
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX srk: <{SRK}>
SELECT DISTINCT ?node ?label ?class ?classLabel ?actor WHERE {{
  ?node skos:prefLabel ?label ; a ?class .
  FILTER(STRSTARTS(STR(?class), STR(srk:)) && ?class NOT IN (srk:Source, srk:Claim))
  OPTIONAL {{ ?class rdfs:label ?classLabel }}
  BIND(EXISTS {{ ?class rdfs:subClassOf* srk:Agent }} AS ?actor)
}} ORDER BY ?node ?class"""

# A fact is a triple between two labelled entities; its claim records give the evidence.
_EDGES = f"""
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX srk: <{SRK}>
SELECT DISTINCT ?s ?p ?o ?plabel ?src ?title ?quote WHERE {{
  ?s ?p ?o .
  FILTER(isIRI(?o) && ?p != rdf:type)
  ?s skos:prefLabel [] . ?o skos:prefLabel [] .
  OPTIONAL {{ ?p rdfs:label ?plabel }}
  OPTIONAL {{
    ?claim rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?src ; srk:quote ?quote .
    OPTIONAL {{ ?src dcterms:title ?title }}
  }}
}} ORDER BY ?s ?p ?o ?src ?quote"""


@dataclass(frozen=True, order=True)
class Evidence:
    """One claim behind a fact: which source says it, and with which words."""

    title: str  # the source's title (its IRI when it has none)
    quote: str
    source: str  # the source IRI


@dataclass(frozen=True)
class Fact:
    """An edge of the network, in the direction it is stated."""

    subject: str
    predicate: str
    predicate_label: str
    object: str
    evidence: tuple[Evidence, ...]


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def fact_graph(store: Store) -> nx.MultiDiGraph:
    """The entities and the facts between them, as a directed multigraph.

    Nodes are entity IRIs with `label`, `cls` (class IRI), `cls_label` and `actor`
    (an instance of srk:Agent: person, organisation or country). Edges are keyed
    by predicate IRI and carry `fact` (a Fact). Nodes and edges are added in
    sorted order, so every algorithm run on the graph gives the same answer.
    """
    graph = nx.MultiDiGraph()
    for node, label, cls, cls_label, actor in store.query(_NODES, name="analytics-nodes").rows:
        if str(node) in graph:  # an entity with two classes: keep the first, in IRI order
            continue
        graph.add_node(str(node), label=str(label), cls=str(cls),
                       cls_label=str(cls_label) if cls_label is not None else _local(str(cls)),
                       actor=actor is not None and str(actor) in {"true", "1"})
    evidence: dict[tuple[str, str, str], set[Evidence]] = {}
    labels: dict[str, str] = {}
    for s, p, o, plabel, src, title, quote in store.query(_EDGES, name="analytics-edges").rows:
        if str(s) not in graph or str(o) not in graph:
            continue
        key = (str(s), str(p), str(o))
        found = evidence.setdefault(key, set())
        labels[str(p)] = str(plabel) if plabel is not None else _local(str(p))
        if src is not None and quote is not None:
            found.add(Evidence(str(title) if title is not None else str(src), str(quote), str(src)))
    for (s, p, o), found in sorted(evidence.items()):
        graph.add_edge(s, o, key=p, fact=Fact(s, p, labels[p], o, tuple(sorted(found))))
    return graph


def undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    """A simple undirected view for centrality and communities.

    Which way a fact points is a naming choice (org:holds and org:heldBy say the
    same thing), so the measures treat a link as a link; parallel facts between
    the same two entities count once.
    """
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes(data=True)))
    simple.add_edges_from(sorted((u, v) for u, v in graph.edges() if u != v))
    return simple
