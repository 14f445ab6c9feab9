"""Entailment rules generated from the ontology, as SPARQL updates.

Each OWL axiom the graph relies on becomes one `INSERT ... WHERE ...` that the
store runs itself: the class hierarchy (rdfs:subClassOf, so a srk:Conference is
a srk:Event and a schema:Event), inverses (owl:inverseOf), symmetric and
transitive properties, sub-properties (object and datatype alike, up to
parents declared elsewhere such as schema:location), property chains
(owl:propertyChainAxiom) and defined classes (owl:equivalentClass of an
intersection of named classes and existential restrictions, such as
srk:Official). Nothing here names a property of the silkroad vocabulary: add an
axiom to the ontology and a rule follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from kg.ontology import Ontology


@dataclass(frozen=True, order=True)
class Rule:
    """One entailment: its kind ("inverse", "chain", ...), what it derives, and the SPARQL update."""

    kind: str
    head: str  # the property (or class, for "class") it derives
    body: str  # a readable account of the axiom, e.g. "org:holds / org:postIn"
    sparql: str


def rules_from_ontology(ontology: Ontology) -> tuple[Rule, ...]:
    """Every rule the ontology's axioms give, sorted so that runs are reproducible."""
    graph = ontology.graph
    object_props = {iri for iri, info in ontology.properties.items() if info.kind == "object"}
    rules: set[Rule] = set()
    if (hierarchy := _class_hierarchy(ontology)) is not None:
        rules.add(hierarchy)
    rules.update(_sub_properties(ontology))
    for iri in object_props:
        info = ontology.properties[iri]
        if info.inverse:
            rules.add(_inverse(info.inverse, iri))
            rules.add(_inverse(iri, info.inverse))
        if info.symmetric:
            rules.add(Rule("symmetric", iri, f"{_n(iri)} is symmetric",
                           f"INSERT {{ ?y <{iri}> ?x }} WHERE {{ ?x <{iri}> ?y }}"))
        if info.transitive:
            # One property path per round reaches the whole closure at once.
            rules.add(Rule("transitive", iri, f"{_n(iri)} is transitive",
                           f"INSERT {{ ?x <{iri}> ?z }} WHERE {{ ?x <{iri}>/<{iri}>+ ?z }}"))
        for chain in graph.objects(URIRef(iri), OWL.propertyChainAxiom):
            links = [str(link) for link in Collection(graph, chain)]
            if links and all(_is_iri(link) for link in links):
                path = "/".join(f"<{link}>" for link in links)
                rules.add(Rule("chain", iri, " / ".join(_n(link) for link in links),
                               f"INSERT {{ ?x <{iri}> ?y }} WHERE {{ ?x {path} ?y }}"))
    for cls in ontology.classes:
        for expression in graph.objects(URIRef(cls), OWL.equivalentClass):
            pattern = class_pattern(expression, "?x", ontology, count())
            if pattern is not None and isinstance(expression, BNode):
                rules.add(Rule("class", cls, f"{_n(cls)} is defined by its restrictions",
                               f"INSERT {{ ?x a <{cls}> }} WHERE {{ {pattern} }}"))
    return tuple(sorted(rules))


def _class_hierarchy(ontology: Ontology) -> Rule | None:
    """One rule for the whole class hierarchy: an instance of a class is an instance of each ancestor.

    One update with a VALUES table of (class, ancestor) pairs instead of one per
    pair: the store joins the types once per round however deep the hierarchy.
    """
    pairs = sorted((cls, up) for cls, ups in ontology.superclasses.items() for up in ups
                   if up != cls and _is_iri(up))
    if not pairs:
        return None
    table = " ".join(f"(<{cls}> <{up}>)" for cls, up in pairs)
    return Rule("subclass", "rdf:type", f"the class hierarchy ({len(pairs)} subclass pairs)",
                f"INSERT {{ ?x a ?up }} WHERE {{ VALUES (?cls ?up) {{ {table} }} ?x a ?cls }}")


def _sub_properties(ontology: Ontology) -> list[Rule]:
    """A value of a sub-property is a value of its parent: object, datatype and annotation
    properties alike, and parents the ontology only names (schema:location, dcterms:description)."""
    rules = []
    for iri in ontology.properties:
        for parent in ontology.graph.objects(URIRef(iri), RDFS.subPropertyOf):
            if isinstance(parent, URIRef) and str(parent) != iri:
                rules.append(Rule("subproperty", str(parent), f"{_n(iri)} is a sub-property of {_n(str(parent))}",
                                  f"INSERT {{ ?x <{parent}> ?y }} WHERE {{ ?x <{iri}> ?y }}"))
    return rules


def properties_with_parents(ontology: Ontology) -> frozenset[str]:
    """The properties some rule reads because they have a declared parent (datatype ones included)."""
    return frozenset(iri for iri in ontology.properties
                     if any(isinstance(p, URIRef) for p in ontology.graph.objects(URIRef(iri), RDFS.subPropertyOf)))


def _inverse(source: str, target: str) -> Rule:
    return Rule("inverse", target, f"{_n(target)} is the inverse of {_n(source)}",
                f"INSERT {{ ?y <{target}> ?x }} WHERE {{ ?x <{source}> ?y }}")


def class_pattern(node: object, var: str, ontology: Ontology, fresh: "count[int]") -> str | None:
    """A SPARQL group pattern true of `var` when it is an instance of the class expression.

    Named classes match any of their subclasses (so an asserted srk:Official
    counts as a srk:Person); unsupported constructs give None and no rule.
    """
    graph = ontology.graph
    if isinstance(node, URIRef):
        members = sorted(c for c, ancestors in ontology.superclasses.items() if str(node) in ancestors)
        members = members or [str(node)]
        t = f"?t{next(fresh)}"
        return f"{var} a {t} . VALUES {t} {{ {' '.join(f'<{m}>' for m in members)} }}"
    if not isinstance(node, BNode):
        return None
    if (conjuncts := graph.value(node, OWL.intersectionOf)) is not None:
        parts = [class_pattern(c, var, ontology, fresh) for c in Collection(graph, conjuncts)]
        return None if any(p is None for p in parts) else " ".join(f"{{ {p} }}" for p in parts)
    if (disjuncts := graph.value(node, OWL.unionOf)) is not None:
        parts = [class_pattern(c, var, ontology, fresh) for c in Collection(graph, disjuncts)]
        return None if any(p is None for p in parts) else " UNION ".join(f"{{ {p} }}" for p in parts)
    if (node, RDF.type, OWL.Restriction) in graph:
        prop = graph.value(node, OWL.onProperty)
        filler = graph.value(node, OWL.someValuesFrom)
        if isinstance(prop, URIRef) and filler is not None:
            other = f"?v{next(fresh)}"
            inner = class_pattern(filler, other, ontology, fresh)
            if inner is None and filler != OWL.Thing:
                return None
            return f"{var} <{prop}> {other} . {inner or ''}"
        value = graph.value(node, OWL.hasValue)
        if isinstance(prop, URIRef) and value is not None:
            return f"{var} <{prop}> {value.n3()} ."
    return None


def _is_iri(text: str) -> bool:
    return text.startswith(("http://", "https://", "urn:"))


def _n(iri: str) -> str:
    """A short name for messages: the local name."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def disjoint_pairs(graph: Graph) -> frozenset[frozenset[str]]:
    """Pairs of classes the ontology declares disjoint (owl:AllDisjointClasses and owl:disjointWith)."""
    pairs: set[frozenset[str]] = set()
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = [str(m) for m in Collection(graph, graph.value(group, OWL.members))]
        pairs.update(frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1:])
    for a, b in graph.subject_objects(OWL.disjointWith):
        pairs.add(frozenset((str(a), str(b))))
    return frozenset(pairs)
