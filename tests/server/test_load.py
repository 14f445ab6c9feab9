"""A short `kg bench-serve`: 50 clients on a real `kg serve`, alone (answers the cache keeps),
with every text new (every request in a worker), then with 5 runaways.

Prints the figures; asserts what must hold on any machine (no errors, the runaways stopped,
the process tree small, no CPU after the runaways). Speed targets are `kg bench-serve`'s job
(and its in-process baseline, left out here to save time).
"""

from __future__ import annotations

import os

import pytest

from kg.bench.serving import run_serve_bench, to_text
from kg.settings import Settings

pytestmark = pytest.mark.server

SECONDS = float(os.environ.get("KG_LOAD_SECONDS", "5"))


def test_fifty_clients_alone_and_with_runaways(built: Settings) -> None:
    result = run_serve_bench(built, clients=50, runaways=5, seconds=SECONDS, baseline_s=0)
    print("\n" + to_text(result))
    assert result.alone.errors == 0, result.alone.first_errors
    assert result.uncached is not None and result.uncached.errors == 0, result.uncached.first_errors
    assert result.uncached.queries >= 50
    assert result.with_runaways.errors == 0, result.with_runaways.first_errors
    assert result.alone.queries >= 50 and result.with_runaways.queries >= 45
    assert set(result.with_runaways.runaway_answers) <= {"503", "507"}
    assert max(result.alone.peak_tree_mib, result.with_runaways.peak_tree_mib) < 2048
    assert result.idle_cpu_s < 0.2
