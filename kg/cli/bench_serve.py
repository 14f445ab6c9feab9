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
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Also write the result to this file."),
) -> None:
    """Load-test `kg serve` on loopback over the built store: named queries alone, then with runaways."""
    from kg import atomic
    from kg.bench.serving import run_serve_bench, to_text
    from kg.errors import KgError

    if fmt not in {"table", "json"}:
        raise KgError(f"unknown format {fmt!r}; choose table or json")
    if runaways >= clients:
        raise KgError("--runaways must be fewer than --clients")
    result = run_serve_bench(settings_for(), clients, runaways, seconds, progress=lambda text: err.print(text))
    text = json.dumps(result.to_dict(), indent=2) + "\n" if fmt == "json" else to_text(result)
    if output is not None:
        atomic.write_text(output, text)
        err.print(f"wrote {output}")
    sys.stdout.write(text)
