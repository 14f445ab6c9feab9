"""Views of the graph, returned as objects or HTML text; never written here.

    net = network_view(store, settings, focus="Vladimir Norov", hops=2)   # a pyvis Network
    html = net.generate_html()                                              # one offline page
    tl = timeline_view(select_view(store, settings), settings)             # a TimelineView
    world = map_view(select_view(store, settings), settings)               # a MapView
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from pyvis.network import Network

from kg.ontology import load_ontology
from kg.settings import Settings
from kg.store.base import Store
from kg.views.gather import gather
from kg.views.map import MapView
from kg.views.map import map_view as _map_view
from kg.views.model import ViewGraph
from kg.views.network import ViewOptions, build_network
from kg.views.select import focus as focus_on
from kg.views.select import from_result, keep_classes, run_view_query
from kg.views.timeline import TimelineView
from kg.views.timeline import timeline_view as _timeline_view

__all__ = ["MapView", "TimelineView", "ViewOptions", "dist_pages", "map_view", "network_view", "select_view",
           "timeline_view", "whole_graph_html"]


def select_view(store: Store, settings: Settings, *, focus: str | None = None, hops: int = 1,
                query: str | None = None, params: dict[str, str] | None = None,
                classes: Sequence[str] = (), inferred: bool = False) -> ViewGraph:
    """The part of the graph to show, as plain data (see kg.views.model).

    Asserted facts; `inferred` adds the entailed ones and the settings' `with_extracted`
    the unreviewed ones, each marked."""
    ontology = load_ontology(settings.ontology_file)
    view = gather(store, ontology, title="silkroad-kg: the whole graph", inferred=inferred,
                  extracted=settings.with_extracted)
    if query is not None:
        result = run_view_query(store, settings, query, params or {})
        view = from_result(view, result, ontology, title=f"silkroad-kg: query {query}")
    if focus is not None:
        view = focus_on(view, store, settings, focus, hops)
    if classes:
        view = keep_classes(view, ontology, list(classes))
    return view


def network_view(store: Store, settings: Settings, *, focus: str | None = None, hops: int = 1,
                 query: str | None = None, params: dict[str, str] | None = None,
                 classes: Sequence[str] = (), options: ViewOptions | None = None,
                 inferred: bool = False) -> Network:
    """A pyvis Network of the whole graph, a neighbourhood, a query's result, or some classes."""
    view = select_view(store, settings, focus=focus, hops=hops, query=query, params=params, classes=classes,
                       inferred=inferred)
    return build_network(view, load_ontology(settings.ontology_file), settings, options or ViewOptions.from_env())


def whole_graph_html(store: Store, settings: Settings) -> str:
    """The page of the whole graph (dist/graph.html), its article links relative to dist/."""
    return network_view(store, settings, options=ViewOptions.from_env(page_dir=settings.dist_dir)).generate_html()


def dist_pages(store: Store, settings: Settings) -> dict[str, str]:
    """The view pages a build publishes in dist/ (file name -> HTML): the whole graph's network, its
    timeline and its map, read from one gathering of the graph, article links relative to dist/."""
    view = select_view(store, settings)
    network = build_network(view, load_ontology(settings.ontology_file), settings,
                            ViewOptions.from_env(page_dir=settings.dist_dir))
    return {"graph.html": network.generate_html(), "timeline.html": timeline_view(view, settings).generate_html(),
            "map.html": map_view(view, settings).generate_html()}


def timeline_view(view: ViewGraph, settings: Settings, page_dir: Path | None = None) -> TimelineView:
    """The dated entities of a selection (select_view) on a time axis."""
    return _timeline_view(view, load_ontology(settings.ontology_file), settings, page_dir or settings.dist_dir)


def map_view(view: ViewGraph, settings: Settings, page_dir: Path | None = None) -> MapView:
    """The places and events of a selection (select_view) on a world map."""
    return _map_view(view, load_ontology(settings.ontology_file), settings, page_dir or settings.dist_dir)
