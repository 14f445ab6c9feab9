"""One system on one data set, in a fresh process: `python -m kg.bench.worker` reads a
job (one JSON line) on stdin and writes events (JSON lines) on stdout: the start of
each run and each operation's measurements.

Why a process per system and size: the two systems' memory never mixes, and
peak memory can be read from the kernel. tracemalloc would not do: it sees
only Python's allocator, not the Rust heap where Oxigraph keeps the graph.
Before each operation the process's peak RSS (VmHWM) is reset through
/proc/self/clear_refs, so each operation's peak is its own (it includes the
store already resident, which the operation needs). Where the kernel does not
allow the reset, ru_maxrss is reported instead (a peak so far, marked so).
"""

from __future__ import annotations

import gc
import json
import resource
import signal
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from kg.bench.operations import OURS, RAW_PREFIX, load_store, raw_runner_for, runner_for
from kg.settings import Settings


@dataclass(frozen=True)
class Job:
    system: str
    data: str  # N-Quads file
    operations: list[str]
    repeat: int
    params: dict[str, dict[str, str]]
    timeout_s: float  # per run of one operation
    root: str
    base_iri: str
    label: str = ""  # shown in progress lines


class _Deadline(Exception):
    pass


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Interrupt pure-Python work (rdflib) after `seconds`; native code is interrupted when it returns."""
    def expire(_signum: int, _frame: object) -> None:
        raise _Deadline()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _status_kib(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def reset_peak() -> tuple[str, float | None]:
    """Start a new peak; returns how peaks are measured and the resident MiB now."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        method = "VmHWM"
    except OSError:
        method = "ru_maxrss"
    rss = _status_kib("VmRSS")
    return method, None if rss is None else rss / 1024


def peak_mib(method: str) -> float:
    if method == "VmHWM":
        hwm = _status_kib("VmHWM")
        if hwm is not None:
            return hwm / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(run: Callable[[], Any], repeat: int, timeout_s: float,
            started: Callable[[int], None] = lambda _: None) -> tuple[dict[str, Any], Any]:
    """Time `run` up to `repeat` times; peak memory from the first run (a fresh state).

    The previous run's value is let go before the next run, so repeated loads never hold two stores.
    `started(n)` is called before run n, so that a watcher can tell a run that never ends.
    """
    runs: list[float] = []
    record: dict[str, Any] = {"status": "ok"}
    value: Any = None
    for attempt in range(repeat):
        value = None
        gc.collect()
        if attempt == 0:
            method, base = reset_peak()
        started(attempt)
        try:
            with deadline(timeout_s):
                begun = time.perf_counter()
                value = run()
                runs.append(time.perf_counter() - begun)
        except _Deadline:
            runs.append(timeout_s)
            record["status"] = "timeout"
        except Exception as exc:  # a failing operation is reported, the others still run
            record.update(status="error", error=f"{type(exc).__name__}: {exc}"[:300])
        if attempt == 0:
            record.update(peak_mib=round(peak_mib(method), 1), base_mib=None if base is None else round(base, 1),
                          memory=method)
        if record["status"] != "ok":
            break
    record["runs"] = [round(r, 6) for r in runs]
    return record, value


Emit = Callable[[dict[str, Any]], None]


def run_job(job: Job, emit: Emit) -> None:
    """Load, then every operation; each result (and each run's start) is emitted as it happens."""
    settings = Settings(root=Path(job.root), base_iri=job.base_iri)

    def started(operation: str) -> Callable[[int], None]:
        return lambda attempt: emit({"event": "start", "operation": operation, "run": attempt})

    def beside(operation: str) -> None:
        """The raw engine's record of the operation just measured, measured now (see operations)."""
        if job.system != OURS or store is None:
            return
        run = raw_runner_for(operation, store, Path(job.data), settings, job.params)  # type: ignore[arg-type]
        if run is not None:
            name = RAW_PREFIX + operation
            raw, output = measure(run, job.repeat, job.timeout_s * (10 if operation == "load" else 1), started(name))
            emit({"event": "done", "operation": name, "record": {**raw, "output": output}})

    record, store = measure(lambda: load_store(job.system, Path(job.data)), job.repeat, job.timeout_s * 10,
                            started("load"))
    record["output"] = len(store) if store is not None else None
    emit({"event": "done", "operation": "load", "record": record})
    beside("load")
    for operation in job.operations:
        if operation == "load":
            continue
        if store is None:
            record = {"status": "skipped", "error": "the load failed", "runs": []}
        else:
            try:
                run = runner_for(operation, job.system, store, settings, job.params)
            except Exception as exc:
                run, record = None, {"status": "error", "error": f"{type(exc).__name__}: {exc}"[:300], "runs": []}
            else:
                record = {"status": "n/a", "runs": []}
            if run is not None:
                record, output = measure(run, job.repeat, job.timeout_s, started(operation))
                record["output"] = output
        emit({"event": "done", "operation": operation, "record": record})
        beside(operation)


def _line(job: Job, operation: str, record: dict[str, Any]) -> str:
    runs = record.get("runs") or [0.0]
    return (f"  {job.label} {job.system:<6} {operation:<34} {min(runs):9.3f} s  "
            f"{record.get('peak_mib', 0):8.1f} MiB  {record['status']}")


def main() -> None:
    job = Job(**json.loads(sys.stdin.readline()))

    def emit(event: dict[str, Any]) -> None:
        if event["event"] == "done":
            print(_line(job, event["operation"], event["record"]), file=sys.stderr, flush=True)
        print(json.dumps(event), flush=True)  # one line per event: the parent reads them as they come

    run_job(job, emit)


if __name__ == "__main__":
    main()
