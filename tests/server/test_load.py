"""50 concurrent clients run the named queries against `kg serve` for a bounded time.

Loopback only. Prints p50/p95 latency and throughput; asserts no request failed
(speed is measured, not asserted: that is the benchmark's job).
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import threading
import time
import urllib.parse

import pytest

from kg.lookup import param_value
from kg.namespaces import Ids
from kg.queries import list_queries
from kg.settings import Settings
from kg.store.base import Store, bind_values
from tests.server.conftest import Served

pytestmark = pytest.mark.server

CLIENTS = 50
SECONDS = float(os.environ.get("KG_LOAD_SECONDS", "20"))


def runnable_queries(store: Store, settings: Settings) -> list[tuple[str, str]]:
    """Every named query with its default parameters bound, as a client would send it."""
    ids = Ids(settings.base_iri)
    out = []
    for query in list_queries():
        bindings = {p.name: param_value(p.type, p.default, store, ids) for p in query.params if p.default}
        out.append((query.name, bind_values(query.sparql, bindings, query.name)))
    return out


def test_fifty_clients(kg_server: Served, store: Store, built: Settings) -> None:
    queries = runnable_queries(store, built)
    host, port = kg_server.url.removeprefix("http://").rstrip("/").split(":")
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + SECONDS

    def client(number: int) -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        mine: list[float] = []
        turn = number
        while time.monotonic() < stop_at:
            name, text = queries[turn % len(queries)]
            turn += 1
            body = urllib.parse.urlencode({"query": text})
            started = time.perf_counter()
            try:
                connection.request("POST", "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded",
                                                             "Accept": "application/sparql-results+json"})
                response = connection.getresponse()
                data = response.read()
                if response.status != 200:
                    raise RuntimeError(f"HTTP {response.status}: {data[:200]!r}")
                json.loads(data)["results"]["bindings"]
            except Exception as exc:  # every failure counts, whatever it is
                with lock:
                    errors.append(f"{name}: {type(exc).__name__}: {exc}")
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=60)
                continue
            mine.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    assert not errors, errors[:5]
    assert len(latencies) >= CLIENTS  # every client got answers
    cuts = statistics.quantiles(latencies, n=100)
    print(f"\nload: {CLIENTS} clients, {elapsed:.1f} s, {len(latencies)} queries of {len(queries)} kinds, "
          f"{len(latencies) / elapsed:.0f} queries/s, p50 {cuts[49] * 1000:.0f} ms, p95 {cuts[94] * 1000:.0f} ms")
