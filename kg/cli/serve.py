"""`kg serve` (SPARQL endpoint and entity pages) and `kg push` (the built graph into a shared store)."""

from __future__ import annotations

import webbrowser
from collections import defaultdict
from typing import Optional

import typer

from kg.cli import WITH_EXTRACTED_HELP, app, err, settings_for
from kg.errors import KgError


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback unless you say so)."),
    port: int = typer.Option(8000, "--port", help="Port (0 picks a free one)."),
    store: Optional[str] = typer.Option(None, "--store", help="Store URL (default: the built store)."),
    allow_update: bool = typer.Option(False, "--allow-update", help="Accept SPARQL updates at /update."),
    access_log: bool = typer.Option(False, "--access-log", help="Log every request to stderr."),
    open_: bool = typer.Option(False, "--open", help="Open the query page in a browser."),
    with_extracted: bool = typer.Option(False, "--with-extracted", help=WITH_EXTRACTED_HELP),
) -> None:
    """Serve the graph: SPARQL at /sparql, a query page at /, a page per entity at its IRI path."""
    from kg.api import open_built_store
    from kg.server import make_server
    from kg.store import open_store

    settings = settings_for(store, with_extracted)
    db = (open_store(settings.store_url, with_extracted=settings.with_extracted) if allow_update
          else open_built_store(settings))
    server = make_server(db, settings, host, port, allow_update=allow_update, access_log=access_log)
    mode = "read-write" if allow_update else "read-only"
    # The fixture and scripts read this line to learn the port: keep its shape.
    err.print(f"kg serve: listening on {server.url} ({mode}, store {settings.store_url})", soft_wrap=True)
    if host not in {"127.0.0.1", "localhost", "::1"}:
        err.print(f"[yellow]warning:[/yellow] listening on {host}: other machines can reach this server")
    if open_:
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        err.print("kg serve: stopped")
    finally:
        server.server_close()
        db.close()


@app.command()
def push(
    url: str = typer.Argument(..., help="The target store, e.g. http://127.0.0.1:7878 or http://host:3030/ds#fuseki."),
    store: Optional[str] = typer.Option(None, "--store", help="Where to read the graph (default: the built store)."),
    prune: bool = typer.Option(False, "--prune", help="Drop the target's graphs that the build no longer has."),
    with_extracted: bool = typer.Option(False, "--with-extracted", help=WITH_EXTRACTED_HELP),
) -> None:
    """Load the built graph into another store, replacing each named graph atomically."""
    from kg.api import open_built_store
    from kg.store import open_store
    from kg.store.remote import RemoteStore

    settings = settings_for(store, with_extracted)  # unreviewed graphs are pushed only when asked
    source = open_built_store(settings)
    by_graph: dict[str, list] = defaultdict(list)  # type: ignore[type-arg]
    for s, p, o, g in source.quads():
        by_graph[str(g)].append((s, p, o))
    target = open_store(url)
    if target.url == source.url:
        raise KgError(f"{url} is the store being pushed")
    stale = sorted(set(target.graph_names()) - set(by_graph))
    for name in sorted(by_graph):
        target.replace_graph(name, by_graph[name])
        err.print(f"  {name}  {len(by_graph[name])} triples")
    for name in stale:
        if prune:
            target.replace_graph(name, [])
            err.print(f"  {name}  dropped")
        else:
            err.print(f"  {name}  [yellow]not in the build[/yellow] (kept; --prune drops it)")
    err.print(f"pushed {sum(map(len, by_graph.values()))} triples in {len(by_graph)} graphs to {url}")
    if isinstance(target, RemoteStore) and by_graph and not target.union_default_graph():
        err.print("[yellow]warning:[/yellow] the endpoint's default graph is empty, so kg's queries will find "
                  "nothing: start Oxigraph with `oxigraph serve --union-default-graph`, or set "
                  "tdb2:unionDefaultGraph true in Fuseki")
