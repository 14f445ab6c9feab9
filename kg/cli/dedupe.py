"""Entity resolution: `kg dedupe` lists likely duplicates; `kg dedupe same|different A B` decides."""

from __future__ import annotations

import json
import sys
from typing import Optional

import typer

from kg.cli import app, err, settings_for
from kg.errors import KgError

FORMATS = ("table", "csv", "json")


@app.command()
def dedupe(
    verdict: Optional[str] = typer.Argument(None, help="same or different (omit to list open proposals)."),
    first: Optional[str] = typer.Argument(None, help="An entity id (kind/slug) or label; for 'same', the one kept."),
    second: Optional[str] = typer.Argument(None, help="The other entity."),
    note: Optional[str] = typer.Option(None, "--note", help="Why (recorded with the decision)."),
    min_score: float = typer.Option(0.8, "--min-score", help="Lowest score of a proposal to list (0-1)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json."),
) -> None:
    """Propose likely duplicate entities, or record a decision in sources/curated/merges.yaml."""
    from kg.resolution.workflow import decide, merges_file, open_proposals

    settings = settings_for()
    if verdict is not None:
        if verdict not in {"same", "different"}:
            raise KgError(f"unknown decision {verdict!r}: use `kg dedupe same A B` or `kg dedupe different A B`")
        if not first or not second:
            raise KgError(f"`kg dedupe {verdict}` needs two entities")
        decision = decide(settings, verdict == "same", first, second, note)
        err.print(f"recorded at {decision.where()}: {decision.verdict} [{decision.first}, {decision.second}]")
        return
    if fmt not in FORMATS:
        raise KgError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    proposals = open_proposals(settings, min_score)
    columns = ("score", "first", "second", "first_label", "second_label", "reason")
    rows = [{c: getattr(p, c) for c in columns} for p in proposals]
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    elif not proposals:
        typer.echo(f"no open proposals (decisions: {merges_file(settings)})")
    else:
        for p in proposals:
            typer.echo(f"{p.score:.2f}  {p.first} ({p.first_label}, {p.first_class})  ~  "
                       f"{p.second} ({p.second_label}, {p.second_class})\n      {p.reason}")
        typer.echo(f"{len(proposals)} open proposal{'s' if len(proposals) != 1 else ''}; decide with "
                   f"`kg dedupe same KEPT OTHER` or `kg dedupe different A B`")
