"""Extracting many articles: every core, progress as articles finish, oversized texts refused, and a
time limit per article.

The work of one article is kg.extract.extract_source, unchanged; this module only decides where it runs.
Worker processes are forked after the gazetteer, the ontology and the model are loaded, so they share
them (copy on write) instead of each rebuilding or unpickling them; only the article's slug goes in and
its Extraction comes out. A text over MAX_CHARACTERS (what `kg ingest` refuses too) is not extracted:
its extraction time grows faster than its length, and a news article is a few thousand characters.

An article still running after `time_limit` seconds is skipped (a Refused naming its file) and the
others go on: the parent kills that worker and forks a fresh one, so a regular expression or a parse
that never returns cannot hold up the run (a signal could not stop it inside C code). Extracting in
this process (one worker, or a few articles) stops the article by SIGALRM instead, which Python
delivers between bytecodes: the limit there is as good as the extractor's Python loops.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Callable, Iterator

from kg.extract import Extraction, Gazetteer, extract_source
from kg.ingest import MAX_BYTES
from kg.namespaces import Ids
from kg.ontology import Ontology
from kg.processes import reap
from kg.sources import Source

MAX_CHARACTERS = MAX_BYTES
# Larger than any news article: extraction still runs, but `kg build` and `kg extract` say so.
LARGE_CHARACTERS = 100_000
TIME_LIMIT_S = 60.0  # per article (KG_EXTRACT_TIMEOUT); a news article takes well under a second
SERIAL_BELOW = 8  # fewer articles than this: forking costs more than it saves

Progress = Callable[[int, int, str], None]  # (articles done, articles in all, the one just done)


@dataclass(frozen=True)
class Refused:
    slug: str
    reason: str


@dataclass(frozen=True)
class _Work:
    sources: dict[str, Source]
    gazetteer: Gazetteer
    ontology: Ontology
    ids: Ids


class _OverTime(Exception):
    pass


_WORK: _Work | None = None  # set in the parent just before forking; the children inherit it


def refusal(source: Source) -> Refused | None:
    if len(source.text) > MAX_CHARACTERS:
        return Refused(source.slug, f"{len(source.text):,} characters, over the {MAX_CHARACTERS:,} an article may "
                                    f"have ({source.text_file.name}); split it into articles or remove it")
    return None


def overtime(source: Source, limit: float) -> Refused:
    return Refused(source.slug, f"skipped: still extracting after the {limit:g} s limit per article "
                                f"({source.text_file.name}, {len(source.text):,} characters); split it into "
                                f"articles, or raise KG_EXTRACT_TIMEOUT")


def large_articles(articles_dir: Path) -> list[str]:
    """One warning per article text over LARGE_CHARACTERS (by its size on disk, without reading it)."""
    warnings = []
    for text_file in sorted(articles_dir.glob("*.txt")) if articles_dir.is_dir() else ():
        if text_file.name.endswith(".orig.txt"):
            continue  # the text as fetched, kept beside the cleaned one; never extracted
        size = text_file.stat().st_size
        if size > LARGE_CHARACTERS:
            verdict = (f"`kg extract` refuses it (over {MAX_CHARACTERS:,} characters)" if size > MAX_CHARACTERS
                       else "extraction will be slow, and stops at the time limit per article")
            warnings.append(f"sources/articles/{text_file.name}: {size:,} bytes, larger than any news article "
                            f"(over {LARGE_CHARACTERS:,}): {verdict}")
    return warnings


def worker_count(articles: int, workers: int | None = None) -> int:
    if workers is not None:
        return max(1, workers)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 1 if articles < SERIAL_BELOW else max(1, min(cores, articles))


def extract_many(sources: dict[str, Source], gazetteer: Gazetteer, ontology: Ontology, ids: Ids,
                 progress: Progress | None = None, workers: int | None = None,
                 time_limit: float | None = TIME_LIMIT_S) -> Iterator[Extraction | Refused]:
    """Each article's Extraction (or why it was refused or skipped), in the order of `sources`."""
    refused: dict[str, Extraction | Refused] = {slug: r for slug, s in sources.items() if (r := refusal(s))}
    todo = [slug for slug in sources if slug not in refused]
    done = 0
    results: dict[str, Extraction | Refused] = {}
    for slug, result in _run(todo, _Work(sources, gazetteer, ontology, ids), worker_count(len(todo), workers),
                             time_limit):
        results[slug] = result
        done += 1
        if progress:
            progress(done, len(todo), slug)
    for slug in sources:
        yield refused.get(slug) or results[slug]


def _run(slugs: list[str], work: _Work, workers: int, limit: float | None
         ) -> Iterator[tuple[str, Extraction | Refused]]:
    if slugs and limit:
        _warm_up()  # loading the model is no article's time
    if workers == 1 or len(slugs) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for slug in slugs:
            yield slug, _in_process(work, slug, limit)
        return
    _warm_up()  # before the fork, so that every worker shares what it loads
    yield from _Pool(work, workers, limit).run(slugs)


def _warm_up() -> None:
    """Load what the extractor loads lazily (the model, the place names) once, before the fork."""
    from kg.extract.gazetteer import known_places
    from kg.extract.model import pipeline
    from kg.extract.text import normalise

    pipeline()
    known_places()
    normalise("the People's Republic of China")


def _in_process(work: _Work, slug: str, limit: float | None) -> Extraction | Refused:
    with _alarm(limit):
        try:
            return _extract_with(work, slug)
        except _OverTime:
            return overtime(work.sources[slug], limit or 0)


@contextmanager
def _alarm(limit: float | None) -> Iterator[None]:
    """Raise _OverTime in this thread after `limit` seconds (only the main thread hears signals)."""
    if not limit or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def ring(signum, frame) -> None:  # type: ignore[no-untyped-def]
        raise _OverTime()

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Pool:
    """Forked workers fed one slug at a time; a worker past its article's deadline is killed and replaced."""

    def __init__(self, work: _Work, workers: int, limit: float | None) -> None:
        self.work, self.workers, self.limit = work, workers, limit
        self.idle: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
        self.busy: dict[Connection, tuple[multiprocessing.process.BaseProcess, str, float]] = {}

    def run(self, slugs: list[str]) -> Iterator[tuple[str, Extraction | Refused]]:
        global _WORK
        pending = list(reversed(slugs))
        _WORK = self.work
        try:
            while pending or self.busy:
                while pending and len(self.busy) < self.workers:
                    self._send(pending.pop())
                deadline = min(d for _, _, d in self.busy.values())
                ready = wait(list(self.busy), timeout=max(0.0, deadline - time.monotonic()))
                for conn in ready:
                    yield self._receive(conn)  # type: ignore[arg-type]
                now = time.monotonic()
                for conn, (process, slug, due) in list(self.busy.items()):
                    if due <= now:
                        self._discard(conn)
                        yield slug, overtime(self.work.sources[slug], self.limit or 0)
        finally:
            _WORK = None
            for conn in list(self.busy):
                self._discard(conn)
            for process, conn in self.idle:
                conn.send(None)
                conn.close()
                if not reap(process, 5):
                    process.kill()
                    process.join()

    def _send(self, slug: str) -> None:
        if self.idle:
            process, conn = self.idle.pop()
        else:
            conn, child = multiprocessing.get_context("fork").Pipe()
            process = multiprocessing.get_context("fork").Process(target=_serve, args=(child,), daemon=True)
            process.start()
            child.close()
        conn.send(slug)
        due = time.monotonic() + self.limit if self.limit else float("inf")
        self.busy[conn] = (process, slug, due)

    def _receive(self, conn: Connection) -> tuple[str, Extraction | Refused]:
        process, slug, _ = self.busy.pop(conn)
        try:
            outcome = conn.recv()
        except EOFError:  # the worker died (killed from outside, out of memory): that article only
            process.join()
            conn.close()
            return slug, Refused(slug, f"skipped: its extraction worker died (exit code {process.exitcode}) "
                                       f"({self.work.sources[slug].text_file.name})")
        if isinstance(outcome, BaseException):
            raise outcome  # a bug in a rule: as loud as when extracting in this process
        self.idle.append((process, conn))
        return slug, outcome

    def _discard(self, conn: Connection) -> None:
        process, _, _ = self.busy.pop(conn)
        process.kill()
        process.join()
        conn.close()


def _serve(conn: Connection) -> None:
    """A worker: extract each slug it is sent until it is sent None."""
    assert _WORK is not None, "worker started without its work"
    while True:
        try:
            slug = conn.recv()
        except EOFError:  # the parent is gone
            return
        if slug is None:
            return
        try:
            conn.send(_extract_with(_WORK, slug))
        except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
            conn.send(exc)


def _extract_with(work: _Work, slug: str) -> Extraction:
    return extract_source(work.sources[slug], work.gazetteer, work.ontology, work.ids)
