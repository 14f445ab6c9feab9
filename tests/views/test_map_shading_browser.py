"""The map's countries: every country of the graph is drawn as its own shape (found by ISO code, whatever
its name: the Lao People's Democratic Republic is the atlas' "Laos"), shaded by what links it to the hub,
with a key. Seed graph, and a small graph with dated MoUs (the seed has none)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.ontology import load_ontology
from kg.store import open_store
from kg.views.gather import gather
from kg.views.map import map_view

pytestmark = pytest.mark.browser

SRK = "https://w3id.org/silkroad-kg/ontology#"
ID = "https://example.org/id/"
COUNTRIES = """PREFIX srk: <https://w3id.org/silkroad-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?c ?label WHERE { ?c a srk:Country ; skos:prefLabel ?label }"""
SHAPES = """() => Object.fromEntries([...document.querySelectorAll('path.kg-country.kg-linked')].map(p => {
    const b = p.getBBox(); return [p.dataset.id, {kind: p.dataset.kind, fill: getComputedStyle(p).fill,
                                                  width: b.width, height: b.height}]; }))"""


def test_every_country_of_the_seed_graph_is_drawn_as_its_shape(view_page, visit, store) -> None:  # type: ignore[no-untyped-def]
    countries = {str(c): str(label) for c, label in store.query(COUNTRIES).rows}
    assert "Lao People's Democratic Republic" in countries.values() and len(countries) >= 5
    seen = visit(view_page("--map"))
    seen.assert_offline_and_clean()
    shapes = seen.page.evaluate(SHAPES)
    assert set(shapes) == set(countries)  # each one a shape ...
    dots = seen.page.evaluate("[...document.querySelectorAll('circle.kg-place')].map(c => c.dataset.id)")
    assert not set(dots) & set(countries)  # ... and none a dot
    laos = next(c for c, label in countries.items() if label.startswith("Lao"))
    assert shapes[laos]["width"] > 3 and shapes[laos]["height"] > 3  # a polygon, not a point
    # Shaded by what links each to China: the seed's 2021 statistic about China and the US, SCO membership.
    kinds = {countries[c]: s["kind"] for c, s in shapes.items()}
    assert kinds["China"] == "hub" and kinds["United States"] == "dated"
    assert kinds["Uzbekistan"] == kinds["Tajikistan"] == "shared"
    assert len({s["fill"] for s in shapes.values()}) == len(set(kinds.values()))  # one colour per kind here
    legend = seen.page.eval_on_selector_all("#kg-map-legend .kg-legend-entry", "es => es.map(e => e.dataset.kind)")
    assert set(kinds.values()) <= set(legend)
    seen.page.locator(f"path.kg-country[data-id='{laos}']").click(force=True)
    assert seen.page.text_content("#kg-panel-label") == "Lao People's Democratic Republic"
    assert seen.page.text_content("#kg-panel-shade") == "Shaded: no tie with China in the graph"


def _country(name: str, label: str) -> list[tuple[URIRef, URIRef, object]]:
    iri = URIRef(ID + name)
    return [(iri, RDF.type, URIRef(SRK + "Country")), (iri, SKOS.prefLabel, Literal(label))]


def _mou(name: str, year: str, *parties: str) -> list[tuple[URIRef, URIRef, object]]:
    iri = URIRef(ID + name)
    triples = [(iri, RDF.type, URIRef(SRK + "Agreement")), (iri, SKOS.prefLabel, Literal(f"MoU {name}")),
               (iri, URIRef(SRK + "signedOn"), Literal(year, datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear")))]
    return triples + [(iri, URIRef(SRK + "hasParty"), URIRef(ID + p)) for p in parties]


def test_countries_are_shaded_by_the_year_of_their_first_mou(built, bundles, visit, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    triples = (_country("china", "China") + _country("kazakhstan", "Kazakhstan") + _country("hungary", "Hungary")
               + _country("belgium", "Belgium")
               + _mou("cn-kz", "2017", "china", "kazakhstan") + _mou("cn-hu", "2019", "china", "hungary")
               + _mou("cn-kz-2", "2021", "china", "kazakhstan"))
    small = open_store("memory:")
    small.replace_graph("https://example.org/id/graph/mous", triples)
    ontology = load_ontology(built.ontology_file)
    world = map_view(gather(small, ontology), ontology, built, tmp_path)
    by_label = {c["label"]: c for c in world.countries}
    assert {k: (c["kind"], c["year"]) for k, c in by_label.items()} == {
        "China": ("hub", None), "Kazakhstan": ("agreement", "2017"), "Hungary": ("agreement", "2019"),
        "Belgium": ("none", None)}
    page_file = tmp_path / "map.html"
    page_file.write_text(world.generate_html(), encoding="utf-8")
    seen = visit(page_file)
    seen.assert_offline_and_clean()
    shapes = {iri.rsplit("/", 1)[-1]: s for iri, s in seen.page.evaluate(SHAPES).items()}
    assert set(shapes) == {"china", "kazakhstan", "hungary", "belgium"}
    brightness = {k: sum(int(v) for v in s["fill"][4:-1].split(",")) for k, s in shapes.items()}
    assert brightness["kazakhstan"] < brightness["hungary"]  # the earlier MoU is the darker
    assert seen.page.text_content("#kg-map-legend .kg-legend-entry[data-kind='agreement']").endswith(
        "year of the first dated agreement, 2017\u20132019 (darker = earlier)")
