"""Queries run in worker processes, where they can be stopped.

Oxigraph cannot be interrupted mid-evaluation, so each query runs in a worker process
that holds its own handle on the store (read-only unless the pool is for updates). The
pool waits for the answer and kills the worker, and starts a fresh one in its place,
when the query passes its time limit, its memory cap, or the caller gives up (a client
that disconnected). A worker on the embedded store cannot open internet sockets
(kg.store.sandbox), so SERVICE and LOAD fetch nothing whatever the query text hides.

Admission: a query that has used `long_after_s` of CPU is *long* (CPU, not wall-clock time, so
a query that only waits for a core on a loaded machine is not taken for a runaway). Long
queries hold at most `long_slots` workers (a third of the pool), at the lowest CPU priority; one
more is stopped with Busy (503). A query text that was long once waits for a long slot the
next time, so clients repeating runaways hold at most a third of the pool and short queries keep
flowing.

The pool notices a rebuilt store (`kg build` renames a new directory into place): idle
workers of the old store are replaced at once, busy ones when their query ends.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import signal
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Callable

from kg.errors import KgError, Location
from kg.processes import reap
from kg.store import sandbox
from kg.store.base import Busy, Cancelled, QueryMemory, QueryTimeout, Refused, StoreUnavailable

TICK_S = 0.05  # how often a waiting caller checks the clock, the worker's size and its cancel flag
GRACE_S = 0.5  # the store stops a query itself at its deadline; the pool kills it this much later
REFUSED_MESSAGE = "SERVICE and LOAD are refused: this endpoint makes no outbound requests"


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 30.0
    memory_bytes: int = 512 * 2**20


# -- in the worker --------------------------------------------------------------------------
def _worker_main(conn: Connection, url: str, writable: bool, memory_bytes: int, sandboxed: bool,
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


def _raise(kind: str, value: Any) -> None:
    if kind == "bug":
        raise RuntimeError(f"query worker: {value}")
    message, where = value if isinstance(value, tuple) else (value, None)
    raise _ERRORS[kind](message, None if where is None else Location(*where))


# -- in the parent --------------------------------------------------------------------------
@dataclass
class _Worker:
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


def store_identity(url: str) -> tuple[int, int] | None:
    """What changes when `kg build` puts a new store in place (None for stores not on disk)."""
    if not url.startswith("oxigraph:"):
        return None
    try:
        found = Path(url.removeprefix("oxigraph:")).stat()
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


def query_key(text: str) -> str:
    """The same query, however it is spaced."""
    return hashlib.sha1(" ".join(text.split()).encode()).hexdigest()


class WorkerPool:
    """At most `size` worker processes on the store at `url`, each running one job at a time."""

    def __init__(self, url: str, limits: Limits, size: int = 1, writable: bool = False,
                 sandboxed: bool | None = None, long_slots: int | None = None,
                 long_after_s: float = 0.5, preload: tuple[str, ...] = (), fork: bool = True,
                 with_extracted: bool = False) -> None:
        self.url = url
        self.with_extracted = with_extracted
        self.limits = limits
        self.size = 1 if writable else max(1, size)
        self.writable = writable
        local = url.startswith("oxigraph:")
        self.sandboxed = (local and sandbox.can_forbid_network()) if sandboxed is None else sandboxed
        self.long_slots = max(1, self.size // 3) if long_slots is None else long_slots
        self.long_after_s = long_after_s
        self.preload = ("kg.store.workers", *preload)
        self.fork = fork  # False: always through a forkserver (a server must not pass its sockets on)
        self._lock = threading.Condition()
        self._idle: list[_Worker] = []
        self._count = 0  # workers alive or being started
        self._long = 0
        self._heavy: OrderedDict[str, None] = OrderedDict()
        self._generation = 0
        self._identity = store_identity(url)
        self._checked = time.monotonic()
        self._closed = False
        self.replaced = 0  # workers killed and replaced (a figure for tests and the bench)

    @property
    def generation(self) -> int:
        """Counts the rebuilt stores this pool has noticed."""
        with self._lock:
            self._check_store()
            return self._generation

    # -- workers ----------------------------------------------------------------------------
    def _context(self) -> Any:
        # A process with threads or sockets (the server) must not fork itself: its forkserver does.
        if self.fork and threading.active_count() == 1:
            return mp.get_context("fork")
        context = mp.get_context("forkserver")
        context.set_forkserver_preload(list(self.preload))
        return context

    def _start(self, generation: int) -> _Worker:
        parent, child = mp.Pipe()
        process = self._context().Process(
            target=_worker_main, daemon=True, name="kg-query-worker",
            args=(child, self.url, self.writable, self.limits.memory_bytes, self.sandboxed, self.with_extracted))
        process.start()
        child.close()
        if not parent.poll(60):
            process.kill()
            raise StoreUnavailable(f"a query worker on {self.url} did not start within 60 s")
        try:
            kind, value = parent.recv()
        except EOFError:
            raise StoreUnavailable(f"a query worker on {self.url} died while opening the store") from None
        if kind != "ready":
            if not reap(process, 5):  # it reported why it cannot open the store and is exiting
                process.kill()
            raise StoreUnavailable(str(value))
        return _Worker(process, parent, generation)

    def warm(self) -> None:
        """Start every worker now (a server does, so its first requests do not wait)."""
        workers = [self._acquire(None, time.monotonic() + 60) for _ in range(self.size)]
        for worker in workers:
            self._release(worker)

    def _check_store(self) -> None:
        """Called under the lock: a new store on disk makes the idle workers stale."""
        now = time.monotonic()
        if now - self._checked < 0.5:
            return
        self._checked = now
        identity = store_identity(self.url)
        if identity is not None and identity != self._identity:
            self._identity = identity
            self._generation += 1
            stale, self._idle = self._idle, []
            self._count -= len(stale)
            for worker in stale:
                worker.kill()

    def _acquire(self, key: str | None, deadline: float) -> _Worker:
        heavy = key is not None and key in self._heavy
        with self._lock:
            while True:
                if self._closed:
                    raise StoreUnavailable("the query workers are shut down")
                self._check_store()
                lane_free = not heavy or self._long < self.long_slots
                if lane_free and (self._idle or self._count < self.size):
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    what = "long queries" if heavy else "queries"
                    raise Busy(f"every worker for {what} is busy; try again shortly")
                self._lock.wait(min(remaining, 1.0))
            if heavy:
                self._long += 1
            if self._idle:
                worker = self._idle.pop()
                worker.long = heavy
                if heavy:
                    _lower_priority(worker)
                return worker
            self._count += 1
            generation = self._generation
        try:
            worker = self._start(generation)
        except BaseException:
            with self._lock:
                self._count -= 1
                self._long -= heavy
                self._lock.notify_all()
            raise
        worker.long = heavy
        if heavy:
            _lower_priority(worker)
        return worker

    def _release(self, worker: _Worker, dead: bool = False) -> None:
        with self._lock:
            if worker.long:
                self._long -= 1
            # A worker that ran a long query keeps its low priority: replace it.
            if dead or worker.long or worker.generation != self._generation or self._closed:
                self._count -= 1
                worker.kill()
            else:
                self._idle.append(worker)
            self._lock.notify_all()

    def _mark_heavy(self, key: str | None) -> None:
        if key is None:
            return
        with self._lock:
            self._heavy[key] = None
            self._heavy.move_to_end(key)
            while len(self._heavy) > 1024:
                self._heavy.popitem(last=False)

    def _became_long(self, worker: _Worker) -> bool:
        """A running query just became long: it takes a long slot, or is stopped (False)."""
        with self._lock:
            if self._long >= self.long_slots:
                return False
            self._long += 1
            worker.long = True
        _lower_priority(worker)
        return True

    # -- jobs -------------------------------------------------------------------------------
    def run(self, job: Callable[..., Any], *args: Any, key: str | None = None,
            cancel: threading.Event | None = None, timeout_s: float | None = None, **kwargs: Any) -> Any:
        """`job(store, *args, **kwargs)` in a worker; its value, or its error raised here.

        `key` (see query_key) names the query for admission; `cancel` stops it when set.
        """
        timeout = self.limits.timeout_s if timeout_s is None else timeout_s
        started = time.monotonic()
        worker = self._acquire(key, started + timeout)
        cpu_before = sandbox.cpu_seconds(worker.process.pid)
        dead = True
        try:
            worker.conn.send((job, args, kwargs))
            kind, value = self._wait(worker, key, cpu_before, started + timeout + GRACE_S, cancel)
            dead = kind == "memory"
            if kind in {"timeout", "memory"}:
                self._mark_heavy(key)
            if kind == "ok":
                return value
            if kind == "memory":
                raise QueryMemory(self._memory_message())
            _raise(kind, value)
        finally:
            self._release(worker, dead)

    def _wait(self, worker: _Worker, key: str | None, cpu_before: float, deadline: float,
              cancel: threading.Event | None) -> tuple[str, Any]:
        while True:
            if wait([worker.conn], TICK_S):
                try:
                    return worker.conn.recv()
                except (EOFError, OSError):
                    return self._died(worker)
            now = time.monotonic()
            if cancel is not None and cancel.is_set():
                self.replaced += 1
                raise Cancelled("the client went away; its query was stopped")
            if now > deadline:
                self._mark_heavy(key)
                self.replaced += 1
                raise QueryTimeout(f"the query ran past the time limit of {self.limits.timeout_s:g} s and was stopped")
            if sandbox.resident_bytes(worker.process.pid) > self.limits.memory_bytes:
                self._mark_heavy(key)
                self.replaced += 1
                raise QueryMemory(self._memory_message())
            if not worker.long and not self.writable and \
                    sandbox.cpu_seconds(worker.process.pid) - cpu_before > self.long_after_s:
                self._mark_heavy(key)
                if not self._became_long(worker):
                    self.replaced += 1
                    raise Busy(f"{self.long_slots} long queries are running; this one was stopped after "
                               f"{self.long_after_s:g} s of CPU: try again shortly")

    def _died(self, worker: _Worker) -> tuple[str, Any]:
        reap(worker.process, 5)
        self.replaced += 1
        # Past RLIMIT_AS the allocator fails: Python raises MemoryError, Rust aborts (SIGABRT).
        code = worker.process.exitcode
        if code in {1, -signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS}:
            return ("memory", None)
        return ("bug", f"the worker died (exit code {code})")

    def _memory_message(self) -> str:
        return (f"the query needed more than {self.limits.memory_bytes // 2**20} MiB "
                "(KG_QUERY_MEMORY) and was stopped")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            self._count -= len(idle)
            self._lock.notify_all()
        for worker in idle:
            # The worker sees EOF and exits, unless a sibling forked later holds a copy of this end.
            worker.conn.close()
            if not reap(worker.process, 2):
                worker.kill()


def _lower_priority(worker: _Worker) -> None:
    try:
        os.setpriority(os.PRIO_PROCESS, worker.process.pid, 19)
    except OSError:
        pass
