"""What a network view shows, as plain frozen data: nodes, edges and the evidence behind them.

Gathering (kg.views.gather) fills these from a store; selecting (the functions
below) narrows them; building (kg.views.network) turns them into a pyvis page.
Every string here is raw text from the graph: escaping is the page's job.
"""

from __future__ import annotations

import calendar
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Iterable


@dataclass(frozen=True)
class Evidence:
    """One quote of one source that supports a fact."""

    source: str  # the source's slug (a key of ViewGraph.sources)
    quote: str
    method: str = "curated"  # or the extraction rule of an unreviewed claim
    confidence: float | None = None  # an extracted claim's

    @property
    def marker(self) -> str:
        """What a reader is told about how the claim was made ("" for a curated one)."""
        if self.method == "curated":
            return ""
        if self.method == "gazetteer":  # kg.geofacts: a data package's record, credited to it
            return "from the gazetteer packages, not an article"
        return f"unreviewed, extracted by {self.method}" + (
            f", confidence {self.confidence:.2f}" if self.confidence is not None else "")


@dataclass(frozen=True)
class SourceInfo:
    slug: str
    title: str
    publisher: str
    date: str  # as written: YYYY-MM-DD, YYYY-MM or YYYY
    text_file: str  # relative to the project root, e.g. sources/articles/SLUG.txt
    url: str | None = None


@dataclass(frozen=True)
class Fact:
    """A statement shown in the side panel: "start date: 2021-05-10", "held in: Zhengzhou"."""

    property: str  # the property's label, from the ontology
    value: str  # a literal's text, or the other node's label
    evidence: tuple[Evidence, ...] = ()
    other: str | None = None  # the other node's IRI when the value is a node
    inverse: bool = False  # True when this node is the object of the fact
    layer: str = "asserted"  # kg.layers: "inferred" (entailed by the ontology) or "extracted" (unreviewed)


@dataclass(frozen=True)
class PostHeld:
    post: str  # the post's label
    organisation: str | None
    dates: tuple[str, ...]  # the post's own dates, else "as of" the sources' publication dates
    post_iri: str = ""


@dataclass(frozen=True)
class ViewNode:
    iri: str
    label: str
    cls: str  # the class IRI (the most specific one when an entity has several)
    aliases: tuple[str, ...] = ()
    span: tuple[str, str] | None = None  # first and last day its dates cover, ISO (YYYY-MM-DD)
    facts: tuple[Fact, ...] = ()
    posts: tuple[PostHeld, ...] = ()
    named_in: tuple[Evidence, ...] = ()  # where the sources name it (its type and label claims)
    sources: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ViewEdge:
    source: str
    target: str
    predicate: str
    label: str
    evidence: tuple[Evidence, ...] = ()
    layer: str = "asserted"  # kg.layers


@dataclass(frozen=True)
class ViewGraph:
    nodes: tuple[ViewNode, ...]
    edges: tuple[ViewEdge, ...]
    sources: dict[str, SourceInfo] = field(default_factory=dict)
    title: str = "silkroad-kg"
    focus: str | None = None  # the IRI a neighbourhood view is centred on

    def node_ids(self) -> set[str]:
        return {n.iri for n in self.nodes}


def date_span(lexical: str) -> tuple[str, str] | None:
    """The days a date at its own precision covers: "2019" is all of 2019, "2019-05" all of May."""
    parts = lexical.strip().split("-")
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            year = int(parts[0])
            return f"{year:04d}-01-01", f"{year:04d}-12-31"
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            last = calendar.monthrange(year, month)[1]
            return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
        if len(parts) == 3:
            year, month, day = int(parts[0]), int(parts[1]), int(parts[2][:2])
            return f"{year:04d}-{month:02d}-{day:02d}", f"{year:04d}-{month:02d}-{day:02d}"
    except (ValueError, calendar.IllegalMonthError):
        return None
    return None


def overall_span(dates: Iterable[str]) -> tuple[str, str] | None:
    spans = [s for s in (date_span(d) for d in dates) if s is not None]
    if not spans:
        return None
    return min(s[0] for s in spans), max(s[1] for s in spans)


def restrict(view: ViewGraph, keep: Iterable[str], title: str | None = None) -> ViewGraph:
    """Only the nodes in `keep`, and the edges among them."""
    wanted = set(keep)
    nodes = tuple(n for n in view.nodes if n.iri in wanted)
    edges = tuple(e for e in view.edges if e.source in wanted and e.target in wanted)
    used = {s for n in nodes for s in n.sources} | {ev.source for e in edges for ev in e.evidence}
    sources = {slug: info for slug, info in view.sources.items() if slug in used}
    return replace(view, nodes=nodes, edges=edges, sources=sources, title=title or view.title)


def neighbourhood(view: ViewGraph, start: str, hops: int) -> set[str]:
    """Nodes within `hops` edges of `start`, following edges both ways."""
    adjacent: dict[str, set[str]] = {}
    for edge in view.edges:
        adjacent.setdefault(edge.source, set()).add(edge.target)
        adjacent.setdefault(edge.target, set()).add(edge.source)
    seen = {start}
    frontier = deque([(start, 0)])
    while frontier:
        node, depth = frontier.popleft()
        if depth == hops:
            continue
        for other in sorted(adjacent.get(node, ())):
            if other not in seen:
                seen.add(other)
                frontier.append((other, depth + 1))
    return seen


def with_edges(view: ViewGraph, extra: Iterable[ViewEdge]) -> ViewGraph:
    """Add edges (e.g. from a CONSTRUCT) that are not already there, between nodes that are."""
    ids = view.node_ids()
    have = {(e.source, e.predicate, e.target) for e in view.edges}
    added = [e for e in extra if e.source in ids and e.target in ids and (e.source, e.predicate, e.target) not in have]
    return replace(view, edges=tuple(sorted((*view.edges, *added),
                                            key=lambda e: (e.source, e.predicate, e.target))))
