"""Review: extract into the queue, accept into the curated facts (then built as curated), reject for good."""

from __future__ import annotations

import yaml
from rdflib import URIRef

from kg.build import build, load_inputs
from kg.extract import conflicts, queue_claims
from kg.extract.pipeline import list_queue, run_extract
from kg.namespaces import Ids
from kg.review.decide import Reviewer, ids_of
from kg.settings import Settings
from tests.conftest import run_kg

ARTICLE = "sco-secretary-general-gcbec-2021"


def _pick(project: Settings, predicate: str) -> dict:
    return next(i for i in list_queue(project) if i["source"] == ARTICLE and i["fact"][1] == predicate)


def test_extract_queues_candidates_and_review_lists_them(project: Settings) -> None:
    run = run_kg("extract", ARTICLE, settings=project)
    assert run.code == 0, run.stderr
    listed = run_kg("review", settings=project)
    assert listed.code == 0
    item = list_queue(project)[0]
    assert item["id"] in listed.stdout and item["quote"] in listed.stdout
    stated = {(c.subject, c.predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1], c.object)
              for c in load_inputs(project).claims}
    ids = Ids(project.base_iri)
    for item in list_queue(project):  # nothing a curator already stated is queued again
        subject, predicate, obj = item["fact"]
        assert (URIRef(ids.entity(subject)), predicate, URIRef(ids.entity(obj))) not in stated


def test_accept_moves_a_fact_into_the_curated_file_and_the_build_has_it_as_curated(project: Settings) -> None:
    run_extract(project, [ARTICLE])
    item = _pick(project, "value")
    Reviewer(project).accept(ids_of([item["id"]]))
    facts_file = project.curated_dir / "facts" / f"{ARTICLE}.yaml"
    document = yaml.safe_load(facts_file.read_text(encoding="utf-8"))
    assert any(c["quote"] == item["quote"] and item["fact"][:2] == c["facts"][0][:2] for c in document["claims"])
    assert item["fact"][0] in {e["id"] for e in document["entities"]}
    assert item["id"] not in {i["id"] for i in list_queue(project)}
    built = build(project, check_shapes=False, render=lambda store, settings: {})
    ids = Ids(project.base_iri)
    subject = URIRef(ids.entity(item["fact"][0]))
    graph = built.graphs.graphs[ids.graph(ARTICLE)]
    assert any(s == subject and p.endswith("#value") for s, p, o in graph)
    records = built.graphs.graphs[ids.graph("claims")]
    about_it = {s for s, p, o in records if p.endswith("#subject") and o == subject} & {
        s for s, p, o in records if p.endswith("#predicate") and str(o).endswith("#value")}
    assert about_it
    assert {str(o) for s, p, o in records if s in about_it and p.endswith("#method")} == {"curated"}


def test_reject_is_respected_by_the_next_extract(project: Settings) -> None:
    run_extract(project, [ARTICLE])
    item = _pick(project, "asOf")
    Reviewer(project).reject(ids_of([item["id"]]))
    run_extract(project, [ARTICLE])
    assert item["id"] not in {i["id"] for i in list_queue(project)}
    rejected = yaml.safe_load((project.root / "sources" / "review" / "rejected.yaml").read_text(encoding="utf-8"))
    assert item["id"] in {r["id"] for r in rejected}


def test_unknown_id_is_a_clear_error(project: Settings) -> None:
    run = run_kg("review", "accept", "nosuchid", settings=project)
    assert run.code == 1 and "not in the review queue" in run.stderr and "Traceback" not in run.stderr


def test_queue_claims_are_extracted_never_curated_duplicates_and_conflicts_are_reported(project: Settings) -> None:
    run_extract(project)
    inputs = load_inputs(project)
    queued = queue_claims(project, inputs)
    assert queued and all(not c.curated and c.confidence is not None for c in queued)
    curated = {(c.subject, c.predicate, c.object) for c in inputs.claims}
    assert not any((c.subject, c.predicate, c.object) in curated for c in queued)
    reports = conflicts(queued, inputs.claims, inputs.ontology)
    assert all("contradicts curated" in r for r in reports)
