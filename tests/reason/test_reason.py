"""`kg reason`: entailments from the ontology's axioms, in their own graph, on the real seed data."""

from __future__ import annotations

import shutil

import pytest
from rdflib import Literal, URIRef

from kg.namespaces import ORG, SRK, Ids
from kg.ontology import load_ontology
from kg.reason import inferred_graph, materialise, without_inferred
from kg.store.oxigraph import OxigraphStore
from tests.reason.conftest import Reasoned, store_of

SKOS_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"


def by_label(store: OxigraphStore, label: str) -> URIRef:
    rows = store.query(f'SELECT DISTINCT ?x WHERE {{ ?x <{SKOS_LABEL}> ?l FILTER(STR(?l) = "{label}") }}').rows
    assert len(rows) == 1, f"expected one entity labelled {label!r}, found {len(rows)}"
    return rows[0][0]  # type: ignore[return-value]


def holds(store: OxigraphStore, s: URIRef, p: URIRef, o: URIRef, graph: str | None = None) -> bool:
    pattern = f"<{s}> <{p}> <{o}>"
    return bool(store.query(f"ASK {{ GRAPH <{graph}> {{ {pattern} }} }}" if graph else f"ASK {{ {pattern} }}").boolean)


def asserted(store: OxigraphStore, ids: Ids, s: URIRef, p: URIRef, o: URIRef) -> bool:
    """Is the triple in a graph other than the inferred one?"""
    return bool(store.query(f"ASK {{ GRAPH ?g {{ {s.n3()} {p.n3()} {o.n3()} }} "
                            f"FILTER(?g != <{inferred_graph(ids)}>) }}").boolean)


def test_norov_is_official_of_the_sco_and_the_sco_has_his_post(reasoned: Reasoned) -> None:
    db, graph = reasoned.store, inferred_graph(reasoned.ids)
    norov = by_label(db, "Vladimir Norov")
    sco = by_label(db, "Shanghai Cooperation Organisation")
    post = by_label(db, "Secretary-General of the Shanghai Cooperation Organisation")
    assert not asserted(db, reasoned.ids, norov, SRK.officialOf, sco)
    assert holds(db, norov, SRK.officialOf, sco, graph)  # chain: holds then postIn
    assert holds(db, sco, ORG.hasPost, post, graph)  # inverse of postIn
    assert holds(db, post, ORG.heldBy, norov, graph)  # inverse of holds


def test_zhengzhou_is_located_in_china_through_henan(reasoned: Reasoned) -> None:
    db = reasoned.store
    zhengzhou, china = by_label(db, "Zhengzhou"), by_label(db, "China")
    assert not asserted(db, reasoned.ids, zhengzhou, SRK.locatedIn, china)
    assert holds(db, zhengzhou, SRK.locatedIn, china, inferred_graph(reasoned.ids))
    assert holds(db, china, SRK.locationOf, zhengzhou)


def test_queries_see_the_inferred_graph_and_exports_can_leave_it_out(reasoned: Reasoned) -> None:
    graph = URIRef(inferred_graph(reasoned.ids))
    quads = list(reasoned.store.quads())
    in_inferred = [q for q in quads if q[3] == graph]
    assert len(in_inferred) == reasoned.report.inferred > 0
    kept = list(without_inferred(quads, reasoned.ids))
    assert len(kept) == len(quads) - len(in_inferred)
    assert all(q[3] != graph for q in kept)
    # Inferred triples are new facts: none repeats a fact already in a source graph.
    assert not any(asserted(reasoned.store, reasoned.ids, s, p, o) for s, p, o, _ in in_inferred[:50])


def test_hermit_finds_the_seed_data_consistent_and_agrees_on_officials(reasoned: Reasoned) -> None:
    if not shutil.which("java"):
        pytest.skip("no Java: HermiT cannot run")
    report = reasoned.report
    assert report.owl.reasoner == "HermiT"
    assert report.owl.consistent is True
    assert report.owl.disagreements == ()
    assert report.clashes == ()
    assert report.consistent


def test_rerunning_replaces_the_inferred_graph_and_drops_stale_entailments(reasoned: Reasoned) -> None:
    memory = OxigraphStore(None)
    memory.load(reasoned.store.quads())  # includes the inferred graph of the first run
    norov = by_label(memory, "Vladimir Norov")
    sco = by_label(memory, "Shanghai Cooperation Organisation")
    memory.update(f"DELETE WHERE {{ GRAPH ?g {{ ?post <{ORG.postIn}> <{sco}> }} }}")
    again = materialise(memory, reasoned.ontology, reasoned.ids, check_owl=False)
    assert again.inferred < reasoned.report.inferred
    assert not holds(memory, norov, SRK.officialOf, sco)
    assert holds(memory, norov, ORG.holds, by_label(memory, "Secretary-General of the Shanghai Cooperation Organisation"))


def test_symmetric_sub_property_and_transitive_rules_combine(built) -> None:  # type: ignore[no-untyped-def]
    ids = Ids(built.base_iri)
    ontology = load_ontology(built.ontology_file)
    a, b, c, d = (URIRef(ids.entity(f"event/e{i}")) for i in range(4))
    x, y = URIRef(ids.entity("place/x")), URIRef(ids.entity("place/y"))
    memory = OxigraphStore(None)
    g = URIRef(ids.graph("some-source"))
    memory.load([(a, SRK.sidelineOf, b, g), (b, SRK.partOfEvent, c, g), (c, SRK.partOfEvent, d, g),
                 (x, SRK.cooperatesWith, y, g), (x, SRK.asOf, Literal("2021"), g)])
    materialise(memory, ontology, ids, check_owl=False)
    assert holds(memory, y, SRK.cooperatesWith, x)  # symmetric
    assert holds(memory, a, SRK.partOfEvent, d)  # sub-property of a transitive property, then transitivity
    assert holds(memory, d, SRK.hasPart, a)  # and the inverse of the closure


def test_officials_are_classified_from_their_posts(project) -> None:  # type: ignore[no-untyped-def]
    # Type Xu Liyi (a party secretary) as a plain Person: the ontology's definition must make him an Official.
    registry = project.curated_dir / "entities.yaml"
    text = registry.read_text(encoding="utf-8")
    start = text.index("- id: person/xu-liyi")
    end = text.index("- id:", start + 1)
    registry.write_text(text[:start] + text[start:end].replace("type: Official", "type: Person") + text[end:],
                        encoding="utf-8")
    memory = store_of(project)
    ids = Ids(project.base_iri)
    report = materialise(memory, load_ontology(project.ontology_file), ids, check_owl=False)
    xu, huaijuan = by_label(memory, "Xu Liyi"), by_label(memory, "Huaijuan")
    official = f"<{SRK.Official}>"
    assert memory.query(f"ASK {{ GRAPH <{inferred_graph(ids)}> {{ <{xu}> a {official} }} }}").boolean
    assert report.per_property.get("a srk:Official", 0) >= 1
    # A newspaper's chief editor holds a post, but not in a public body.
    assert not memory.query(f"ASK {{ <{huaijuan}> a {official} }}").boolean
