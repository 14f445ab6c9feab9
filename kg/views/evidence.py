"""The data every view page's evidence panel reads: per entity its type, dates, facts with their quotes,
and the list of sources the quotes point into (with article links relative to the page).

Shared by the network, the timeline and the map, so that a click shows the same evidence everywhere.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

from kg.ontology import Ontology
from kg.settings import Settings
from kg.views.model import Evidence, ViewGraph, ViewNode
from kg.views.style import style_for


def source_index(view: ViewGraph) -> dict[str, int]:
    return {slug: i for i, slug in enumerate(view.sources)}


def evidence_rows(evidence: Iterable[Evidence], index: dict[str, int]) -> list[list[Any]]:
    """[source number, quote, marker]: the marker says how an unreviewed claim was made ("" if curated)."""
    return [[index[e.source], e.quote, e.marker] for e in evidence if e.source in index]


def layer_marker(layer: str) -> str:
    """The note a fact not asserted by a source carries in the panel ("" for an asserted one)."""
    return {"inferred": "inferred: entailed by the ontology", "extracted": "unreviewed extracted fact"}.get(layer, "")


def node_details(node: ViewNode, ontology: Ontology, index: dict[str, int]) -> dict[str, Any]:
    return {
        "cls": node.cls, "type": style_for(ontology, node.cls).label, "aliases": list(node.aliases),
        "span": list(node.span) if node.span else None,
        "sources": sorted(index[s] for s in node.sources if s in index),
        "named": evidence_rows(node.named_in, index),
        "posts": [[p.post, p.organisation, list(p.dates), p.post_iri] for p in node.posts],
        "facts": [[f.property, f.value, f.other, evidence_rows(f.evidence, index), layer_marker(f.layer)]
                  for f in node.facts],
    }


def _href(text_file: str, settings: Settings, page_dir: Path | None) -> str:
    """The article file relative to the page: it keeps working when the checkout moves or is cloned."""
    target = (settings.root / text_file).resolve()
    base = (page_dir or settings.dist_dir).resolve()
    return Path(os.path.relpath(target, base)).as_posix()


def source_list(view: ViewGraph, settings: Settings, page_dir: Path | None) -> list[dict[str, Any]]:
    return [
        {"slug": s.slug, "title": s.title, "publisher": s.publisher, "date": s.date, "url": s.url,
         "href": _href(s.text_file, settings, page_dir) if s.text_file else None}
        for s in view.sources.values()
    ]
