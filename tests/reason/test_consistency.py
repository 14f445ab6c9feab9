"""Inconsistencies are reported with the facts behind them: sources, quotes and curated lines."""

from __future__ import annotations

import shutil
from pathlib import Path

from rdflib import URIRef

from kg.claims import Claim
from kg.namespaces import ORG, SRK, Ids
from kg.ontology import load_ontology
from kg.reason import materialise
from kg.reason.owl import owlrl_closure
from kg.reason.text import report_lines
from kg.sources import load_sources
from kg.store.oxigraph import OxigraphStore
from tests.conftest import run_kg
from tests.reason.conftest import store_of

SOURCE = "sco-secretary-general-gcbec-2021"
QUOTE = "SCO Secretary-General Vladimir Norov took part in the conference"
CURATED_LINE = f"sources/curated/facts/{SOURCE}.yaml#L999"


def clashing_claim(project) -> Claim:  # type: ignore[no-untyped-def]
    """A curated claim that makes the SCO (an organisation) hold a post, as only a person can. (An
    unreviewed extracted one would entail nothing: reasoning reads asserted facts only.)"""
    ids = Ids(project.base_iri)
    text = load_sources(project.articles_dir)[SOURCE]
    start = text.find(QUOTE)
    assert start >= 0
    return Claim(URIRef(ids.entity("org/sco")), ORG.holds, URIRef(ids.entity("post/sco-secretary-general")),
                 SOURCE, QUOTE, start, start + len(QUOTE), origin=CURATED_LINE)


def registry_line(project, ref: str) -> str:  # type: ignore[no-untyped-def]
    lines = (project.curated_dir / "entities.yaml").read_text(encoding="utf-8").splitlines()
    return str(lines.index(f"- id: {ref}") + 1)


def test_a_disjointness_clash_names_its_facts_quotes_and_curated_lines(project) -> None:  # type: ignore[no-untyped-def]
    memory = store_of(project, (clashing_claim(project),))
    report = materialise(memory, load_ontology(project.ontology_file), Ids(project.base_iri))
    assert not report.consistent
    [clash] = [c for c in report.clashes if c.label == "Shanghai Cooperation Organisation"]
    assert "Person" in clash.first + clash.second and "International organisation" in clash.first + clash.second
    claims = [claim for fact in clash.facts for claim in fact.claims]
    assert any(claim.quote == QUOTE and claim.origin == CURATED_LINE and claim.source == SOURCE for claim in claims)
    # The other side: the registry entry that types the SCO, by file and line.
    assert any(claim.origin.endswith(f"entities.yaml#L{registry_line(project, 'org/sco')}") for claim in claims)
    if shutil.which("java"):
        assert report.owl.reasoner == "HermiT" and report.owl.consistent is False
    text = "\n".join(report_lines(report, project.base_iri))
    assert QUOTE in text and f"entities.yaml:{registry_line(project, 'org/sco')}" in text


def write_store(project, extra_claims: tuple[Claim, ...] = ()) -> None:  # type: ignore[no-untyped-def]
    """Put the project's graph where `kg reason` looks for the built store (faster than `kg build`)."""
    target = Path(project.store_url.removeprefix("oxigraph:"))
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    on_disk = OxigraphStore(target)
    on_disk.load(store_of(project, extra_claims).quads())
    on_disk.close()


def test_kg_reason_updates_the_built_store_and_exits_non_zero_on_a_clash(project) -> None:  # type: ignore[no-untyped-def]
    write_store(project)
    done = run_kg("reason", "--no-owl", settings=project)
    assert done.code == 0, done.stderr
    assert "no inconsistencies" in done.stdout
    reasoned = OxigraphStore(Path(project.store_url.removeprefix("oxigraph:")), read_only=True)
    officials = reasoned.query(f"SELECT ?o WHERE {{ ?s <{SRK.officialOf}> ?o }}").column("o")
    assert Ids(project.base_iri).entity("org/sco") in officials
    del reasoned  # (read-only stores cannot be flushed, so not closed: dropped)

    write_store(project, (clashing_claim(project),))
    clash = run_kg("reason", "--no-owl", settings=project)
    assert clash.code == 2
    assert "Shanghai Cooperation Organisation" in clash.stdout and QUOTE in clash.stdout


def test_owlrl_baseline_gives_the_same_kind_of_entailment(built) -> None:  # type: ignore[no-untyped-def]
    from rdflib import Graph

    ids = Ids(built.base_iri)
    person, post = URIRef(ids.entity("person/p")), URIRef(ids.entity("post/q"))
    graph = Graph()
    graph += load_ontology(built.ontology_file).graph
    graph.add((person, ORG.holds, post))
    closed = owlrl_closure(graph)
    assert (post, ORG.heldBy, person) in closed
    assert (post, ORG.heldBy, person) not in graph  # the input is left as it was


def test_without_java_owlrl_checks_consistency_instead(project, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import kg.reason.owl

    monkeypatch.setattr(kg.reason.owl, "java_available", lambda: False)
    memory = store_of(project, (clashing_claim(project),))
    report = materialise(memory, load_ontology(project.ontology_file), Ids(project.base_iri))
    assert report.owl.reasoner == "owlrl"
    assert report.owl.consistent is False
    assert "Java was not found" in report.owl.message
