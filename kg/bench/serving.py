"""`kg bench-serve`: a real `kg serve` on loopback under 50 clients, then with runaways among them.

Phase 1: every client runs the named queries (default parameters bound) for `seconds`.
Phase 2: the same, but `runaways` of the clients send runaway queries (a cartesian COUNT and a
cartesian ORDER BY) all the time. Figures: throughput and p95 of the well-behaved clients in both
phases, errors, the server's process-tree peak memory, and its CPU in the seconds after the last
runaway gave up. The clients run in their own processes so they do not share the bench's GIL.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing as mp
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass
from typing import Callable

from kg.settings import Settings

RUNAWAYS = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a LIMIT 1",
)
_LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:\d+/)")


@dataclass(frozen=True)
class Phase:
    clients: int
    runaway_clients: int
    seconds: float
    queries: int
    per_second: float
    p50_ms: float
    p95_ms: float
    errors: int
    first_errors: tuple[str, ...]
    runaway_answers: dict[str, int]  # HTTP status of the runaways -> how many
    peak_tree_mib: float


@dataclass(frozen=True)
class ServeBench:
    alone: Phase
    with_runaways: Phase
    idle_cpu_s: float  # CPU seconds the server tree used from 5 s to 7 s after the last runaway
    cpus: int
    load_average: float

    def checks(self) -> dict[str, bool]:
        return {
            "named queries alone >= 250 q/s": self.alone.per_second >= 250,
            "alone p95 < 400 ms": self.alone.p95_ms < 400,
            "with runaways >= 40 % of alone": self.with_runaways.per_second >= 0.4 * self.alone.per_second,
            "with runaways p95 < 1.5 s": self.with_runaways.p95_ms < 1500,
            "no errors": self.alone.errors == 0 and self.with_runaways.errors == 0,
            "process tree < 2 GiB": max(self.alone.peak_tree_mib, self.with_runaways.peak_tree_mib) < 2048,
            "no CPU 5 s after the last runaway": self.idle_cpu_s < 0.1,
        }

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "checks": self.checks()}


def _post(connection: http.client.HTTPConnection, text: str) -> tuple[int, bytes]:
    body = urllib.parse.urlencode({"query": text})
    connection.request("POST", "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded",
                                                 "Accept": "application/sparql-results+json"})
    response = connection.getresponse()
    return response.status, response.read()


def _client_process(port: int, queries: list[str], threads: int, runaway: bool, seconds: float,
                    out: "mp.Queue[tuple[list[float], list[str], dict[str, int]]]") -> None:
    stop_at = time.monotonic() + seconds
    latencies: list[float] = []
    errors: list[str] = []
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    connections: list[http.client.HTTPConnection] = []

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connections.append(connection)
        turn = number
        while time.monotonic() < stop_at:
            text = queries[turn % len(queries)]
            turn += 1
            started = time.perf_counter()
            try:
                status, data = _post(connection, text)
                if not runaway and status != 200:
                    raise RuntimeError(f"HTTP {status}: {data[:120]!r}")
                if not runaway:
                    json.loads(data)
            except Exception as exc:  # noqa: BLE001 (every failure counts)
                if time.monotonic() >= stop_at:
                    break  # a runaway's connection closed at the end
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                connections.append(connection)
                continue
            with lock:
                if runaway:
                    statuses[str(status)] = statuses.get(str(status), 0) + 1
                elif time.monotonic() < stop_at:
                    latencies.append(time.perf_counter() - started)
        connection.close()

    workers = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(threads)]
    for worker in workers:
        worker.start()
    time.sleep(max(0.0, stop_at - time.monotonic()))
    if runaway:  # give up on the runaways in flight, as a user closing the tab would
        for connection in list(connections):
            if connection.sock is not None:
                try:
                    connection.sock.shutdown(2)
                except OSError:
                    pass
    for worker in workers:
        worker.join(timeout=5)
    out.put((latencies, errors, statuses))


def _tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    children.setdefault(int(handle.read().rsplit(")", 1)[1].split()[1]), []).append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def tree_usage(pid: int) -> tuple[float, int]:
    """CPU seconds and resident bytes of a process and all its descendants."""
    cpu, resident = 0.0, 0
    for member in _tree(pid):
        try:
            with open(f"/proc/{member}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            cpu += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            resident += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            pass
    return cpu, resident


def _phase(pid: int, port: int, queries: list[str], clients: int, runaways: int, seconds: float) -> Phase:
    context = mp.get_context("fork")
    out = context.Queue()
    groups = [(False, clients - runaways)] + ([(True, runaways)] if runaways else [])
    processes = []
    for runaway, count in groups:
        per_process = 10
        while count > 0:
            threads = min(per_process, count)
            count -= threads
            processes.append(context.Process(target=_client_process, args=(
                port, list(RUNAWAYS) if runaway else queries, threads, runaway, seconds, out)))
    peak = 0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_usage(pid)[1])
            time.sleep(0.1)

    for process in processes:
        process.start()
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    results = [out.get() for _ in processes]
    for process in processes:
        process.join()
    done.set()
    watcher.join()
    latencies = [value for found, _, _ in results for value in found]
    errors = [error for _, found, _ in results for error in found]
    statuses: dict[str, int] = {}
    for _, _, found in results:
        for status, count in found.items():
            statuses[status] = statuses.get(status, 0) + count
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else [0.0] * 99
    return Phase(clients, runaways, seconds, len(latencies), len(latencies) / seconds, cuts[49] * 1000,
                 cuts[94] * 1000, len(errors), tuple(errors[:5]), statuses, peak / 2**20)


def start_server(settings: Settings, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, int]:
    environment = {**os.environ, "KG_ROOT": str(settings.root), "KG_DIST": str(settings.dist_dir), **(env or {})}
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", "0"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, env=environment)
    assert process.stderr is not None
    for line in process.stderr:
        found = _LISTENING.search(line)
        if found:
            threading.Thread(target=lambda: process.stderr.read(), daemon=True).start()  # type: ignore[union-attr]
            return process, int(found.group(1).rstrip("/").rsplit(":", 1)[1])
    raise RuntimeError(f"kg serve did not start (exit code {process.wait()})")


def named_queries(settings: Settings) -> list[str]:
    """Every named query with its default parameters bound, as a client would send it."""
    from kg.api import open_built_store
    from kg.lookup import param_value
    from kg.namespaces import Ids
    from kg.queries import list_queries
    from kg.store.base import bind_values

    store = open_built_store(settings)
    try:
        ids = Ids(settings.base_iri)
        return [bind_values(q.sparql, {p.name: param_value(p.type, p.default, store, ids)
                                       for p in q.params if p.default}, q.name) for q in list_queries()]
    finally:
        store.close()


def run_serve_bench(settings: Settings, clients: int = 50, runaways: int = 5, seconds: float = 20.0,
                    progress: Callable[[str], None] = lambda _: None) -> ServeBench:
    queries = named_queries(settings)
    process, port = start_server(settings)
    try:
        progress(f"phase 1: {clients} clients, named queries only, {seconds:g} s")
        alone = _phase(process.pid, port, queries, clients, 0, seconds)
        progress(f"phase 2: {clients - runaways} clients with named queries, {runaways} sending runaways")
        mixed = _phase(process.pid, port, queries, clients, runaways, seconds)
        last_runaway = time.monotonic()
        time.sleep(max(0.0, last_runaway + 5 - time.monotonic()))
        before = tree_usage(process.pid)[0]
        time.sleep(2)
        idle = tree_usage(process.pid)[0] - before
    finally:
        process.terminate()
        process.wait(timeout=30)
    return ServeBench(alone, mixed, idle, os.cpu_count() or 1, os.getloadavg()[0])


def to_text(result: ServeBench) -> str:
    lines = [f"kg bench-serve on {result.cpus} CPUs (load average {result.load_average:.1f} at the end)"]
    for name, phase in (("named queries alone", result.alone), ("with runaways", result.with_runaways)):
        lines.append(f"  {name:<20} {phase.clients - phase.runaway_clients} clients: {phase.per_second:6.0f} q/s, "
                     f"p50 {phase.p50_ms:5.0f} ms, p95 {phase.p95_ms:5.0f} ms, {phase.errors} errors, "
                     f"tree peak {phase.peak_tree_mib:.0f} MiB"
                     + (f", runaways answered {phase.runaway_answers}" if phase.runaway_clients else ""))
        lines.extend(f"      error: {error}" for error in phase.first_errors)
    ratio = result.with_runaways.per_second / max(result.alone.per_second, 1e-9)
    lines.append(f"  with runaways / alone: {ratio:.0%}; CPU 5-7 s after the last runaway: {result.idle_cpu_s:.2f} s")
    lines.extend(f"  [{'ok' if passed else 'MISSED'}] {check}" for check, passed in result.checks().items())
    return "\n".join(lines) + "\n"
