"""A short `kg bench-serve`: 50 clients on a real `kg serve`, alone and then with 5 runaways.

Prints the figures; asserts what must hold on any machine (no errors, the runaways stopped,
the process tree small, no CPU after the runaways). Speed targets are `kg bench-serve`'s job.
"""

from __future__ import annotations

import os

import pytest

from kg.bench.serving import run_serve_bench, to_text
from kg.settings import Settings

pytestmark = pytest.mark.server

SECONDS = float(os.environ.get("KG_LOAD_SECONDS", "5"))


def test_fifty_clients_alone_and_with_runaways(built: Settings) -> None:
    result = run_serve_bench(built, clients=50, runaways=5, seconds=SECONDS)
    print("\n" + to_text(result))
    assert result.alone.errors == 0, result.alone.first_errors
    assert result.with_runaways.errors == 0, result.with_runaways.first_errors
    assert result.alone.queries >= 50 and result.with_runaways.queries >= 45
    assert set(result.with_runaways.runaway_answers) <= {"503", "507"}
    assert max(result.alone.peak_tree_mib, result.with_runaways.peak_tree_mib) < 2048
    assert result.idle_cpu_s < 0.2
