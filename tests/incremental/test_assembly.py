"""An incremental build assembles the changed articles and what depends on every article (registries,
gazetteer, ontology); with the kept articles' pieces, that is what assembling everything gives."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import PROV

from kg.build import assemble_with_uses, load_inputs
from kg.extract import queue_claims
from kg.geofacts import coordinate_claims
from kg.graph import curated_claims_per_source
from kg.incremental.assembly import (claims_graphs, defining, extracted_digests, owned_graphs, partial_graphs,
                                     pieces_of)
from kg.namespaces import Ids
from kg.validate import quote_rule
from tests.conftest import copy_project

ARTICLE = "cities-project-cbec-forum-2019"  # its facts file defines no entity
DEFINING = "unossc-china-seminar-cbec-2023"  # its facts file defines entities others may name


def test_the_partial_graphs_and_the_kept_pieces_make_the_whole(tmp_path) -> None:
    settings = copy_project(tmp_path / "project")
    inputs = load_inputs(settings)
    ids = Ids(settings.base_iri)
    extracted = queue_claims(settings, inputs)
    coordinates = coordinate_claims(inputs.entities.values(), inputs.ontology, ids)
    whole, uses = assemble_with_uses(inputs, settings, extracted, coordinates)
    pieces = pieces_of(whole, inputs.sources, ids, defining(inputs), extracted_digests(extracted), uses)
    kept = {slug: piece for slug, piece in pieces.items() if slug != ARTICLE}
    partial = partial_graphs(inputs, extracted, ids, coordinates, [ARTICLE], kept)
    records = set(claims_graphs(ids))
    kept_graphs = {name for slug in kept for name in owned_graphs(slug, ids)}
    kept_sources = {URIRef(ids.source(slug)) for slug in kept}
    for name, triples in whole.graphs.items():
        if name in records:  # the records of what was made again, and the kept articles' beside them
            made = set(partial.graphs.graphs.get(name, ()))
            derived = {s: o for s, p, o in triples if p == PROV.wasDerivedFrom}
            assert made <= set(triples)
            assert {derived[t[0]] for t in set(triples) - made} <= kept_sources
            assert not {derived[t[0]] for t in made} & kept_sources
        elif name in kept_graphs:
            assert name not in partial.graphs.graphs
        else:
            assert partial.graphs.graphs[name] == triples, name
    assert ids.graph(ARTICLE) in partial.graphs.graphs
    assert partial.quads() == len(whole)
    assert partial.facts() == curated_claims_per_source(whole)
    assert sorted(set(partial.quote_violations())) == sorted(set(quote_rule(whole)))
    assert partial.pieces == pieces
    assert set(partial.kept) == set(inputs.sources) - {ARTICLE}
    # A changed facts file that defines entities: every article is made again.
    again = partial_graphs(inputs, extracted, ids, coordinates, [DEFINING], pieces)
    assert not again.kept and again.quads() == len(whole) and again.pieces == pieces
