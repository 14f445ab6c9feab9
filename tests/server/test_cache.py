"""The server's cache of answers (kg.server.cache): reused only for the same request on the same store
(a rebuilt store's answers: tests/server/test_hostile.py::test_a_rebuilt_store_is_served_without_dropping_requests)."""

from __future__ import annotations

import json
import threading
import time
from types import SimpleNamespace

from kg.server.app import KgApp
from kg.server.cache import ReplyCache, cacheable
from kg.server.jobs import Reply
from kg.settings import Settings, load_settings
from tests.server.conftest import start_kg_serve, stop
from tests.server.test_protocol import NOROV, sparql

JSON = "application/sparql-results+json"


def reply(body: str, status: int = 200) -> Reply:
    return Reply(status, body, JSON)


def test_an_answer_is_reused_only_for_the_same_text_accept_and_format() -> None:
    cache = ReplyCache()
    cache.put(("ASK {}", JSON, None), 0, reply('{"boolean": true}'))
    assert cache.get(("ASK {}", JSON, None), 0) == reply('{"boolean": true}')
    assert cache.get(("ASK {}", "text/csv", None), 0) is None
    assert cache.get(("ASK {}", JSON, "xml"), 0) is None
    assert cache.get(("ASK  {}", JSON, None), 0) is None  # spacing may sit inside a literal: exact text only


def test_a_rebuilt_store_drops_every_answer_and_refuses_late_ones_of_the_old_store() -> None:
    cache = ReplyCache()
    cache.put(("q", JSON, None), 0, reply("old"))
    assert cache.get(("q", JSON, None), 1) is None  # generation 1: a new store is in place
    cache.put(("q", JSON, None), 0, reply("old"))  # a query that started on the old store ends late
    assert cache.get(("q", JSON, None), 1) is None
    cache.put(("q", JSON, None), 1, reply("new"))
    assert cache.get(("q", JSON, None), 1) == reply("new")


def test_errors_and_big_answers_are_not_kept_and_the_budget_holds() -> None:
    cache = ReplyCache(max_bytes=1000, max_entry_bytes=400)
    cache.put(("busy", JSON, None), 0, reply("every worker is busy", 503))
    cache.put(("big", JSON, None), 0, reply("x" * 500))
    assert cache.get(("busy", JSON, None), 0) is None and cache.get(("big", JSON, None), 0) is None
    for n in range(5):
        cache.put((f"q{n}", JSON, None), 0, reply("x" * 300))
        cache.get(("q0", JSON, None), 0)  # q0 stays recently used
    kept = [n for n in range(5) if cache.get((f"q{n}", JSON, None), 0) is not None]
    assert kept == [0, 3, 4]


def _store(url: str, writable: bool = False) -> SimpleNamespace:
    return SimpleNamespace(url=url, pool=SimpleNamespace(writable=writable))


def test_only_a_store_that_cannot_change_under_the_server_is_cached() -> None:
    settings = load_settings({})
    assert KgApp(_store("oxigraph:/srv/store"), settings).cache is not None  # type: ignore[arg-type]
    assert KgApp(_store("oxigraph:/srv/store", True), settings, allow_update=True).cache is None  # type: ignore[arg-type]
    assert KgApp(_store("http://127.0.0.1:7878"), settings).cache is None  # type: ignore[arg-type]


def test_a_repeated_query_is_answered_while_a_runaway_holds_every_worker(built: Settings) -> None:
    served = start_kg_serve(built, env={"KG_WORKERS": "1", "KG_QUERY_TIMEOUT": "6"})
    try:
        asked = f"ASK {{ <{NOROV}> ?p ?o }}"
        assert "true" in sparql(served, asked)[2]
        runaway = threading.Thread(target=lambda: sparql(served, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . "
                                                          "?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"))
        runaway.start()
        time.sleep(1)  # the runaway now holds the only worker until its time limit
        started = time.monotonic()
        status, media, body, _ = sparql(served, asked)
        assert (status, media) == (200, JSON) and "true" in body
        assert time.monotonic() - started < 2  # not the runaway's 6 s: no worker was needed
        runaway.join()
    finally:
        stop(served)


def test_only_calls_of_the_functions_new_at_each_run_keep_a_query_out() -> None:
    assert not cacheable("SELECT (NOW() AS ?t) WHERE {}")
    assert not cacheable("SELECT * WHERE { ?s ?p ?o FILTER(rand ( ) < 0.5) }")
    assert not cacheable("CONSTRUCT { ?s <urn:id> ?id } WHERE { ?s ?p ?o BIND(BNODE() AS ?id) }")
    kept = ['SELECT ?now WHERE { ?s <urn:p> ?now }', 'SELECT * WHERE { ?s ?p "NOW()" }',
            "SELECT * WHERE { ?s <urn:uuid()> ?o } # STRUUID()", "PREFIX ex: <urn:ex:> SELECT (ex:rand(?s) AS ?r) WHERE { ?s ?p ?o }"]
    assert all(cacheable(text) for text in kept)
    cache = ReplyCache()
    cache.put(("SELECT (UUID() AS ?u) WHERE {}", JSON, None), 0, reply("first"))
    assert len(cache) == 0 and cache.get(("SELECT (UUID() AS ?u) WHERE {}", JSON, None), 0) is None


def test_queries_calling_now_rand_uuid_struuid_bnode_run_each_time(built: Settings) -> None:
    """Through the real endpoint: each answer is new, never the first one kept."""
    served = start_kg_serve(built)
    try:
        for call in ("NOW()", "RAND()", "UUID()", "STRUUID()", "BNODE()"):
            asked = f"SELECT ({call} AS ?v) WHERE {{}}"
            answers = []
            for _ in range(3):
                status, media, body, _ = sparql(served, asked)
                assert (status, media) == (200, JSON), body
                answers.append(json.loads(body)["results"]["bindings"][0]["v"]["value"])
                time.sleep(0.01)  # NOW() moves on
            assert len(set(answers)) == 3, (call, answers)
    finally:
        stop(served)
