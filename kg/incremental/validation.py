"""SHACL validation of an incremental build, limited to the entities the change can reach.

What the shapes say of a focus node reads (kg.shacl, kg.validate): its own triples (values,
counts, types by domain), the triples that point at it (types by range), the types and labels
of its values, and the claim records about it (the curated lines of the explanation). So a
changed triple (s p o) can change the results of: s and o themselves (`touched`); any node
with a value that is s or o (that value's types or label may have changed); the subject of a
changed claim record; and an entity whose registry line moved. Those are the *affected*
nodes. Their results are remade from a small dataset holding every triple of the affected
nodes and of their values, both ways, the claim records about them and the ontology; the
other nodes keep the results the last build stored, which cannot have changed. A class is no
value in this sense: its instances' results read only its axioms (the ontology's), so `x a C`
is not followed, and a change of RDFS axioms stated in the data validates everything. The union
is what a full validation gives (tests/incremental/test_validation.py compares the two).
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Iterable, Mapping

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from kg.claims import Entity
from kg.incremental.delta import Delta
from kg.layers import ASSERTED, layer_of
from kg.namespaces import Ids
from kg.store.oxigraph import OxigraphStore
from kg.validate import Violation, _validated

_SUBJECT = ox.NamedNode(str(RDF.subject))
_TYPE = ox.NamedNode(str(RDF.type))
_AXIOMS = {str(RDFS.subClassOf), str(RDFS.subPropertyOf), str(RDFS.domain), str(RDFS.range)}


def violation_records(violations: Iterable[Violation]) -> list[dict]:
    return [asdict(v) for v in violations]


def violations_from(records: Iterable[Mapping]) -> list[Violation]:
    return [Violation(**{**r, "also": tuple(r.get("also", ()))}) for r in records]


def origins_of(entities: Mapping[str, Entity], ids: Ids) -> dict[str, str]:
    return {ids.entity(ref): entity.origin for ref, entity in sorted(entities.items()) if entity.origin}


def _term(spelled: str) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A canonical N-Triples term as Oxigraph's."""
    if spelled.startswith("<"):
        return ox.NamedNode(spelled[1:-1])
    if spelled.startswith("_:"):
        return ox.BlankNode(spelled[2:])
    triple = next(iter(ox.parse(f"<urn:x> <urn:x> {spelled} .".encode(), format=ox.RdfFormat.N_TRIPLES)))
    return triple.object  # type: ignore[return-value]


def _named(term: object) -> str:
    """A term as Violation.focus spells it (kg.validate: str of the rdflib term)."""
    return term.value  # type: ignore[attr-defined, no-any-return]


def validate_change(store: OxigraphStore, delta: Delta, previous: list[Violation], old_origins: Mapping[str, str],
                    shapes_file: Path, ontology: Graph, entities: Mapping[str, Entity], ids: Ids
                    ) -> tuple[list[Violation], int] | None:
    """The shapes' violations of the new store, from the last build's and the change; and how many
    nodes were validated again. None when the change is to RDFS axioms in the data (a subclass or
    a domain stated by a source): what they reach is every instance, so validate all."""
    if delta.predicates() & _AXIOMS:
        return None
    raw = store._store  # noqa: SLF001 (pattern reads of the engine: no rdflib term is made)
    asserted = {ox.NamedNode(g) for g in store.graph_names() if layer_of(g) == ASSERTED}

    def outgoing(node):  # type: ignore[no-untyped-def]
        return [q for q in raw.quads_for_pattern(node, None, None, None) if q.graph_name in asserted]

    def incoming(node):  # type: ignore[no-untyped-def]
        # Not `x a node`: a class's instances do not depend on the class's triples (axioms aside: above).
        return [q for q in raw.quads_for_pattern(None, None, node, None)
                if q.graph_name in asserted and q.predicate != _TYPE]

    touched = {_term(t) for s, _, o in delta.triples() for t in (s, o)}
    origins = origins_of(entities, ids)
    touched |= {ox.NamedNode(iri) for iri in set(origins) | set(old_origins)
                if origins.get(iri) != old_origins.get(iri)}
    # A changed claim record speaks of its subject (as it is now, and as the removed triples say).
    claims = {t for t in touched if isinstance(t, ox.NamedNode)}
    touched |= {q.object for c in claims for q in raw.quads_for_pattern(c, _SUBJECT, None, None)}
    touched |= {_term(o) for _, p, o in delta.removed if p == f"<{RDF.subject}>"}
    for node in list(touched):
        if isinstance(node, ox.Literal):  # a literal spelled as an IRI: the IRI's results share its name
            try:
                touched.add(ox.NamedNode(node.value))
            except ValueError:
                pass
    affected = set(touched)
    for node in touched:
        affected |= {q.subject for q in incoming(node)}
    # The dataset: the affected nodes' triples, their values' triples, both ways; claims about them.
    around = set(affected)
    data: set[ox.Triple] = set()
    for node in affected:
        found = incoming(node) if isinstance(node, ox.Literal) else outgoing(node) + incoming(node)
        for claim in raw.quads_for_pattern(None, _SUBJECT, node, None):
            found += outgoing(claim.subject)
        around |= {q.object for q in found if not isinstance(q.object, ox.Literal) and q.predicate != _TYPE}
        data |= {q.triple for q in found}
    for node in around - affected:
        data |= {q.triple for q in outgoing(node) + incoming(node)}
    text = ox.serialize(sorted(data, key=str), format=ox.RdfFormat.N_TRIPLES) if data else b""
    names = {_named(node) for node in affected}
    fresh = _validated(text, shapes_file, ontology, entities, ids, foci=affected)
    kept = [v for v in previous if v.focus not in names]
    return sorted(set(kept) | set(fresh)), len(affected)
