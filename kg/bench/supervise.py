"""Run a worker process and keep it honest about time.

rdflib work can be interrupted inside the worker (an alarm), but a query
running inside Oxigraph's native code cannot: it only returns when done. So
the worker announces the start of every run, and if a run outlives its time
limit the worker is killed, the operation is marked as timed out and a fresh
worker carries on with the operations left (loading the data again).
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from dataclasses import asdict, replace
from typing import Any

from kg.bench.worker import Job

POLL_S = 0.5  # how often a running worker's time and memory are checked


def grace(timeout_s: float) -> float:
    """Time beyond the per-run limit, for the worker's own alarm to fire first."""
    return max(5.0, min(30.0, timeout_s / 2))


def _reader(stream: Any, lines: "queue.Queue[str | None]") -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def _rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _run_once(job: Job, results: dict[str, dict[str, Any]], max_memory_mib: float) -> tuple[str, str] | None:
    """One worker; records results as they come. Returns (operation, why) if one had to be stopped."""
    process = subprocess.Popen([sys.executable, "-m", "kg.bench.worker"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=None, text=True)
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(json.dumps(asdict(job)) + "\n")
    process.stdin.close()
    lines: "queue.Queue[str | None]" = queue.Queue()
    threading.Thread(target=_reader, args=(process.stdout, lines), daemon=True).start()
    current: str | None = None
    since = time.monotonic()
    try:
        while True:
            try:
                line = lines.get(timeout=POLL_S)
            except queue.Empty:
                if current is None:
                    continue
                limit = job.timeout_s * (10 if current.endswith("load") else 1) + grace(job.timeout_s)
                if time.monotonic() - since > limit:
                    return current, "timeout"
                if _rss_mib(process.pid) > max_memory_mib:
                    return current, "memory"
                continue
            if line is None:
                return None
            event = json.loads(line)
            if event["event"] == "start":
                current, since = event["operation"], time.monotonic()
            elif event["event"] == "done":
                results.setdefault(event["operation"], event["record"])  # a reload after a restart is not kept
                current = None
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()


def run_system(job: Job, max_memory_mib: float = 6144.0) -> dict[str, dict[str, Any]]:
    """Every operation of `job`, each with a record, even when one hangs, eats memory or the worker dies."""
    results: dict[str, dict[str, Any]] = {}
    operations = list(job.operations)
    while True:
        stopped = _run_once(job, results, max_memory_mib)
        if stopped is None:
            break
        hung, why = stopped
        if why == "timeout":
            results[hung] = {"status": "timeout", "runs": [job.timeout_s * (10 if hung == "load" else 1)],
                             "error": f"still running after {job.timeout_s:.0f} s (+{grace(job.timeout_s):.0f} s "
                                      "grace) in native code: the worker was stopped"}
        else:
            results[hung] = {"status": "memory", "runs": [], "peak_mib": max_memory_mib,
                             "error": f"resident memory passed --max-memory {max_memory_mib:.0f} MiB: "
                                      "the worker was stopped"}
        left = [op for op in operations if op not in results]
        if hung == "load" or not left:
            break
        job = replace(job, operations=left)
    for operation in ("load", *operations):
        results.setdefault(operation, {"status": "error", "runs": [], "error": "the worker exited early"})
    return results
