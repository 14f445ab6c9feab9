"""The outputs of dist/, remade only when the change can reach them.

Each group of outputs (the RDF exports, the view pages, the ontology's page) is made by a
function of the store alone (and of files the inputs fingerprint covers). While it runs, the
store it is given records every query it asks; the manifest keeps, per group, the files'
hashes and those queries (with what they read: kg.incremental.reads). An incremental build
gives a group its previous files back, unread by the renderer, when the files on disk are
still those and no changed triple can change the answer of any of its queries: the same
answers make the same bytes, as every renderer is deterministic. A group that reads the
store otherwise than by queries (the exports dump it) is remade whenever anything changed,
unless it has a patcher (kg.outputs.output_patchers: the exports, kg.export.splice), which
writes again only the blocks of the changed subjects and graphs into its previous files.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from kg.incremental.delta import Delta
from kg.incremental.manifest import manifest_path, read_manifest
from kg.incremental.plan import Plan
from kg.outputs import Patcher
from kg.incremental.reads import ANY, Read, analyse, ask_sparql, query_key, relevant
from kg.settings import Settings
from kg.store.base import bind_values
from kg.store.oxigraph import OxigraphStore

Renderer = Callable[[Any], dict[str, bytes]] | Callable[[Any, Settings], dict[str, bytes]]


class Recording:
    """A store that notes the queries asked of it; any other use marks the reader as reading all."""

    def __init__(self, store: OxigraphStore) -> None:
        self._store = store
        self.queries: list[str] | None = []

    def query(self, sparql: str, bindings: Mapping | None = None, name: str = "query", **options: Any) -> Any:
        if self.queries is not None:
            self.queries.append(bind_values(sparql, bindings, name) if bindings else sparql)
        return self._store.query(sparql, bindings, name, **options)

    def __getattr__(self, name: str) -> Any:
        self.queries = None  # dumps, pattern reads: what it reads is not known
        return getattr(self._store, name)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _dist(settings: Settings) -> str:
    """Where dist/ stands from the project root: pages link the articles relative to it (a checkout
    that moves whole keeps its pages)."""
    return os.path.relpath(settings.dist_dir.resolve(), settings.root.resolve())


def _kept_files(record: Mapping[str, Any], settings: Settings) -> dict[str, bytes] | None:
    """The group's files as the previous build wrote them, or None if any is gone or edited."""
    if record.get("dist") != _dist(settings):
        return None
    files = {}
    for name, digest in record.get("files", {}).items():
        try:
            data = (settings.dist_dir / name).read_bytes()
        except OSError:
            return None
        if _sha(data) != digest:
            return None
        files[name] = data
    return files


def render_groups(store: OxigraphStore, settings: Settings, groups: Mapping[str, Renderer],
                  previous: tuple[Mapping[str, Any], Mapping[str, Any]], delta: Delta | None,
                  progress: Callable[[str], None] = lambda _: None, patchers: Mapping[str, Patcher] | None = None,
                  graphs: Iterable[str] = (), analyse_all: bool = False
                  ) -> tuple[dict[str, bytes], dict[str, Any], dict[str, dict]]:
    """Every group's files; the new records (per group) and reads (per query key) for the manifest.

    `previous`: the last manifest's records and reads (empty if none; its analyses serve a full build
    too: a query's analysis depends on its text alone); `delta`: the change since (None: a full build);
    `patchers`: the groups patched from their previous files and the change; `graphs`: the named graphs
    the change replaced, dropped or recomputed (what a patcher rewrites besides the delta's subjects);
    `analyse_all`: analyse every query asked now (a full build that leaves a manifest), so that the
    first incremental build after it costs what every later one does."""
    old_records, old_reads = previous
    reads: dict[str, dict] = {}  # query key -> {"text": the query, "reads": its analysis, once made}
    records: dict[str, Any] = {}
    files: dict[str, bytes] = {}

    def reads_of(key: str) -> tuple[Read, ...]:
        # Analysed once (by a full build, or when an incremental one first needs it), then kept in the
        # manifest. A key the last manifest lacks reads everything: remade.
        entry = reads.get(key) or old_reads.get(key)
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            return (Read(ANY),)
        if entry.get("reads") is None:
            entry = {"text": entry["text"], "reads": [r.to_json() for r in analyse(entry["text"])]}
        reads[key] = entry
        return tuple(Read.from_json(r) for r in entry["reads"])

    def ask(pattern: tuple) -> bool:
        return bool(store.query(ask_sparql(pattern), name="incremental: companion").boolean)

    kept, patched = [], []
    for group, renderer in groups.items():
        record = old_records.get(group)
        found = None if delta is None or record is None else _kept_files(record, settings)
        if found is not None and delta:
            queries = record.get("queries")  # type: ignore[union-attr]
            if queries is None and group in (patchers or {}):
                # The previous files are those the store copy held before the change (hashes checked).
                made = patchers[group](store, settings, found, {s for s, _, _ in delta.triples()}, graphs)  # type: ignore[index]
                files.update(made)
                records[group] = {**record, "files": {name: _sha(data) for name, data in sorted(made.items())}}  # type: ignore[dict-item]
                patched.append(group)
                continue
            if queries is None or any(relevant(reads_of(key), delta, ask) for key in queries):
                found = None
        if found is not None:
            for key in record.get("queries") or ():  # type: ignore[union-attr]
                if key in old_reads:
                    reads.setdefault(key, old_reads[key])
            files.update(found)
            records[group] = record
            kept.append(group)
            continue
        recording = Recording(store)
        made = renderer(recording, settings)
        files.update(made)
        keys = None
        if recording.queries is not None:
            keys = []
            for text in recording.queries:
                key = query_key(text)
                old = old_reads.get(key)
                reads.setdefault(key, old if isinstance(old, dict) and old.get("text") == text
                                 else {"text": text, "reads": None})
                keys.append(key)
            keys = list(dict.fromkeys(keys))
            for key in keys if analyse_all else ():
                reads_of(key)
        records[group] = {"files": {name: _sha(data) for name, data in sorted(made.items())},
                          "queries": keys, "dist": _dist(settings)}
    if kept:
        progress(f"kept the outputs the change cannot reach: {', '.join(kept)}")
    if patched:
        progress(f"patched the outputs where the change reaches them: {', '.join(patched)}")
    return files, records, reads


def last_outputs(plan: Plan) -> tuple[dict, dict]:
    """The last build's output records and query analyses, from the manifest even for a full build."""
    if plan.previous is not None:
        return plan.previous.outputs, plan.previous.reads
    last = None if plan.store_dir is None else read_manifest(manifest_path(plan.store_dir))[0]
    return ({}, {}) if last is None else (last.outputs, last.reads)


def unchanged_on_disk(path: Path, data: bytes) -> bool:
    """The file already holds exactly these bytes (then it is not rewritten)."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
