"""Merges hold everywhere: in the queue, in accept, and in the graph `kg build` makes from both.

The story of issue 16: the extractor makes "Capacity development seminar on South-South cooperation" a
new event; a curator accepts one of its facts, then merges it into the registry's seminar with
`kg dedupe same`; accepting the next candidate that names it used to fail with "entity … is defined
twice" at a temporary path, and the queued candidates came back as a second seminar.
"""

from __future__ import annotations

import yaml
from rdflib import URIRef
from rdflib.namespace import OWL, SKOS

from kg.build import build
from kg.extract.pipeline import list_queue, run_extract
from kg.namespaces import Ids
from kg.settings import Settings
from tests.conftest import run_kg
from tests.review.conftest import MINTED_SEMINAR, queue_a_minted_seminar

ARTICLE = "unossc-china-seminar-cbec-2023"
KEPT = "event/south-south-cbec-seminar-2023"
MERGED = MINTED_SEMINAR


def _about(project: Settings, predicate: str) -> dict:
    return next(i for i in list_queue(project) if MERGED in i["fact"] and i["fact"][1] == predicate)


def _merge_after_accepting_one(project: Settings) -> None:
    run_extract(project, [ARTICLE])
    queue_a_minted_seminar(project)  # today's extractor links the seminar to the registry's itself
    first = _about(project, "heldIn")
    accepted = run_kg("review", "accept", first["id"], settings=project)
    assert accepted.code == 0, accepted.stderr
    merged = run_kg("dedupe", "same", KEPT, MERGED, settings=project)
    assert merged.code == 0, merged.stderr


def test_accept_after_a_merge_writes_the_kept_entity_and_names_real_files(project: Settings) -> None:
    _merge_after_accepting_one(project)
    second = _about(project, "startDate")
    run = run_kg("review", "accept", second["id"], settings=project)
    assert run.code == 0, run.stderr
    assert "defined twice" not in run.stderr and "/tmp" not in run.stderr
    facts_file = f"sources/curated/facts/{ARTICLE}.yaml"
    assert f"wrote {facts_file}:" in run.stderr
    line = int(run.stderr.split(f"wrote {facts_file}:")[1].split()[0])
    written = (project.root / facts_file).read_text(encoding="utf-8").splitlines()[line - 1]
    assert written.strip() == f'- ["{KEPT}", "startDate", "2023-07-24"]'
    document = yaml.safe_load((project.root / facts_file).read_text(encoding="utf-8"))
    assert [e["id"] for e in document["entities"]].count(MERGED) == 1  # declared once, by the first accept


def test_the_queue_shows_merged_entities_as_the_kept_one(project: Settings) -> None:
    _merge_after_accepting_one(project)
    listed = run_kg("review", "--source", ARTICLE, settings=project)
    assert listed.code == 0, listed.stderr
    assert MERGED not in listed.stdout and KEPT in listed.stdout


def test_build_after_merge_has_one_seminar_with_the_queued_facts(project: Settings) -> None:
    _merge_after_accepting_one(project)
    built = build(project, check_shapes=False, render=lambda store, settings: {})
    ids = Ids(project.base_iri)
    kept, merged = URIRef(ids.entity(KEPT)), URIRef(ids.entity(MERGED))
    quads = [(s, p, o, g) for g, graph in built.graphs.graphs.items() for s, p, o in graph]
    about_merged = {(s, p, o) for s, p, o, g in quads if merged in (s, o) and not g.endswith("/claims")}
    assert about_merged == {(kept, OWL.sameAs, merged)}
    labels = {str(o) for s, p, o, g in quads if s == kept and p == SKOS.prefLabel}
    assert len(labels) == 1  # no second label from the queue's copy of the merged entity
    partners = {s for s, p, o, g in quads if o == kept and str(p).endswith("#partnerIn")}
    assert partners, "the queued 'in partnership with' candidate now names the kept seminar"
