"""`kg bench`: our stack against plain rdflib on synthetic graphs of 10k, 100k and 1M triples."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from kg.cli import app, err, settings_for
from kg.errors import KgError

ON_DISK_TRIPLES = 10_000_000  # from this size on: one process, an on-disk store, no rdflib (kg.bench.large)


@app.command()
def bench(
    size: list[str] = typer.Option([], "--size", "-s", help="Size in triples (10k, 100k, 1M, 10M or a number); "
                                   "repeatable. Default: 10k, 100k and 1M. From 10M on, the flow runs in one "
                                   "process on an on-disk store (generate, load, validate, every named query, "
                                   "reason, export) with the peak memory of the process tree."),
    quick: bool = typer.Option(False, "--quick", help="Only the 10k size (a smoke run)."),
    repeat: int = typer.Option(3, "--repeat", "-r", min=1, help="Runs per operation; the median is shown."),
    repeat_large: int = typer.Option(1, "--repeat-large", min=1, help="Runs per operation at 1M triples and more."),
    seed: int = typer.Option(1, "--seed", help="Seed of the synthetic graphs."),
    max_baseline_size: str = typer.Option("100k", "--max-baseline-size",
                                          help="Largest size the rdflib baseline runs at (it needs minutes at 1M)."),
    max_validate_size: str = typer.Option("1M", "--max-validate-size",
                                          help="Largest size SHACL validation is measured at."),
    timeout: float = typer.Option(120.0, "--timeout", help="Seconds one run of one operation may take."),
    max_memory: float = typer.Option(6144, "--max-memory", help="MiB a worker may use before it is stopped "
                                     "(the operation is then reported as 'memory')."),
    data_dir: Optional[Path] = typer.Option(None, "--data-dir", help="Where generated graphs are cached "
                                            "(default: DIST/bench)."),
    browser_nodes: Optional[int] = typer.Option(
        None, "--browser-nodes", min=0, help="Nodes of the synthetic view timed in headless Chromium until drawn "
        "and answering (needs Playwright and chromium). Default: 10000; with --quick, 0 (not timed)."),
    extract_articles: Optional[int] = typer.Option(
        None, "--extract-articles", min=0, help="Synthetic articles extracted on one core and on every core. "
        "Default: 1000; with --quick, 100; 0: not timed."),
    extract_corpus: Optional[Path] = typer.Option(None, "--extract-corpus", help="Folder of real texts (the "
                                                  "`kg eval --corpus` format) timed with the seeds, after start-up."),
    incremental: Optional[int] = typer.Option(
        None, "--incremental", min=1, help="Only the incremental build: a project of this many articles (e.g. "
        "1000) built in full, one article changed, built again; seconds and the ratio to the full build."),
    on_disk_flow: bool = typer.Option(False, "--on-disk", help="Run the on-disk flow of 10M and more (one "
                                      "process, every step streamed through files) at every size given."),
    raw: bool = typer.Option(True, "--raw/--no-raw", help="On disk: time the raw engine (pyoxigraph alone) "
                             "beside the load, every named query and the export."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Also write the result to this file."),
    show: Optional[Path] = typer.Option(None, "--show", help="Show a result saved with --format json "
                                        "(e.g. bench/baseline.json) instead of running."),
) -> None:
    """Time load, validation, every named query, Turtle export and the view against plain rdflib;
    then a 10,000-node view drawing in headless Chromium, and extraction of 1,000 synthetic articles."""
    from kg import atomic
    from kg.bench.dataset import parse_size
    from kg.bench.report import to_json, to_table
    from kg.bench.runner import BenchOptions, run_bench

    if fmt not in {"table", "json"}:
        raise KgError(f"unknown format {fmt!r}; choose table or json")
    if show is not None:
        sys.stdout.write(_shown(show, fmt))
        return
    settings = settings_for()
    if incremental is not None:
        from kg.bench.incremental import incremental_lines, measure_incremental

        found = measure_incremental(incremental, settings, data_dir or settings.dist_dir / "bench", seed,
                                    progress=lambda text: err.print(text))
        sys.stdout.write("\n".join(incremental_lines(found)) + "\n")
        return
    sizes = ("10k",) if quick else tuple(size) or ("10k", "100k", "1M")
    try:
        for text in (*sizes, max_baseline_size, max_validate_size):
            parse_size(text)
    except ValueError as exc:
        raise KgError(f"bad size {text!r}: use 10k, 100k, 1M or a number of triples") from exc
    on_disk = tuple(s for s in sizes if on_disk_flow or parse_size(s)[1] >= ON_DISK_TRIPLES)
    if on_disk:
        from kg.bench.large import large_lines, measure_large

        for text in on_disk:
            found = measure_large(text, parse_size(text)[1], settings, data_dir or settings.dist_dir / "bench", seed,
                                  progress=lambda line: err.print(line), raw=raw,
                                  query_timeout_s=timeout)
            sys.stdout.write("\n".join(large_lines(found)) + "\n")
        sizes = tuple(s for s in sizes if s not in on_disk)
        if not sizes:
            return
    options = BenchOptions(
        sizes=sizes, repeat=repeat, repeat_large=repeat_large, seed=seed,
        max_baseline_size=parse_size(max_baseline_size)[1], max_validate_size=parse_size(max_validate_size)[1],
        timeout_s=timeout, max_memory_mib=max_memory, data_dir=data_dir or settings.dist_dir / "bench",
        browser_nodes=(0 if quick else 10_000) if browser_nodes is None else browser_nodes,
        extract_articles=(100 if quick else 1000) if extract_articles is None else extract_articles,
        extract_corpus=extract_corpus,
    )
    result = run_bench(options, settings, progress=lambda text: err.print(text))
    text = to_json(result) if fmt == "json" else to_table(result)
    if output is not None:
        atomic.write_text(output, text)
        err.print(f"wrote {output}")
    sys.stdout.write(text)


def _shown(path: Path, fmt: str) -> str:
    import json

    from kg.bench.report import to_json, to_table
    from kg.bench.runner import BenchResult

    try:
        result = BenchResult.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KgError(f"not a saved benchmark result: {exc}") from exc
    return to_json(result) if fmt == "json" else to_table(result)
