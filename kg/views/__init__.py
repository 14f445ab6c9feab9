"""Network views of the graph (pyvis), returned as objects or HTML text; never written here."""

from __future__ import annotations

from kg.views.network import whole_graph_html

__all__ = ["whole_graph_html"]
