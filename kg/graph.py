"""Assemble the dataset: one named graph per source with its facts and the entities'
identity triples; one graph of claim records (source, quote, method for every fact
of every source graph); and the ontology graph.

The claim records share one graph rather than standing in their source's graph:
they are keyed by content-hashed claim IRIs that no other graph repeats, so the
store can query them beside the union of the source graphs instead of copying
them into it (see kg.store.oxigraph). Each record names its source
(prov:wasDerivedFrom), which names its graph. Unreviewed extracted claims keep
apart (kg.layers): their facts in `{source}/extracted`, their records in
`claims/extracted`.

Pure: claims in, quads out. Nothing here touches a store or a file.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from kg.claims import Claim, Entity
from kg.layers import EXTRACTED_SUFFIX
from kg.namespaces import CLAIMS_GRAPH, ONTOLOGY_GRAPH, SCHEMA, SRK, Ids
from kg.sources import Source

Triple = tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal]
Quad = tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal, URIRef]



@dataclass(frozen=True)
class GraphSet:
    """Named graphs by IRI, each a sorted tuple of triples."""

    graphs: dict[str, tuple[Triple, ...]]

    def quads(self) -> Iterable[Quad]:
        for name, triples in self.graphs.items():
            graph = URIRef(name)
            for s, p, o in triples:
                yield (s, p, o, graph)

    def __len__(self) -> int:
        return sum(len(t) for t in self.graphs.values())


def identity_claims(entity: Entity, source: Source, ids: Ids, first_quote: Claim) -> list[Claim]:
    """Type, label and alias claims for an entity used in a source.

    The quote is the name as it stands in the text where it does; otherwise the
    first quote of the source that uses the entity (the curator named it there).
    """
    subject = URIRef(ids.entity(entity.ref))
    names_in_text = [n for n in (entity.label, *entity.aliases) if source.find(n) >= 0]

    def claim(predicate: URIRef, obj: URIRef | Literal, name: str | None) -> Claim:
        start = source.find(name) if name else -1
        if start < 0:
            return Claim(subject, predicate, obj, source.slug, first_quote.quote, first_quote.start,
                         first_quote.end, origin=entity.origin)
        return Claim(subject, predicate, obj, source.slug, name or "", start, start + len(name or ""),
                     origin=entity.origin)

    best_name = names_in_text[0] if names_in_text else None
    claims = [
        claim(RDF.type, URIRef(entity.cls), best_name),
        claim(SKOS.prefLabel, Literal(entity.label, lang="en"), entity.label),
    ]
    claims += [claim(SKOS.altLabel, Literal(a, lang="en"), a) for a in entity.aliases]
    if entity.description:
        claims.append(claim(SRK.description, Literal(entity.description), best_name))
    return claims


def source_triples(source: Source, ids: Ids) -> list[Triple]:
    """The source's own description (its metadata is self-evident: no claim records)."""
    iri = URIRef(ids.source(source.slug))
    triples: list[Triple] = [
        (iri, RDF.type, SRK.Source),
        (iri, DCTERMS.title, Literal(source.title)),
        (iri, DCTERMS.issued, source.date),
        (iri, DCTERMS.publisher, Literal(source.publisher)),
        (iri, DCTERMS.language, Literal(source.language)),
        (iri, SRK.textFile, Literal(f"sources/articles/{source.text_file.name}")),
        (iri, SRK.sha256, Literal(source.sha256)),
    ]
    if source.publisher_id:
        triples.append((iri, SRK.publisher, URIRef(ids.entity(source.publisher_id))))
    if source.url:
        triples.append((iri, SCHEMA.url, Literal(source.url, datatype=XSD.anyURI)))
    return triples


def claim_record(claim: Claim, ids: Ids) -> list[Triple]:
    node = claim.iri(ids)
    record: list[Triple] = [
        (node, RDF.type, SRK.Claim),
        (node, RDF.subject, claim.subject),
        (node, RDF.predicate, claim.predicate),
        (node, RDF.object, claim.object),
        (node, PROV.wasDerivedFrom, URIRef(ids.source(claim.source))),
        (node, SRK.quote, Literal(claim.quote)),
        (node, SRK.quoteStart, Literal(claim.start)),
        (node, SRK.quoteEnd, Literal(claim.end)),
        (node, SRK.method, Literal(claim.method)),
    ]
    if claim.confidence is not None:
        record.append((node, SRK.confidence, Literal(f"{claim.confidence:.3f}", datatype=XSD.decimal)))
    if claim.origin:
        record.append((node, SRK.curatedIn, Literal(claim.origin)))
    return record


def with_identity_claims(claims: Iterable[Claim], entities: dict[str, Entity], sources: dict[str, Source],
                         ids: Ids) -> list[Claim]:
    """The facts plus type/label/alias claims for every entity each source uses."""
    # One claim per (subject, predicate, object, source): the first in sort order wins, so a
    # fact curated twice (or with two quotes) yields one claim record with one quote.
    unique: dict[tuple[str, str, str, str], Claim] = {}
    for claim in sorted(claims):
        unique.setdefault(claim.key(), claim)
    facts = list(unique.values())
    first_use: dict[tuple[str, str], Claim] = {}
    for claim in facts:
        if not claim.curated:
            continue  # extracted claims bring their own entity claims, in their own graphs
        for term in (claim.subject, claim.object):
            ref = ids.ref_of(str(term)) if isinstance(term, URIRef) else None
            if ref in entities:
                first_use.setdefault((claim.source, ref), claim)
    for slug, source in sources.items():
        if source.publisher_id in entities and facts:
            anyone = next((c for c in facts if c.source == slug and c.curated), None)  # never a guess's quote
            if anyone:
                first_use.setdefault((slug, source.publisher_id), anyone)
    curated = [c for c in facts if c.curated]
    stated = {c.key() for c in curated}  # a curated mention already sources the type triple
    for (slug, ref), first in sorted(first_use.items()):
        identity = [c for c in identity_claims(entities[ref], sources[slug], ids, first) if c.key() not in stated]
        curated.extend(identity)
        stated.update(c.key() for c in identity)
    # An extracted claim of what a curated one already says (same fact, same source) would share
    # its record's IRI: the curated claim stands, the guess adds nothing.
    extracted = [c for c in facts if not c.curated and c.key() not in stated]
    return sorted(set(curated + extracted))


def assemble(claims: Iterable[Claim], entities: dict[str, Entity], sources: dict[str, Source], ids: Ids,
             ontology_graph: Graph | None = None) -> GraphSet:
    """All named graphs: the ontology's, the claim records', and per source its metadata and facts."""
    per_graph: dict[str, set[Triple]] = defaultdict(set)
    for slug, source in sources.items():
        per_graph[ids.graph(slug)].update(source_triples(source, ids))
    records: dict[bool, set[Triple]] = {True: set(), False: set()}
    for claim in with_identity_claims(claims, entities, sources, ids):
        # Unreviewed guesses and their records stay in `/extracted` graphs of their own (kg.layers).
        per_graph[ids.graph(claim.source if claim.curated else f"{claim.source}{EXTRACTED_SUFFIX}")].add(
            (claim.subject, claim.predicate, claim.object))
        records[claim.curated].update(claim_record(claim, ids))
    if records[True]:
        per_graph[ids.graph(CLAIMS_GRAPH)] = records[True]
    if records[False]:
        per_graph[ids.graph(CLAIMS_GRAPH + EXTRACTED_SUFFIX)] = records[False]
    if ontology_graph is not None:
        per_graph[ids.graph(ONTOLOGY_GRAPH)] = set(stable_bnodes(ontology_graph))
    return GraphSet({name: tuple(sorted(triples)) for name, triples in sorted(per_graph.items())})


def stable_bnodes(graph: Graph) -> list[Triple]:
    """Triples with blank nodes renamed by a hash of what they describe.

    The ontology's blank nodes are trees (unions, lists, restrictions), so the
    hash of a node's outgoing triples names it the same way on every run, which
    keeps outputs byte-identical between builds.
    """
    memo: dict[BNode, BNode] = {}

    def name(node: BNode, depth: int = 0) -> BNode:
        if node not in memo:
            parts = sorted(
                f"{p.n3()} {name(o, depth + 1) if isinstance(o, BNode) and depth < 50 else o.n3()}"
                for p, o in graph.predicate_objects(node)
            )
            memo[node] = BNode("b" + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16])
        return memo[node]

    def fix(term):  # type: ignore[no-untyped-def]
        return name(term) if isinstance(term, BNode) else term

    return [(fix(s), p, fix(o)) for s, p, o in graph]  # type: ignore[misc]
