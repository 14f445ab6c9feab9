"""A view as a pyvis Network: styled nodes and edges, positions, and the data the page's panels need.

The Network is pyvis's own class with our page template (kg.views.page): its
`generate_html()` gives one self-contained HTML page. Nothing is written here.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyvis.network import Network

from kg.ontology import Ontology
from kg.settings import Settings
from kg.views.evidence import evidence_rows, layer_marker, node_details, source_index, source_list
from kg.views.model import ViewGraph, ViewNode
from kg.views.reading import Roles, label_order, positions, roles, statistics_tables
from kg.views.style import style_for

PHYSICS_MAX_NODES_DEFAULT = 100  # above it the layout is computed in Python and physics is off
# Above it every frame is drawn lean: no arrow heads (one more path per edge, invisible at the zoom that
# fits thousands of nodes; the panel gives each edge's direction), no hover, no edges while moving.
LARGE_GRAPH = 2000
NODE_SIZE = (8.0, 40.0)  # the smallest and the largest node, by degree


@dataclass(frozen=True)
class ViewOptions:
    """How a view is drawn. `physics_max_nodes`: a setting (env KG_VIEW_PHYSICS_MAX_NODES)."""

    physics_max_nodes: int = PHYSICS_MAX_NODES_DEFAULT
    page_dir: Path | None = None  # where the page will be written: article links are relative to it
    height: str = "100vh"

    @staticmethod
    def from_env(env: dict[str, str] | None = None, page_dir: Path | None = None) -> "ViewOptions":
        env = dict(os.environ if env is None else env)
        limit = env.get("KG_VIEW_PHYSICS_MAX_NODES", "")
        return ViewOptions(int(limit) if limit.strip().isdigit() else PHYSICS_MAX_NODES_DEFAULT, page_dir)


class KgNetwork(Network):  # type: ignore[misc]
    """A pyvis Network that renders with the silkroad-kg page (panels, filters, search)."""

    def __init__(self, payload: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kg_payload = payload

    def generate_html(self, name: str = "index.html", local: bool = True, notebook: bool = False) -> str:
        from kg.views.page import render_page

        self.html = render_page(self)
        return self.html


def build_network(view: ViewGraph, ontology: Ontology, settings: Settings,
                  options: ViewOptions | None = None) -> KgNetwork:
    options = options or ViewOptions()
    physics = len(view.nodes) <= options.physics_max_nodes
    parts = roles(view, ontology)
    placed = positions(view, parts)
    degree = Counter([e.source for e in view.edges] + [e.target for e in view.edges])
    index = source_index(view)
    large = len(view.nodes) > LARGE_GRAPH
    sizes = node_sizes([degree[n.iri] + 1 for n in view.nodes])
    nodes = [_vis_node(n, ontology, size, placed[n.iri], large) for n, size in zip(view.nodes, sizes)]
    arrows = {} if large else {"arrows": "to"}
    edges = [
        {"id": f"e{i}", "from": e.source, "to": e.target, "label": e.label, "title": e.label, **arrows,
         **({"dashes": True} if e.layer != "asserted" else {})}  # facts no source states are drawn dashed
        for i, e in enumerate(view.edges)
    ]
    net = KgNetwork(
        _payload(view, ontology, settings, options, index, physics, parts),
        height=options.height, width="100%", directed=True, cdn_resources="in_line", heading=view.title,
    )
    # Assigning the lists directly: pyvis's add_node/add_edge grow quadratically.
    net.nodes, net.edges = nodes, edges
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    net.options = vis_options(physics, len(view.nodes))
    return net


def node_sizes(values: list[int], smallest: float = NODE_SIZE[0], largest: float = NODE_SIZE[1]) -> list[float]:
    """vis-network's own linear value scaling, done here: given "value"s, vis-network rescans every node
    (and re-measures its label) on each update of any node, which costs seconds in a large graph."""
    low, high = min(values, default=0), max(values, default=0)
    return [round(smallest + (0.5 if high == low else (v - low) / (high - low)) * (largest - smallest), 3)
            for v in values]


def _vis_node(node: ViewNode, ontology: Ontology, size: float, position: tuple[float, float],
              large: bool) -> dict[str, Any]:
    style = style_for(ontology, node.cls)
    # A border of the fill's own colour adds nothing one sees, but stroking it doubles a large frame's cost.
    plain = large and style.border_width == 1 and style.border == style.colour
    return {
        "id": node.iri, "label": node.label, "title": f"{node.label} ({style.label})",
        "shape": style.shape, "size": size, "x": position[0], "y": position[1],
        "borderWidth": 0 if plain else style.border_width, "borderWidthSelected": style.border_width + 2,
        "color": {"background": style.colour, "border": style.border,
                  "highlight": {"background": style.colour, "border": "#111111"}},
    }


def vis_options(physics: bool, size: int) -> dict[str, Any]:
    """vis-network options: physics from our positions for small graphs, none for large ones."""
    large = size > LARGE_GRAPH
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False},
        "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "borderWidth": 1,
                  # Labels are sized and chosen by the page (labels.js) so that they stay readable and apart.
                  "scaling": {"min": NODE_SIZE[0], "max": NODE_SIZE[1], "label": {"enabled": False}}},
        "edges": {"arrows": {"to": {"enabled": not large, "scaleFactor": 0.5}}, "color": {"color": "#a0a7b4",
                  "highlight": "#333333", "inherit": False}, "width": 1,
                  "font": {"size": 10, "align": "middle", "color": "#555555", "strokeWidth": 3},
                  "scaling": {"label": {"drawThreshold": 8}},
                  "smooth": {"type": "continuous"} if physics else False},
        "physics": {"enabled": physics, "solver": "barnesHut",
                    "barnesHut": {"gravitationalConstant": -2500, "centralGravity": 0.35, "springLength": 110, "springConstant": 0.04,
                                  "avoidOverlap": 0.2},
                    "stabilization": {"enabled": physics, "iterations": 120, "fit": True}},
        "interaction": {"hover": not large, "tooltipDelay": 300, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large, "navigationButtons": False, "keyboard": False},
    }


def _payload(view: ViewGraph, ontology: Ontology, settings: Settings, options: ViewOptions,
             index: dict[str, int], physics: bool, parts: Roles) -> dict[str, Any]:
    """Everything the page's panels and filters read, keyed by node IRI or edge id."""
    classes = Counter(n.cls for n in view.nodes)
    legend = [
        {"cls": c, "label": s.label, "family": s.family_label, "colour": s.colour, "shape": s.shape, "count": k,
         "border": s.border, "borderWidth": s.border_width}
        for c, k in classes.items() for s in [style_for(ontology, c)]
    ]
    legend.sort(key=lambda entry: (entry["family"], entry["family"] != entry["label"], entry["label"]))
    details = {n.iri: node_details(n, ontology, index) for n in view.nodes}
    for iri, rows in statistics_tables(view, ontology, index).items():
        details[iri]["stats"] = rows
    edge_info = {f"e{i}": {"label": e.label, "predicate": e.predicate, "ev": evidence_rows(e.evidence, index),
                           "layer": layer_marker(e.layer)}
             for i, e in enumerate(view.edges)}
    sources = source_list(view, settings, options.page_dir)
    spans = [n.span for n in view.nodes if n.span]
    return {
        "title": view.title, "legend": legend, "details": details, "edgeInfo": edge_info, "sources": sources,
        "time": {"min": min(s[0] for s in spans)[:7], "max": max(s[1] for s in spans)[:7]} if spans else None,
        "physics": physics, "focus": view.focus, "large": len(view.nodes) > LARGE_GRAPH,
        "statistics": sorted(parts.statistics), "unconnected": sorted(parts.unconnected),
        # Off by default, unless the view is about statistics (only statistics, or centred on one).
        "statisticsOff": len(parts.statistics) < len(view.nodes) and view.focus not in parts.statistics,
        "labelOrder": label_order(view, ontology, parts),
    }
