"""kg.shacl's checks run side by side, in processes that each open the on-disk store read-only.

Oxigraph holds the GIL while it evaluates a query (two threads take as long as one: measured at
1M on disk), so the checks of a large store run in MAX_PROCESSES processes, each with its own
read-only handle on the store; the store's writer makes what validation wrote (kg.shacl.inplace's
WORK graph) durable first, so that every handle sees the same data. The answers come back in the
order of the checks whatever process ran them, so the results are those of one process, row for row.

A small store is checked in this process: starting a process and opening the store costs more than
its checks (the seed graph's 78 checks take a fraction of a second).
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Sequence

import pyoxigraph as ox

from kg.store.worker_process import context

MAX_PROCESSES = 2  # the cores of the machines it runs on (CI and the bench machine have 2)
PARALLEL_FROM = 200_000  # triples in the dataset from which the checks are worth other processes

Term = ox.NamedNode | ox.BlankNode | ox.Literal
GraphName = ox.NamedNode | ox.DefaultGraph
# One check as a process runs it: its SELECT, and whether its rows name the offending value (?v).
Task = tuple[str, bool]
Row = tuple[Term, Term | None]

_store: ox.Store | None = None  # the worker process's own read-only handle
_dataset: dict[str, list[GraphName]] = {}


def processes_for(engine: ox.Store, path: Path | None, dataset: dict[str, list[GraphName]]) -> int:
    """How many processes the checks of this store are worth: 1 for a store in memory (no other
    process can open it) or a small one, else MAX_PROCESSES (at most the machine's cores)."""
    if path is None:
        return 1
    probe = f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ SELECT * WHERE {{ ?s ?p ?o }} LIMIT {PARALLEL_FROM} }} }}"
    found = int(next(iter(engine.query(probe, **dataset)))["n"].value)  # type: ignore[arg-type, call-overload, index]
    return min(MAX_PROCESSES, os.cpu_count() or 1) if found >= PARALLEL_FROM else 1


def run_checks(engine: ox.Store, tasks: Sequence[Task], dataset: dict[str, list[GraphName]],
               path: Path | None, processes: int) -> list[list[Row]]:
    """Each task's rows, in the order of the tasks: in this process on `engine`, or in `processes`
    processes on read-only opens of the store at `path`."""
    if processes <= 1 or path is None or len(tasks) < 2:
        return [_rows(engine, task, dataset) for task in tasks]
    engine.flush()  # what this handle wrote, on disk for the read-only handles
    try:
        with ProcessPoolExecutor(processes, mp_context=context(fork=True, preload=(__name__,)),
                                 initializer=_open, initargs=(str(path), dataset)) as pool:
            # One task at a time: a process that finishes a long check takes the next one.
            return list(pool.map(_run, tasks, chunksize=1))
    except BrokenProcessPool:  # a process could not open the store (or died): the same checks here
        return [_rows(engine, task, dataset) for task in tasks]


def _rows(engine: ox.Store, task: Task, dataset: dict[str, list[GraphName]]) -> list[Row]:
    sparql, names_value = task
    return [(row["focus"], row["v"] if names_value else None)  # type: ignore[misc]
            for row in engine.query(sparql, **dataset)]  # type: ignore[union-attr, arg-type]


def _open(path: str, dataset: dict[str, list[GraphName]]) -> None:
    global _store, _dataset
    _store, _dataset = ox.Store.read_only(path), dataset


def _run(task: Task) -> list[Row]:
    assert _store is not None, "the worker opens the store first (_open)"
    return _rows(_store, task, _dataset)
