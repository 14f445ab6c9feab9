"""The timeline view: dated entities (events, agreements, statistics...) on a time axis (vis-timeline).

Each entity becomes one item at the days its dates cover: a full date is a point, a month or a
year is a span over the whole month or year (never its first day), an event with start and end
dates spans them. Items are grouped by what they belong to: an event by its series, else by the
initiative it is part of; a statistic by its metric; the rest by their class family. A click opens
the same evidence panel as the network view (kg.views.evidence).

    tl = timeline_view(view, ontology, settings)   # a TimelineView (plain data)
    html = tl.generate_html()                      # one offline page; only the CLI writes it
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.namespaces import SRK
from kg.ontology import Ontology
from kg.settings import Settings
from kg.views.evidence import node_details, source_index, source_list
from kg.views.model import ViewGraph, ViewNode
from kg.views.style import style_for

# The relations that put an item in a group, most telling first (an event's series beats its initiative).
GROUPING = (str(SRK.partOfSeries), str(SRK.partOfInitiative), str(SRK.metric), str(SRK.partOfEvent),
            str(SRK.sidelineOf))
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# Above this many dated entities a group's items are shown a year at a time ("312 entities, 2019"), each
# opening the list of its entities: vis-timeline lays out every item of the window, and thousands take
# tens of seconds.
MAX_ITEMS = 1500
PRECISION = {4: "year", 7: "month", 10: "day"}


@dataclass(frozen=True)
class TimelineView:
    title: str
    items: tuple[dict[str, Any], ...]
    groups: tuple[dict[str, Any], ...]
    details: dict[str, dict[str, Any]]
    sources: tuple[dict[str, Any], ...]
    labels: dict[str, str]
    window: tuple[str, str] | None = None  # the first and last day of all the items
    members: dict[str, list[str]] | None = None  # a year's item -> its entities, when items are grouped by year

    def payload(self) -> dict[str, Any]:
        return {"title": self.title, "items": list(self.items), "groups": list(self.groups),
                "details": self.details, "sources": list(self.sources), "labels": self.labels,
                "window": list(self.window) if self.window else None, "members": self.members or {}}

    def summary(self) -> str:
        by_year = ", shown a year at a time" if self.members else ""
        return f"{len(self.details)} dated entities in {len(self.groups)} groups{by_year}"

    def generate_html(self) -> str:
        from kg.views.page import ASSETS, render, vendor_file

        return render("timeline.html", self.title, self.payload(),
                      scripts=[vendor_file("vis-timeline.js"), ASSETS / "evidence.js", ASSETS / "timeline.js"],
                      styles=[vendor_file("vis-timeline.css"), ASSETS / "view.css", ASSETS / "timeline.css"])


def _dates(node: ViewNode) -> list[tuple[str, str]]:
    """(property label, date as written) of the node's own date facts."""
    return [(f.property, f.value) for f in node.facts if f.other is None and _DATE.match(f.value)]


def _when(node: ViewNode) -> str:
    return "; ".join(f"{prop} {value} ({PRECISION[len(value)]})" for prop, value in _dates(node))


def _group_of(node: ViewNode, parents: dict[str, dict[str, str]], labels: dict[str, str],
              ontology: Ontology, sizes: dict[str, int]) -> tuple[str, str]:
    """(group id, group label): the first grouping relation the node has that groups two items or more
    (a metric observed once is no series), else its class family."""
    for predicate in GROUPING:
        parent = parents.get(node.iri, {}).get(predicate)
        if parent and sizes[parent] >= 2:
            return parent, labels[parent]
    family = style_for(ontology, node.cls).family_label
    return f"family:{family}", f"{family} (no series or initiative)"


def timeline_view(view: ViewGraph, ontology: Ontology, settings: Settings,
                  page_dir: Path | None = None) -> TimelineView:
    labels = {n.iri: n.label for n in view.nodes}
    parents: dict[str, dict[str, str]] = defaultdict(dict)
    for edge in sorted(view.edges, key=lambda e: (e.source, e.predicate, e.target)):
        if edge.predicate in GROUPING:
            parents[edge.source].setdefault(edge.predicate, edge.target)
    dated = [n for n in view.nodes if n.span]
    sizes: dict[str, int] = defaultdict(int)
    for node in dated:
        for parent in set(parents.get(node.iri, {}).values()):
            sizes[parent] += 1
    index = source_index(view)
    items, groups, details = [], {}, {}
    for node in dated:
        assert node.span is not None
        group, group_label = _group_of(node, parents, labels, ontology, sizes)
        groups.setdefault(group, group_label)
        style = style_for(ontology, node.cls)
        first, last = node.span
        item: dict[str, Any] = {"id": node.iri, "content": node.label, "group": group, "start": first,
                                "title": f"{node.label} \u2014 {_when(node) or first}", "cls": style.label,
                                "style": f"border-color:{style.colour};background-color:{style.colour}22"}
        if last != first:  # a span: vis-timeline's end is exclusive, so the item ends after its last day
            item.update(type="range", end=f"{last}T23:59:59")
        else:
            item.update(type="box")
        items.append(item)
        details[node.iri] = node_details(node, ontology, index)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0].startswith("family:"), kv[1].lower()))
    members = None
    if len(items) > MAX_ITEMS:
        items, members = _by_year(items)
    return TimelineView(
        title=view.title.replace("the whole graph", "timeline"),
        items=tuple(sorted(items, key=lambda i: (i["start"], i["id"]))),
        groups=tuple({"id": g, "content": label, "order": n} for n, (g, label) in enumerate(ordered)),
        details=details, sources=tuple(source_list(view, settings, page_dir)),
        labels={iri: labels[iri] for iri in details},
        window=(min(n.span[0] for n in dated), max(n.span[1] for n in dated)) if dated else None,
        members=members,
    )


def _by_year(items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """One item per group and year (the year an item starts in), listing its entities."""
    years: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item in items:
        years[(item["group"], item["start"][:4])].append(item["id"])
    grouped, members = [], {}
    for (group, year), ids in sorted(years.items()):
        key = f"year:{group}:{year}"
        members[key] = sorted(ids)
        grouped.append({"id": key, "content": f"{len(ids)} dated entit{'y' if len(ids) == 1 else 'ies'}",
                        "group": group, "start": f"{year}-01-01", "end": f"{year}-12-31T23:59:59", "type": "range",
                        "title": f"{len(ids)} in {year}", "cls": "", "style": ""})
    return grouped, members
