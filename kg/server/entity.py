"""What an entity page shows: every fact about an IRI, each with its sources and quotes.

Read through the Store interface only (with bindings), so the pages work on
any backend, embedded or remote.
"""

from __future__ import annotations

import colorsys
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field, replace

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from kg.graph import Triple
from kg.layers import ASSERTED, INFERRED, best_layer, graph_filter, layer_of, shown_layers
from kg.store.base import Store

_PREFIXES = """
PREFIX srk: <https://w3id.org/silkroad-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
"""

# Facts with the entity at either end, in the graphs of the layers shown (kg.layers); claim records
# pointing at it are provenance, shown with the facts.
_FACTS = _PREFIXES + """
SELECT DISTINCT ?direction ?p ?other ?plabel ?olabel ?oclass ?g WHERE {
  { GRAPH ?g { ?e ?p ?other } BIND("out" AS ?direction) }
  UNION { GRAPH ?g { ?other ?p ?e } FILTER NOT EXISTS { ?other a srk:Claim } BIND("in" AS ?direction) }
  FILTER(%(layers)s)
  OPTIONAL { ?p rdfs:label ?plabel FILTER(LANG(?plabel) IN ("en", "")) }
  OPTIONAL { ?other skos:prefLabel ?olabel }
  OPTIONAL { GRAPH ?t { ?other a ?oclass } FILTER(STRSTARTS(STR(?oclass), STR(srk:)) && (%(typed)s)) }
}"""

_CLAIMS = _PREFIXES + """
SELECT DISTINCT ?s ?p ?o ?source ?title ?url ?quote ?method ?confidence WHERE {
  GRAPH ?g {
    { ?claim rdf:subject ?e ; rdf:predicate ?p ; rdf:object ?o BIND(?e AS ?s) }
    UNION { ?claim rdf:object ?e ; rdf:subject ?s ; rdf:predicate ?p BIND(?e AS ?o) }
    ?claim a srk:Claim ; prov:wasDerivedFrom ?source .
    OPTIONAL { ?claim srk:quote ?quote } OPTIONAL { ?claim srk:method ?method }
    OPTIONAL { ?claim srk:confidence ?confidence }
  }
  FILTER(%(typed)s)
  OPTIONAL { ?source dcterms:title ?title } OPTIONAL { ?source schema:url ?url }
} ORDER BY ?source ?quote"""

_DESCRIPTION = _PREFIXES + """
CONSTRUCT { ?e ?p ?o . ?s ?q ?e . ?claim ?cp ?co } WHERE {
  { ?e ?p ?o }
  UNION { ?s ?q ?e FILTER NOT EXISTS { ?s a srk:Claim } }
  UNION { ?claim a srk:Claim ; rdf:subject ?e ; ?cp ?co }
  UNION { ?claim a srk:Claim ; rdf:object ?e ; ?cp ?co }
}"""


@dataclass(frozen=True)
class Evidence:
    source: str
    title: str
    url: str | None
    quote: str
    method: str
    confidence: str | None


@dataclass(frozen=True)
class Fact:
    outgoing: bool
    predicate: str
    predicate_label: str
    other: Node
    other_label: str
    evidence: tuple[Evidence, ...] = ()
    layer: str = ASSERTED  # kg.layers: "inferred" (entailed by the ontology) or "extracted" (unreviewed)


@dataclass(frozen=True)
class EntityView:
    iri: str
    label: str
    types: tuple[str, ...]
    facts: tuple[Fact, ...]
    classes: dict[str, str] = field(default_factory=dict)  # neighbour IRI -> class IRI

    def network(self) -> dict[str, list[dict[str, str]]]:
        """The entity and its labelled neighbours, and the facts between them."""
        nodes = {self.iri: {"id": self.iri, "label": self.label, "color": colour(self.types[0] if self.types else "")}}
        edges = []
        for fact in self.facts:
            if not isinstance(fact.other, URIRef) or fact.other_label == local_name(str(fact.other)):
                continue  # classes, sources without labels, literals: not neighbours
            other = str(fact.other)
            nodes.setdefault(other, {"id": other, "label": fact.other_label,
                                     "color": colour(self.classes.get(other, ""))})
            ends = (self.iri, other) if fact.outgoing else (other, self.iri)
            edges.append({"from": ends[0], "to": ends[1], "label": fact.predicate_label})
        return {"nodes": sorted(nodes.values(), key=lambda n: n["id"]), "edges": edges}


def local_name(iri: str) -> str:
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def colour(class_iri: str) -> str:
    """A stable colour per class."""
    hue = int(hashlib.sha256(class_iri.encode()).hexdigest()[:4], 16) / 0xFFFF
    r, g, b = colorsys.hls_to_rgb(hue, 0.55, 0.6)
    return f"#{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}"


def _key(s: Node, p: Node, o: Node) -> tuple[str, str, str]:
    return (s.n3(), p.n3(), o.n3())


def describe(store: Store, iri: str, timeout_s: float | None = None, inferred: bool = False,
             extracted: bool = False) -> EntityView | None:
    """What the sources say about `iri` (None when nothing): asserted facts, plus what the
    ontology entails with `inferred` and the unreviewed candidates with `extracted`, marked."""
    entity = URIRef(iri)
    shown = shown_layers(inferred, extracted)
    fill = {"layers": graph_filter("g", shown), "typed": graph_filter("t", shown - {INFERRED})}
    rows = store.query(_FACTS % fill, {"e": entity}, name="entity-facts", timeout_s=timeout_s).rows
    if not rows:
        return None
    evidence: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    claims = _CLAIMS % {"typed": graph_filter("g", shown - {INFERRED})}
    for s, p, o, source, title, url, quote, method, confidence in store.query(
            claims, {"e": entity}, name="entity-claims", timeout_s=timeout_s).rows:
        evidence[_key(s, p, o)].append(Evidence(  # type: ignore[arg-type]
            str(source), str(title or local_name(str(source))), None if url is None else str(url),
            str(quote or ""), str(method or ""), None if confidence is None else str(confidence)))
    facts: dict[tuple[bool, str, str], Fact] = {}
    layers: dict[tuple[bool, str, str], set[str]] = defaultdict(set)
    classes: dict[str, str] = {}
    for direction, p, other, plabel, olabel, oclass, g in rows:
        outgoing = str(direction) == "out"
        key = _key(entity, p, other) if outgoing else _key(other, p, entity)  # type: ignore[arg-type]
        if oclass is not None:
            classes[str(other)] = str(oclass)
        label = str(olabel) if olabel is not None else str(other) if isinstance(other, Literal) else local_name(str(other))
        slot = (outgoing, str(p), other.n3())  # type: ignore[union-attr]
        layers[slot].add(layer_of(str(g)))
        facts.setdefault(slot, Fact(
            outgoing, str(p), str(plabel or local_name(str(p))), other, label, tuple(evidence.get(key, ()))))
    facts = {slot: replace(fact, layer=best_layer(layers[slot])) for slot, fact in facts.items()}
    ordered = sorted(facts.values(), key=lambda f: (not f.outgoing, f.predicate != str(RDF.type),
                                                     f.predicate_label, f.other_label))
    labels = [f.other_label for f in ordered if f.outgoing and f.predicate == str(SKOS.prefLabel)]
    types = tuple(str(f.other) for f in ordered if f.outgoing and f.predicate == str(RDF.type))
    return EntityView(iri, labels[0] if labels else local_name(iri), types, tuple(ordered), classes)


def description(store: Store, iri: str, timeout_s: float | None = None) -> tuple[Triple, ...]:
    """The entity's triples both ways and the claim records about them (for Turtle/JSON-LD)."""
    result = store.query(_DESCRIPTION, {"e": URIRef(iri)}, name="entity-description", timeout_s=timeout_s)
    return result.triples or ()
