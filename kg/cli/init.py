"""`kg init DIR`: start a new, empty graph project."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from kg.cli import app, err


@app.command()
def init(
    directory: Path = typer.Argument(..., help="The folder of the new project (made if missing)."),
    from_: Optional[Path] = typer.Option(None, "--from", help="Copy the ontology from this project "
                                         "(default: the project around the working directory, else kg's own)."),
) -> None:
    """Start a new, empty graph project: ontology/, sources/articles/, sources/curated/. `kg build` works in it at once."""
    from kg.project import init_project

    for path in init_project(directory, from_):
        err.print(f"wrote {path}")
    err.print(f"next: cd {directory} && kg build   (add articles with `kg ingest FILE --date YYYY-MM-DD`)")
