"""What makes the first network view readable: which nodes are the core, which are statistics (off by
default, shown as tables in their entity's panel), which are unconnected (listed, not scattered), the
order in which labels are offered to the page's label placement, and positions for all of them.

The page (kg/views/assets/labels.js) decides which labels fit without overlap at the current zoom;
this module only ranks them: the most connected actors first, then every event and initiative, then
the rest by how connected they are.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from kg.namespaces import SRK
from kg.ontology import Ontology
from kg.views.evidence import evidence_rows
from kg.views.layout import SPACING, layout
from kg.views.model import ViewGraph

STATISTIC_ROOTS = (str(SRK.Statistic), str(SRK.Metric))
ALWAYS_LABELLED = (str(SRK.Event), str(SRK.Initiative), str(SRK.EventSeries))
TOP_ACTORS = 12  # labels offered first: the most connected entities
STAT_FIELDS = (str(SRK.value), str(SRK.unit), str(SRK.asOf), str(SRK.period))


@dataclass(frozen=True)
class Roles:
    statistics: frozenset[str]  # nodes of a Statistic or Metric class
    unconnected: frozenset[str]  # no edge to any node that is not a statistic
    degree: dict[str, int]  # edges among the core and unconnected nodes (statistics left out)


def roles(view: ViewGraph, ontology: Ontology) -> Roles:
    stats = frozenset(n.iri for n in view.nodes if any(ontology.is_a(n.cls, r) for r in STATISTIC_ROOTS))
    degree = Counter(end for e in view.edges if e.source not in stats and e.target not in stats
                     and e.source != e.target for end in (e.source, e.target))
    unconnected = frozenset(n.iri for n in view.nodes if n.iri not in stats and not degree[n.iri])
    return Roles(stats, unconnected, dict(degree))


def label_order(view: ViewGraph, ontology: Ontology, parts: Roles) -> list[str]:
    """Node IRIs in the order their labels are offered: top actors, events and initiatives, the rest."""
    core = [n for n in view.nodes if n.iri not in parts.statistics and n.iri not in parts.unconnected]
    by_degree = sorted(core, key=lambda n: (-parts.degree.get(n.iri, 0), n.label, n.iri))
    top = [n.iri for n in by_degree[:TOP_ACTORS]]
    always = [n.iri for n in by_degree if n.iri not in top and any(ontology.is_a(n.cls, c) for c in ALWAYS_LABELLED)]
    chosen = set(top) | set(always)
    rest = [n.iri for n in by_degree if n.iri not in chosen]
    stats = sorted(parts.statistics)
    return top + always + rest + stats


def other_ends(view: ViewGraph) -> dict[str, list[str]]:
    """Node IRI -> the other end of each edge it is on, in the edges' order (an index: looking through
    every edge for each statistic is quadratic, seconds at 10,000 nodes)."""
    ends: dict[str, list[str]] = defaultdict(list)
    for edge in view.edges:
        ends[edge.source].append(edge.target)
        ends[edge.target].append(edge.source)
    return ends


def positions(view: ViewGraph, parts: Roles) -> dict[str, tuple[float, float]]:
    """The core laid out on its own (so hidden statistics leave no holes), each statistic on a ring
    around the entity it is about, and the unconnected entities in rows below everything."""
    hidden = parts.statistics | parts.unconnected
    core = [n.iri for n in view.nodes if n.iri not in hidden]
    placed = dict(layout(core, [(e.source, e.target) for e in view.edges
                                if e.source not in hidden and e.target not in hidden]))
    anchors: dict[str, list[str]] = defaultdict(list)
    loose = []
    ends = other_ends(view)
    for stat in sorted(parts.statistics):
        anchor = next((other for other in ends.get(stat, ()) if other in placed), None)
        (anchors[anchor].append(stat) if anchor else loose.append(stat))
    for anchor, stats in anchors.items():
        ax, ay = placed[anchor]
        for i, stat in enumerate(stats):
            angle = 2 * math.pi * i / len(stats)
            radius = SPACING * (0.8 + 0.15 * (i % 3))
            placed[stat] = (round(ax + radius * math.cos(angle), 1), round(ay + radius * math.sin(angle), 1))
    bottom = max((y for _, y in placed.values()), default=0.0) + 2 * SPACING
    left = min((x for x, _ in placed.values()), default=0.0)
    rest = sorted(parts.unconnected) + loose
    per_row = max(int(math.sqrt(len(rest) * 3)), 1)
    for i, iri in enumerate(rest):
        placed[iri] = (round(left + (i % per_row) * SPACING * 1.6, 1), round(bottom + (i // per_row) * SPACING, 1))
    return placed


def statistics_tables(view: ViewGraph, ontology: Ontology, index: dict[str, int]) -> dict[str, list[list[Any]]]:
    """Entity IRI -> rows [statistic IRI, label, metric, value, unit, as of, evidence of the value] of the
    statistics about it (and, for a metric, its observations), oldest first."""
    stats = {n.iri: n for n in view.nodes if any(ontology.is_a(n.cls, r) for r in STATISTIC_ROOTS[:1])}
    labels = {n.iri: n.label for n in view.nodes}
    field_label = {ontology.label(f): f for f in STAT_FIELDS}
    metric_of = {e.source: e.target for e in view.edges if e.predicate == str(SRK.metric) and e.source in stats}
    rows: dict[str, list[list[Any]]] = defaultdict(list)
    ends = other_ends(view)
    for stat, node in stats.items():
        fields = {field_label[f.property]: f for f in node.facts if f.other is None and f.property in field_label}
        value = fields.get(str(SRK.value))
        row = [stat, node.label, labels.get(metric_of.get(stat, ""), ""),
               value.value if value else "", fields[str(SRK.unit)].value if str(SRK.unit) in fields else "",
               fields[str(SRK.asOf)].value if str(SRK.asOf) in fields else "",
               evidence_rows(value.evidence, index) if value else []]
        about = set(ends.get(stat, ())) - {stat}
        for entity in about:
            rows[entity].append(row)
    return {k: sorted(v, key=lambda r: (r[2], r[5], r[1])) for k, v in rows.items()}
