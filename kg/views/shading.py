"""How the map shades a country: by what links it to the hub of the graph (China in the seed), with a legend.

The rule reads only the facts of the view, most telling first:
1. where the graph has agreements with a date (an e-commerce cooperation MoU signed in 2017 ...), by the
   year of the country's first dated agreement: darker is earlier;
2. else by the year of the first dated entity (event, agreement, initiative, statistic) tied to both the
   country and the hub, directly or through a place or body located in them (an event held in a Chinese
   city that a statistic about the country ... ): darker is earlier;
3. else by what it shares with the hub: an organisation both are members of, an initiative both take part in;
4. else a plain shape: in the graph, no tie with the hub.
The hub is the country with the most facts (China in the seed graph); it has a colour of its own.
Colours and legend come from here, so the page only paints them.

    shades = country_shades(view, ontology)   # country IRI -> Shade; legend(shades) for the key
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kg.namespaces import SRK
from kg.ontology import Ontology
from kg.views.model import ViewGraph

PARTY = (str(SRK.hasParty), str(SRK.partyTo))
LOCATED_IN = str(SRK.locatedIn)
# The no-tie shade differs from the plain grey of the countries the graph does not name (map.css).
HUB_FILL, SHARED_FILL, NO_TIE_FILL = "#e0a33a", "#b9d3a8", "#cdbfe0"


@dataclass(frozen=True)
class Shade:
    kind: str  # "hub", "agreement", "dated", "shared" or "none"
    fill: str  # a CSS colour
    note: str  # what the shade says, for the country's tooltip and panel
    year: str | None = None


def _year_fill(year: str, years: list[str]) -> str:
    step = years.index(year) / (len(years) - 1) if len(years) > 1 else 0.0
    return f"hsl(205, 65%, {35 + 40 * step:.0f}%)"  # earlier = darker


def _located(view: ViewGraph) -> dict[str, set[str]]:
    """Entity -> every entity it is located in, transitively (a venue -> its city -> its province -> its country)."""
    up: dict[str, set[str]] = defaultdict(set)
    for edge in view.edges:
        if edge.predicate == LOCATED_IN:
            up[edge.source].add(edge.target)
    closed: dict[str, set[str]] = {}
    for start in list(up):
        seen, todo = set(), list(up[start])
        while todo:
            place = todo.pop()
            if place not in seen:
                seen.add(place)
                todo.extend(up.get(place, ()))
        closed[start] = seen
    return closed


def country_shades(view: ViewGraph, ontology: Ontology) -> dict[str, Shade]:
    by_iri = {n.iri: n for n in view.nodes}
    countries = [n.iri for n in view.nodes if ontology.is_a(n.cls, str(SRK.Country))]
    if not countries:
        return {}
    links: dict[str, int] = defaultdict(int)
    for edge in view.edges:
        links[edge.source] += 1
        links[edge.target] += 1
    hub = max(sorted(countries), key=lambda c: links[c])
    located = _located(view)
    touches: dict[str, set[str]] = defaultdict(set)  # entity -> the countries it touches, itself or where it lies
    for edge in view.edges:
        for here, there in ((edge.source, edge.target), (edge.target, edge.source)):
            touches[here] |= {c for c in ({there} | located.get(there, set())) if c in countries}
    agreement_year: dict[str, str] = {}
    for edge in view.edges:
        if edge.predicate in PARTY:
            agreement, party = (edge.source, edge.target) if edge.predicate == PARTY[0] else (edge.target, edge.source)
            span = by_iri[agreement].span
            if span and party in countries and span[0][:4] < agreement_year.get(party, "9999"):
                agreement_year[party] = span[0][:4]
    tie: dict[str, tuple[str, str]] = {}  # country -> (first year, the dated entity) tied to it and the hub
    for node in view.nodes:
        if node.span and hub in touches[node.iri]:
            for country in touches[node.iri] - {hub}:
                if (node.span[0][:4], node.label) < tie.get(country, ("9999", "")):
                    tie[country] = (node.span[0][:4], node.label)
    hub_targets = {(e.predicate, e.target) for e in view.edges if e.source == hub}
    shared: dict[str, list[str]] = defaultdict(list)
    for edge in view.edges:
        if edge.source in countries and edge.source != hub and (edge.predicate, edge.target) in hub_targets \
                and not ontology.is_a(by_iri[edge.target].cls, str(SRK.Place)):
            shared[edge.source].append(f"{edge.label} {by_iri[edge.target].label}")
    hub_label = by_iri[hub].label
    shades = {hub: Shade("hub", HUB_FILL, "the hub: the country most facts link")}
    if agreement_year:
        years = sorted(set(agreement_year.values()))
        for country, year in agreement_year.items():
            if country != hub:
                shades[country] = Shade("agreement", _year_fill(year, years), f"first dated agreement: {year}", year)
    else:
        years = sorted({year for year, _ in tie.values()})
        for country, (year, entity) in tie.items():
            shades[country] = Shade("dated", _year_fill(year, years),
                                    f"first tied to {hub_label} in {year}: {entity}", year)
    for country in countries:
        if country not in shades:
            shades[country] = (Shade("shared", SHARED_FILL, f"shares with {hub_label}: " + "; ".join(sorted(shared[country])))
                               if shared[country] else Shade("none", NO_TIE_FILL, f"no tie with {hub_label} in the graph"))
    return shades


def legend(shades: dict[str, Shade], hub_label: str) -> list[dict[str, str]]:
    """The key: one entry per kind of shade shown, the year scale as its first and last year."""
    kinds = {s.kind for s in shades.values()}
    entries = []
    if "hub" in kinds:
        entries.append({"kind": "hub", "fill": HUB_FILL, "label": hub_label})
    for kind, text in (("agreement", "year of the first dated agreement"),
                       ("dated", f"year first tied to {hub_label} (event, agreement, initiative, statistic)")):
        dated = sorted((s.year, s.fill) for s in shades.values() if s.kind == kind and s.year)
        if dated:
            span = dated[0][0] if dated[0][0] == dated[-1][0] else f"{dated[0][0]}\u2013{dated[-1][0]}"
            entry = {"kind": kind, "fill": dated[0][1], "label": f"{text}, {span} (darker = earlier)"}
            if dated[-1][1] != dated[0][1]:
                entry["fill_last"] = dated[-1][1]
            entries.append(entry)
    if "shared" in kinds:
        entries.append({"kind": "shared", "fill": SHARED_FILL, "label": f"shares an organisation or initiative with {hub_label}"})
    if "none" in kinds:
        entries.append({"kind": "none", "fill": NO_TIE_FILL, "label": f"no tie with {hub_label} in the graph"})
    return entries
