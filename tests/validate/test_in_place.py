"""Validation on the user's store itself (kg.shacl.inplace): the catalogue of broken data gives
exactly the violations, explanations and lines that validation of a copy gives (the path the
catalogue tests hold to pySHACL's results), and the store is left as it was, byte for byte, even
when validation fails."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg import shacl
from kg.errors import KgError
from kg.graph import GraphSet
from kg.namespaces import Ids
from kg.ontology import load_ontology
from kg.settings import load_settings
from kg.shacl import inplace, parallel
from kg.store.oxigraph import OxigraphStore
from kg.validate import quote_rule, validate, validate_store
from tests.validate.test_catalogue import CATALOGUE, catalogue, registry  # noqa: F401 (fixtures)

BASE = "https://w3id.org/silkroad-kg/"
CLAIMS, SOURCE, ONTOLOGY = (f"{BASE}id/graph/{name}" for name in ("claims", "catalogue", "ontology"))


def catalogue_graphs(with_ontology: bool) -> GraphSet:
    """The catalogue as a build lays it out: claim records in the claims graph, the rest in a
    source's graph (and the ontology in its own graph, as `kg build` stores it)."""
    triples = list(Graph().parse(CATALOGUE, format="turtle"))
    graphs = {SOURCE: tuple(t for t in triples if not str(t[0]).startswith(f"{BASE}id/claim/")),
              CLAIMS: tuple(t for t in triples if str(t[0]).startswith(f"{BASE}id/claim/"))}
    if with_ontology:
        graphs[ONTOLOGY] = tuple(load_ontology(load_settings().ontology_file).graph)
    return GraphSet(graphs)


def dump(store: OxigraphStore) -> bytes:
    return b"".join(sorted(store.engine.dump(format=ox.RdfFormat.N_QUADS).splitlines(keepends=True)))


@pytest.mark.parametrize("on_disk", [False, True])
@pytest.mark.parametrize("with_ontology", [False, True])
def test_in_place_gives_the_copys_violations_and_leaves_the_store_as_it_was(
        tmp_path: Path, on_disk: bool, with_ontology: bool, registry) -> None:  # noqa: F811
    settings = load_settings()
    ontology = load_ontology(settings.ontology_file).graph
    graphs = catalogue_graphs(with_ontology)
    store = OxigraphStore(tmp_path / "store" if on_disk else None)
    store.load(graphs.quads())
    before = dump(store)
    ids = Ids(BASE)
    # validate() copies the graphs into a fresh engine, and adds the quote rule's violations.
    on_a_copy = sorted(set(validate(graphs, settings.shapes_file, ontology, registry, ids)) - set(quote_rule(graphs)))
    found = validate_store(store, settings.shapes_file, ontology, registry, ids)
    assert len(found) > 50  # one per constraint of shapes.ttl, and more
    assert [str(v) for v in found] == [str(v) for v in on_a_copy]  # `file:line: entity (property): ...`
    assert found == on_a_copy
    assert dump(store) == before  # no private graph left, nothing added to or taken from the data
    assert not {g.value for g in store.engine.named_graphs()} & set(inplace.PRIVATE)


def test_a_failing_validation_leaves_no_private_graph(tmp_path: Path) -> None:
    settings = load_settings()
    store = OxigraphStore(None)
    store.load(catalogue_graphs(False).quads())
    before = dump(store)
    refused = tmp_path / "shapes.ttl"  # an unsupported target: refused after the entailments are written
    refused.write_text(settings.shapes_file.read_text(encoding="utf-8") + "\n<urn:x:S> a sh:NodeShape ; "
                       "sh:targetNode <urn:x:n> .\n", encoding="utf-8")
    with pytest.raises(KgError, match="targetNode"):
        validate_store(store, refused, load_ontology(settings.ontology_file).graph)
    assert dump(store) == before


def test_a_store_with_an_inferred_graph_is_validated_without_it() -> None:
    # The union default graph holds the inferred triples too: validation reads a copy of the
    # asserted graphs instead, and finds what it finds without the inferred graph.
    settings = load_settings()
    ontology = load_ontology(settings.ontology_file).graph
    graphs = catalogue_graphs(True)
    fact = (URIRef(f"{BASE}id/org/ok"), SKOS.prefLabel, Literal("A second name", lang="en"))

    def validated(graph: str | None) -> list:
        store = OxigraphStore(None)
        store.load([*graphs.quads(), *([(*fact, URIRef(graph))] if graph else [])])
        found = validate_store(store, settings.shapes_file, ontology)
        assert not {g.value for g in store.engine.named_graphs()} & {shacl.TARGETS, inplace.WORK}
        return found

    assert validated(f"{BASE}id/graph/inferred") == validated(None)
    assert validated(SOURCE) != validated(None)  # the fact breaks a shape when it is asserted


def test_checks_in_two_processes_give_the_violations_of_one(tmp_path: Path, registry) -> None:  # noqa: F811
    # A large store on disk has its checks run by two processes on read-only opens of it
    # (kg.shacl.parallel): they must see what validation wrote (its private graph) and give the
    # same violations, in the same order, as one process; and leave the store as it was.
    settings = load_settings()
    ontology = load_ontology(settings.ontology_file).graph
    store = OxigraphStore(tmp_path / "store")
    store.load(catalogue_graphs(True).quads())
    before = dump(store)
    ids = Ids(BASE)
    lines: list[str] = []
    alone = validate_store(store, settings.shapes_file, ontology, registry, ids, processes=1)
    side_by_side = validate_store(store, settings.shapes_file, ontology, registry, ids, lines.append, processes=2)
    assert any("checks to run in 2 processes" in line for line in lines)
    assert len(alone) > 50
    assert [str(v) for v in side_by_side] == [str(v) for v in alone]
    assert dump(store) == before


def test_only_a_large_store_on_disk_has_its_checks_run_by_other_processes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = OxigraphStore(tmp_path / "store")
    store.load(catalogue_graphs(False).quads())
    dataset = {"default_graph": [ox.DefaultGraph()], "named_graphs": []}
    assert parallel.processes_for(store.engine, tmp_path / "store", dataset) == 1  # a few hundred triples
    assert parallel.processes_for(store.engine, None, dataset) == 1  # in memory: no other process can open it
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 100)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 8)
    assert parallel.processes_for(store.engine, tmp_path / "store", dataset) == parallel.MAX_PROCESSES == 2
