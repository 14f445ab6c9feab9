"""`kg bench-serve`: the load test of `kg serve` (issue 13's targets)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from kg.cli import app, err, settings_for


@app.command("bench-serve")
def bench_serve(
    clients: int = typer.Option(50, "--clients", min=2, help="Concurrent clients."),
    runaways: int = typer.Option(5, "--runaways", min=0, help="Clients sending runaway queries in phase 2."),
    seconds: float = typer.Option(20.0, "--seconds", min=1, help="Length of each phase."),
    uncached: bool = typer.Option(True, "--uncached/--no-uncached", help="Also run the phase whose every "
                                  "query text is new (what the query workers give without the server's cache)."),
    baseline: Optional[float] = typer.Option(None, "--baseline-seconds", min=0, help="Length of the in-process "
                                             "baseline (default: a quarter of --seconds, at least 2; 0: none)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Also write the result to this file."),
) -> None:
    """Load-test `kg serve` on loopback over the built store: named queries alone, with every text new
    (no cache), then with runaways; beside an in-process baseline of the same queries, measured in the same
    run, so the ratios hold on a loaded machine."""
    from kg import atomic
    from kg.bench.serving import run_serve_bench, to_text
    from kg.errors import KgError

    if fmt not in {"table", "json"}:
        raise KgError(f"unknown format {fmt!r}; choose table or json")
    if runaways >= clients:
        raise KgError("--runaways must be fewer than --clients")
    result = run_serve_bench(settings_for(), clients, runaways, seconds, progress=lambda text: err.print(text),
                             uncached=uncached, baseline_s=baseline)
    text = json.dumps(result.to_dict(), indent=2) + "\n" if fmt == "json" else to_text(result)
    if output is not None:
        atomic.write_text(output, text)
        err.print(f"wrote {output}")
    sys.stdout.write(text)
