"""The fact network: entities as nodes, the facts between two entities as edges.

Built from any Store with SPARQL. Only entities (things with a skos:prefLabel and
a class from the ontology) become nodes: claim records, sources, the ontology
graph and figures (statistics, metrics) are left out. Every edge keeps its
predicate, its layer (asserted unless inferred or extracted facts were asked
for, kg.layers) and the claims that state it (source title and quote), so an
analysis can always say where a link comes from and whether a source says it.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from kg.claims import CURATED
from kg.layers import ASSERTED, INFERRED, best_layer, graph_filter, layer_of, shown_layers
from kg.namespaces import SRK
from kg.store.base import Store

_PREFIXES = f"""
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX srk: <{SRK}>
"""

# Statistics and metrics are figures about actors, not actors: a chain of facts through "22 countries
# have mechanisms with China" links nobody, and a hub of figures is not a central actor.
OBSERVATIONS = (str(SRK.Statistic), str(SRK.Metric))

# Nodes are typed by the layers shown (the inferred superclasses would only repeat the asserted class).
_NODES = _PREFIXES + """
SELECT DISTINCT ?node ?label ?class ?classLabel ?g WHERE {{
  GRAPH ?g {{ ?node a ?class }} FILTER({layers})
  ?node skos:prefLabel ?label .
  FILTER(STRSTARTS(STR(?class), STR(srk:)) && ?class NOT IN (srk:Source, srk:Claim))
  OPTIONAL {{ ?class rdfs:label ?classLabel }}
}} ORDER BY ?node ?class"""

# The classes below one class (itself included), asked on their own rather than as EXISTS inside the
# nodes query: Virtuoso 7.2.5 answered such an EXISTS true for every class (events and statistics
# ranked as actors); a plain path from a term answers alike on every store.
_BELOW = _PREFIXES + "SELECT DISTINCT ?class WHERE {{ ?class rdfs:subClassOf* <{top}> }}"


def _classes_below(store: Store, top: str) -> frozenset[str]:
    return frozenset(str(c) for (c,) in store.query(_BELOW.format(top=top), name="analytics-classes").rows)


# A fact is a triple between two labelled entities, in a graph of a layer shown.
_EDGES = _PREFIXES + """
SELECT DISTINCT ?s ?p ?o ?plabel ?g WHERE {{
  GRAPH ?g {{ ?s ?p ?o }} FILTER({layers})
  FILTER(isIRI(?o) && ?p != rdf:type)
  ?s skos:prefLabel [] . ?o skos:prefLabel [] .
  OPTIONAL {{ ?p rdfs:label ?plabel }}
}} ORDER BY ?s ?p ?o ?g"""

# The claim records behind the facts: curated ones, and with extracted facts their records too.
_CLAIMS = _PREFIXES + """
SELECT DISTINCT ?s ?p ?o ?src ?title ?quote ?method ?confidence WHERE {{
  GRAPH ?g {{ ?claim rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?src ;
                   srk:quote ?quote .
             OPTIONAL {{ ?claim srk:method ?method }} OPTIONAL {{ ?claim srk:confidence ?confidence }} }}
  FILTER({layers})
  FILTER(isIRI(?o))
  OPTIONAL {{ ?src dcterms:title ?title }}
}} ORDER BY ?s ?p ?o ?src ?quote"""


@dataclass(frozen=True, order=True)
class Evidence:
    """One claim behind a fact: which source says it, and with which words."""

    title: str  # the source's title (its IRI when it has none)
    quote: str
    source: str  # the source IRI
    method: str = CURATED  # "curated", or the extraction rule of an unreviewed claim
    confidence: float | None = None  # an extracted claim's


@dataclass(frozen=True)
class Fact:
    """An edge of the network, in the direction it is stated."""

    subject: str
    predicate: str
    predicate_label: str
    object: str
    evidence: tuple[Evidence, ...]
    layer: str = ASSERTED  # kg.layers: asserted, inferred (entailed, no claim of its own) or extracted


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def fact_graph(store: Store, inferred: bool = False, extracted: bool = False) -> nx.MultiDiGraph:
    """The entities and the facts between them, as a directed multigraph.

    Asserted facts only, unless asked: `inferred` adds what the ontology entails
    (inverses, super-properties, chains), `extracted` the unreviewed candidates;
    each edge says its layer. Statistics and metrics are left out (OBSERVATIONS).

    Nodes are entity IRIs with `label`, `cls` (class IRI), `cls_label` and `actor`
    (an instance of srk:Agent: person, organisation or country). Edges are keyed
    by predicate IRI and carry `fact` (a Fact). Nodes and edges are added in
    sorted order, so every algorithm run on the graph gives the same answer.
    """
    shown = shown_layers(inferred, extracted)
    typed = graph_filter("g", shown - {INFERRED})
    observations = frozenset().union(*(_classes_below(store, c) for c in OBSERVATIONS))
    agents = _classes_below(store, str(SRK.Agent))
    graph = nx.MultiDiGraph()
    typed_in: dict[str, set[str]] = {}
    for node, label, cls, cls_label, g in store.query(_NODES.format(layers=typed), name="analytics-nodes").rows:
        if str(cls) in observations:
            continue
        typed_in.setdefault(str(node), set()).add(layer_of(str(g)))
        if str(node) in graph:  # an entity with two classes: keep the first, in IRI order
            continue
        graph.add_node(str(node), label=str(label), cls=str(cls),
                       cls_label=str(cls_label) if cls_label is not None else _local(str(cls)),
                       actor=str(cls) in agents)
    for node, found in typed_in.items():  # an entity only an unreviewed guess names is marked so
        graph.nodes[node]["layer"] = best_layer(found)
    layers: dict[tuple[str, str, str], set[str]] = {}
    labels: dict[str, str] = {}
    for s, p, o, plabel, g in store.query(_EDGES.format(layers=graph_filter("g", shown)), name="analytics-edges").rows:
        if str(s) in graph and str(o) in graph:
            layers.setdefault((str(s), str(p), str(o)), set()).add(layer_of(str(g)))
            labels[str(p)] = str(plabel) if plabel is not None else _local(str(p))
    evidence: dict[tuple[str, str, str], set[Evidence]] = {}
    for s, p, o, src, title, quote, method, confidence in store.query(
            _CLAIMS.format(layers=graph_filter("g", shown - {INFERRED})), name="analytics-claims").rows:
        evidence.setdefault((str(s), str(p), str(o)), set()).add(Evidence(
            str(title) if title is not None else str(src), str(quote), str(src), str(method or CURATED),
            None if confidence is None else float(confidence)))
    for (s, p, o), found in sorted(layers.items()):
        graph.add_edge(s, o, key=p, fact=Fact(s, p, labels[p], o, tuple(sorted(evidence.get((s, p, o), ()))),
                                              best_layer(found)))
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
