"""Every command that runs SPARQL, or work of the same unbounded kind, runs under the query limits
(issue 13, item 1: KG_QUERY_TIMEOUT and KG_QUERY_MEMORY): `kg reason` reads, closes and writes in a
query worker, so a runaway entailment is stopped like a runaway query and leaves the store as it was."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest
from rdflib import URIRef

from kg.namespaces import SRK, Ids
from kg.ontology import load_ontology
from kg.reason import inferred_graph, materialise
from kg.settings import Settings
from kg.store.base import QueryMemory, QueryTimeout
from kg.store.limited import LimitedStore
from kg.store.oxigraph import OxigraphStore
from kg.store.workers import Limits
from tests.conftest import REPO, run_kg

BASE = "https://w3id.org/silkroad-kg/"


def test_a_runaway_entailment_is_stopped_at_the_query_limits(tmp_path: Path) -> None:
    # srk:locatedIn is transitive: a chain of 3,000 places entails 4.5 million triples, a fixpoint
    # that ran for minutes and grew the process by gigabytes when it ran outside the workers.
    ids = Ids(BASE)
    place = [URIRef(f"{BASE}id/place/p{n}") for n in range(3000)]
    graph = URIRef(f"{BASE}id/graph/chain")
    db = OxigraphStore(tmp_path / "store")
    db.load((a, SRK.locatedIn, b, graph) for a, b in zip(place, place[1:]))
    db.close()
    limited = LimitedStore(f"oxigraph:{tmp_path / 'store'}", Limits(timeout_s=3, memory_bytes=400 * 2**20),
                           writable=True)
    grown_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    try:
        with pytest.raises((QueryTimeout, QueryMemory)):
            materialise(limited, load_ontology(REPO / "ontology" / "silkroad.ttl"), ids, check_owl=False)
        assert time.monotonic() - started < 30
        # Nothing was written, and the worker that was stopped has been replaced.
        assert inferred_graph(ids) not in limited.graph_names()
        assert len(limited) == len(place) - 1
    finally:
        limited.close()
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - grown_before < 200 * 2**10  # KiB: not here


def test_kg_reason_takes_the_query_limits_from_the_settings(built: Settings, tmp_path: Path) -> None:
    import shutil

    dist = tmp_path / "dist"
    shutil.copytree(built.dist_dir / "store", dist / "store")
    settings = built.with_(dist=dist)
    before = run_kg("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "-f", "csv",
                    settings=settings).stdout
    stopped = run_kg("reason", "--no-owl", settings=settings, env={"KG_QUERY_TIMEOUT": "0.001"}, timeout=120)
    assert stopped.code == 1 and "time limit" in stopped.stderr, stopped.stderr
    assert "Traceback" not in stopped.stderr
    done = run_kg("reason", "--no-owl", settings=settings, timeout=300)
    assert done.code == 0, done.stderr
    after = run_kg("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "-f", "csv",
                   settings=settings).stdout
    assert after == before  # the stopped run wrote nothing; the full one replaced the inferred graph alike


@pytest.mark.parametrize("command", [("query", "who_met_whom"), ("view", "-o", "{tmp}/view.html"), ("analyze",),
                                     ("path", "Vladimir Norov", "Xi Jinping")])
def test_every_command_that_queries_takes_the_limits_from_the_settings(built: Settings, tmp_path: Path,
                                                                        command: tuple[str, ...]) -> None:
    args = [part.format(tmp=tmp_path) for part in command]
    stopped = run_kg(*args, settings=built, env={"KG_QUERY_TIMEOUT": "0.001"}, timeout=120)
    assert stopped.code == 1 and "time limit" in stopped.stderr and "Traceback" not in stopped.stderr, stopped.stderr
    assert not (tmp_path / "view.html").exists()  # nothing half-written
