"""The store of an incremental build: a copy of the one in place, with the changed graphs replaced."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg import atomic
from kg.export import to_ntriples
from kg.graph import GraphSet
from kg.incremental.manifest import Manifest
from kg.store.oxigraph import OxigraphStore


def graph_texts(graphs: GraphSet, leave_out: str) -> dict[str, bytes]:
    """Per named graph (but `leave_out`, the inferred graph, which the build recomputes), its sorted
    N-Triples: the manifest keeps their hashes, the delta compares them with the store's."""
    return {name: to_ntriples(triples).encode() for name, triples in graphs.graphs.items() if name != leave_out}


def graph_digests(graphs: GraphSet, leave_out: str) -> dict[str, str]:
    return {name: hashlib.sha256(text).hexdigest() for name, text in graph_texts(graphs, leave_out).items()}


@dataclass(frozen=True)
class GraphChanges:
    replaced: tuple[str, ...]  # graphs new or with other triples
    dropped: tuple[str, ...]  # graphs no longer made

    def summary(self, total: int) -> str:
        return f"replacing {len(self.replaced)} of {total} graphs" + (
            f", dropping {len(self.dropped)}" if self.dropped else "")


def graph_changes(previous: Manifest, digests: dict[str, str]) -> GraphChanges:
    return GraphChanges(tuple(sorted(n for n, d in digests.items() if previous.graphs.get(n) != d)),
                        tuple(sorted(set(previous.graphs) - set(digests))))


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


def apply_changes(store: OxigraphStore, graphs: GraphSet, changes: GraphChanges) -> None:
    store.replace_graphs({name: graphs.graphs[name] for name in changes.replaced}, changes.dropped)
