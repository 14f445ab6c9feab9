"""Extraction on the seed articles: entities, posts, dates, statistics, and the evaluation report."""

from __future__ import annotations

import json

import pytest
from rdflib.namespace import RDF

from kg.build import load_inputs
from kg.evaluate import evaluate
from kg.extract import Gazetteer, extract_source
from kg.extract.dates import find_dates, publication_date
from kg.extract.text import normalise
from kg.namespaces import Ids
from kg.settings import Settings
from tests.conftest import REPO, run_kg
from kg.settings import load_settings

SETTINGS = load_settings({"KG_ROOT": str(REPO)})


@pytest.fixture(scope="module")
def inputs():
    return load_inputs(SETTINGS)


def _facts(extraction, ids):
    return {(ids.ref_of(str(c.subject)), c.predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1],
             ids.ref_of(str(c.object)) or str(c.object)) for c in extraction.claims if c.predicate != RDF.type}


def _extract_unseen(inputs, slug: str):
    """Extract from one seed article as if it were new: an empty gazetteer, nothing curated to lean on."""
    ids = Ids(SETTINGS.base_iri)
    extraction = extract_source(inputs.sources[slug], Gazetteer.build({}), inputs.ontology, ids)
    return extraction, _facts(extraction, ids)


def test_norov_holds_the_sco_secretary_general_post(inputs) -> None:
    ids = Ids(SETTINGS.base_iri)
    source = inputs.sources["sco-secretary-general-gcbec-2021"]
    extraction = extract_source(source, Gazetteer.build(inputs.entities), inputs.ontology, ids)
    assert ("person/vladimir-norov", "holds", "post/sco-secretary-general") in _facts(extraction, ids)
    holds = next(c for c in extraction.claims if str(c.subject).endswith("vladimir-norov") and "holds" in c.predicate)
    assert source.text[holds.start:holds.end] == holds.quote and "Vladimir Norov" in holds.quote
    assert 0 <= holds.confidence <= 1 and holds.method != "curated"


def test_without_the_registry_a_new_post_is_minted_in_the_sco(inputs) -> None:
    """With an empty gazetteer (an unseen article), the post and the organisation are new entities."""
    extraction, facts = _extract_unseen(inputs, "sco-secretary-general-gcbec-2021")
    post = next(o for s, p, o in facts if s == "person/vladimir-norov" and p == "holds")
    assert (post, "postIn", "org/sco") in facts
    assert "SCO Secretary-General" in extraction.entities[post].aliases


def test_appositive_post_with_parent_organisation(inputs) -> None:
    extraction, facts = _extract_unseen(inputs, "unossc-china-seminar-cbec-2023")
    post = next(o for s, p, o in facts if s == "person/lei-hao" and p == "holds")
    assert extraction.entities[post].label.startswith("Vice President of the Academy for International Business")
    org = next(o for s, p, o in facts if s == post and p == "postIn")
    assert "AIBO" in extraction.entities[org].aliases
    assert (org, "subOrganizationOf", "org/ministry-of-commerce-of-china") in facts


def test_event_edition_date_place_and_statistic(inputs) -> None:
    extraction, facts = _extract_unseen(inputs, "unossc-china-seminar-cbec-2023")
    seminar = next(s for s, p, o in facts if p == "heldIn" and o == "place/beijing")
    assert (seminar, "startDate", "2023-07-24") in facts
    stat = next(s for s, p, o in facts if p == "value" and o == "28.0")
    assert {(stat, "unit", "countries"), (stat, "refersTo", "place/china")} <= facts


def test_dates_keep_precision_and_resolve_against_publication() -> None:
    published = publication_date("2020-09-14")
    found = {d.text: (d.value, d.end_value) for d in find_dates(
        "held on September 22-24, in March 2022, in the first half of this year, last year, on 10 May 2021", 0,
        published)}
    assert found["September 22-24"] == ("2020-09-22", "2020-09-24")
    assert found["March 2022"] == ("2022-03", None)
    assert found["first half of this year"] == ("2020-06", None)
    assert found["last year"] == ("2019", None)
    assert found["10 May 2021"] == ("2021-05-10", None)


def test_normaliser_drops_honorifics_brackets_and_variants() -> None:
    assert normalise("Mr. Lei Hao") == normalise("Lei Hao")
    assert normalise("Academy for International Business Officials (AIBO)") == normalise(
        "the Academy for International Business Officials")
    assert normalise("Shanghai Cooperation Organization") == normalise("Shanghai Cooperation Organisation")
    assert normalise("Global Conference on Cross-Border E-Commerce") == normalise(
        "Global Cross-border E-commerce Conference")


def test_eval_reports_scores_leave_one_article_out(inputs) -> None:
    report = evaluate(SETTINGS, inputs)
    data = report.as_dict()
    for part in ("entities", "relations"):
        assert set(data[part]) >= {"precision", "recall", "f1"}
        score = data[part]
        assert score["predicted"] > 0 and score["gold"] > 0
        assert score["precision"] == pytest.approx(score["tp"] / score["predicted"], abs=1e-3)
        assert score["recall"] == pytest.approx(score["tp"] / score["gold"], abs=1e-3)
    assert "holds" in data["per_relation"] and set(data["per_article"]) == set(inputs.sources)


def test_eval_json_from_the_command_line() -> None:
    run = run_kg("eval", "--format", "json")
    assert run.code == 0, run.stderr
    data = json.loads(run.stdout)
    assert {"entities", "relations", "per_relation"} <= set(data)
    assert all(0 <= data["relations"][k] <= 1 for k in ("precision", "recall", "f1"))
