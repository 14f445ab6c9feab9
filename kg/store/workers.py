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
import threading
import time
from collections import OrderedDict
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any, Callable

from kg.processes import reap
from kg.store import sandbox
from kg.store.base import Busy, Cancelled, QueryMemory, QueryTimeout, StoreUnavailable
from kg.store.worker_process import Limits, Worker, died, lower_priority, raise_reply, start_worker

__all__ = ["Limits", "WorkerPool", "query_key", "store_identity"]

TICK_S = 0.05  # how often a waiting caller checks the clock, the worker's size and its cancel flag
GRACE_S = 0.5  # the store stops a query itself at its deadline; the pool kills it this much later


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
        self.preload = ("kg.store.worker_process", *preload)
        self.fork = fork  # False: always through a forkserver (a server must not pass its sockets on)
        # One lock, two queues of waiting callers: a freed worker wakes one caller of each kind
        # (not all of them: fifty waiting threads woken for every answer cost a core), and a
        # caller of a long query cannot swallow the wakeup a short one needed.
        self._lock = threading.Lock()
        self._short_waiters = threading.Condition(self._lock)
        self._long_waiters = threading.Condition(self._lock)
        self._doomed: list[Worker] = []  # workers to kill once the lock is released
        self._idle: list[Worker] = []
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
        """Counts the rebuilt stores this pool has noticed (the server's event loop asks: the stale
        workers it notices are killed by the next caller that wants a worker, not here)."""
        with self._lock:
            self._check_store()
            return self._generation

    # -- workers ----------------------------------------------------------------------------
    def _start(self, generation: int) -> Worker:
        return start_worker(self.url, self.limits, self.writable, self.sandboxed, self.with_extracted,
                            generation, self.fork, self.preload)

    def warm(self) -> None:
        """Start every worker now (a server does, so its first requests do not wait)."""
        workers = [self._acquire(None, time.monotonic() + 60) for _ in range(self.size)]
        for worker in workers:
            self._release(worker)

    def _wake(self, everyone: bool = False) -> None:
        """Called under the lock when a worker or a long slot may have come free."""
        for waiters in (self._short_waiters, self._long_waiters):
            waiters.notify_all() if everyone else waiters.notify()

    def _bury(self) -> None:
        """Kill the stale workers outside the lock: a dying worker of 500 MiB takes a while, and the
        server's event loop must never wait for the lock that long."""
        with self._lock:
            doomed, self._doomed = self._doomed, []
        for worker in doomed:
            worker.kill()
        if doomed:
            with self._lock:
                self._count -= len(doomed)
                self._wake(everyone=True)

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
            self._doomed.extend(stale)  # they count until they are gone (a writable store's lock)

    def _acquire(self, key: str | None, deadline: float) -> Worker:
        while True:
            try:
                worker = self._take(key, deadline)
            finally:
                self._bury()
            if worker is not None:
                return worker

    def _take(self, key: str | None, deadline: float) -> Worker | None:
        """A worker, or None when stale workers must be killed (outside the lock) first."""
        heavy = key is not None and key in self._heavy
        waiters = self._long_waiters if heavy else self._short_waiters
        with self._lock:
            while True:
                if self._closed:
                    raise StoreUnavailable("the query workers are shut down")
                self._check_store()
                lane_free = not heavy or self._long < self.long_slots
                if lane_free and (self._idle or self._count < self.size):
                    break
                if self._doomed:
                    return None
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    what = "long queries" if heavy else "queries"
                    raise Busy(f"every worker for {what} is busy; try again shortly")
                waiters.wait(min(remaining, 1.0))
            if heavy:
                self._long += 1
            if self._idle:
                worker = self._idle.pop()
                worker.long = heavy
                if heavy:
                    lower_priority(worker)
                return worker
            self._count += 1
            generation = self._generation
        try:
            worker = self._start(generation)
        except BaseException:
            with self._lock:
                self._count -= 1
                self._long -= heavy
                self._wake(everyone=True)
            raise
        worker.long = heavy
        if heavy:
            lower_priority(worker)
        return worker

    def _release(self, worker: Worker, dead: bool = False) -> None:
        with self._lock:
            if worker.long:
                self._long -= 1
            # A worker that ran a long query keeps its low priority: replace it.
            retire = dead or worker.long or worker.generation != self._generation or self._closed
            if not retire:
                self._idle.append(worker)
            self._wake()
        if retire:
            worker.kill()  # outside the lock; it counts until it is gone, so the pool never overshoots
            with self._lock:
                self._count -= 1
                self._wake()

    def _mark_heavy(self, key: str | None) -> None:
        if key is None:
            return
        with self._lock:
            self._heavy[key] = None
            self._heavy.move_to_end(key)
            while len(self._heavy) > 1024:
                self._heavy.popitem(last=False)

    def _became_long(self, worker: Worker) -> bool:
        """A running query just became long: it takes a long slot, or is stopped (False)."""
        with self._lock:
            if self._long >= self.long_slots:
                return False
            self._long += 1
            worker.long = True
        lower_priority(worker)
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
            raise_reply(kind, value)
        finally:
            self._release(worker, dead)

    def _wait(self, worker: Worker, key: str | None, cpu_before: float, deadline: float,
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

    def _died(self, worker: Worker) -> tuple[str, Any]:
        self.replaced += 1
        return died(worker)

    def _memory_message(self) -> str:
        return (f"the query needed more than {self.limits.memory_bytes // 2**20} MiB "
                "(KG_QUERY_MEMORY) and was stopped")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            self._count -= len(idle)
            self._wake(everyone=True)
        for worker in idle:
            # The worker sees EOF and exits, unless a sibling forked later holds a copy of this end.
            worker.conn.close()
            if not reap(worker.process, 2):
                worker.kill()
        self._bury()
