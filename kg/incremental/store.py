"""The store of an incremental build: a copy of the one in place, with the changed graphs replaced."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from kg import atomic
from kg.export import to_ntriples
from kg.graph import GraphSet
from kg.incremental.delta import Delta
from kg.incremental.manifest import Manifest
from kg.incremental.patch import replace_graphs, swap_records
from kg.incremental.plan import Plan
from kg.store.oxigraph import OxigraphStore


def graph_texts(graphs: GraphSet, leave_out: str) -> dict[str, bytes]:
    """Per named graph (but `leave_out`, the inferred graph, which the build recomputes), its sorted
    N-Triples: the manifest keeps their hashes, the delta compares them with the store's."""
    return {name: to_ntriples(triples).encode() for name, triples in graphs.graphs.items() if name != leave_out}


def copy_store(store_dir: Path) -> Path:
    """A consistent copy of the store in place, beside it (RocksDB checkpoint: hard links, near free)."""
    target = atomic.temp_dir_beside(store_dir)
    target.rmdir()  # the checkpoint makes the folder itself; the name stays ours under the build lock
    try:
        ox.Store.read_only(str(store_dir)).backup(str(target))
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target


def matches(store: OxigraphStore, previous: Manifest, inferred: str) -> str:
    """Why the copied store is not the one the manifest describes, or '' (graph names and size)."""
    names = set(store._all_graphs()) - {inferred}  # noqa: SLF001 (every graph, the extracted ones too)
    if names != set(previous.graphs):
        return "the store's graphs are not those of the manifest (written by another program?)"
    count = stored_quads(store)
    if count != previous.quads:
        return f"the store holds {count} quads, the manifest says {previous.quads}"
    return ""


def stored_quads(store: OxigraphStore) -> int:
    """Quads in every named graph of the store (extracted ones and internal unions too)."""
    found = store._store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")  # noqa: SLF001
    return int(next(iter(found))["n"].value)  # type: ignore[call-overload, index]


@dataclass(frozen=True)
class NewStore:
    """The store a build validates, reasons over and publishes, and how it was made."""

    store: OxigraphStore
    store_dir: Path | None  # its folder, beside the one in place (None: in memory, for a remote store)
    digests: dict[str, str]  # graph IRI -> hash of its sorted N-Triples (the claims graphs patched: PATCHED)
    replaced: tuple[str, ...] | None = None  # incremental: the graphs replaced or patched (None: every graph loaded)
    dropped: tuple[str, ...] = ()  # incremental: the graphs no longer made
    delta: Delta | None = None  # incremental: the triples added and removed


# The digest of a claims graph an incremental build patched record by record: no build compares it
# (incremental builds swap the records of the sources they made again; full builds load everything).
PATCHED = "patched"


def open_copy(plan: Plan, inferred: str, with_extracted: bool, progress: Callable[[str], None]
              ) -> tuple[OxigraphStore | None, Path | None, Plan]:
    """For an incremental plan, a copy of the store in place, when it is the store the manifest describes;
    else no store, and the plan made a full one (saying why)."""
    if plan.previous is None or plan.store_dir is None:
        return None, None, plan
    copied = copy_store(plan.store_dir)
    store = OxigraphStore(copied, with_extracted=with_extracted)
    try:
        why = matches(store, plan.previous, inferred)
    except BaseException:
        store.close()
        shutil.rmtree(copied, ignore_errors=True)
        raise
    if not why:
        return store, copied, plan
    store.close()
    shutil.rmtree(copied, ignore_errors=True)
    plan = replace(plan, previous=None, reason=why)
    progress(plan.summary())
    return None, None, plan


def fresh_store(graphs: GraphSet, digests: dict[str, str], plan: Plan, with_extracted: bool,
                progress: Callable[[str], None]) -> NewStore:
    """A new store with every graph loaded: beside the one in place, or in memory for a remote store."""
    store_dir = None if plan.store_dir is None else atomic.temp_dir_beside(plan.store_dir)
    store = OxigraphStore(store_dir, with_extracted=with_extracted)
    try:
        progress(f"loading {len(graphs)} quads into the store")
        store.load(graphs.quads())
    except BaseException:
        store.close()
        if store_dir is not None:
            shutil.rmtree(store_dir, ignore_errors=True)
        raise
    return NewStore(store, store_dir, digests)


def patched_store(store: OxigraphStore, copied: Path, previous: Manifest, graphs: GraphSet, digests: dict[str, str],
                  kept_graphs: set[str], kept_sources: set[str], records_graphs: tuple[str, ...],
                  progress: Callable[[str], None]) -> NewStore:
    """The copy with the graphs made again (`graphs`, `digests`: the partial graphs of
    kg.incremental.assembly) replaced where they differ, the graphs no longer made dropped, and the claim
    records of every source but `kept_sources` swapped; `kept_graphs`: the unchanged articles' graphs."""
    now = {**{n: d for n, d in previous.graphs.items() if n in kept_graphs}, **digests}
    replaced = tuple(sorted(n for n, d in digests.items() if previous.graphs.get(n) != d))
    dropped = tuple(sorted(set(previous.graphs) - set(now) - set(records_graphs)))
    total = len(now) + len(set(records_graphs) & set(previous.graphs))
    progress(f"replacing {len(replaced)} of {total} graphs" + (f", dropping {len(dropped)}" if dropped else ""))
    delta = replace_graphs(store, {name: graphs.graphs[name] for name in replaced}, dropped)
    patched = []
    for name in records_graphs:
        change = swap_records(store, name, graphs.graphs.get(name, ()), kept_sources)
        delta |= change
        if change:
            patched.append(name)
        if name in store._all_graphs():  # noqa: SLF001
            now[name] = PATCHED
        elif name in previous.graphs:
            dropped += (name,)
    return NewStore(store, copied, now, tuple(sorted({*replaced, *patched} - set(dropped))), dropped, delta)
