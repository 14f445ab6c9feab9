"""`kg reason`: materialise the ontology's entailments into the store and check consistency."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from kg.cli import app, err, settings_for
from kg.errors import KgError


@app.command()
def reason(
    no_owl: bool = typer.Option(False, "--no-owl", help="Skip the OWL reasoner (HermiT); rules and clash checks still run."),
    store: Optional[str] = typer.Option(None, "--store", help="Store URL (default: the built store)."),
) -> None:
    """Add what the ontology entails (inverses, chains, transitive and symmetric properties, officials)
    to the graph <base>id/graph/inferred, and report inconsistencies with their sources (exit 2)."""
    from kg.namespaces import Ids
    from kg.ontology import load_ontology
    from kg.reason import materialise
    from kg.reason.text import report_lines
    from kg.store.limited import limited_store

    settings = settings_for(store)
    url = settings.store_url
    if url.startswith("oxigraph:") and not Path(url.removeprefix("oxigraph:")).exists():
        raise KgError(f"no store at {url.removeprefix('oxigraph:')}: run `kg build` first")
    ontology = load_ontology(settings.ontology_file)
    # Reads, the fixpoint and the write in one read-write query worker, under the query limits
    # (KG_QUERY_TIMEOUT, KG_QUERY_MEMORY) as every command that runs SPARQL; the OWL check (a JVM)
    # runs here, bounded by its own time limit.
    db = limited_store(settings, writable=True)
    try:
        with err.status("reasoning"):
            report = materialise(db, ontology, Ids(settings.base_iri), check_owl=not no_owl)
    finally:
        db.close()
    for line in report_lines(report, settings.base_iri):
        typer.echo(line)
    if not report.consistent:
        raise typer.Exit(2)
