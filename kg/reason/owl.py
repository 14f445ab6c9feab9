"""The OWL reasoner's view: consistency and classification of the entity part.

HermiT (bundled with owlready2, run on Java) checks the ontology together with
the entities' types and property values (no claim records: they add nothing a
reasoner can use and would only slow it down). Without Java, owlrl's OWL 2 RL
closure stands in, which finds the same disjointness clashes more slowly.
`owlrl_closure` is also the baseline the benchmark times `kg reason` against.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Iterable

from rdflib import Graph, URIRef

from kg.graph import Triple
from kg.reason.model import OwlCheck

_ERRORS = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")  # owlrl's inconsistency marker


def java_available() -> bool:
    import owlready2

    return shutil.which(owlready2.JAVA_EXE) is not None


def entity_ntriples(ontology_graph: Graph, triples: Iterable[Triple]) -> bytes:
    """The ontology and the entity triples as N-Triples (owlready2 cannot read Turtle).

    The entity triples hold IRIs only (types and object property values), so
    they are written directly: much faster than an rdflib round trip at 100k triples.
    """
    lines = [f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in triples]
    return ontology_graph.serialize(format="nt", encoding="utf-8") + "".join(lines).encode()


def owl_check(ontology_graph: Graph, triples: Iterable[Triple],
              expected: dict[str, frozenset[str]] | None = None) -> OwlCheck:
    """Consistency by HermiT (or owlrl without Java); `expected` maps a defined class to the
    instances the store's rules gave it, to be compared with the reasoner's classification."""
    triples = list(triples)
    if not java_available():
        graph = Graph()
        for triple in (*ontology_graph, *triples):
            graph.add(triple)
        check = owlrl_check(graph)
        return OwlCheck(check.reasoner, check.consistent,
                        "Java was not found, so HermiT could not run; owlrl (OWL 2 RL) checked consistency "
                        "instead. Install Java 11+ for HermiT. " + check.message, (), check.seconds)
    return hermit_check(entity_ntriples(ontology_graph, triples), expected or {})


def hermit_check(ntriples: bytes, expected: dict[str, frozenset[str]]) -> OwlCheck:
    import owlready2
    from owlready2.base import OwlReadyInconsistentOntologyError, OwlReadyJavaError

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kg-reason-") as tmp:
        path = Path(tmp) / "entities.nt"
        path.write_bytes(ntriples)
        world = owlready2.World()
        try:
            world.get_ontology(path.as_uri()).load(format="ntriples")
            # xsd:date, xsd:gYearMonth and xsd:gYear are outside the OWL 2 datatype map.
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                           ignore_unsupported_datatypes=True)
        except OwlReadyInconsistentOntologyError:
            return OwlCheck("HermiT", False, "HermiT: the ontology and the entities are inconsistent",
                            seconds=time.perf_counter() - started)
        except OwlReadyJavaError as exc:
            first = str(exc).strip().splitlines()[-1] if str(exc).strip() else "Java error"
            return OwlCheck("HermiT", None, f"HermiT could not run: {first}",
                            seconds=time.perf_counter() - started)
        unsatisfiable = sorted(str(c.iri) for c in world.inconsistent_classes())
        disagreements = []
        for cls, ours in sorted(expected.items()):
            entity = world[cls]
            theirs = frozenset(str(i.iri) for i in entity.instances()) if entity is not None else frozenset()
            disagreements += [f"{i} is a {_local(cls)} for HermiT only" for i in sorted(theirs - ours)]
            disagreements += [f"{i} is a {_local(cls)} for the store rules only" for i in sorted(ours - theirs)]
        world.close()
    message = "HermiT: consistent"
    if unsatisfiable:
        message += f"; unsatisfiable classes: {', '.join(_local(c) for c in unsatisfiable)}"
    return OwlCheck("HermiT", not unsatisfiable, message, tuple(disagreements), time.perf_counter() - started)


def owlrl_check(graph: Graph) -> OwlCheck:
    started = time.perf_counter()
    closed = owlrl_closure(graph)
    errors = sorted(str(o) for s in closed.subjects(predicate=None, object=_ERRORS) for o in closed.objects(s)
                    if not isinstance(o, URIRef))
    message = "owlrl: consistent" if not errors else "owlrl: " + "; ".join(errors[:5])
    return OwlCheck("owlrl", not errors, message, seconds=time.perf_counter() - started)


def owlrl_closure(graph: Graph) -> Graph:
    """owlrl's OWL 2 RL closure of a copy of `graph` (the baseline `kg reason` is measured against)."""
    import owlrl

    closed = Graph()
    for triple in graph:
        closed.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closed)
    return closed


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
