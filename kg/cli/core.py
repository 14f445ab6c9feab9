"""The core commands: build, query, export."""

from __future__ import annotations

import sys
import webbrowser
from pathlib import Path
from typing import Optional

import typer

from kg.cli import WITH_EXTRACTED_HELP, app, err, settings_for
from kg.errors import KgError, Location


@app.command()
def build(
    no_validate: bool = typer.Option(False, "--no-validate", help="Skip SHACL validation (faster on big graphs)."),
    strict: bool = typer.Option(False, "--strict", help="Fail (exit 2) when SHACL finds violations."),
    open_: bool = typer.Option(False, "--open", help="Open dist/graph.html in a browser afterwards."),
    reason: bool = typer.Option(False, "--reason", help="Also check consistency with the OWL reasoner "
                                "(HermiT; needs Java) and report every entailment. Every build fills the "
                                "'inferred' graph."),
    store: Optional[str] = typer.Option(None, "--store", help="Store URL (default: oxigraph:dist/store)."),
    full: bool = typer.Option(False, "--full", help="Read every source and load every graph afresh. By default "
                              "a build re-reads only the articles whose files changed since the store in place "
                              "(content hashes in dist/store.manifest.json) and replaces only the graphs that "
                              "changed; any change to the ontology, shapes, curated files, review queue or code "
                              "makes it a full build."),
) -> None:
    """Build the graph from ontology/ and sources/ into the store and dist/ (incrementally when it can)."""
    from kg.build import build as run_build
    from kg.build import discard, publish
    from kg.buildlock import build_lock
    from kg.extract.parallel import large_articles

    settings = settings_for(store)
    settings.require_project()  # before the lock, which would make dist/ where there is no project
    for warning in large_articles(settings.articles_dir):
        err.print(f"[yellow]warning:[/yellow] {warning}")
    with err.status("building") as status, build_lock(settings, on_wait=err.print) as leftovers:
        step = lambda text: (status.update(text), err.print(f"  {text}"))  # noqa: E731
        for leftover in leftovers:
            err.print(f"  removed {leftover}, left by an interrupted build")
        built = run_build(settings, progress=step, check_shapes=not no_validate, reason=reason, full=full)
        inconsistent = built.report.reasoning is not None and not built.report.reasoning.consistent
        if strict and (built.report.violations or inconsistent):
            discard(built)
            _print_report(built.report, settings.base_iri)
            err.print(f"[red]error:[/red] {len(built.report.violations)} SHACL violations"
                      f"{', inconsistent' if inconsistent else ''} (--strict): nothing was replaced")
            raise typer.Exit(2)
        report = publish(built, settings, progress=step)
    _print_report(report, settings.base_iri)
    if open_:
        webbrowser.open((settings.dist_dir / "graph.html").as_uri())


def _print_report(report, base_iri: str) -> None:  # type: ignore[no-untyped-def]
    err.print("[bold]Entities per class[/bold]")
    for cls, count in report.entities_per_class.items():
        err.print(f"  {cls:<28}{count:>6}")
    err.print("[bold]Facts per source[/bold]")
    for slug, count in report.facts_per_source.items():
        err.print(f"  {slug:<48}{count:>6}")
    err.print(f"[bold]Quads[/bold] {report.quads}")
    err.print(f"[bold]Inferred[/bold] {report.inferred} (what the ontology entails, in the 'inferred' graph)")
    if report.extracted:
        err.print(f"[bold]Unreviewed extracted facts[/bold] {report.extracted} (in */extracted graphs; `kg review`)")
    for conflict in report.conflicts:
        err.print(f"  conflict (curated fact kept): {conflict}")
    err.print(f"[bold]SHACL violations[/bold] {len(report.violations)}")
    for violation in report.violations[:20]:
        err.print(f"  {violation}")
    if report.reasoning is not None:
        from kg.reason.text import report_lines

        for line in report_lines(report.reasoning, base_iri):
            err.print(f"  {line}")
    for path in report.outputs:
        err.print(f"wrote {path}")


@app.command()
def query(
    query: Optional[str] = typer.Argument(None, help="A named query, a .rq file, or SPARQL text."),
    param: list[str] = typer.Option([], "--param", "-p", help="Parameter of a named query: key=value."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv, tsv or json."),
    list_: bool = typer.Option(False, "--list", "-l", help="List the named queries and their parameters."),
    store: Optional[str] = typer.Option(None, "--store", help="Store URL (default: the built store)."),
    with_extracted: bool = typer.Option(False, "--with-extracted", help=WITH_EXTRACTED_HELP),
) -> None:
    """Run SPARQL against the built store: inline, from a file, or by name."""
    from kg.api import open_built_store, query_bindings, read_query_file, run_named, run_sparql
    from kg.queries import QUERY_DIR, get_query, list_queries
    from kg.unreviewed import marked
    from kg.results import RESULT_FORMATS, render

    if list_:
        for named in list_queries():
            params = " ".join(f"{p.name}={p.default or '?'}" for p in named.params)
            typer.echo(f"{named.name:<32} {named.title}" + (f"  [{params}]" if params else ""))
        return
    if not query:
        raise KgError("give a query (a name from `kg query --list`, a .rq file or SPARQL text)")
    if fmt not in RESULT_FORMATS:
        raise KgError(f"unknown format {fmt!r}; choose one of {', '.join(RESULT_FORMATS)}")
    settings = settings_for(store, with_extracted)
    params = dict(_key_value(p) for p in param)
    db = open_built_store(settings)
    bindings = {}
    if (QUERY_DIR / f"{query}.rq").is_file() or (query.replace("-", "_").isidentifier() and " " not in query
                                                  and not Path(query).suffix):
        bindings = query_bindings(db, get_query(query), params, settings)
        run = lambda s: run_named(s, query, params, settings)  # noqa: E731
    elif query.endswith(".rq") or Path(query).is_file():
        path, text = Path(query), read_query_file(Path(query))
        run = lambda s: run_sparql(s, text, name=str(path), limit=settings.result_limit)  # noqa: E731
    else:
        run = lambda s: run_sparql(s, query, name="query", limit=settings.result_limit)  # noqa: E731
    # With unreviewed facts, each row they alone give is marked with their rules and confidence.
    result = (marked(db, open_built_store(settings.with_(with_extracted=False)), run, bindings)
              if settings.with_extracted else run(db))
    sys.stdout.write(render(result, fmt, settings.base_iri))
    if result.truncated:
        err.print(f"[yellow]warning:[/yellow] only the first {settings.result_limit} results (KG_RESULT_LIMIT)")


def _key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise KgError(f"--param {text!r}: expected key=value")
    return key.strip(), value.strip()


NETWORK_FORMATS = ("graphml", "gexf", "csv")


@app.command()
def export(
    fmt: str = typer.Option("ttl", "--format", "-f", help="RDF: ttl, trig, nt, nq, jsonld. Networks (Gephi, "
                            "spreadsheets): graphml, gexf (dated entities carry start/end for Gephi's "
                            "timeline), csv (two files, nodes.csv and edges.csv, in the folder -o names)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: stdout); "
                                          "with -f csv a folder (created if missing), which is required."),
    no_inferred: bool = typer.Option(False, "--no-inferred", help="Leave out the 'inferred' graph (what the "
                                     "ontology entails; RDF formats)."),
    store: Optional[str] = typer.Option(None, "--store", help="Store URL (default: the built store)."),
    with_extracted: bool = typer.Option(False, "--with-extracted", help=WITH_EXTRACTED_HELP),
) -> None:
    """Export the graph (ttl/nt: the union graph; trig/nq/jsonld: every named graph; graphml/gexf/csv: the
    entities and the facts between them, each edge with its sources and quotes)."""
    from kg import atomic
    from kg.api import open_built_store
    from kg.export import FORMATS, export_store

    if fmt not in FORMATS and fmt not in NETWORK_FORMATS:
        raise KgError(f"unknown format {fmt!r}; choose one of {', '.join([*FORMATS, *NETWORK_FORMATS])}")
    settings = settings_for(store, with_extracted)  # extracted graphs only when asked
    if fmt in NETWORK_FORMATS:
        _export_network(fmt, output, no_inferred, settings)
        return
    db = open_built_store(settings)
    graphs = None  # every graph the store shows
    if no_inferred:
        from kg.namespaces import Ids
        from kg.reason import inferred_graph

        graphs = [g for g in db.graph_names() if g != inferred_graph(Ids(settings.base_iri))]
    data = export_store(db, fmt, settings.base_iri, graphs)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        atomic.write_bytes(output, data)
        err.print(f"wrote {output}")


def _export_network(fmt: str, output: Optional[Path], no_inferred: bool, settings) -> None:  # type: ignore[no-untyped-def]
    from kg import atomic
    from kg.api import open_built_store
    from kg.export.network import to_gexf, to_graphml
    from kg.export.tables import csv_files
    from kg.ontology import load_ontology
    from kg.views.gather import gather

    if no_inferred:
        raise KgError(f"--no-inferred applies to the RDF formats; -f {fmt} exports what the views show")
    if fmt == "csv" and output is None:
        raise KgError("-f csv writes two files (nodes.csv, edges.csv): name their folder with -o FOLDER")
    if fmt == "csv" and output is not None and output.exists() and not output.is_dir():
        raise KgError(f"{output}: -f csv needs a folder, and this is a file")
    ontology = load_ontology(settings.ontology_file)
    view = gather(open_built_store(settings), ontology, title="silkroad-kg", extracted=settings.with_extracted)
    if fmt == "csv":
        assert output is not None
        for name, text in csv_files(view, ontology).items():
            atomic.write_text(output / name, text)
        err.print(f"wrote {output / 'nodes.csv'} ({len(view.nodes)} nodes) and {output / 'edges.csv'} "
                  f"({len(view.edges)} edges)")
        return
    text = to_graphml(view, ontology) if fmt == "graphml" else to_gexf(view, ontology)
    if output is None:
        sys.stdout.write(text)
    else:
        atomic.write_text(output, text)
        err.print(f"wrote {output} ({len(view.nodes)} nodes, {len(view.edges)} edges)")


