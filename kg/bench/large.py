"""`kg bench --size 10M`: the whole flow at ten million triples, on an on-disk store, step by step.

The 10k-1M sizes run in worker processes against in-memory stores, beside rdflib. At ten million
triples rdflib is out of reach and memory is the limit, so this runs one process on an embedded
Oxigraph store on disk (as `kg build` makes): generate, load, validate, every named query, reason,
export; each step timed, with the peak memory of the process tree sampled all along.

Generating ten million triples in Python would hold them all as rdflib terms (many GiB). So the
1M synthetic graph of `kg bench` (kg.bench.dataset) is generated once and replicated: copy n of
the N-Quads gets every entity, source, claim and source-graph IRI renamed (`id/person/x` ->
`id/person/s3-x`), so the copies share only the ontology and the vocabulary, as ten corpora of
the same shape would. Copy 0 keeps its IRIs, so the named queries' parameters (chosen from the
1M data) still name busy entities.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from kg import atomic
from kg.bench.dataset import SyntheticGraph, parse_size, prepare
from kg.bench.operations import bindings_for
from kg.namespaces import GRAPH_PATH, SPECIAL_GRAPHS, Ids
from kg.settings import Settings

BASE_SIZE = "1M"
TEN_MINUTES = 600.0
EIGHT_GIB = 8 * 1024.0
MEMORY_CAP_MIB = 10 * 1024.0  # beyond the target the run has failed anyway: stop before the machine suffers


def _tree_rss_mib(root: int) -> float:
    """Resident memory of `root` and every process below it (from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields.get("PPid", "0").strip() or 0)
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [p for p, parent in parents.items() if parent == pid and p not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(pid, 0) for pid in tree) / 1024


class PeakMemory(threading.Thread):
    """Samples the process tree's resident memory every `every` seconds; `peak` is the highest seen.
    Above `cap_mib` it says so through `on_cap` and ends the process (native code cannot be interrupted)."""

    def __init__(self, every: float = 0.5, cap_mib: float = MEMORY_CAP_MIB,
                 on_cap: Callable[[str], None] = lambda _: None) -> None:
        super().__init__(daemon=True)
        self.every, self.peak, self._stop_event = every, 0.0, threading.Event()
        self.cap_mib, self.on_cap = cap_mib, on_cap

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample()
            self._stop_event.wait(self.every)

    def sample(self) -> float:
        now = _tree_rss_mib(os.getpid())
        self.peak = max(self.peak, now)
        if now > self.cap_mib:
            self.on_cap(f"stopped: the process tree holds {now:,.0f} MiB, over the cap of {self.cap_mib:,.0f} MiB")
            os._exit(3)
        return now

    def stop(self) -> float:
        self._stop_event.set()
        return self.sample()


@dataclass(frozen=True)
class Step:
    name: str
    seconds: float
    produced: int  # quads, violations, rows, characters: what the step made
    rss_mib: float  # the tree's memory right after the step
    error: str | None = None


@dataclass
class LargeResult:
    size: str
    triples: int
    copies: int
    base_size: str = BASE_SIZE
    quads: int = 0
    steps: list[Step] = field(default_factory=list)
    peak_mib: float = 0.0

    def seconds(self, *prefixes: str) -> float:
        return sum(s.seconds for s in self.steps if s.name.startswith(prefixes))


_ID_IRI = re.compile(rb"(<[^>]*?/id/)([a-z]+)/")


def copy_renamed(line_block: bytes, copy: int, base: str) -> bytes:
    """N-Quads with every `id/KIND/NAME` IRI renamed `id/KIND/sN-NAME`, but the special graphs'."""
    if copy == 0:
        return line_block
    tag = f"s{copy}-".encode()
    renamed = _ID_IRI.sub(rb"\1\2/" + tag, line_block)
    for special in sorted(SPECIAL_GRAPHS):  # claims, ontology, inferred keep their names (kg.layers)
        renamed = renamed.replace(f"{base}{GRAPH_PATH}".encode() + tag + special.encode() + b">",
                                  f"{base}{GRAPH_PATH}{special}>".encode())
        renamed = renamed.replace(f"{base}{GRAPH_PATH}".encode() + tag + special.encode() + b"/",
                                  f"{base}{GRAPH_PATH}{special}/".encode())
    return renamed


def replicated(base: SyntheticGraph, copies: int, settings: Settings, data_dir: Path) -> Path:
    """The base graph's N-Quads `copies` times, renamed (cached beside it)."""
    target = data_dir / f"{Path(base.path).stem}-x{copies}.nq"
    if target.is_file():
        return target
    temporary = atomic.temp_dir_beside(target) / target.name
    with open(base.path, "rb") as source, open(temporary, "wb") as out:
        for copy in range(copies):
            source.seek(0)
            while block := source.read(1 << 24):
                block += source.readline()  # whole lines only
                out.write(copy_renamed(block, copy, settings.base_iri))
    os.replace(temporary, target)
    shutil.rmtree(temporary.parent, ignore_errors=True)
    return target


def measure_large(size: str, triples: int, settings: Settings, data_dir: Path, seed: int = 1,
                  progress: Callable[[str], None] = lambda _: None, base_size: str = BASE_SIZE) -> LargeResult:
    from kg.export import export_store
    from kg.ontology import load_ontology
    from kg.queries import get_query, list_queries
    from kg.reason import materialise
    from kg.store.oxigraph import OxigraphStore
    from kg.validate import validate_store

    result = LargeResult(size, triples, 0, base_size)
    memory = PeakMemory(on_cap=progress)
    memory.start()
    ontology = load_ontology(settings.ontology_file)
    ids = Ids(settings.base_iri)

    def step(name: str, work: Callable[[], int]) -> None:
        progress(f"{size}: {name} ...")
        started = time.perf_counter()
        try:
            produced, error = work(), None
        except Exception as exc:  # noqa: BLE001 (a step that fails is reported, the others still run)
            produced, error = 0, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        seconds = time.perf_counter() - started
        done = Step(name, seconds, produced, memory.sample(), error)
        result.steps.append(done)
        progress(f"{size}: {name} {seconds:.1f} s, {produced:,} "
                 f"({done.rss_mib:,.0f} MiB now, peak {memory.peak:,.0f} MiB){' ' + error if error else ''}")

    holder: dict[str, object] = {}
    step("generate", lambda: _generate(holder, base_size, triples, seed, settings, data_dir, progress))
    result.copies = int(str(holder.get("copies", 0)))
    base = holder.get("base")
    store_dir = data_dir / f"store-{triples}"
    shutil.rmtree(store_dir, ignore_errors=True)
    store = OxigraphStore(store_dir)
    try:
        step("load", lambda: (store.load_file(Path(str(holder["path"])), ox.RdfFormat.N_QUADS, lenient=True),
                              len(store))[1])
        result.quads = len(store)
        step("validate", lambda: len(validate_store(store, settings.shapes_file, ontology.graph)))
        params = base.params if isinstance(base, SyntheticGraph) else {}
        for named in list_queries():
            bound = bindings_for(named.name, params.get(named.name, {}), ids)
            step(f"query:{named.name}", lambda q=named, b=bound: _rows(store.query(get_query(q.name).sparql, b,
                                                                                      name=q.name)))
        step("reason", lambda: materialise(store, ontology, ids, check_owl=False).inferred)
        step("export-ttl", lambda: len(export_store(store, "ttl", settings.base_iri)))
    finally:
        store.close()
        result.peak_mib = max(memory.peak, memory.stop())
        shutil.rmtree(store_dir, ignore_errors=True)
    return result


def _generate(holder: dict[str, object], base_size: str, triples: int, seed: int, settings: Settings,
              data_dir: Path, progress: Callable[[str], None]) -> int:
    progress(f"  the {base_size} synthetic graph (generated once, then cached in {data_dir})")
    base = prepare(base_size, seed, settings, data_dir)
    # As many copies as reach the size asked for: the generator gives somewhat fewer quads than its target.
    copies = max(1, -(-triples // base.quads))
    holder["copies"] = copies
    progress(f"  {copies} renamed copies of its {base.quads:,} quads")
    holder["base"], holder["path"] = base, replicated(base, copies, settings, data_dir)
    return base.quads * copies


def _rows(result) -> int:  # type: ignore[no-untyped-def]
    if result.boolean is not None:
        return int(result.boolean)
    return len(result.triples) if result.triples is not None else len(result.rows)


def large_lines(result: LargeResult) -> list[str]:
    checked = result.seconds("load", "validate", "query:")
    failed = [s.name for s in result.steps if s.error]
    lines = [f"{result.size} on disk: {result.quads:,} quads ({result.copies} renamed copies of the "
             f"{result.base_size} synthetic graph)", f"  {'step':<40}{'seconds':>10}{'produced':>14}{'MiB after':>11}"]
    lines += [f"  {s.name:<40}{s.seconds:>10.1f}{s.produced:>14,}{s.rss_mib:>11,.0f}"
              + (f"  {s.error}" if s.error else "") for s in result.steps]
    lines += [
        f"  load + validate + {sum(s.name.startswith('query:') for s in result.steps)} named queries: "
        f"{checked:.0f} s (target under {TEN_MINUTES:.0f} s: {'met' if checked < TEN_MINUTES and not failed else 'missed'})",
        f"  peak memory of the process tree: {result.peak_mib:,.0f} MiB (target under {EIGHT_GIB:,.0f} MiB: "
        f"{'met' if result.peak_mib < EIGHT_GIB else 'missed'})",
    ]
    if failed:
        lines.append(f"  failed: {', '.join(failed)}")
    return lines
