"""Unreviewed guesses never answer as facts: after `kg extract && kg build`, every named query, the
views, analytics, entity pages and exports answer exactly what they did before; `--with-extracted`
adds the guesses, each marked with its rule and confidence."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.analytics import fact_graph
from kg.api import open_built_store, run_named
from kg.build import build, publish
from kg.extract.pipeline import run_extract
from kg.ontology import load_ontology
from kg.queries import list_queries
from kg.server.entity import describe
from kg.settings import Settings
from kg.store import open_store
from kg.views.gather import gather
from tests.conftest import copy_project, run_kg
from tests.store.conftest import running_oxigraph

INLINE = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass(frozen=True)
class Snapshot:
    """Everything a user sees of the graph, in comparable form."""

    answers: dict[str, tuple]  # named query -> rows
    inline: str  # `kg query` of an ad-hoc query, as printed
    quads: frozenset
    edges: frozenset
    view: tuple
    page: tuple


def snapshot(settings: Settings) -> Snapshot:
    db = open_built_store(settings)
    ontology = load_ontology(settings.ontology_file)
    answers = {q.name: run_named(db, q.name, {}, settings).rows for q in list_queries()}
    inline = run_kg("query", INLINE, "-f", "csv", settings=settings)
    assert inline.code == 0, inline.stderr
    view = gather(db, ontology)
    xi = describe(db, f"{settings.base_iri}id/person/xi-jinping")
    assert xi is not None
    return Snapshot(answers, inline.stdout, frozenset(db.quads()),
                    frozenset((u, k, v) for u, v, k in fact_graph(db).edges(keys=True)),
                    (view.nodes, view.edges), xi.facts)


@dataclass(frozen=True)
class Guess:
    """An unreviewed spokeAt the extractor made: a person at a reviewed event where the reviewed
    facts do not name this speaker (the issue's example, Xi Jinping at the 5th GCBEC, is one the
    extractor no longer makes, so the tests take whichever guess of that kind this extractor makes)."""

    person: str
    event: str
    name: str

    @property
    def ask(self) -> str:
        return f"ASK {{ <{self.person}> <{SPOKE_AT}> <{self.event}> }}"


SPOKE_AT = "https://w3id.org/silkroad-kg/ontology#spokeAt"
LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"


def a_guessed_speaker(settings: Settings) -> Guess:
    guessing = open_store(settings.store_url, read_only=True, with_extracted=True)
    reviewed = open_built_store(settings)
    rows = guessing.query(f"""SELECT ?p ?e ?name WHERE {{ GRAPH ?g {{ ?p <{SPOKE_AT}> ?e }}
        FILTER(STRENDS(STR(?g), "/extracted")) ?p <{LABEL}> ?name }} ORDER BY ?e ?p""").rows
    for person, event, name in rows:
        speakers = reviewed.query(f"SELECT ?name WHERE {{ ?x <{SPOKE_AT}> <{event}> ; <{LABEL}> ?name }}").column("name")
        known = reviewed.query(f"ASK {{ <{event}> <{LABEL}> ?label }}").boolean  # a reviewed event
        if known and str(name) not in speakers:
            return Guess(str(person), str(event), str(name))
    raise AssertionError("the extractor guessed no speaker at a reviewed event that the reviewed facts do not name")


@dataclass(frozen=True)
class Extracted:
    settings: Settings
    before: Snapshot
    after: Snapshot
    unreviewed: int
    guess: Guess


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Extracted:
    settings = copy_project(tmp_path_factory.mktemp("extracted"))
    publish(build(settings, check_shapes=False), settings)
    before = snapshot(settings)
    run_extract(settings)
    report = publish(build(settings, check_shapes=False), settings)
    return Extracted(settings, before, snapshot(settings), report.extracted, a_guessed_speaker(settings))


def test_extraction_put_unreviewed_facts_into_their_own_graphs(extracted: Extracted) -> None:
    assert extracted.unreviewed > 50
    shown = open_built_store(extracted.settings).graph_names()
    everything = open_store(extracted.settings.store_url, read_only=True, with_extracted=True).graph_names()
    hidden = sorted(set(everything) - set(shown))
    assert hidden and all(g.endswith("/extracted") for g in hidden)
    assert any(g.endswith("/id/graph/claims/extracted") for g in hidden)


def test_every_named_query_answers_exactly_what_it_did_before(extracted: Extracted) -> None:
    assert len(extracted.before.answers) == len(list_queries()) >= 19
    changed = sorted(n for n, rows in extracted.after.answers.items() if rows != extracted.before.answers[n])
    assert changed == []
    assert sum(map(len, extracted.before.answers.values())) > 100  # the queries do answer
    assert extracted.after.inline == extracted.before.inline  # kg query, ad hoc


def test_views_analytics_pages_and_exports_are_unchanged(extracted: Extracted) -> None:
    before, after = extracted.before, extracted.after
    assert after.quads == before.quads  # kg export, kg push: what the store shows
    assert after.edges == before.edges  # kg analyze, kg path
    assert after.view == before.view  # kg view, dist/graph.html
    assert after.page == before.page  # the entity page of someone the extractor guessed about


def _rows(stdout: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(stdout)))


def test_with_extracted_query_rows_come_marked_with_rule_and_confidence(extracted: Extracted) -> None:
    settings = extracted.settings
    at = ("speakers_at_event", "-p", f"event={extracted.guess.event}", "-f", "csv")
    plain = _rows(run_kg("query", *at, settings=settings).stdout)
    asked = run_kg("query", *at, "--with-extracted", settings=settings)
    by_setting = run_kg("query", *at, settings=settings, env={"KG_WITH_EXTRACTED": "1"})
    assert asked.code == 0, asked.stderr
    assert asked.stdout == by_setting.stdout
    rows = _rows(asked.stdout)
    name = extracted.guess.name
    assert name not in {r["name"] for r in plain}
    guessed = [r for r in rows if r["extracted_method"]]
    assert name in {r["name"] for r in guessed}  # a guess, marked as one
    for row in guessed:
        assert row["extracted_method"] != "curated"
    assert any(0 < float(r["extracted_confidence"]) <= 1 for r in guessed if r["extracted_confidence"])
    reviewed = [{k: v for k, v in r.items() if not k.startswith("extracted_")} for r in rows if not r["extracted_method"]]
    assert reviewed == plain  # the reviewed rows, unmarked and unchanged


def test_with_extracted_views_analytics_and_pages_mark_each_guess(extracted: Extracted) -> None:
    settings = extracted.settings
    db = open_store(settings.store_url, read_only=True, with_extracted=True)
    view = gather(db, load_ontology(settings.ontology_file), extracted=True)
    guessed = [e for e in view.edges if e.layer == "extracted"]
    assert guessed
    for edge in guessed:
        assert edge.evidence and all(ev.method != "curated" and ev.confidence is not None for ev in edge.evidence)
        assert all("unreviewed" in ev.marker for ev in edge.evidence)
    network = fact_graph(db, extracted=True)
    facts = [d["fact"] for *_, d in network.edges(data=True)]
    assert {f.layer for f in facts} == {"asserted", "extracted"}
    assert all(e.method != "curated" for f in facts if f.layer == "extracted" for e in f.evidence)
    guess = extracted.guess
    page = describe(db, guess.person, extracted=True)
    assert page is not None
    spoke = [f for f in page.facts if f.predicate.endswith("#spokeAt") and str(f.other) == guess.event]
    assert spoke and all(f.layer == "extracted" for f in spoke)  # the guess, marked as one
    assert all(e.method != "curated" and e.confidence for f in spoke for e in f.evidence)


@pytest.mark.server
def test_push_sends_unreviewed_graphs_only_when_asked(extracted: Extracted) -> None:
    with running_oxigraph() as url:
        assert run_kg("push", url, settings=extracted.settings).code == 0
        remote = open_store(url)
        assert not [g for g in remote.graph_names() if g.endswith("/extracted")]
        guess = extracted.guess.ask
        assert not remote.query(guess).boolean
        pushed = run_kg("push", url, "--with-extracted", settings=extracted.settings)
        assert pushed.code == 0, pushed.stderr
        # Pushed, they stay hidden as they are embedded, until asked for (kg query --with-extracted).
        assert not [g for g in remote.graph_names() if g.endswith("/extracted")]
        assert not remote.query(guess).boolean
        asking = open_store(url, with_extracted=True)
        assert [g for g in asking.graph_names() if g.endswith("/extracted")]
        assert asking.query(guess).boolean
        for flags, answer in (((), "no"), (("--with-extracted",), "yes")):
            shown = run_kg("query", guess, "--store", url, *flags, settings=extracted.settings)
            assert (shown.code, shown.stdout.strip()) == (0, answer), shown.stderr


# The guessed event, and the 5th GCBEC, whose three speakers are reviewed: marked and unmarked rows in one answer.
SPEAKERS = """SELECT ?name WHERE {{ VALUES ?event {{ <{event}> <https://w3id.org/silkroad-kg/id/event/gcbec-2021> }}
  ?person srk:spokeAt ?event ; skos:prefLabel ?name }} ORDER BY ?name"""


@pytest.mark.server
def test_the_endpoint_with_extracted_marks_each_guessed_row_as_kg_query_does(extracted: Extracted) -> None:
    import json
    import urllib.parse
    import urllib.request

    from tests.server.conftest import start_kg_serve, stop

    settings, guess = extracted.settings, extracted.guess
    speakers = SPEAKERS.format(event=guess.event)
    expected = _rows(run_kg("query", speakers, "-f", "csv", "--with-extracted", settings=settings).stdout)
    assert {r["name"] for r in expected if r["extracted_method"]} >= {guess.name}  # a guess the extractor made
    reviewed = _rows(run_kg("query", speakers, "-f", "csv", settings=settings).stdout)
    assert reviewed  # the event has reviewed speakers too

    def ask(served, fmt: str) -> str:  # type: ignore[no-untyped-def]
        url = served.url + "sparql?" + urllib.parse.urlencode({"query": speakers, "format": fmt})
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode()

    plain = start_kg_serve(settings)
    try:
        unmarked = json.loads(ask(plain, "json"))
    finally:
        stop(plain)
    assert unmarked["head"]["vars"] == ["name"]  # without --with-extracted: no guesses, no mark columns
    assert [b["name"]["value"] for b in unmarked["results"]["bindings"]] == [r["name"] for r in reviewed]
    served = start_kg_serve(settings, "--with-extracted")
    try:
        answer = json.loads(ask(served, "json"))
        table = _rows(ask(served, "csv"))
    finally:
        stop(served)
    assert answer["head"]["vars"] == ["name", "extracted_method", "extracted_confidence"]
    marks = {b["name"]["value"]: b.get("extracted_method", {}).get("value", "") for b in answer["results"]["bindings"]}
    assert marks == {r["name"]: r["extracted_method"] for r in expected}
    assert all(marks[r["name"]] == "" for r in reviewed) and marks[guess.name] not in {"", "curated"}
    assert [(r["name"], r["extracted_method"]) for r in table] == [(r["name"], r["extracted_method"]) for r in expected]
