"""The query page's editor: what its script needs (completion terms, prefixes, the named queries with
their parameters) and which asset files it loads. The HTTP app (kg.server) serves the files and puts
the data in the page; this module decides their content.

The editor is CodeMirror 6 with the SPARQL mode of @codemirror/legacy-modes (bundled from npm by
`make js` into kg/views/assets/vendor/editor-lib.js); kg/views/assets/query-editor.js turns the page's
plain textarea into it and adds parameter fields, a sortable paged table, a chart for series and a link
that reproduces the query. kg/views/assets/query-network.js draws the Network tab with vis-network (from
npm, vendor/network-lib.js), each entity in its class's colour and shape with the network view's legend
(kg.views.style), the classes and labels asked of /sparql.
"""

from __future__ import annotations

from pathlib import Path
from functools import lru_cache
from typing import Any, Iterable

from kg.layers import ASSERTED, graph_filter
from kg.namespaces import PREFIXES
from kg.ontology import Ontology
from kg.queries import NamedQuery
from kg.views.network import vis_options
from kg.views.page import ASSETS, VENDOR
from kg.views.style import class_styles

# Asset name (as the page asks for it under /assets/) -> the file. Scripts load in this order; the
# style sheets are linked by query-network.js when the Network tab first draws.
ASSET_FILES: dict[str, Path] = {
    "editor-lib.js": VENDOR / "editor-lib.js",
    "query-editor.js": ASSETS / "query-editor.js",
    "network-lib.js": VENDOR / "network-lib.js",
    "query-network.js": ASSETS / "query-network.js",
    "vis-network.css": VENDOR / "vis-network.css",
    "legend.css": ASSETS / "legend.css",
}


def _curie(iri: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def editor_data(ontology: Ontology, queries: Iterable[NamedQuery]) -> dict[str, Any]:
    """Completion terms (classes and properties of the ontology, with labels), prefixes, named queries."""
    terms = [{"label": _curie(c), "type": "class", "detail": ontology.label(c)} for c in sorted(ontology.classes)]
    terms += [{"label": _curie(p), "type": "property", "detail": info.label or ontology.label(p)}
              for p, info in sorted(ontology.properties.items())]
    styles = {cls: {"label": s.label, "family": s.family_label, "colour": s.colour, "shape": s.shape,
                    "border": s.border, "borderWidth": s.border_width,
                    "depth": len(ontology.superclasses.get(cls, ()))}  # the deepest class of an entity is its own
              for cls, s in class_styles(ontology).items()}
    return {
        "styles": styles, "networkOptions": vis_options(True, 0),
        # The Network tab draws stated facts, as the network view does (kg.layers): no entailed ones.
        "assertedGraphs": graph_filter("g", {ASSERTED}),
        "propertyLabels": {p: info.label or ontology.label(p) for p, info in sorted(ontology.properties.items())},
        "prefixes": dict(sorted(PREFIXES.items())),
        "terms": terms,
        "queries": [{"name": q.name, "title": q.title, "description": q.description, "sparql": q.sparql,
                     "params": [{"name": p.name, "type": p.type, "default": p.default, "description": p.description}
                                for p in q.params]}
                    for q in queries],
    }


def available() -> bool:
    """Whether `make js` has bundled the editor; without it the page keeps its plain textarea."""
    return all(path.is_file() for path in ASSET_FILES.values())


@lru_cache(maxsize=4)
def _ontology(path: Path) -> Ontology:
    from kg.ontology import load_ontology

    return load_ontology(path)


def page_parts(queries: Iterable[NamedQuery], ontology_file: Path | None = None) -> tuple[dict[str, Any] | None, tuple[str, ...]]:
    """The editor's data and the scripts the query page adds to load it (after its own), or (None, ())."""
    if not available():
        return None, ()
    if ontology_file is None:
        from kg.settings import load_settings

        ontology_file = load_settings().ontology_file
    return editor_data(_ontology(ontology_file), queries), tuple(n for n in ASSET_FILES if n.endswith(".js"))
