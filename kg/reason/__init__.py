"""Reasoning: materialise what the ontology entails into its own named graph, and
check that the graph is consistent, naming the facts behind any clash.

    report = materialise(store, ontology, ids)      # kg build --reason, kg reason

The entailments (inverses, symmetric and transitive properties, sub-properties,
property chains, defined classes such as srk:Official) are SPARQL updates made
from the ontology's axioms and run by Oxigraph to a fixpoint; the result
replaces the graph `{base}id/graph/inferred` in one step. Queries see it (the
union default graph); exports can leave it out with `without_inferred`.
HermiT (through owlready2) checks consistency and classification on the
entity part only, which keeps a 100k-triple graph within seconds.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Iterable, Iterator

from rdflib import URIRef
from rdflib.namespace import RDF

from kg.graph import ONTOLOGY_GRAPH, Quad, Triple
from kg.namespaces import INFERRED_GRAPH, PREFIXES, Ids
from kg.ontology import Ontology
from kg.reason.clashes import explain, find_clashes
from kg.reason.infer import closure, closure_job, datatype_uses, instance_triples, literal_triples
from kg.reason.model import ClaimRef, Clash, Fact, OwlCheck, ReasonReport
from kg.reason.owl import owl_check, owlrl_closure
from kg.reason.rules import Rule, properties_with_parents, rules_from_ontology
from kg.store.base import Store


__all__ = [
    "ClaimRef", "Clash", "Fact", "OwlCheck", "ReasonReport", "Rule", "INFERRED_GRAPH", "inferred_graph",
    "materialise", "owlrl_closure", "reasoning_predicates", "rules_from_ontology", "without_inferred",
]


def inferred_graph(ids: Ids) -> str:
    """The IRI of the named graph that holds the entailments."""
    return ids.graph(INFERRED_GRAPH)


def without_inferred(quads: Iterable[Quad], ids: Ids) -> Iterator[Quad]:
    """The quads of every graph but the inferred one (for `kg export --no-inferred`)."""
    skip = URIRef(inferred_graph(ids))
    return (quad for quad in quads if quad[3] != skip)


def reasoning_predicates(ontology: Ontology) -> set[str]:
    """Every predicate whose triples the rules read (instance_triples, literal_triples): a change to
    no triple of these leaves the inferred graph as it is (an incremental build keeps it)."""
    objects = {iri for iri, info in ontology.properties.items() if info.kind == "object"}
    return objects | properties_with_parents(ontology) | {str(RDF.type)}


def materialise(store: Store, ontology: Ontology, ids: Ids, check_owl: bool = True) -> ReasonReport:
    """Replace the inferred graph with what the ontology entails from the store's facts, and
    report the entailments and any inconsistency (with the claim records behind it)."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    target = inferred_graph(ids)
    rules = rules_from_ontology(ontology)
    skip = {target, ids.graph(ONTOLOGY_GRAPH)}
    facts = instance_triples(store, ontology, skip)
    literals = literal_triples(store, ontology, skip)
    uses = datatype_uses(store, ontology, skip)
    timings["read"] = time.perf_counter() - started

    mark = time.perf_counter()
    # The fixpoint is the unbounded part (a transitive property over a long chain grows as its
    # square): where the store runs jobs in its query workers (kg.store.limited), it runs there too,
    # under the same KG_QUERY_TIMEOUT and KG_QUERY_MEMORY as every query.
    run = getattr(store, "run", None)
    result = run(closure_job, [*facts, *literals], rules) if run else closure([*facts, *literals], rules)
    store.replace_graph(target, result.inferred)
    timings["infer"] = time.perf_counter() - mark

    mark = time.perf_counter()
    clashes = tuple(explain(find_clashes(facts, ontology, uses), store))
    timings["clashes"] = time.perf_counter() - mark

    owl = OwlCheck("none", None, "OWL reasoner not run")
    if check_owl:
        defined = sorted({rule.head for rule in rules if rule.kind == "class"})
        typed = [(str(s), str(o)) for s, p, o in (*facts, *result.inferred) if p == RDF.type]
        expected = {cls: frozenset(s for s, o in typed if o == cls) for cls in defined}
        owl = owl_check(ontology.graph, facts, expected)
        timings["owl"] = owl.seconds
    timings["total"] = time.perf_counter() - started
    return ReasonReport(
        graph=target,
        inferred=len(result.inferred),
        per_property=_per_property(result.inferred, ontology),
        rounds=result.rounds,
        rules=len(rules),
        clashes=clashes,
        owl=owl,
        seconds=timings,
    )


def _per_property(triples: Iterable[Triple], ontology: Ontology) -> dict[str, int]:
    """Counts by CURIE ("org:hasPost"; "a srk:Official" for classifications): labels can repeat."""
    counts = Counter(f"a {_curie(str(o))}" if p == RDF.type else _curie(str(p)) for _, p, o in triples)
    return dict(sorted(counts.items()))


def _curie(iri: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"
