"""The baseline of `kg bench-serve`: the served work without the serving.

The same jobs a query worker runs for the endpoint (kg.server.jobs.sparql_query: the query on
the embedded store, its rows capped, rendered as SPARQL JSON), called directly in as many
processes as the server has query workers (on a shared machine, as many processes get the same
share of the cores), back to back, for a few seconds, in the same run as the load test. Its queries per second are what the engine alone gives on this machine at this
moment; the endpoint's figures divided by it show the cost of HTTP, admission and the process
hops however loaded the machine is (a cached answer costs less than the engine: above 1).
"""

from __future__ import annotations

import multiprocessing as mp
import time

from kg.settings import Settings


def _direct_process(settings: Settings, queries: list[str], seconds: float, first: int,
                    out: "mp.Queue[int]") -> None:
    from kg.server.jobs import sparql_query
    from kg.store import open_store

    store = open_store(settings.store_url, read_only=True, with_extracted=settings.with_extracted)
    answered, turn = 0, first
    stop_at = time.monotonic() + seconds
    while time.monotonic() < stop_at:
        sparql_query(store, queries[turn % len(queries)], settings.result_limit, settings.query_timeout_s,
                     "application/sparql-results+json", None, settings.base_iri)
        turn += 1
        answered += 1
    store.close()
    out.put(answered)


def in_process_per_second(settings: Settings, queries: list[str], seconds: float, processes: int) -> float:
    """Queries per second of `processes` processes answering `queries` in-process."""
    context = mp.get_context("fork")
    out: "mp.Queue[int]" = context.Queue()
    started = [context.Process(target=_direct_process, args=(settings, queries, seconds, n, out))
               for n in range(processes)]
    for process in started:
        process.start()
    answered = sum(out.get() for _ in started)
    for process in started:
        process.join()
    return answered / seconds
