"""The ontology as data: classes, properties, domains, ranges and inverses.

Loaded once from ontology/silkroad.ttl; the rest of the code asks this module
what a name means instead of hard-coding classes or datatypes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal as TypingLiteral

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.errors import KgError, at
from kg.literals import DATE_TYPES
from kg.namespaces import PREFIXES, SRK
from kg.rdfparse import parse_turtle

PropertyKind = TypingLiteral["object", "datatype", "annotation"]


@dataclass(frozen=True)
class PropertyInfo:
    iri: str
    kind: PropertyKind
    label: str
    domain: frozenset[str]
    range: frozenset[str]
    inverse: str | None
    transitive: bool
    symmetric: bool


@dataclass(frozen=True)
class Ontology:
    graph: Graph
    classes: frozenset[str]
    superclasses: dict[str, frozenset[str]]  # class -> itself and all its ancestors
    properties: dict[str, PropertyInfo]
    labels: dict[str, str]

    # -- names -------------------------------------------------------------
    def resolve_class(self, name: str) -> str:
        """IRI of a class given by local name ("Official"), CURIE or IRI."""
        iri = self._resolve(name, self.classes)
        if iri is None:
            raise KgError(f"unknown class {name!r}")
        return iri

    def resolve_property(self, name: str) -> PropertyInfo:
        """Property given by local name ("holds"), CURIE ("org:holds") or IRI."""
        iri = self._resolve(name, self.properties.keys())
        if iri is None:
            raise KgError(f"unknown property {name!r}")
        return self.properties[iri]

    def _resolve(self, name: str, known: "frozenset[str] | object") -> str | None:
        if name in known:  # type: ignore[operator]
            return name
        if ":" in name:
            prefix, _, local = name.partition(":")
            iri = PREFIXES.get(prefix, "") + local
            return iri if iri in known else None  # type: ignore[operator]
        # A bare local name: our own namespace first, then a unique match elsewhere.
        own = str(SRK) + name
        if own in known:  # type: ignore[operator]
            return own
        matches = sorted(i for i in known if _local_name(i) == name)  # type: ignore[attr-defined]
        return matches[0] if len(matches) == 1 else None

    # -- questions ---------------------------------------------------------
    def is_a(self, cls: str, ancestor: str) -> bool:
        return ancestor in self.superclasses.get(cls, frozenset({cls}))

    def fits(self, cls: str, allowed: frozenset[str]) -> bool:
        """Does an instance of `cls` satisfy a domain or range given as a union of classes?"""
        return not allowed or bool(self.superclasses.get(cls, frozenset({cls})) & allowed)

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or _local_name(iri)

    def date_datatypes(self) -> frozenset[str]:
        return DATE_TYPES


def _local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _union_members(graph: Graph, node: object) -> frozenset[str]:
    """A class or datatype expression as the set of named members of its union."""
    if isinstance(node, URIRef):
        equivalent = [e for e in graph.objects(node, OWL.equivalentClass) if isinstance(e, BNode)]
        for expression in equivalent:
            members = _union_members(graph, expression)
            if members:
                return members
        return frozenset({str(node)})
    if isinstance(node, BNode):
        union = graph.value(node, OWL.unionOf)
        if union is not None:
            found: set[str] = set()
            for member in Collection(graph, union):
                found |= _union_members(graph, member)
            return frozenset(found)
    return frozenset()


def _ancestors(graph: Graph, cls: URIRef) -> frozenset[str]:
    seen: set[str] = set()
    todo = [cls]
    while todo:
        current = todo.pop()
        if str(current) in seen:
            continue
        seen.add(str(current))
        todo.extend(p for p in graph.objects(current, RDFS.subClassOf) if isinstance(p, URIRef))
    return frozenset(seen)


def ontology_from_graph(graph: Graph) -> Ontology:
    classes = frozenset(
        str(c) for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)
    )
    labels = {
        str(s): str(o) for s, o in graph.subject_objects(RDFS.label) if isinstance(s, URIRef)
    }
    kinds: dict[URIRef, PropertyKind] = {}
    for rdf_type, kind in (
        (OWL.AnnotationProperty, "annotation"),
        (OWL.DatatypeProperty, "datatype"),
        (OWL.ObjectProperty, "object"),
    ):
        for prop in graph.subjects(RDF.type, rdf_type):
            if isinstance(prop, URIRef):
                kinds[prop] = kind  # type: ignore[assignment]
    for label_prop in (SKOS.prefLabel, SKOS.altLabel):
        kinds.setdefault(label_prop, "annotation")
    properties: dict[str, PropertyInfo] = {}
    for prop, kind in kinds.items():
        inverse = graph.value(prop, OWL.inverseOf) or next(graph.subjects(OWL.inverseOf, prop), None)
        properties[str(prop)] = PropertyInfo(
            iri=str(prop),
            kind=kind,
            label=labels.get(str(prop), _local_name(str(prop))),
            domain=frozenset().union(*(_union_members(graph, d) for d in graph.objects(prop, RDFS.domain))),
            range=frozenset().union(*(_union_members(graph, r) for r in graph.objects(prop, RDFS.range))),
            inverse=str(inverse) if isinstance(inverse, URIRef) else None,
            transitive=(prop, RDF.type, OWL.TransitiveProperty) in graph,
            symmetric=(prop, RDF.type, OWL.SymmetricProperty) in graph,
        )
    superclasses = {c: _ancestors(graph, URIRef(c)) for c in classes}
    return Ontology(graph, classes, superclasses, properties, labels)


@lru_cache(maxsize=4)
def load_ontology(path: Path) -> Ontology:
    """Parse and index the ontology file (cached: the ontology is loaded once)."""
    if not path.is_file():
        raise KgError("ontology file not found", at(path))
    return ontology_from_graph(parse_turtle(path))
