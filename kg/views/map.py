"""The map view: places at their coordinates on an offline world map, events at their city, countries
shaded by what links them, the evidence panel on click.

Coordinates are facts of the graph (schema:latitude / schema:longitude), which the build takes from the
gazetteer packages and credits to them (kg.gazetteer, kg.geofacts): this module only reads them. An event
is drawn at the place it was held in, or, for a venue or district without coordinates of its own, at the
nearest place it is located in that has them. A country is drawn as its shape (matched by its ISO 3166
numeric code, then by name), shaded by what links it to the graph's hub (kg.views.shading: the year of its
first dated MoU where the graph has such agreements, else of its first dated tie, else a shared membership).

    m = map_view(view, ontology, settings)   # a MapView (plain data)
    html = m.generate_html()                 # one offline page, world shapes from world-atlas inlined
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry

from kg.gazetteer import country_names, place_key
from kg.namespaces import SRK
from kg.ontology import Ontology
from kg.settings import Settings
from kg.views.evidence import node_details, source_index, source_list
from kg.views.model import ViewGraph, ViewNode
from kg.views.shading import country_shades, legend

SCHEMA = "https://schema.org/"
LATITUDE, LONGITUDE = SCHEMA + "latitude", SCHEMA + "longitude"
HELD_IN, LOCATED_IN = str(SRK.heldIn), str(SRK.locatedIn)


@dataclass(frozen=True)
class MapView:
    title: str
    places: tuple[dict[str, Any], ...]  # id, label, lat, lon, kind, events (IRIs held there)
    countries: tuple[dict[str, Any], ...]  # id, label, names and iso (to find its shape), kind, fill, note, year
    details: dict[str, dict[str, Any]]
    sources: tuple[dict[str, Any], ...]
    labels: dict[str, str]
    unplaced: tuple[str, ...]  # events held somewhere the graph has no coordinates for
    legend: tuple[dict[str, str], ...] = ()  # what the countries' shades mean (kg.views.shading)

    def payload(self) -> dict[str, Any]:
        return {"title": self.title, "places": list(self.places), "countries": list(self.countries),
                "details": self.details, "sources": list(self.sources), "labels": self.labels,
                "unplaced": list(self.unplaced), "legend": list(self.legend)}

    def summary(self) -> str:
        events = sum(len(p["events"]) for p in self.places)
        return f"{len(self.places)} places, {events} events placed, {len(self.unplaced)} without coordinates"

    def generate_html(self) -> str:
        from kg.views.page import ASSETS, render, vendor_file

        return render("map.html", self.title, self.payload(),
                      scripts=[vendor_file("map-lib.js"), ASSETS / "evidence.js", ASSETS / "map.js"],
                      styles=[ASSETS / "view.css", ASSETS / "map.css"])


def _coordinates(node: ViewNode, ontology: Ontology) -> tuple[float, float] | None:
    lat_label, lon_label = ontology.label(LATITUDE), ontology.label(LONGITUDE)
    values = {f.property: f.value for f in node.facts if f.other is None}
    try:
        return float(values[lat_label]), float(values[lon_label])
    except (KeyError, ValueError):
        return None


def map_view(view: ViewGraph, ontology: Ontology, settings: Settings, page_dir: Path | None = None) -> MapView:
    by_iri = {n.iri: n for n in view.nodes}
    coords = {n.iri: c for n in view.nodes if ontology.is_a(n.cls, str(SRK.Place))
              for c in [_coordinates(n, ontology)] if c}
    located_in = {e.source: e.target for e in view.edges if e.predicate == LOCATED_IN}

    def placed(place: str) -> str | None:  # the place itself, or the nearest enclosing one with coordinates
        seen = set()
        while place not in coords and place in located_in and place not in seen:
            seen.add(place)
            place = located_in[place]
        return place if place in coords else None

    events_at: dict[str, list[str]] = defaultdict(list)
    unplaced = []
    for edge in view.edges:
        if edge.predicate == HELD_IN and ontology.is_a(by_iri[edge.source].cls, str(SRK.Event)):
            where = placed(edge.target)
            (events_at[where].append(edge.source) if where else unplaced.append(edge.source))
    shades = country_shades(view, ontology)
    places = tuple(
        {"id": iri, "label": by_iri[iri].label, "lat": lat, "lon": lon, "cls": ontology.label(by_iri[iri].cls),
         "country": ontology.is_a(by_iri[iri].cls, str(SRK.Country)),
         "region": ontology.is_a(by_iri[iri].cls, str(SRK.Region)),
         "events": sorted(set(events_at.get(iri, ())))}
        for iri, (lat, lon) in sorted(coords.items()))
    countries = tuple(
        {"id": n.iri, "label": n.label, "names": [n.label, *n.aliases], "iso": _iso_numeric(n),
         "kind": shades[n.iri].kind, "fill": shades[n.iri].fill, "note": shades[n.iri].note, "year": shades[n.iri].year}
        for n in view.nodes if ontology.is_a(n.cls, str(SRK.Country)))
    hub = next((c["label"] for c in countries if c["kind"] == "hub"), "")
    shown = {p["id"] for p in places} | {c["id"] for c in countries} | {e for p in places for e in p["events"]}
    shown |= set(unplaced)
    index = source_index(view)
    details = {iri: node_details(by_iri[iri], ontology, index) for iri in sorted(shown)}
    return MapView(
        title=view.title.replace("the whole graph", "map"), places=places, countries=countries,
        details=details, sources=tuple(source_list(view, settings, page_dir)),
        labels={iri: by_iri[iri].label for iri in details}, unplaced=tuple(sorted(set(unplaced))),
        legend=tuple(legend(shades, hub)),
    )


def _iso_numeric(country: ViewNode) -> str | None:
    """The country's ISO 3166-1 numeric code ("418" for the Lao People's Democratic Republic), by which the
    page finds its shape among world-atlas' countries (their ids), whatever name either side uses."""
    codes = _numeric_codes()
    return next((codes[key] for name in (country.label, *country.aliases) if (key := place_key(name)) in codes), None)


@lru_cache(maxsize=1)
def _numeric_codes() -> dict[str, str]:
    """Every name the gazetteer knows for a country (normalised) -> its ISO numeric code. Countries only:
    loading the gazetteer's cities would cost a map page seconds."""
    codes = {place_key(name): str(c.numeric) for c in pycountry.countries
             for name in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)) if name}
    names_of: dict[str, list[str]] = defaultdict(list)
    for name, short in country_names().items():  # the gazetteer's other names: "Laos", "Russia", "Lao PDR"...
        names_of[short].append(name)
    for short, names in names_of.items():
        numeric = next((codes[place_key(n)] for n in (short, *names) if place_key(n) in codes), None)
        if numeric:
            codes.update({place_key(n): numeric for n in (short, *names) if place_key(n) not in codes})
    return codes
