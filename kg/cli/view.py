"""`kg view`: write an interactive page (one offline HTML file): the network, a timeline or a map;
optionally a PNG of it."""

from __future__ import annotations

import webbrowser
from pathlib import Path
from typing import Optional

import typer

from kg.cli import WITH_EXTRACTED_HELP, WITH_INFERRED_HELP, app, err, settings_for
from kg.errors import KgError


@app.command()
def view(
    focus: Optional[str] = typer.Option(None, "--focus", help="Centre on an entity (IRI, kind/slug or label)."),
    hops: int = typer.Option(1, "--hops", help="With --focus: how many edges away to include."),
    query: Optional[str] = typer.Option(None, "--query", help="A named query or .rq file: show the graph a "
                                        "CONSTRUCT returns, or the entities a SELECT names."),
    param: list[str] = typer.Option([], "--param", "-p", help="Parameter of a named query: key=value."),
    classes: list[str] = typer.Option([], "--class", "-c", help="Keep only this class and its subclasses "
                                      "(repeatable), e.g. --class Event --class Person."),
    timeline: bool = typer.Option(False, "--timeline", help="A timeline of the dated entities (events, agreements, "
                                  "statistics) grouped by series or initiative, instead of the network."),
    map_: bool = typer.Option(False, "--map", help="A world map: places at their coordinates, events at their "
                              "place, countries shaded by what links them, instead of the network."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="HTML file (default: dist/view.html, "
                                          "dist/timeline.html or dist/map.html)."),
    screenshot: Optional[Path] = typer.Option(None, "--screenshot", help="Also write a PNG of the page "
                                              "(headless chromium)."),
    open_: bool = typer.Option(False, "--open", help="Open the page in a browser afterwards."),
    store: Optional[str] = typer.Option(None, "--store", help="Store URL (default: the built store)."),
    with_extracted: bool = typer.Option(False, "--with-extracted", help=WITH_EXTRACTED_HELP),
    with_inferred: bool = typer.Option(False, "--with-inferred", help=WITH_INFERRED_HELP),
) -> None:
    """Write an interactive view of the graph (network by default; --timeline, --map): search, filters,
    and on click the evidence, each fact with its source and quote. --focus, --query and --class choose
    what any of the three shows."""
    from kg import atomic
    from kg.api import open_built_store
    from kg.views import ViewOptions, map_view, network_view, select_view, timeline_view

    if timeline and map_:
        raise KgError("--timeline and --map are two views: choose one")
    settings = settings_for(store, with_extracted)
    kind = "timeline" if timeline else "map" if map_ else "view"
    target = output or settings.dist_dir / f"{kind}.html"
    params = dict(_key_value(p) for p in param)
    if params and query is None:
        raise KgError("--param needs --query")
    db = open_built_store(settings)
    page_dir = target.resolve().parent
    if kind == "view":
        net = network_view(db, settings, focus=focus, hops=hops, query=query, params=params,
                           classes=classes, options=ViewOptions.from_env(page_dir=page_dir),
                           inferred=with_inferred)
        atomic.write_text(target, net.generate_html())
        err.print(f"wrote {target} ({len(net.nodes)} nodes, {len(net.edges)} edges)")
    else:
        chosen = select_view(db, settings, focus=focus, hops=hops, query=query, params=params, classes=classes,
                             inferred=with_inferred)
        made = (timeline_view if timeline else map_view)(chosen, settings, page_dir=page_dir)
        atomic.write_text(target, made.generate_html())
        err.print(f"wrote {target} ({made.summary()})")
    if screenshot is not None:
        from kg.views.screenshot import screenshot as take

        atomic.write_bytes(screenshot, take(target))
        err.print(f"wrote {screenshot}")
    if open_:
        webbrowser.open(target.resolve().as_uri())


def _key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise KgError(f"--param {text!r}: expected key=value")
    return key.strip(), value.strip()
