"""A reasoning report in plain words, for the terminal and the build log."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.term import Node

from kg.export import prefixes_for
from kg.reason.model import Clash, ReasonReport


def report_lines(report: ReasonReport, base_iri: str) -> list[str]:
    lines = [f"inferred {report.inferred} triples into <{report.graph}> "
             f"({report.rules} rules from the ontology, fixpoint after {report.rounds} rounds)"]
    lines += [f"  {name:<32}{count:>7}" for name, count in report.per_property.items()]
    owl = report.owl
    lines.append(f"OWL check ({owl.reasoner}): {owl.message}")
    lines += [f"  disagreement: {d}" for d in owl.disagreements]
    if report.clashes:
        lines.append(f"{len(report.clashes)} inconsisten{'cy' if len(report.clashes) == 1 else 'cies'}:")
        for clash in report.clashes:
            lines += clash_lines(clash, base_iri)
    elif owl.consistent is False:
        lines.append("the reasoner found the graph inconsistent, but no disjointness clash explains it; "
                     "check the facts changed since the last consistent build")
    else:
        lines.append("no inconsistencies")
    timing = ", ".join(f"{k} {v:.2f}s" for k, v in report.seconds.items())
    lines.append(f"time: {timing}")
    return lines


def clash_lines(clash: Clash, base_iri: str) -> list[str]:
    lines = [f"- {clash.message} ({short(URIRef(clash.entity), base_iri)})"]
    for fact in clash.facts:
        value = short(fact.object, base_iri) if fact.object is not None else "…"
        lines.append(f"    {short(fact.subject, base_iri)} {short(fact.predicate, base_iri)} {value}   "
                     f"[{fact.why}]")
        lines += [f"      from {claim}" for claim in fact.claims]
        if not fact.claims:
            lines.append("      (no claim record: not from a source)")
    return lines


def short(term: Node, base_iri: str) -> str:
    """A CURIE where a known prefix fits (person:vladimir-norov, org:holds), else the term as N3."""
    if isinstance(term, URIRef):
        for prefix, namespace in sorted(prefixes_for(base_iri).items(), key=lambda kv: -len(kv[1])):
            if str(term).startswith(namespace):
                return f"{prefix}:{str(term)[len(namespace):]}"
    return term.n3()
