"""`kg bench --size 10M`: the whole flow at ten million triples, on an on-disk store, step by step.

The 10k-1M sizes run in worker processes against in-memory stores, beside rdflib. At ten million
triples rdflib is out of reach and memory is the limit, so this runs one process on an embedded
Oxigraph store on disk (as `kg build` makes), and every step streams through files rather than
holding the graph in Python:

- generate: the base synthetic graph (kg.bench.dataset, cached), replicated as N-Quads text
  (kg.bench.replicate);
- load: Oxigraph's bulk loader into the on-disk store, then the store's set-union default graph;
  beside it the raw engine's bulk load of the same file into a second on-disk store (removed);
- validate: the shapes compiled to SPARQL (kg.shacl), run on the store itself (kg.shacl.inplace: no copy);
- every named query, as `kg query` runs it: in a query worker on the store, capped at the endpoint's
  row limit (KG_RESULT_LIMIT) and stopped past `--timeout` (reported, and the run goes on); each
  followed by the same SPARQL text on the raw engine in the same worker;
- reason: the ontology's rules to a fixpoint into the inferred graph (kg.reason.materialise,
  without the HermiT consistency check, which reads the entity part into owlready2);
- export-ttl: Turtle streamed to a file (kg.export.stream), beside the raw engine's dump of every
  graph to a file.

Each step is timed, and the peak memory of the whole process tree (`sort` included) is sampled all
along (kg.bench.memory). `--on-disk` runs this same path at any size (the tests run it small).
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from kg.bench.dataset import SyntheticGraph, prepare
from kg.bench.memory import PeakMemory
from kg.bench.operations import bindings_for
from kg.bench.replicate import replicated
from kg.namespaces import Ids
from kg.settings import Settings
from kg.store.base import bind_values
from kg.store.limited import LimitedStore
from kg.store.sparqltext import declares_dataset
from kg.store.workers import Limits

BASE_SIZE = "1M"
TEN_MINUTES = 600.0
EIGHT_GIB = 8 * 1024.0
RAW = "raw:"  # the raw engine's counterpart of the step that follows
QUERY_MEMORY_MIB = 2048  # per query worker: the endpoint's 512 MiB is for one user's query, not a 10M scan


def base_size_for(triples: int) -> str:
    """The base graph replicated to reach `triples`: 1M from 1M on; a third of the size below."""
    return BASE_SIZE if triples >= 1_000_000 else str(max(10_000, triples // 3))


@dataclass(frozen=True)
class Step:
    name: str
    seconds: float
    produced: int  # quads, violations, rows, bytes: what the step made
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
    load_average: tuple[float, ...] = ()  # before the run, after it (uptime's 1-minute figure)

    def seconds(self, *prefixes: str) -> float:
        return sum(s.seconds for s in self.steps if s.name.startswith(prefixes))

    def step(self, name: str) -> Step | None:
        return next((s for s in self.steps if s.name == name), None)


def _load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0]) if Path("/proc/loadavg").is_file() else 0.0


def measure_large(size: str, triples: int, settings: Settings, data_dir: Path, seed: int = 1,
                  progress: Callable[[str], None] = lambda _: None, base_size: str | None = None,
                  raw: bool = True, query_timeout_s: float = 120.0) -> LargeResult:
    from kg.export.stream import export_to_file
    from kg.ontology import load_ontology
    from kg.queries import get_query, list_queries
    from kg.reason import materialise
    from kg.store.oxigraph import OxigraphStore
    from kg.validate import validate_store

    base_size = base_size or base_size_for(triples)
    result = LargeResult(size, triples, 0, base_size, load_average=(_load_average(),))
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
    base, path = holder.get("base"), Path(str(holder.get("path", "")))
    store_dir, raw_dir, export_file = (data_dir / f"{name}-{triples}" for name in ("store", "raw-store", "export"))
    for leftover in (store_dir, raw_dir):
        shutil.rmtree(leftover, ignore_errors=True)
    if raw:
        step(RAW + "load", lambda: _raw_load(path, raw_dir))
        shutil.rmtree(raw_dir, ignore_errors=True)
    store = OxigraphStore(store_dir)
    try:
        step("load", lambda: (store.load_file(path, ox.RdfFormat.N_QUADS, lenient=True), len(store))[1])
        result.quads = len(store)
        step("validate", lambda: len(validate_store(store, settings.shapes_file, ontology.graph, progress=progress)))
        params = base.params if isinstance(base, SyntheticGraph) else {}
        # As `kg query` runs them: in a query worker on the store (read-only), stopped past the time limit.
        workers = LimitedStore(store.url, Limits(timeout_s=query_timeout_s, memory_bytes=QUERY_MEMORY_MIB * 2**20))
        try:
            for named in list_queries():
                bound = bindings_for(named.name, params.get(named.name, {}), ids)
                sparql, limit = get_query(named.name).sparql, settings.result_limit
                step(f"query:{named.name}", lambda q=named.name, b=bound, s=sparql: _rows(workers.query(
                    s, b, name=q, limit=limit)))
                if raw:
                    step(f"{RAW}query:{named.name}", lambda q=named.name, b=bound, s=sparql: workers.pool.run(
                        _raw_rows, s, b, q, limit))
        finally:
            workers.close()
        step("reason", lambda: materialise(store, ontology, ids, check_owl=False).inferred)
        step("export-ttl", lambda: export_to_file(store, "ttl", settings.base_iri, export_file, progress))
        export_file.unlink(missing_ok=True)
        if raw:
            step(RAW + "export-ttl", lambda: _raw_dump(store, export_file))
            export_file.unlink(missing_ok=True)
    finally:
        store.close()
        result.peak_mib = max(memory.peak, memory.stop())
        shutil.rmtree(store_dir, ignore_errors=True)
        export_file.unlink(missing_ok=True)
        result.load_average = (*result.load_average, _load_average())
    return result


def _generate(holder: dict[str, object], base_size: str, triples: int, seed: int, settings: Settings,
              data_dir: Path, progress: Callable[[str], None]) -> int:
    progress(f"  the {base_size} synthetic graph (generated once, then cached in {data_dir})")
    base = prepare(base_size, seed, settings, data_dir)
    # As many copies as reach the size asked for: the generator gives somewhat fewer quads than its target.
    copies = max(1, -(-triples // base.quads))
    holder["copies"] = copies
    progress(f"  {copies} renamed copies of its {base.quads:,} quads")
    target = data_dir / f"{Path(base.path).stem}-x{copies}.nq"
    holder["base"] = base
    holder["path"] = base.path if copies == 1 else replicated(Path(base.path), copies, settings.base_iri, target,
                                                              progress)
    return base.quads * copies


def _raw_load(path: Path, directory: Path) -> int:
    """Oxigraph alone: the bulk load of the same file into an on-disk store (no union graph)."""
    engine = ox.Store(str(directory))
    engine.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True)
    return len(engine)


def _raw_rows(store, sparql: str, bound, name: str, limit: int) -> int:  # type: ignore[no-untyped-def]
    """The same SPARQL text on the engine under our store (a job of the query worker), its solutions
    iterated (up to the cap), not converted."""
    text = bind_values(sparql, bound, name)
    answer = store._store.query(text, **({} if declares_dataset(text) else store.dataset_for(text)))  # noqa: SLF001
    if isinstance(answer, ox.QueryBoolean):
        return int(bool(answer))
    return sum(1 for _ in islice(answer, limit))


def _raw_dump(store, target: Path) -> int:  # type: ignore[no-untyped-def]
    """The engine alone writing every named graph (N-Triples) to one file, unsorted: the floor of an export."""
    with open(target, "wb") as out:
        for graph in store.graph_names():
            store._store.dump(out, ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))  # noqa: SLF001
    return target.stat().st_size


def _rows(result) -> int:  # type: ignore[no-untyped-def]
    if result.boolean is not None:
        return int(result.boolean)
    return len(result.triples) if result.triples is not None else len(result.rows)


def large_lines(result: LargeResult) -> list[str]:
    """The steps as a table (ours beside the raw engine where it has a counterpart) and the targets."""
    checked = result.seconds("load", "validate", "query:")
    failed = [s.name for s in result.steps if s.error]
    ours = [s for s in result.steps if not s.name.startswith(RAW)]
    load = ", ".join(f"{value:.1f}" for value in result.load_average)
    lines = [f"{result.size} on disk: {result.quads:,} quads ({result.copies} renamed copies of the "
             f"{result.base_size} synthetic graph); load average before, after: {load}",
             f"  {'step':<40}{'seconds':>10}{'produced':>14}{'MiB after':>11}{'raw s':>10}{'ours/raw':>10}"]
    for done in ours:
        raw = result.step(RAW + done.name)
        versus = (f"{raw.seconds:>10.2f}{done.seconds / raw.seconds:>9.2f}x" if raw and raw.seconds > 0
                  and not raw.error and not done.error else "")
        lines.append(f"  {done.name:<40}{done.seconds:>10.2f}{done.produced:>14,}{done.rss_mib:>11,.0f}{versus}"
                     + (f"  {done.error}" if done.error else ""))
    queries = [s for s in ours if s.name.startswith("query:")]
    ratios = sorted(s.seconds / r.seconds for s in queries if (r := result.step(RAW + s.name)) and r.seconds > 0)
    if ratios:
        lines.append(f"  named queries, ours/raw: median {ratios[len(ratios) // 2]:.2f}x, worst {ratios[-1]:.2f}x")
    lines += [
        f"  load + validate + {len(queries)} named queries: "
        f"{checked:.0f} s (target under {TEN_MINUTES:.0f} s: {'met' if checked < TEN_MINUTES and not failed else 'missed'})",
        f"  peak memory of the process tree: {result.peak_mib:,.0f} MiB (target under {EIGHT_GIB:,.0f} MiB: "
        f"{'met' if result.peak_mib < EIGHT_GIB else 'missed'})",
    ]
    if failed:
        lines.append(f"  failed: {', '.join(failed)}")
    return lines
