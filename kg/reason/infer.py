"""Run the rules to a fixpoint in Oxigraph and collect what they add.

The rules run in a private in-memory Oxigraph holding the instance triples of
the store (every graph but the inferred one and the ontology's). Working apart
from the target store keeps two promises: a previous run's inferred graph never
feeds the next one (facts removed from the sources take their entailments with
them), and readers of the store never see a half-computed inferred graph: the
result goes in with one `replace_graph`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import pyoxigraph as ox
from rdflib.namespace import RDF
from rdflib.term import Node

from kg.graph import Triple
from kg.layers import EXTRACTED_SUFFIX
from kg.namespaces import SRK
from kg.ontology import Ontology
from kg.reason.rules import Rule, properties_with_parents
from kg.store.base import Store
from kg.store.terms import from_ox, to_ox

_BASE = ox.NamedNode("urn:x-kg:reason:base")  # a copy of the input, to tell old triples from new
MAX_ROUNDS = 50  # a safety net: each round adds triples, and there are finitely many to add


@dataclass(frozen=True)
class Closure:
    inferred: tuple[Triple, ...]  # new triples only: none of them is in the input
    rounds: int


def instance_triples(store: Store, ontology: Ontology, skip_graphs: Iterable[str]) -> list[Triple]:
    """What the rules read: types and object property values of the entities (not claim records).

    Only IRIs come back, which keeps the copy out of the store cheap; the
    literal-valued facts are read separately by `datatype_uses`.
    """
    predicates = sorted(iri for iri, info in ontology.properties.items() if info.kind == "object")
    return list(_select(store, (*predicates, str(RDF.type)), skip_graphs, "?s ?p ?o"))  # type: ignore[arg-type]


def literal_triples(store: Store, ontology: Ontology, skip_graphs: Iterable[str]) -> list[Triple]:
    """Values of the datatype and annotation properties that have a parent (srk:description is a
    dcterms:description): the sub-property rules read them, nothing else does."""
    predicates = sorted(iri for iri in properties_with_parents(ontology) if ontology.properties[iri].kind != "object")
    return list(_select(store, predicates, skip_graphs, "?s ?p ?o")) if predicates else []  # type: ignore[arg-type]


def datatype_uses(store: Store, ontology: Ontology, skip_graphs: Iterable[str]) -> list[tuple[Node, Node]]:
    """(entity, property) for every datatype property with a domain that an entity has a value of."""
    predicates = sorted(iri for iri, info in ontology.properties.items() if info.kind == "datatype" and info.domain)
    return list(_select(store, predicates, skip_graphs, "?s ?p"))  # type: ignore[arg-type]


def _select(store: Store, predicates: Iterable[str], skip_graphs: Iterable[str], projection: str) -> list[tuple]:
    values = " ".join(f"<{p}>" for p in predicates)
    skipped = ", ".join(f"<{g}>" for g in sorted(skip_graphs)) or "<urn:x-kg:none>"
    # Unreviewed extracted graphs entail nothing: the inferred graph follows from asserted facts only.
    # Claim records are left out by MINUS, one hash anti-join with the claims: FILTER NOT EXISTS
    # looked each row up (the claim records' own values too), 51 s of datatype_uses at 1M on disk.
    result = store.query(
        f"SELECT DISTINCT {projection} WHERE {{ {{ GRAPH ?g {{ ?s ?p ?o }} VALUES ?p {{ {values} }} "
        f"FILTER(?g NOT IN ({skipped}) && !STRENDS(STR(?g), \"{EXTRACTED_SUFFIX}\")) }} "
        f"MINUS {{ ?s a <{SRK.Claim}> }} }}",
        name="reason: instance triples")
    return list(result.rows)


def closure_job(store: Store, triples: list[Triple], rules: list[Rule]) -> Closure:
    """`closure` as a job of a query worker (kg.store.workers): the store is not needed."""
    return closure(triples, rules)


def closure(triples: Iterable[Triple], rules: Iterable[Rule]) -> Closure:
    """Apply every rule until a round adds nothing; return the added triples, sorted."""
    work = ox.Store()
    quads = []
    for s, p, o in triples:
        s_, p_, o_ = to_ox(s), to_ox(p), to_ox(o)
        quads.append(ox.Quad(s_, p_, o_, ox.DefaultGraph()))  # type: ignore[arg-type]
        quads.append(ox.Quad(s_, p_, o_, _BASE))  # type: ignore[arg-type]
    work.bulk_extend(quads)
    updates = [rule.sparql for rule in rules]
    size, rounds = len(work), 0
    while rounds < MAX_ROUNDS:
        rounds += 1
        for update in updates:
            work.update(update)
        if len(work) == size:
            break
        size = len(work)
    added = work.query(f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ GRAPH <{_BASE.value}> "
                       "{ ?s ?p ?o } } }")
    inferred = sorted(((from_ox(r["s"]), from_ox(r["p"]), from_ox(r["o"])) for r in added),  # type: ignore[index]
                      key=lambda t: tuple(term.n3() for term in t))
    return Closure(tuple(inferred), rounds)  # type: ignore[arg-type]
