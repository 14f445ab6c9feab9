"""Run the benchmark: for each size, the data set, then our stack and the
baseline each in their own process, then medians and ratios side by side."""

from __future__ import annotations

import json
import os
import platform
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

from kg.bench.browser import BrowserResult, measure_view_draw
from kg.bench.pages import PageTiming, measure_pages, seed_view
from kg.bench.dataset import SyntheticGraph, parse_size, prepare
from kg.bench.extraction import ExtractionResult, measure_extraction
from kg.bench.operations import BASELINE, OURS, QUERY_PREFIX, RAW_PREFIX, operation_names
from kg.bench.supervise import run_system
from kg.bench.worker import Job
from kg.settings import Settings


@dataclass(frozen=True)
class BenchOptions:
    sizes: tuple[str, ...] = ("10k", "100k", "1M")
    repeat: int = 3
    repeat_large: int = 1  # repetitions at sizes of a million triples and more
    seed: int = 1
    max_baseline_size: int = 100_000  # above this, no baseline (rdflib needs minutes at 1M)
    max_validate_size: int = 1_000_000  # above this, no SHACL validation
    timeout_s: float = 120.0  # per run of one operation; loads get ten times as long
    max_memory_mib: float = 6144.0  # a worker using more is stopped (protects the machine)
    data_dir: Path = Path("dist/bench")
    browser_nodes: int = 10_000  # the view timed in headless Chromium; 0: not timed
    extract_articles: int = 1000  # synthetic articles extracted on one core and on all; 0: not timed
    extract_corpus: Path | None = None  # real texts (kg eval --corpus format) timed with the seeds


@dataclass(frozen=True)
class Side:
    """One system's figures for one operation."""

    status: str  # ok, timeout, error, n/a, skipped
    median_s: float | None = None
    runs: tuple[float, ...] = ()
    peak_mib: float | None = None
    base_mib: float | None = None
    output: int | None = None  # rows or characters produced
    error: str | None = None


@dataclass(frozen=True)
class OperationResult:
    name: str
    ours: Side
    baseline: Side
    ratio: float | None  # baseline median / our median: how many times faster ours is
    note: str = ""
    raw: Side = field(default_factory=lambda: Side(status="n/a"))  # pyoxigraph alone: the physical limit
    raw_ratio: float | None = None  # our median / raw median: how many times the engine's time ours takes


@dataclass(frozen=True)
class SizeResult:
    size: str
    data: SyntheticGraph
    repeat: int
    baseline: str  # "ran (N repetitions)" or why it was skipped
    validation: str
    operations: tuple[OperationResult, ...]


@dataclass(frozen=True)
class BenchResult:
    machine: dict[str, Any]
    options: dict[str, Any]
    sizes: tuple[SizeResult, ...] = field(default_factory=tuple)
    browser: BrowserResult | None = None
    extraction: ExtractionResult | None = None
    pages: tuple[PageTiming, ...] = ()  # the timeline and the map (kg.bench.pages)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, default=str) + "\n"

    @classmethod
    def from_dict(cls, document: dict[str, Any]) -> "BenchResult":
        """Read back what to_json wrote (e.g. bench/baseline.json), to show it as a table again."""
        def operation(entry: dict[str, Any]) -> OperationResult:
            sides = {k: Side(**{**entry[k], "runs": tuple(entry[k]["runs"])})
                     for k in ("ours", "baseline", "raw") if k in entry}
            return OperationResult(entry["name"], sides["ours"], sides["baseline"], entry["ratio"], entry["note"],
                                   sides.get("raw", Side(status="n/a")), entry.get("raw_ratio"))

        sizes = tuple(
            SizeResult(s["size"], SyntheticGraph(**s["data"]), s["repeat"], s["baseline"], s["validation"],
                       tuple(operation(op) for op in s["operations"]))
            for s in document["sizes"]
        )
        drawn = document.get("browser")
        browser = None
        if drawn:  # the JSON adds derived keys (draw_s, summary): keep the recorded ones
            recorded = {k: v for k, v in drawn.items() if k in BrowserResult.__dataclass_fields__}
            browser = BrowserResult(**{**recorded, "draw_runs": tuple(recorded["draw_runs"])})
        extracted = document.get("extraction")
        extraction = ExtractionResult(**{k: v for k, v in extracted.items()
                                         if k in ExtractionResult.__dataclass_fields__}) if extracted else None
        pages = tuple(PageTiming(**{k: (tuple(v) if k == "draw_runs" else v) for k, v in p.items()
                                    if k in PageTiming.__dataclass_fields__}) for p in document.get("pages", ()))
        return cls(document["machine"], document["options"], sizes, browser, extraction, pages)


def machine() -> dict[str, Any]:
    import pyoxigraph
    import rdflib

    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "rdflib": rdflib.__version__, "pyoxigraph": pyoxigraph.__version__,
            "memory_measure": "peak RSS of the operation (VmHWM reset before it), in a process per system"}


def side(record: dict[str, Any] | None) -> Side:
    if record is None:
        return Side(status="skipped")
    runs = tuple(record.get("runs") or ())
    median = statistics.median(runs) if runs else None
    return Side(status=record["status"], median_s=median, runs=runs, peak_mib=record.get("peak_mib"),
                base_mib=record.get("base_mib"), output=record.get("output"), error=record.get("error"))


def combine(name: str, ours: Side, baseline: Side, raw: Side | None = None) -> OperationResult:
    ratio, note = None, ""
    if ours.median_s and baseline.median_s and ours.status == "ok" and baseline.status in {"ok", "timeout"}:
        ratio = baseline.median_s / ours.median_s
        if baseline.status == "timeout":
            note = "baseline timed out: the ratio is a lower bound"
    if ours.output is not None and baseline.output is not None and name.startswith("query:") \
            and ours.output != baseline.output:
        note = f"row counts differ: ours {ours.output}, rdflib {baseline.output}"
    raw = raw or Side(status="n/a")
    raw_ratio = None
    if ours.median_s and raw.median_s and ours.status == "ok" and raw.status == "ok":
        raw_ratio = ours.median_s / raw.median_s
    if ours.output is not None and raw.output is not None and name.startswith(QUERY_PREFIX) \
            and ours.output != raw.output:
        note = f"row counts differ: ours {ours.output}, raw pyoxigraph {raw.output}"
    return OperationResult(name, ours, baseline, ratio, note, raw, raw_ratio)


def bench_size(size: str, options: BenchOptions, settings: Settings,
               progress: Callable[[str], None]) -> SizeResult:
    progress(f"{size}: preparing the synthetic graph")
    data = prepare(size, options.seed, settings, options.data_dir)
    progress(f"{size}: {data.quads} quads, {data.sources} sources, {data.entities} entities "
             f"(generated in {sum(data.seconds.values()):.1f} s; cached in {options.data_dir})")
    _, triples = parse_size(size)
    large = triples >= 1_000_000
    repeat = min(options.repeat, options.repeat_large) if large else options.repeat
    validate = triples <= options.max_validate_size
    operations = operation_names(validate=validate)
    results: dict[str, dict[str, Any]] = {}
    for system in (OURS, BASELINE):
        if system == BASELINE and triples > options.max_baseline_size:
            continue
        job = Job(system, data.path, operations, repeat, data.params, options.timeout_s, str(settings.root),
                  settings.base_iri, size)
        results[system] = run_system(job, options.max_memory_mib)
    baseline_state = (f"ran ({repeat} repetitions)" if BASELINE in results
                      else f"skipped: {triples} triples > --max-baseline-size {options.max_baseline_size}")
    validation = ("measured" if validate
                  else f"skipped: {triples} triples > --max-validate-size {options.max_validate_size}")
    combined = tuple(
        combine(name, side(results[OURS].get(name)), side(results.get(BASELINE, {}).get(name)),
                side(results[OURS][RAW_PREFIX + name]) if RAW_PREFIX + name in results[OURS] else None)
        for name in operations
    )
    return SizeResult(size, data, repeat, baseline_state, validation, combined)


def run_bench(options: BenchOptions, settings: Settings,
              progress: Callable[[str], None] = lambda _: None) -> BenchResult:
    result = BenchResult(machine(), {k: str(v) if isinstance(v, Path) else v for k, v in asdict(options).items()})
    sizes = tuple(bench_size(size, options, settings, progress) for size in options.sizes)
    browser = None
    if options.browser_nodes:
        progress(f"view: {options.browser_nodes} nodes in headless Chromium ({options.repeat} runs)")
        browser = measure_view_draw(options.browser_nodes, settings, options.repeat, options.timeout_s)
    extraction = None
    if options.extract_articles:
        progress(f"extraction: {options.extract_articles} synthetic articles, on one core then on all")
        extraction = measure_extraction(options.extract_articles, settings, options.extract_corpus, options.seed)
    pages: tuple[PageTiming, ...] = ()
    if options.browser_nodes:
        progress(f"timeline and map: the seed graph and {options.browser_nodes} entities in headless Chromium")
        pages = tuple(measure_pages(settings, seed_view(settings), options.browser_nodes, options.repeat,
                                    options.timeout_s))
    return BenchResult(result.machine, result.options, sizes, browser, extraction, pages)
