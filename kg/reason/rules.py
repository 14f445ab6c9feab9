"""Entailment rules generated from the ontology, as SPARQL updates.

Each OWL axiom the graph relies on becomes one `INSERT ... WHERE ...` that the
store runs itself: inverses (owl:inverseOf), symmetric and transitive
properties, sub-properties, property chains (owl:propertyChainAxiom) and
defined classes (owl:equivalentClass of an intersection of named classes and
existential restrictions, such as srk:Official). Nothing here names a property
of the silkroad vocabulary: add an axiom to the ontology and a rule follows.
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
        for parent in graph.objects(URIRef(iri), RDFS.subPropertyOf):
            if str(parent) in object_props:  # datatype/annotation sub-properties only restate text
                rules.add(Rule("subproperty", str(parent), f"{_n(iri)} is a sub-property of {_n(str(parent))}",
                               f"INSERT {{ ?x <{parent}> ?y }} WHERE {{ ?x <{iri}> ?y }}"))
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
