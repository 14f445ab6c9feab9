"""One query worker process: its main loop (in the child) and its handle (in the parent).

The worker opens its own handle on the store (read-only unless the pool is for updates),
forbids itself the network (kg.store.sandbox) and caps its address space, then runs one job at a
time: `job(store, *args, **kwargs)` sent by the pool, its value (or its error as one line) sent
back. A worker whose job ran out of memory exits, since its heap may be in any state.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from kg.errors import KgError, Location
from kg.processes import reap
from kg.store import sandbox
from kg.store.base import QueryTimeout, Refused, StoreUnavailable

REFUSED_MESSAGE = "SERVICE and LOAD are refused: this endpoint makes no outbound requests"
START_S = 60.0  # opening the store in a fresh worker


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 30.0
    memory_bytes: int = 512 * 2**20


# -- in the worker --------------------------------------------------------------------------
def worker_main(conn: Connection, url: str, writable: bool, memory_bytes: int, sandboxed: bool,
                 with_extracted: bool) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    sandbox.die_with_parent()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        if sandboxed:
            sandbox.no_network()
        from kg.store import open_store

        store = open_store(url, read_only=not writable, with_extracted=with_extracted)
        sandbox.cap_memory(memory_bytes)
    except BaseException as exc:  # noqa: BLE001 (reported to the parent, which raises it)
        conn.send(("unavailable", f"cannot open {url} in a query worker: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job, args, kwargs = conn.recv()
        except (EOFError, OSError):
            return
        attempts = sandbox.network_attempts()
        try:
            reply: tuple[str, Any] = ("ok", job(store, *args, **kwargs))
        except MemoryError:
            reply = ("memory", None)
        except BaseException as exc:  # noqa: BLE001 (every error goes back as one line)
            reply = _error_reply(exc)
        if sandbox.network_attempts() != attempts:
            reply = ("refused", REFUSED_MESSAGE)
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(("memory", None))
        if reply[0] == "memory":
            os._exit(1)  # the heap may be in any state: start afresh


def _error_reply(exc: BaseException) -> tuple[str, Any]:
    location = getattr(exc, "location", None)
    where = None if location is None else (location.where, location.line, location.column)
    for kind, cls in (("timeout", QueryTimeout), ("refused", Refused), ("unavailable", StoreUnavailable),
                      ("error", KgError)):
        if isinstance(exc, cls):
            return (kind, (exc.message, where))  # type: ignore[attr-defined]
    return ("bug", f"{type(exc).__name__}: {exc}")


_ERRORS: dict[str, type[KgError]] = {"timeout": QueryTimeout, "refused": Refused,
                                     "unavailable": StoreUnavailable, "error": KgError}


def raise_reply(kind: str, value: Any) -> None:
    if kind == "bug":
        raise RuntimeError(f"query worker: {value}")
    message, where = value if isinstance(value, tuple) else (value, None)
    raise _ERRORS[kind](message, None if where is None else Location(*where))


# -- in the parent --------------------------------------------------------------------------
@dataclass
class Worker:
    process: Any
    conn: Connection
    generation: int
    long: bool = False

    def kill(self) -> None:
        try:
            self.process.kill()
        except (OSError, ValueError):
            pass
        reap(self.process, 5)
        self.conn.close()


def context(fork: bool, preload: tuple[str, ...]) -> Any:
    # A process with threads or sockets (the server) must not fork itself: its forkserver does.
    if fork and threading.active_count() == 1:
        return mp.get_context("fork")
    forkserver = mp.get_context("forkserver")
    forkserver.set_forkserver_preload(list(preload))
    return forkserver


def start_worker(url: str, limits: Limits, writable: bool, sandboxed: bool, with_extracted: bool,
                 generation: int, fork: bool, preload: tuple[str, ...]) -> Worker:
    """A worker with its store open, or StoreUnavailable saying why not."""
    parent, child = mp.Pipe()
    process = context(fork, preload).Process(
        target=worker_main, daemon=True, name="kg-query-worker",
        args=(child, url, writable, limits.memory_bytes, sandboxed, with_extracted))
    process.start()
    child.close()
    if not parent.poll(START_S):
        process.kill()
        raise StoreUnavailable(f"a query worker on {url} did not start within {START_S:g} s")
    try:
        kind, value = parent.recv()
    except EOFError:
        raise StoreUnavailable(f"a query worker on {url} died while opening the store") from None
    if kind != "ready":
        if not reap(process, 5):  # it reported why it cannot open the store and is exiting
            process.kill()
        raise StoreUnavailable(str(value))
    return Worker(process, parent, generation)


def died(worker: Worker) -> tuple[str, Any]:
    """The reply of a worker whose pipe closed mid-job: it ran out of memory, or a bug."""
    reap(worker.process, 5)
    # Past RLIMIT_AS the allocator fails: Python raises MemoryError, Rust aborts (SIGABRT).
    code = worker.process.exitcode
    if code in {1, -signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS}:
        return ("memory", None)
    return ("bug", f"the worker died (exit code {code})")


def lower_priority(worker: Worker) -> None:
    try:
        os.setpriority(os.PRIO_PROCESS, worker.process.pid, 19)
    except OSError:
        pass
