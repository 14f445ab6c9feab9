"""Extracting many articles: every core, progress as articles finish, oversized texts refused.

The work of one article is kg.extract.extract_source, unchanged; this module only decides where it runs.
Worker processes are forked after the gazetteer and the ontology are built, so they share them (copy
on write) instead of each rebuilding or unpickling them; only the article's slug goes in and its
Extraction comes out. A text over MAX_CHARACTERS (what `kg ingest` refuses too) is not extracted:
its extraction time grows faster than its length, and a news article is a few thousand characters.
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass
from typing import Callable, Iterator

from kg.extract import Extraction, Gazetteer, extract_source
from kg.ingest import MAX_BYTES
from kg.namespaces import Ids
from kg.ontology import Ontology
from kg.sources import Source

MAX_CHARACTERS = MAX_BYTES
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


_WORK: _Work | None = None  # set in the parent just before forking; the children inherit it


def refusal(source: Source) -> Refused | None:
    if len(source.text) > MAX_CHARACTERS:
        return Refused(source.slug, f"{len(source.text):,} characters, over the {MAX_CHARACTERS:,} an article may "
                                    f"have ({source.text_file.name}); split it into articles or remove it")
    return None


def worker_count(articles: int, workers: int | None = None) -> int:
    if workers is not None:
        return max(1, workers)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 1 if articles < SERIAL_BELOW else max(1, min(cores, articles))


def extract_many(sources: dict[str, Source], gazetteer: Gazetteer, ontology: Ontology, ids: Ids,
                 progress: Progress | None = None, workers: int | None = None
                 ) -> Iterator[Extraction | Refused]:
    """Each article's Extraction (or why it was refused), in the order of `sources`."""
    refused = {slug: r for slug, s in sources.items() if (r := refusal(s)) is not None}
    todo = [slug for slug in sources if slug not in refused]
    done = 0
    results: dict[str, Extraction] = {}
    for result in _run(todo, _Work(sources, gazetteer, ontology, ids), worker_count(len(todo), workers)):
        results[result.source] = result
        done += 1
        if progress:
            progress(done, len(todo), result.source)
    for slug in sources:
        yield refused.get(slug) or results[slug]


def _run(slugs: list[str], work: _Work, workers: int) -> Iterator[Extraction]:
    global _WORK
    if workers == 1 or len(slugs) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for slug in slugs:
            yield _extract_with(work, slug)
        return
    # The first article in the parent: whatever the extractor loads lazily (a model, a cache) is then
    # loaded once, before the fork, and shared by every worker.
    yield _extract_with(work, slugs[0])
    rest = slugs[1:]
    _WORK = work
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            # small chunks keep the progress moving and the cores evenly loaded
            yield from pool.imap_unordered(_extract_one, rest, chunksize=max(1, len(rest) // (workers * 16)))
    finally:
        _WORK = None


def _extract_one(slug: str) -> Extraction:
    assert _WORK is not None, "worker started without its work"
    return _extract_with(_WORK, slug)


def _extract_with(work: _Work, slug: str) -> Extraction:
    return extract_source(work.sources[slug], work.gazetteer, work.ontology, work.ids)
