"""kg export -f graphml|gexf|csv: read back by networkx and pandas, checked against the store itself."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from kg.export.network import to_gexf, to_graphml
from kg.export.tables import csv_files
from kg.ontology import load_ontology
from kg.views.model import Evidence, ViewEdge, ViewGraph, ViewNode
from tests.conftest import run_kg

SRK = "https://w3id.org/silkroad-kg/ontology#"
ID = "https://w3id.org/silkroad-kg/id/"
PREFIXES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX srk: <https://w3id.org/silkroad-kg/ontology#>
PREFIX schema: <https://schema.org/>
"""
NOROV_SPOKE = "SCO Secretary-General Vladimir Norov took part in the conference and gave his remarks."


def _store_entities(store) -> dict[str, str]:  # type: ignore[no-untyped-def]
    rows = store.query(PREFIXES + f"""SELECT DISTINCT ?n ?l WHERE {{ ?n skos:prefLabel ?l ; a ?k
        FILTER(STRSTARTS(STR(?k), "{SRK}")) }}""").rows
    return {str(n): str(l) for n, l in rows}


def _store_facts(store) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    rows = store.query(PREFIXES + f"""SELECT DISTINCT ?s ?p ?o WHERE {{
        GRAPH ?g {{ ?s ?p ?o }} FILTER(!STRENDS(STR(?g), "/id/graph/inferred"))  # stated facts, as exports give
        ?s skos:prefLabel [] ; a ?a . ?o skos:prefLabel [] ; a ?b .
        FILTER(STRSTARTS(STR(?a), "{SRK}") && STRSTARTS(STR(?b), "{SRK}")) FILTER(?p != rdf:type) }}""").rows
    return {(str(s), str(p), str(o)) for s, p, o in rows}


def _store_start_dates(store) -> dict[str, str]:  # type: ignore[no-untyped-def]
    rows = store.query(PREFIXES + "SELECT ?e ?d WHERE { ?e schema:startDate ?d }").rows
    return {str(e): str(d) for e, d in rows}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_formats_read_back_by_networkx(store, built, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"graph.{fmt}"
    done = run_kg("export", "-f", fmt, "-o", str(out), settings=built)
    assert done.code == 0, done.stderr
    graph = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    entities, facts = _store_entities(store), _store_facts(store)
    assert graph.number_of_nodes() == len(entities) > 100
    assert {n: d["label"] for n, d in graph.nodes(data=True)} == entities
    edges = {(s, d["predicate"], o) for s, o, d in graph.edges(data=True)}
    assert edges == facts and graph.number_of_edges() == len(facts)
    dates = _store_start_dates(store)
    assert dates
    for event, date in dates.items():
        assert graph.nodes[event]["start date"] == date  # as written: a year stays a year
    norov = [d for s, o, d in graph.edges(data=True)
             if s == ID + "person/vladimir-norov" and o == ID + "event/gcbec-2021"]
    assert norov and NOROV_SPOKE in norov[0]["quotes"]
    assert "sco-secretary-general-gcbec-2021" in norov[0]["sources"]


def test_gexf_puts_dated_entities_on_gephis_timeline(store, built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "graph.gexf"
    assert run_kg("export", "-f", "gexf", "-o", str(out), settings=built).code == 0
    text = out.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    graph = nx.read_gexf(out)
    precisions = set()
    for event, date in _store_start_dates(store).items():
        node = graph.nodes[event]
        precisions.add(len(date))
        if len(date) == 10:
            assert node["start"] == date
        else:  # a month or a year is the whole span, not its first day
            assert node["start"] == date + ("-01" if len(date) == 7 else "-01-01")
            assert node["end"][:len(date)] == date and node["end"][-2:] >= "28"
    assert precisions >= {7, 10}  # the seed has both full dates and months
    undated = graph.nodes[ID + "person/vladimir-norov"]
    assert "start" not in undated  # always present on the timeline


def test_csv_is_a_nodes_and_an_edges_file_pandas_reads(store, built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "tables"
    done = run_kg("export", "-f", "csv", "-o", str(folder), settings=built)
    assert done.code == 0, done.stderr
    nodes = pd.read_csv(folder / "nodes.csv", dtype=str, keep_default_na=False)
    edges = pd.read_csv(folder / "edges.csv", dtype=str, keep_default_na=False)
    entities, facts = _store_entities(store), _store_facts(store)
    assert dict(zip(nodes["Id"], nodes["Label"])) == entities and len(nodes) == len(entities)
    assert set(zip(edges["Source"], edges["predicate"], edges["Target"])) == facts and len(edges) == len(facts)
    by_id = nodes.set_index("Id")
    for event, date in _store_start_dates(store).items():
        assert by_id.loc[event, "start date"] == date
    # Every edge carries its source and its quote; each quote is in that source's cleaned text.
    assert (edges["sources"] != "").all() and (edges["quotes"] != "").all()
    row = edges[(edges["Source"] == ID + "person/vladimir-norov") & (edges["Target"] == ID + "event/gcbec-2021")]
    assert NOROV_SPOKE in row.iloc[0]["quotes"]
    for _, edge in edges.head(40).iterrows():
        texts = " ".join(" ".join((built.root / f"sources/articles/{s}.txt").read_text(encoding="utf-8").split())
                         for s in edge["sources"].split("; "))
        assert all(q in texts for q in edge["quotes"].split("\n")), edge["Id"]


def test_csv_needs_a_folder_and_unknown_formats_say_what_exists(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = run_kg("export", "-f", "csv", settings=built)
    assert missing.code == 1 and "-o FOLDER" in missing.stderr and "Traceback" not in missing.stderr
    a_file = tmp_path / "taken"
    a_file.write_text("keep me", encoding="utf-8")
    refused = run_kg("export", "-f", "csv", "-o", str(a_file), settings=built)
    assert refused.code == 1 and a_file.read_text(encoding="utf-8") == "keep me"
    bad = run_kg("export", "-f", "xlsx", settings=built)
    assert bad.code != 0 and "graphml" in bad.stderr and "gexf" in bad.stderr


def _hostile_view() -> ViewGraph:
    evil = "=HYPERLINK(\"http://evil\")\x07<b>&amp;"
    ev = (Evidence("src", "quote with \x0b control"),)
    nodes = (ViewNode(ID + "org/a", evil, SRK + "Company"), ViewNode(ID + "org/b", "+cmd|' /C calc'!A0", SRK + "Company"))
    return ViewGraph(nodes, (ViewEdge(nodes[0].iri, nodes[1].iri, SRK + "partnerOf", "partner of", ev),))


def test_hostile_labels_stay_valid_xml_and_inert_csv(built) -> None:  # type: ignore[no-untyped-def]
    ontology = load_ontology(built.ontology_file)
    view = _hostile_view()
    graph = nx.parse_graphml(to_graphml(view, ontology))
    assert graph.nodes[ID + "org/a"]["label"] == "=HYPERLINK(\"http://evil\")<b>&amp;"  # only the BEL dropped
    assert nx.read_gexf(__import__("io").BytesIO(to_gexf(view, ontology).encode())).number_of_nodes() == 2
    from io import StringIO

    nodes = pd.read_csv(StringIO(csv_files(view, ontology)["nodes.csv"]), dtype=str, keep_default_na=False)
    assert all(label.startswith("'") for label in nodes["Label"])  # no formula runs in a spreadsheet
