"""`kg path` and shortest_chain: a chain of sourced facts between two entities."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.analytics import chain_frame, fact_graph, shortest_chain
from kg.errors import KgError
from kg.namespaces import SRK, Ids
from kg.settings import Settings
from kg.store.oxigraph import OxigraphStore
from tests.conftest import run_kg


def test_chain_links_the_two_people_hop_by_hop(store, built: Settings) -> None:  # type: ignore[no-untyped-def]
    ids = Ids(built.base_iri)
    start, end = ids.entity("person/long-yongtu"), ids.entity("person/mu-jingchuan")
    hops = shortest_chain(fact_graph(store), start, end)
    assert hops[0].start == start and hops[-1].end == end
    for before, after in zip(hops, hops[1:]):
        assert before.end == after.start
    for hop in hops:
        assert {hop.fact.subject, hop.fact.object} == {hop.start, hop.end}  # the fact as stated
        assert hop.evidence, hop
        for evidence in hop.evidence:
            text = (built.articles_dir / f"{evidence.source.rsplit('/', 1)[-1]}.txt").read_text(encoding="utf-8")
            assert evidence.quote in text
    frame = chain_frame(hops)
    assert list(frame["step"]) == list(range(1, len(hops) + 1))
    assert frame["subject"].iloc[0] == "Long Yongtu" or frame["object"].iloc[0] == "Long Yongtu"


def test_neighbours_are_one_hop_apart(store, built: Settings) -> None:  # type: ignore[no-untyped-def]
    ids = Ids(built.base_iri)
    hops = shortest_chain(fact_graph(store), ids.entity("person/vladimir-norov"), ids.entity("post/sco-secretary-general"))
    assert len(hops) == 1
    assert hops[0].fact.predicate_label == "holds"
    assert (hops[0].subject_label, hops[0].object_label) == ("Vladimir Norov", "Secretary-General of the Shanghai Cooperation Organisation")


@pytest.fixture
def two_islands(tmp_path: Path) -> str:
    """A store with two labelled people and no fact between them."""
    path = tmp_path / "store"
    db = OxigraphStore(path)
    graph = URIRef("https://w3id.org/silkroad-kg/id/graph/test")
    quads = []
    for slug, name in (("ann-lee", "Ann Lee"), ("bo-chen", "Bo Chen")):
        iri = URIRef(f"https://w3id.org/silkroad-kg/id/person/{slug}")
        quads += [(iri, RDF.type, SRK.Person, graph), (iri, SKOS.prefLabel, Literal(name, lang="en"), graph)]
    db.load(quads)
    db.close()
    return f"oxigraph:{path}"


def test_no_chain_is_a_clear_error(two_islands: str) -> None:
    from kg.store import open_store

    network = fact_graph(open_store(two_islands, read_only=True))
    with pytest.raises(KgError, match="no chain of facts links 'Ann Lee' and 'Bo Chen'"):
        shortest_chain(network, *sorted(network))


def test_kg_path_without_a_chain_exits_non_zero(two_islands: str, built: Settings) -> None:
    run = run_kg("path", "Ann Lee", "person/bo-chen", "--store", two_islands, settings=built)
    assert run.code == 1
    assert "no chain of facts links 'Ann Lee' and 'Bo Chen'" in run.stderr


def test_kg_path_prints_each_hop_with_source_and_quote(built: Settings) -> None:
    run = run_kg("path", "Vladimir Norov", "org/sco", settings=built)
    assert run.code == 0, run.stderr
    assert run.stdout.startswith("Vladimir Norov -> Shanghai Cooperation Organisation: 2 facts")
    assert "--holds--> Secretary-General of the Shanghai Cooperation Organisation" in run.stdout
    assert 'quote:  "SCO Secretary-General Vladimir Norov' in run.stdout
    assert "source: SCO Secretary-General speaks at 5th Global Cross-Border E-Commerce Conference" in run.stdout


def test_kg_path_unknown_entity(built: Settings) -> None:
    run = run_kg("path", "Vladimir Norof", "org/sco", settings=built)
    assert run.code == 1
    assert "unknown entity 'Vladimir Norof'" in run.stderr and "Vladimir Norov" in run.stderr
