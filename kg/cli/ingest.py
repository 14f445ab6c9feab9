"""Command: ingest (add articles to sources/articles/)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from kg.cli import app, err, settings_for


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Article files: plain text or HTML, UTF-8."),
    title: Optional[str] = typer.Option(None, "--title", help="Title, when the text does not state it."),
    date: Optional[str] = typer.Option(None, "--date", help="Publication date: YYYY-MM-DD, YYYY-MM or YYYY."),
    publisher: Optional[str] = typer.Option(None, "--publisher", help="Publisher, when the text does not state it."),
    url: Optional[str] = typer.Option(None, "--url", help="Address of the article."),
) -> None:
    """Add articles to sources/articles/ (cleaned text, the original, and metadata)."""
    from kg.ingest import ingest as run_ingest

    results = run_ingest(settings_for(), list(paths), title, date, publisher, url)
    for result in results:
        if result.slug:
            err.print(f"{result.path}: {result.message}")
        else:
            err.print(f"[red]refused:[/red] {result.path}: {result.message}")
    if any(r.slug is None for r in results):
        raise typer.Exit(1)
