"""`kg validate`: check the curated graph against the SHACL shapes, in plain words."""

from __future__ import annotations

import json
from dataclasses import asdict

import typer

from kg.cli import app, err, settings_for


@app.command()
def validate(
    as_json: bool = typer.Option(False, "--json", help="Print the violations as JSON (one object each)."),
) -> None:
    """Validate ontology/ and sources/ against ontology/shapes.ttl: for each problem, the entity,
    what is wrong, and the file:line of the curated fact or registry entry behind it (exit 2 if any)."""
    from kg.build import assemble_inputs, load_inputs
    from kg.namespaces import Ids
    from kg.validate import location
    from kg.validate import validate as run_validate

    settings = settings_for()
    with err.status("validating"):
        inputs = load_inputs(settings)
        graphs = assemble_inputs(inputs, settings)
        violations = run_validate(graphs, settings.shapes_file, inputs.ontology.graph,
                                  inputs.entities, Ids(settings.base_iri))
    if as_json:
        typer.echo(json.dumps([{**asdict(v), "location": location(v.origin)} for v in violations],
                              indent=2, ensure_ascii=False))
    else:
        for violation in violations:
            typer.echo(str(violation))
    err.print(f"{len(violations)} SHACL violation{'s' if len(violations) != 1 else ''}"
              f" in {len(graphs)} quads")
    if violations:
        raise typer.Exit(2)
