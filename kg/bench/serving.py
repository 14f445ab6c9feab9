"""`kg bench-serve`: a real `kg serve` on loopback under 50 clients, then with runaways among them.

Phase 1: every client sends the named queries (default parameters bound) for `seconds`, as the
query page's users do: repeated texts, which the server answers from its cache once seen.
Phase 2: the same, but each request's text is its own (a comment makes it new), so every
request runs in a query worker: what the server does for queries it has not seen.
Phase 3: as phase 1, but `runaways` of the clients send runaway queries (a cartesian COUNT and a
cartesian ORDER BY) all the time.
Figures: throughput and p50/p95 of the well-behaved clients, errors, the server's process-tree
peak memory and CPU, the load generator's own CPU (it shares the cores), the machine's load,
and the server's CPU in the seconds after the last runaway gave up.

Baseline, in the same run: the same jobs without HTTP (kg.bench.direct), whose queries per
second give each phase a ratio that holds however loaded the machine is.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, replace
from typing import Callable

from kg.bench.direct import in_process_per_second
from kg.bench.loadgen import Tally, generate
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
    server_cpu_s: float  # CPU the server's process tree used in the phase
    client_cpu_s: float  # CPU the load generator used in the phase
    unique: bool = False  # each request's text its own: no answer from the cache
    baseline_per_second: float | None = None  # kg.bench.direct, measured just before the phase
    load_average: float = 0.0  # the machine's, over the last minute, at the end of the phase


@dataclass(frozen=True)
class ServeBench:
    alone: Phase
    uncached: Phase | None
    with_runaways: Phase
    idle_cpu_s: float  # CPU seconds the server tree used from 5 s to 7 s after the last runaway
    cpus: int
    load_average: float  # at the end
    load_before: float
    baseline_processes: int = 0  # how many processes ran the in-process baseline (the server's workers)

    @property
    def direct_per_second(self) -> float | None:
        """The baseline (the same jobs in-process, one process per core), over the phases."""
        found = [p.baseline_per_second for p in (self.alone, self.uncached, self.with_runaways)
                 if p is not None and p.baseline_per_second]
        return sum(found) / len(found) if found else None

    @staticmethod
    def ratio(phase: Phase) -> float | None:
        return phase.per_second / phase.baseline_per_second if phase.baseline_per_second else None

    def checks(self) -> dict[str, bool]:
        found = {
            "named queries alone >= 250 q/s": self.alone.per_second >= 250,
            "alone p95 < 400 ms": self.alone.p95_ms < 400,
            "with runaways >= 40 % of alone": self.with_runaways.per_second >= 0.4 * self.alone.per_second,
            "with runaways p95 < 1.5 s": self.with_runaways.p95_ms < 1500,
            "no errors": all(p.errors == 0 for p in (self.alone, self.uncached, self.with_runaways) if p),
            "process tree < 2 GiB": max(self.alone.peak_tree_mib, self.with_runaways.peak_tree_mib) < 2048,
            "no CPU 5 s after the last runaway": self.idle_cpu_s < 0.1,
        }
        if self.uncached is not None:  # not the target: how far the workers alone go
            found["(uncached texts >= 250 q/s)"] = self.uncached.per_second >= 250
            found["(uncached texts p95 < 400 ms)"] = self.uncached.p95_ms < 400
        return found

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "direct_per_second": self.direct_per_second, "checks": self.checks()}


def _generator_process(out: "mp.Queue[Tally]", *args: object) -> None:
    out.put(generate(*args))  # type: ignore[arg-type]


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
    """CPU seconds (the reaped descendants' included) and resident bytes of a process and all its
    live descendants."""
    cpu, resident = 0.0, 0
    for member in _tree(pid):
        try:
            with open(f"/proc/{member}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            # Its own CPU and that of its children it has reaped (workers killed and replaced).
            cpu += sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")
            resident += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            pass
    return cpu, resident


def _phase(pid: int, port: int, queries: list[str], clients: int, runaways: int, seconds: float,
           unique: bool = False) -> Phase:
    # The generator runs in a process of its own, so the watcher here does not share its GIL.
    context = mp.get_context("fork")
    out: "mp.Queue[Tally]" = context.Queue()
    generator = context.Process(target=_generator_process, args=(
        out, port, queries, clients, list(RUNAWAYS), runaways, seconds, unique))
    peak = 0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_usage(pid)[1])
            time.sleep(0.1)

    cpu_before = tree_usage(pid)[0]
    generator.start()
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    tally = out.get()
    generator.join()
    done.set()
    watcher.join()
    server_cpu = tree_usage(pid)[0] - cpu_before
    latencies = tally.latencies
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else [0.0] * 99
    return Phase(clients, runaways, seconds, len(latencies), len(latencies) / seconds, cuts[49] * 1000,
                 cuts[94] * 1000, len(tally.errors), tuple(tally.errors[:5]), tally.runaway_statuses,
                 peak / 2**20, server_cpu, tally.cpu_s, unique, load_average=os.getloadavg()[0])


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
                    progress: Callable[[str], None] = lambda _: None, uncached: bool = True,
                    baseline_s: float | None = None) -> ServeBench:
    """The three phases on one server, and the in-process baseline (`baseline_s`=0: none)."""
    queries = named_queries(settings)
    cpus = os.cpu_count() or 1
    load_before = os.getloadavg()[0]
    baseline_s = max(2.0, seconds / 4) if baseline_s is None else baseline_s

    def phase(title: str, pid: int, port: int, runaways: int, unique: bool = False) -> Phase:
        # The baseline just before each phase, while the server idles: the machine's load changes
        # by the minute when it is shared, so each phase is compared with its own moment.
        direct = in_process_per_second(settings, queries, baseline_s, settings.workers) if baseline_s > 0 else None
        progress(title + (f" (after {baseline_s:g} s of in-process baseline: {direct:.0f} q/s)" if direct else ""))
        found = _phase(pid, port, queries, clients, runaways, seconds, unique)
        return replace(found, baseline_per_second=direct)

    process, port = start_server(settings)
    try:
        alone = phase(f"phase 1: {clients} clients, named queries only, {seconds:g} s", process.pid, port, 0)
        unseen = phase(f"phase 2: {clients} clients, named queries each made unique (no cache), {seconds:g} s",
                       process.pid, port, 0, unique=True) if uncached else None
        mixed = phase(f"phase 3: {clients - runaways} clients with named queries, {runaways} sending runaways",
                      process.pid, port, runaways)
        last_runaway = time.monotonic()
        time.sleep(max(0.0, last_runaway + 5 - time.monotonic()))
        before = tree_usage(process.pid)[0]
        time.sleep(2)
        idle = tree_usage(process.pid)[0] - before
    finally:
        process.terminate()
        process.wait(timeout=30)
    return ServeBench(alone, unseen, mixed, idle, cpus, os.getloadavg()[0], load_before,
                      settings.workers if baseline_s > 0 else 0)


def _phase_line(name: str, phase: Phase, result: ServeBench) -> str:
    ratio = result.ratio(phase)
    return (f"  {name:<22} {phase.clients - phase.runaway_clients} clients: {phase.per_second:6.0f} q/s"
            + (f" ({ratio:.2f}x baseline)" if ratio is not None else "")
            + f", p50 {phase.p50_ms:5.0f} ms, p95 {phase.p95_ms:5.0f} ms, {phase.errors} errors, "
            f"tree peak {phase.peak_tree_mib:.0f} MiB, CPU server {phase.server_cpu_s:.1f} s / "
            f"clients {phase.client_cpu_s:.1f} s, load {phase.load_average:.1f}"
            + (f", runaways answered {phase.runaway_answers}" if phase.runaway_clients else ""))


def to_text(result: ServeBench) -> str:
    lines = [f"kg bench-serve on {result.cpus} CPUs (load average {result.load_before:.1f} before, "
             f"{result.load_average:.1f} at the end)"]
    if result.direct_per_second is not None:
        lines.append(f"  {'baseline (in-process)':<22} {result.baseline_processes} processes: "
                     f"{result.direct_per_second:6.0f} q/s "
                     "(the same jobs, no HTTP, no cache; measured before each phase, mean)")
    phases = (("named queries alone", result.alone), ("uncached (unique texts)", result.uncached),
              ("with runaways", result.with_runaways))
    for name, phase in phases:
        if phase is not None:
            lines.append(_phase_line(name, phase, result))
            lines.extend(f"      error: {error}" for error in phase.first_errors)
    ratio = result.with_runaways.per_second / max(result.alone.per_second, 1e-9)
    lines.append(f"  with runaways / alone: {ratio:.0%}; CPU 5-7 s after the last runaway: {result.idle_cpu_s:.2f} s")
    lines.extend(f"  [{'ok' if passed else 'MISSED'}] {check}" for check, passed in result.checks().items())
    return "\n".join(lines) + "\n"
