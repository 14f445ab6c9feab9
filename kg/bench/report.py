"""Benchmark results as a table for people, or JSON for tools, with the targets checked."""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict
from typing import Any

from kg.bench.browser import BrowserResult
from kg.bench.dataset import parse_size
from kg.bench.extraction import extraction_lines
from kg.bench.runner import BenchResult, OperationResult, Side, SizeResult

# The targets of the brief: at 100k, load and named queries >= 10x faster than rdflib
# (median ratio); at 1M, built (loaded) and every named query run within 2 minutes and 4 GiB.
RATIO_TARGET, RATIO_TARGET_SIZE = 10.0, 100_000
SECONDS_TARGET, MEMORY_TARGET_MIB, LARGE_SIZE = 120.0, 4096.0, 1_000_000
# Issue 15: export within 2x of the raw engine (at 100k and more); validation >= 5x faster than
# plain pySHACL (at 100k, where pySHACL runs); a 1M build with validation within 60 s.
EXPORT_RAW_TARGET, VALIDATE_RATIO_TARGET, BUILD_TARGET_S = 2.0, 5.0, 60.0
# And the view of a 10,000-node graph interactive in headless Chromium within 5 s.
DRAW_TARGET_S, DRAW_TARGET_NODES = 5.0, 10_000


def summary(size: SizeResult) -> dict[str, Any]:
    """Derived figures for one size: query ratio median, build and query totals, peak memory."""
    by_name = {op.name: op for op in size.operations}
    queries = [op for op in size.operations if op.name.startswith("query:")]
    ratios = [op.ratio for op in queries if op.ratio is not None]
    load, validate = by_name["load"].ours, by_name.get("validate")
    query_total = sum(op.ours.median_s or 0.0 for op in queries)
    build_total = (load.median_s or 0.0) + (validate.ours.median_s or 0.0 if validate else 0.0)
    peaks = [op.ours.peak_mib for op in size.operations if op.ours.peak_mib is not None]
    raw_ratios = [op.raw_ratio for op in queries if op.raw_ratio is not None]
    figures: dict[str, Any] = {
        "quads": size.data.quads,
        "load_ratio": by_name["load"].ratio,
        "load_raw_ratio": by_name["load"].raw_ratio,
        "export_raw_ratio": by_name["export-ttl"].raw_ratio if "export-ttl" in by_name else None,
        "query_raw_ratio_median": statistics.median(raw_ratios) if raw_ratios else None,
        "validate_ratio": validate.ratio if validate else None,
        "query_ratio_median": statistics.median(ratios) if ratios else None,
        "query_ratio_min": min(ratios) if ratios else None,
        "queries_faster": sum(r > 1 for r in ratios),
        "queries": len(queries),
        "ours_build_s": build_total,
        "ours_load_and_queries_s": (load.median_s or 0.0) + query_total,
        "ours_peak_mib": max(peaks) if peaks else None,
        "ours_peak_mib_without_view": max((op.ours.peak_mib for op in size.operations
                                           if op.ours.peak_mib is not None and op.name != "view"), default=None),
        "failures": [f"{op.name}: {op.ours.status} {op.ours.error or ''}".strip()
                     for op in size.operations if op.ours.status not in {"ok", "n/a"}],
        "queries_unfinished": sum(op.ours.status != "ok" for op in queries),
        "stopped_for_memory": any(op.ours.status == "memory" for op in size.operations if op.name != "view"),
    }
    figures["targets"] = targets(size, figures)
    return figures


def targets(size: SizeResult, figures: dict[str, Any]) -> list[str]:
    _, triples = parse_size(size.size)
    checks = []
    if triples >= RATIO_TARGET_SIZE and figures["export_raw_ratio"] is not None:
        value = figures["export_raw_ratio"]
        checks.append(f"Turtle export {value:.2f}x the raw engine's time (target <= {EXPORT_RAW_TARGET:.0f}x): "
                      + ("met" if value <= EXPORT_RAW_TARGET else "MISSED"))
    if triples >= RATIO_TARGET_SIZE and figures["validate_ratio"] is not None:
        value = figures["validate_ratio"]
        checks.append(f"validation {value:.1f}x faster than plain pySHACL (target >= {VALIDATE_RATIO_TARGET:.0f}x): "
                      + ("met" if value >= VALIDATE_RATIO_TARGET else "MISSED"))
    names = {op.name: op for op in size.operations}
    if triples >= LARGE_SIZE and "validate" in names:
        done = names["validate"].ours.status == "ok" and names["load"].ours.status == "ok"
        build = figures["ours_build_s"]
        checks.append(f"build (load + validate) {build:.1f} s (target <= {BUILD_TARGET_S:.0f} s): "
                      + ("met" if done and build <= BUILD_TARGET_S else "MISSED"))
    if triples >= RATIO_TARGET_SIZE and triples < LARGE_SIZE and figures["load_ratio"] is not None:
        for what, value in (("load", figures["load_ratio"]), ("named queries (median)", figures["query_ratio_median"])):
            if value is not None:
                verdict = "met" if value >= RATIO_TARGET else "MISSED"
                checks.append(f"{what} {value:.1f}x faster than rdflib (target >= {RATIO_TARGET:.0f}x): {verdict}")
    if triples >= LARGE_SIZE:
        seconds, peak = figures["ours_load_and_queries_s"], figures["ours_peak_mib_without_view"] or 0.0
        unfinished = figures["queries_unfinished"]
        checks.append(f"load + all named queries {seconds:.1f} s"
                      + (f" with {unfinished} queries unfinished" if unfinished else "")
                      + f" (target <= {SECONDS_TARGET:.0f} s): "
                      + ("met" if seconds <= SECONDS_TARGET and not unfinished else "MISSED"))
        over = figures["stopped_for_memory"] or peak > MEMORY_TARGET_MIB
        checks.append(f"peak memory {peak:.0f} MiB{' (a worker was stopped at --max-memory)' if over else ''} "
                      f"(target <= {MEMORY_TARGET_MIB:.0f} MiB): {'MISSED' if over else 'met'}")
    return checks


def browser_lines(browser: BrowserResult) -> list[str]:
    """The browser measurement for people, with its target checked (at 10,000 nodes or more)."""
    what = f"view in headless Chromium: {browser.nodes} nodes, {browser.edges} edges"
    if browser.status != "ok" or browser.draw_s is None:
        return [f"{what}: {browser.status}: {browser.error}"]
    runs = ", ".join(f"{r:.2f}" for r in browser.draw_runs)
    lines = [f"{what}: page built in {browser.page_s or 0:.2f} s; drawn and answering in "
             f"{browser.draw_s:.2f} s (median of {runs})"]
    if browser.nodes >= DRAW_TARGET_NODES:
        verdict = "met" if browser.draw_s <= DRAW_TARGET_S else "MISSED"
        lines.append(f"target: view of {browser.nodes} nodes interactive in {browser.draw_s:.2f} s "
                     f"(target <= {DRAW_TARGET_S:.0f} s): {verdict}")
    return lines


def to_json(result: BenchResult) -> str:
    document = asdict(result)
    for entry, size in zip(document["sizes"], result.sizes):
        entry["summary"] = summary(size)
    if result.browser is not None:
        document["browser"]["draw_s"] = result.browser.draw_s
        document["browser"]["summary"] = browser_lines(result.browser)
    for entry, timing in zip(document.get("pages", []), result.pages):
        entry["draw_s"], entry["summary"] = timing.draw_s, timing.line()
    if result.extraction is not None:
        document["extraction"]["summary"] = extraction_lines(result.extraction)
    return json.dumps(document, indent=2, default=str) + "\n"


def _seconds(side: Side) -> str:
    if side.status in {"n/a", "skipped"}:
        return side.status
    if side.status in {"error", "memory"} or side.median_s is None:
        return side.status
    text = f"{side.median_s:.4f}" if side.median_s is not None and side.median_s < 1 else f"{side.median_s:.2f}"
    return f">{text}" if side.status == "timeout" else text


def _mib(side: Side) -> str:
    return f"{side.peak_mib:.0f}" if side.peak_mib is not None else "-"


def _row(op: OperationResult) -> str:
    ratio = "-" if op.ratio is None else f"{'>' if op.baseline.status == 'timeout' else ''}{op.ratio:.1f}x"
    raw_ratio = "-" if op.raw_ratio is None else f"{op.raw_ratio:.2f}x"
    produced = "-" if op.ours.output is None else str(op.ours.output)
    line = (f"{op.name:<34}{_seconds(op.ours):>10}{_seconds(op.baseline):>11}{ratio:>9}"
            f"{_seconds(op.raw):>10}{raw_ratio:>9}{_mib(op.ours):>9}{_mib(op.baseline):>9}{produced:>11}")
    problems = [f"{who}: {side.error}" for who, side in (("ours", op.ours), ("rdflib", op.baseline),
                                                         ("raw", op.raw)) if side.error]
    return line + "".join(f"\n    ! {p}" for p in problems) + (f"\n    ! {op.note}" if op.note else "")


def to_table(result: BenchResult) -> str:
    lines = [f"kg bench: {result.machine['cpus']} CPUs, Python {result.machine['python']}, "
             f"rdflib {result.machine['rdflib']}, pyoxigraph {result.machine['pyoxigraph']}",
             "times: median seconds; ratio: rdflib / ours (how many times faster ours is); "
             "raw: pyoxigraph alone, no kg code (the physical limit); ours/raw: how many times the engine's "
             "time ours takes; MiB: peak RSS during the operation (store included)"]
    for size in result.sizes:
        data = size.data
        lines += ["", f"== {size.size}: {data.quads} quads, {data.sources} sources, {data.entities} entities, "
                      f"{data.claims} facts (seed {data.seed}); {size.repeat} repetition(s)",
                  f"   baseline: {size.baseline}; SHACL validation: {size.validation}",
                  f"{'operation':<34}{'ours s':>10}{'rdflib s':>11}{'ratio':>9}{'raw s':>10}{'ours/raw':>9}"
                  f"{'ours MiB':>9}{'rdf MiB':>9}{'rows/chars':>11}"]
        lines += [_row(op) for op in size.operations]
        figures = summary(size)
        if figures["query_ratio_median"] is not None:
            lines.append(f"named queries: median ratio {figures['query_ratio_median']:.1f}x, "
                         f"slowest ratio {figures['query_ratio_min']:.2f}x, "
                         f"{figures['queries_faster']}/{figures['queries']} faster than rdflib")
        if figures["query_raw_ratio_median"] is not None:
            lines.append(f"named queries: median ours/raw {figures['query_raw_ratio_median']:.2f}x "
                         "(rdflib terms made for every row, parameters bound as VALUES)")
        lines.append(f"ours: build (load{' + validate' if 'validate' in [o.name for o in size.operations] else ''})"
                     f" {figures['ours_build_s']:.2f} s; load + all named queries "
                     f"{figures['ours_load_and_queries_s']:.2f} s; peak {figures['ours_peak_mib'] or 0:.0f} MiB")
        lines += [f"target: {check}" for check in figures["targets"]]
        lines += [f"FAILED: {failure}" for failure in figures["failures"]]
    if result.browser is not None:
        lines += ["", *browser_lines(result.browser)]
    lines += [timing.line() for timing in result.pages]
    if result.extraction is not None:
        lines += ["", *extraction_lines(result.extraction)]
    return "\n".join(lines) + "\n"
