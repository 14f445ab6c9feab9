"""Disjointness clashes, found by rule and explained by the claim records behind them.

An entity's class is evidenced by its asserted types and by the domains and
ranges of the properties it is used with. Two pieces of evidence clash when
every class one allows is disjoint (by the ontology's owl:AllDisjointClasses or
owl:disjointWith, inherited down the hierarchy) with every class the other
allows. This is the usual way the graph becomes inconsistent, and unlike an
OWL reasoner's bare "inconsistent" it names the facts, so their sources,
quotes and curated lines can be shown.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS
from rdflib.term import Node

from kg.graph import Triple
from kg.namespaces import SRK
from kg.ontology import Ontology
from kg.reason.model import ClaimRef, Clash, Fact
from kg.reason.rules import disjoint_pairs
from kg.store.base import Store

FACTS_PER_SIDE = 3  # enough to show a curator where to look, without listing a hub's every fact

Evidence = tuple[frozenset[str], Triple, str]  # allowed classes, the fact, why it matters


def evidence(triples: Iterable[Triple], ontology: Ontology,
             uses: Iterable[tuple[Node, Node]] = ()) -> dict[str, list[Evidence]]:
    """For each entity, what each fact about it says about its class.

    `triples` are types and object property values; `uses` are (entity,
    datatype property) pairs, whose values do not matter here, only the domain.
    """
    found: dict[str, list[Evidence]] = defaultdict(list)
    for s, p in uses:
        info = ontology.properties.get(str(p))
        if info is not None and info.domain:
            found[str(s)].append((info.domain, (s, p, None), f"has a {info.label} (domain {_names(info.domain, ontology)})"))  # type: ignore[arg-type]
    for triple in triples:
        s, p, o = triple
        if p == RDF.type:
            if str(o) in ontology.classes:
                found[str(s)].append((frozenset({str(o)}), triple, f"typed {ontology.label(str(o))}"))
            continue
        info = ontology.properties.get(str(p))
        if info is None:
            continue
        if info.domain:
            found[str(s)].append((info.domain, triple, f"subject of {info.label} (domain {_names(info.domain, ontology)})"))
        if info.kind == "object" and info.range and isinstance(o, URIRef):
            found[str(o)].append((info.range, triple, f"object of {info.label} (range {_names(info.range, ontology)})"))
    return found


def find_clashes(triples: Iterable[Triple], ontology: Ontology,
                 uses: Iterable[tuple[Node, Node]] = ()) -> list[Clash]:
    """Every entity whose facts put it in disjoint classes (facts not yet explained by claims)."""
    pairs = disjoint_pairs(ontology.graph)

    def disjoint(a: str, b: str) -> bool:
        ups_a = ontology.superclasses.get(a, frozenset({a}))
        ups_b = ontology.superclasses.get(b, frozenset({b}))
        return any(frozenset((x, y)) in pairs for x in ups_a for y in ups_b if x != y)

    clashes = []
    for entity, items in sorted(evidence(triples, ontology, uses).items()):
        by_classes: dict[frozenset[str], list[Evidence]] = defaultdict(list)
        for item in items:
            by_classes[item[0]].append(item)
        # Asserted types first: a clash reads best as "typed X, but used as a Y".
        kinds = sorted(by_classes, key=lambda k: (not any(e[1][1] == RDF.type for e in by_classes[k]), sorted(k)))
        for anchor in kinds:
            against = [k for k in kinds if k != anchor and all(disjoint(a, b) for a in anchor for b in k)]
            if not against:
                continue
            chosen = sorted(by_classes[anchor], key=_order)[:FACTS_PER_SIDE]
            for other in against:
                chosen += sorted(by_classes[other], key=_order)[:FACTS_PER_SIDE]
            clashes.append(Clash(
                entity=entity, label=entity,
                first=tuple(sorted(ontology.label(c) for c in anchor)),
                second=tuple(sorted({ontology.label(c) for k in against for c in k})),
                facts=tuple(Fact(*fact, why=why) for _, fact, why in chosen),
            ))
            break  # one clash per entity: the other pairs tell the same story
    return clashes


def explain(clashes: list[Clash], store: Store) -> list[Clash]:
    """The clashes with entity labels and, for every fact, its claim records from the store."""
    explained = []
    for clash in clashes:
        labels = store.query(f"SELECT ?l WHERE {{ <{clash.entity}> <{SKOS.prefLabel}> ?l }}", name="reason: label")
        label = str(labels.rows[0][0]) if labels.rows else clash.entity
        facts = tuple(Fact(f.subject, f.predicate, f.object, f.why, claims_of(store, f)) for f in clash.facts)
        explained.append(Clash(clash.entity, label, clash.first, clash.second, facts))
    return explained


def claims_of(store: Store, fact: Fact) -> tuple[ClaimRef, ...]:
    """The claim records (source, quote, curated line) of one fact (of any value when its object is None)."""
    bindings = {"s": fact.subject, "p": fact.predicate}
    if fact.object is not None:
        bindings["o"] = fact.object
    result = store.query(
        f"""SELECT ?source ?quote ?origin ?method WHERE {{
              ?claim <{RDF.subject}> ?s ; <{RDF.predicate}> ?p ; <{RDF.object}> ?o ;
                     <{PROV.wasDerivedFrom}> ?source .
              OPTIONAL {{ ?claim <{SRK.quote}> ?quote }}
              OPTIONAL {{ ?claim <{SRK.curatedIn}> ?origin }}
              OPTIONAL {{ ?claim <{SRK.method}> ?method }}
            }}""",
        bindings,  # type: ignore[arg-type]
        name="reason: claims of a fact",
    )
    return tuple(sorted(
        ClaimRef(_slug(source), str(quote or ""), str(origin or ""), str(method or ""))
        for source, quote, origin, method in result.rows
    ))


def _slug(source: object) -> str:
    return str(source).rstrip("/").rsplit("/", 1)[-1]


def _names(classes: frozenset[str], ontology: Ontology) -> str:
    return " or ".join(sorted(ontology.label(c) for c in classes))


def _order(item: Evidence) -> tuple[str, str, str]:
    s, p, o = item[1]
    return (str(p), str(s), o.n3() if isinstance(o, (URIRef, Literal)) else "")
