"""The synthetic graphs the benchmark runs on: deterministic, and shaped like ours."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from kg.bench.dataset import choose_params, generate, parse_size, prepare
from kg.namespaces import Ids
from kg.ontology import load_ontology
from kg.queries import list_queries
from kg.settings import Settings, load_settings

SMALL = 4_000  # triples: enough for every kind of story, fast to make


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings({})


def test_same_seed_gives_the_same_file_and_another_seed_another(settings: Settings, tmp_path: Path) -> None:
    first = prepare(str(SMALL), 7, settings, tmp_path / "a")
    again = prepare(str(SMALL), 7, settings, tmp_path / "b")
    other = prepare(str(SMALL), 8, settings, tmp_path / "c")
    assert Path(first.path).read_bytes() == Path(again.path).read_bytes()
    assert Path(first.path).read_bytes() != Path(other.path).read_bytes()
    assert first.params == again.params


@pytest.mark.parametrize("size", ["10k"])
def test_size_is_about_the_target(settings: Settings, tmp_path: Path, size: str) -> None:
    data = prepare(size, 1, settings, tmp_path)
    assert 0.9 * 10_000 <= data.quads <= 1.1 * 10_000  # within 10 % (articles are ~1,000 triples each)
    assert data.sources >= 3 and data.claims > 100


def test_quotes_are_exact_substrings_and_terms_come_from_the_ontology(settings: Settings) -> None:
    corpus, graphs, _ = generate(3 * SMALL, 3, settings)  # big enough to hold extracted claims too
    ontology = load_ontology(settings.ontology_file)
    for claim in corpus.claims:
        assert corpus.sources[claim.source].text[claim.start:claim.end] == claim.quote
        assert str(claim.predicate) in ontology.properties
    assert all(entity.cls in ontology.classes for entity in corpus.entities.values())
    names = {name.rsplit("/", 1)[-1] for name in graphs.graphs}
    assert "ontology" in names and any(name == "extracted" for name in names)


def test_graph_has_claim_records_and_identity_triples_per_source(settings: Settings) -> None:
    corpus, graphs, _ = generate(SMALL, 3, settings)
    ids = Ids(settings.base_iri)
    slug = sorted(corpus.sources)[0]
    triples = graphs.graphs[ids.graph(slug)]
    predicates = {str(p) for _, p, _ in triples}
    for expected in ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/ns/org#holds"):
        assert expected in predicates
    assert (URIRef(ids.source(slug)), URIRef("http://purl.org/dc/terms/title"),) in {(s, p) for s, p, _ in triples}
    # As `kg build` lays them out: this source's claim records in the claims graph.
    records = graphs.graphs[ids.graph("claims")]
    from_it = {s for s, p, o in records if str(p) == "http://www.w3.org/ns/prov#wasDerivedFrom"
               and o == URIRef(ids.source(slug))}
    assert len(from_it) == len([t for t in triples if t[0] != URIRef(ids.source(slug))])  # one per fact
    predicates = {str(p) for s, p, _ in records if s in from_it}
    for expected in ("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject",
                     "https://w3id.org/silkroad-kg/ontology#quote", "https://w3id.org/silkroad-kg/ontology#curatedIn"):
        assert expected in predicates


def test_every_query_parameter_names_an_entity_of_the_data(settings: Settings) -> None:
    corpus, _, _ = generate(SMALL, 3, settings)
    ids = Ids(settings.base_iri)
    params = choose_params(corpus, ids, [str(s.date) for s in corpus.sources.values()])
    for query in list_queries():
        for param in query.params:
            if param.type == "iri":
                assert params[query.name][param.name] in corpus.entities, (query.name, param.name)


def test_sizes_read_as_triples() -> None:
    assert parse_size("100k") == ("100k", 100_000)
    assert parse_size("1M") == ("1M", 1_000_000)
    assert parse_size("2500")[1] == 2_500
