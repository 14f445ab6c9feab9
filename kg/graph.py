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

from kg.claims import CURATED, GAZETTEER, Claim, Entity
from kg.layers import EXTRACTED, EXTRACTED_SUFFIX, layer_of
from kg.namespaces import CLAIMS_GRAPH, CLAIMS_GRAPH_SUFFIX, ONTOLOGY_GRAPH, SCHEMA, SRK, Ids
from kg.provenance import RegistryQuotes, registry_sources
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


def named_in_text(entity: Entity, source: Source, ids: Ids) -> list[Claim]:
    """Label and alias claims for the names of an entity that the source writes, each quoting the
    name where it first stands in the text. Names it does not write are not credited to it."""
    subject = URIRef(ids.entity(entity.ref))
    claims = []
    for predicate, name in ((SKOS.prefLabel, entity.label), *((SKOS.altLabel, a) for a in entity.aliases)):
        start = source.find(name)
        if start >= 0:
            claims.append(Claim(subject, predicate, Literal(name, lang="en"), source.slug, name, start,
                                start + len(name), origin=entity.origin_of_name(name)))
    return claims


def composed_in_registry(entity: Entity, quotes: RegistryQuotes, ids: Ids, stated: set[tuple[str, str]]) -> list[Claim]:
    """What the curator composed, credited to the registry line that holds it: the class (unless a
    document's quote states it, a curated mention), the description, and every name no document
    writes. `stated` holds the (predicate, object) pairs documents already support."""
    subject = URIRef(ids.entity(entity.ref))
    claims = []
    cls = URIRef(entity.cls)
    if (str(RDF.type), cls.n3()) not in stated:
        written = entity.cls.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        claims.append(quotes.claim(subject, RDF.type, cls, written, entity.type_origin or entity.origin))
    for predicate, name in ((SKOS.prefLabel, entity.label), *((SKOS.altLabel, a) for a in entity.aliases)):
        literal = Literal(name, lang="en")
        if (str(predicate), literal.n3()) not in stated:
            claims.append(quotes.claim(subject, predicate, literal, name, entity.origin_of_name(name)))
    if entity.description:
        claims.append(quotes.claim(subject, SRK.description, Literal(entity.description), entity.description,
                                   entity.description_origin or entity.origin))
    return claims


def source_triples(source: Source, ids: Ids) -> list[Triple]:
    """The source's own description (its metadata is self-evident: no claim records)."""
    iri = URIRef(ids.source(source.slug))
    triples: list[Triple] = [
        (iri, RDF.type, SRK.Source),
        (iri, RDF.type, SRK.Registry if source.is_registry else SRK.Document),
        (iri, DCTERMS.title, Literal(source.title)),
        (iri, DCTERMS.publisher, Literal(source.publisher)),
        (iri, DCTERMS.language, Literal(source.language)),
        (iri, SRK.textFile, Literal(source.path or f"sources/articles/{source.text_file.name}")),
    ]
    if source.date is not None:
        triples.append((iri, DCTERMS.issued, source.date))
    if not source.is_registry or source.text:
        triples.append((iri, SRK.sha256, Literal(source.sha256)))
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
        (node, SRK.method, Literal(claim.method)),
    ]
    if claim.start >= 0:  # a registry claim made without its file's text has no offsets
        record += [(node, SRK.quoteStart, Literal(claim.start)), (node, SRK.quoteEnd, Literal(claim.end))]
    if claim.confidence is not None:
        record.append((node, SRK.confidence, Literal(f"{claim.confidence:.3f}", datatype=XSD.decimal)))
    if claim.origin:
        record.append((node, SRK.curatedIn, Literal(claim.origin)))
    return record


@dataclass(frozen=True)
class Uses:
    """What one source's claims give the registry's composed claims (kg.incremental keeps it per article):
    the entities it uses, and the (subject, predicate, object in n3) classes and names it states."""

    refs: tuple[str, ...] = ()
    stated: tuple[tuple[str, str, str], ...] = ()


def with_identity_claims(claims: Iterable[Claim], entities: dict[str, Entity], sources: dict[str, Source],
                         ids: Ids, registries: dict[str, Source] | None = None) -> list[Claim]:
    """The facts plus the name claims of every entity each source uses and, credited to the
    registry, what the curator composed (see kg.provenance)."""
    return identity_and_uses(claims, entities, sources, ids, registries)[0]


def identity_and_uses(claims: Iterable[Claim], entities: dict[str, Entity], sources: dict[str, Source],
                      ids: Ids, registries: dict[str, Source] | None = None, elsewhere: Iterable[Uses] = ()
                      ) -> tuple[list[Claim], dict[str, Uses]]:
    """with_identity_claims, and each source's Uses; `elsewhere`: the Uses of sources whose claims are
    left out (an incremental build's kept articles), which the registry's composed claims count too."""
    # One claim per (subject, predicate, object, source): the first in sort order wins, so a
    # fact curated twice (or with two quotes) yields one claim record with one quote.
    unique: dict[tuple[str, str, str, str], Claim] = {}
    for claim in sorted(claims):
        unique.setdefault(claim.key(), claim)
    facts = list(unique.values())
    used: set[tuple[str, str]] = set()
    for claim in facts:
        if not claim.curated:
            continue  # extracted claims bring their own entity claims, in their own graphs
        for term in (claim.subject, claim.object):
            ref = ids.ref_of(str(term)) if isinstance(term, URIRef) else None
            if ref in entities:
                used.add((claim.source, ref))
    for slug, source in sources.items():
        if source.publisher_id in entities and any(c.source == slug and c.curated for c in facts):
            used.add((slug, source.publisher_id))  # a publisher's name is never credited to a guess's quote
    curated = [c for c in facts if c.curated]
    stated = {c.key() for c in curated}  # a curated mention already sources the type triple
    # (predicate, object) pairs a document supports, per entity: the registry does not repeat them.
    said: dict[str, set[tuple[str, str, str]]] = defaultdict(set)  # per source, what it supports
    for claim in curated:
        if claim.predicate == RDF.type:
            said[claim.source].add((str(claim.subject), str(RDF.type), claim.object.n3()))
    for slug, ref in sorted(used):
        for claim in named_in_text(entities[ref], sources[slug], ids):
            if claim.key() not in stated:
                curated.append(claim)
                stated.add(claim.key())
            said[slug].add((str(claim.subject), str(claim.predicate), claim.object.n3()))
    elsewhere = list(elsewhere)
    supported: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for found in (*said.values(), *(u.stated for u in elsewhere)):
        for subject, predicate, obj in found:
            supported[subject].add((predicate, obj))
    refs = {ref for _, ref in used} | {ref for u in elsewhere for ref in u.refs}
    quotes = RegistryQuotes(registries if registries is not None else
                            registry_sources((entities[r] for r in refs), {}))
    for ref in sorted(refs):
        composed = composed_in_registry(entities[ref], quotes, ids, supported[ids.entity(ref)])
        curated.extend(composed)
        stated.update(c.key() for c in composed)
    # An extracted claim of what a curated one already says (same fact, same source) would share
    # its record's IRI: the curated claim stands, the guess adds nothing.
    extracted = [c for c in facts if not c.curated and c.key() not in stated]
    used_by: dict[str, set[str]] = defaultdict(set)
    for slug, ref in used:
        used_by[slug].add(ref)
    uses = {slug: Uses(tuple(sorted(used_by.get(slug, ()))), tuple(sorted(said.get(slug, ()))))
            for slug in set(used_by) | set(said)}
    return sorted(set(curated + extracted)), uses



def assemble(claims: Iterable[Claim], entities: dict[str, Entity], sources: dict[str, Source], ids: Ids,
             ontology_graph: Graph | None = None, registries: dict[str, Source] | None = None) -> GraphSet:
    """All named graphs: the ontology's, the claim records', and per source (documents and registry
    files) its metadata and facts. `registries`: the registry sources with their file texts (default:
    made from the entities' origins, without texts, so their claims carry no offsets)."""
    if registries is None:
        registries = registry_sources(entities.values(), {})
    identity = with_identity_claims(claims, entities, sources, ids, registries)
    return graphs_of(identity, sources, registries, ids, ontology_graph)


def graphs_of(identity: Iterable[Claim], sources: dict[str, Source], registries: dict[str, Source], ids: Ids,
              ontology_graph: Graph | None = None) -> GraphSet:
    """The named graphs of claims that carry their identity claims already (with_identity_claims): the
    graph of each source given and of each registry credited, and their claim records. Each source's
    graph and records are made of its own claims alone (an incremental build makes a few of them)."""
    per_graph: dict[str, set[Triple]] = defaultdict(set)
    records: dict[bool, set[Triple]] = {True: set(), False: set()}
    identity = list(identity)
    credited = {c.source for c in identity}
    for slug, source in (*sources.items(), *((s, r) for s, r in registries.items() if s in credited)):
        per_graph[ids.graph(slug)].update(source_triples(source, ids))
    for claim in identity:
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


def curated_claims_per_source(graphs: GraphSet) -> dict[str, int]:
    """Curated (and gazetteer) claim records per source slug: what `kg build` reports and `sources_overview` counts
    (every triple a source is credited with, names and classes included; not unreviewed candidates)."""
    derived: dict[object, str] = {}
    curated: set[object] = set()
    for name, triples in graphs.graphs.items():
        if not name.endswith(CLAIMS_GRAPH_SUFFIX):
            continue
        for s, p, o in triples:
            if p == PROV.wasDerivedFrom:
                derived[s] = str(o).rsplit("/", 1)[-1]
            elif p == SRK.method and str(o) in (CURATED, GAZETTEER):  # the facts of the graph, not guesses
                curated.add(s)
    counts: dict[str, int] = defaultdict(int)
    for claim in curated:
        if claim in derived:
            counts[derived[claim]] += 1
    return dict(counts)


def curated_part(graphs: GraphSet) -> GraphSet:
    """The graphs without what extraction proposed: no `/extracted` graphs (facts and claim records)."""
    return GraphSet({name: triples for name, triples in graphs.graphs.items() if layer_of(name) != EXTRACTED})


def stable_bnodes(graph: Graph) -> list[Triple]:
    """Triples with blank nodes renamed by where they stand and what they describe.

    A node is named by a hash of the triple that points at it (its subject's name and the
    predicate) and of its own outgoing triples, so the same run of the same file gives the same
    names (outputs stay byte-identical between builds), yet two equal unions or lists in two
    places stay two trees. Naming by content alone merged them: `( srk:Event srk:EventSeries )`
    became the tail of `( srk:Initiative srk:Event srk:EventSeries )` as well, a list node with two
    parents, which no JSON-LD @list (and no OWL reader expecting a tree) can hold.
    """
    parents: dict[BNode, list[tuple[object, URIRef]]] = defaultdict(list)
    for s, p, o in graph:
        if isinstance(o, BNode):
            parents[o].append((s, p))
    content: dict[BNode, str] = {}
    memo: dict[BNode, BNode] = {}

    def described(node: BNode, depth: int = 0) -> str:
        if node not in content:
            parts = sorted(
                f"{p.n3()} {described(o, depth + 1) if isinstance(o, BNode) and depth < 50 else o.n3()}"
                for p, o in graph.predicate_objects(node)
            )
            content[node] = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return content[node]

    def name(node: BNode, seen: frozenset[BNode] = frozenset()) -> BNode:
        if node not in memo:
            # A node the ontology shares (several parents) keeps one name: the least of its anchors.
            anchors = sorted(
                f"{name(s, seen | {node}) if isinstance(s, BNode) else s.n3()} {p.n3()}"  # type: ignore[union-attr]
                for s, p in parents.get(node, ()) if not (isinstance(s, BNode) and (s in seen or len(seen) > 50))
            )
            anchor = anchors[0] if anchors else ""
            digest = hashlib.sha256(f"{anchor}\n{described(node)}".encode()).hexdigest()[:16]
            memo[node] = BNode("b" + digest)
        return memo[node]

    def fix(term):  # type: ignore[no-untyped-def]
        return name(term) if isinstance(term, BNode) else term

    return [(fix(s), p, fix(o)) for s, p, o in graph]  # type: ignore[misc]
