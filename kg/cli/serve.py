"""`kg serve` (SPARQL endpoint and entity pages) and `kg push` (the built graph into a shared store)."""

from __future__ import annotations

import webbrowser
from collections import defaultdict
from pathlib import Path
from typing import Optional

import typer

from kg.cli import WITH_EXTRACTED_HELP, app, err, settings_for
from kg.errors import KgError


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback unless you say so)."),
    port: int = typer.Option(8000, "--port", help="Port (0 picks a free one)."),
    store: Optional[str] = typer.Option(None, "--store", help="Store URL (default: the built store)."),
    allow_update: bool = typer.Option(False, "--allow-update", help="Accept SPARQL updates at /update "
                                      "(one worker then runs queries and updates in turn)."),
    cors: list[str] = typer.Option([], "--cors", help="Let pages from this origin (e.g. https://example.org) "
                                   "query the endpoint; repeat for more. Off by default."),
    access_log: bool = typer.Option(False, "--access-log", help="Log every request to stderr."),
    open_: bool = typer.Option(False, "--open", help="Open the query page in a browser."),
    with_extracted: bool = typer.Option(False, "--with-extracted", help=WITH_EXTRACTED_HELP),
) -> None:
    """Serve the graph: SPARQL at /sparql, a query page at /, a page per entity at its IRI path.

    Every query runs in a worker process (KG_WORKERS of them) that cannot reach the network,
    stopped past KG_QUERY_TIMEOUT seconds (503) or KG_QUERY_MEMORY MiB (507); rows are capped
    at KG_RESULT_LIMIT. A rebuilt store (`kg build`) is picked up within a second or two.
    """
    from kg.server import KgApp, listen, serve as run_server
    from kg.store.limited import limited_store

    settings = settings_for(store, with_extracted)
    url = settings.store_url
    if url.startswith("oxigraph:") and not Path(url.removeprefix("oxigraph:")).exists() and not allow_update:
        raise KgError(f"no store at {url.removeprefix('oxigraph:')}: run `kg build` first")
    if not url.startswith(("oxigraph:", "http://", "https://")):
        raise KgError(f"kg serve needs a store on disk or a SPARQL endpoint, not {url}")
    for origin in cors:
        if not origin.startswith(("http://", "https://")) or origin.count("/") != 2:
            raise KgError(f"--cors {origin!r}: give an origin such as https://example.org (no path)")
    listener = listen(host, port)
    db = limited_store(settings, size=settings.workers, writable=allow_update, preload=("kg.server.jobs",),
                       fork=False)
    try:
        db.pool.warm()
        mode = "read-write" if allow_update else "read-only"
        app_ = KgApp(db, settings, allow_update, tuple(cors))

        def started() -> None:
            # The fixture and scripts read this line to learn the port: keep its shape.
            err.print(f"kg serve: listening on {listener.url} ({mode}, store {url})", soft_wrap=True)
            if host not in {"127.0.0.1", "localhost", "::1"}:
                err.print(f"[yellow]warning:[/yellow] listening on {host}: other machines can reach this server")
            if open_:
                webbrowser.open(listener.url)

        try:
            run_server(app_, listener, access_log, started)
        except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it handled, after requests in flight end
            pass
        err.print("kg serve: stopped")
    finally:
        db.close()


@app.command()
def push(
    url: str = typer.Argument(..., help="The target store, e.g. http://127.0.0.1:7878 or http://host:3030/ds#fuseki."),
    store: Optional[str] = typer.Option(None, "--store", help="Where to read the graph (default: the built store)."),
    prune: bool = typer.Option(False, "--prune", help="Drop the target's graphs that the build no longer has."),
    with_extracted: bool = typer.Option(False, "--with-extracted", help="Also push the unreviewed extracted "
                                        "graphs: the target's queries then answer with them, unmarked."),
) -> None:
    """Load the built graph into another store, replacing each named graph atomically (the unreviewed
    extracted graphs only with --with-extracted)."""
    from kg.api import open_built_store
    from kg.store import open_store

    settings = settings_for(store, with_extracted)  # unreviewed graphs are pushed only when asked
    source = open_built_store(settings)
    by_graph: dict[str, list] = defaultdict(list)  # type: ignore[type-arg]
    for s, p, o, g in source.quads():
        by_graph[str(g)].append((s, p, o))
    target = open_store(url, with_extracted=True)  # every graph, to find the stale ones
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
            why = ("unreviewed extracted facts, which queries see only --with-extracted"
                   if name.endswith("/extracted") else "not in the build")
            err.print(f"  {name}  [yellow]{why}[/yellow] (kept; --prune drops it)")
    err.print(f"pushed {sum(map(len, by_graph.values()))} triples in {len(by_graph)} graphs to {url}")
