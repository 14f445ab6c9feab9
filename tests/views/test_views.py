"""kg view and the Python API behind it, without a browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from kg.ontology import load_ontology
from kg.views import ViewOptions, network_view, whole_graph_html
from kg.views.layout import layout
from kg.views.model import date_span
from tests.conftest import run_kg

SRK = "https://w3id.org/silkroad-kg/ontology#"
ID = "https://w3id.org/silkroad-kg/id/"


def _labels(net) -> set[str]:  # type: ignore[no-untyped-def]
    return {n["label"] for n in net.nodes}


def test_kg_view_writes_one_self_contained_page(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out" / "graph.html"
    run = run_kg("view", "--focus", "person/vladimir-norov", "--hops", "2", "-o", str(out), settings=built)
    assert run.code == 0, run.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    # Nothing to fetch: no script or stylesheet by address, no http(s) URL in any src/href attribute.
    assert not re.search(r"<script[^>]*\bsrc=", html) and "<link" not in html
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "Vladimir Norov" in html and "vis.Network" in html
    assert not list(out.parent.glob(".*.tmp"))  # written atomically: no temporary file left behind


def test_kg_view_default_output_and_errors(built) -> None:  # type: ignore[no-untyped-def]
    run = run_kg("view", "--class", "Event", settings=built)
    assert run.code == 0, run.stderr
    assert (built.dist_dir / "view.html").is_file()
    unknown = run_kg("view", "--focus", "Vladimir Norovv", settings=built)
    assert unknown.code == 1 and "Vladimir Norov" in unknown.stderr and "Traceback" not in unknown.stderr
    assert run_kg("view", "--class", "Spaceship", settings=built).code == 1
    assert run_kg("view", "--query", "no_such_query", settings=built).code == 1


def test_focus_keeps_the_neighbourhood(built, store) -> None:  # type: ignore[no-untyped-def]
    alone = network_view(store, built, focus="Vladimir Norov", hops=0)
    assert _labels(alone) == {"Vladimir Norov"}
    near = network_view(store, built, focus="Vladimir Norov", hops=1)
    assert {"5th Global Cross-border E-commerce Conference",
            "Secretary-General of the Shanghai Cooperation Organisation"} <= _labels(near)
    assert "Shanghai Cooperation Organisation" not in _labels(near)  # two hops away, through the post
    assert "Shanghai Cooperation Organisation" in _labels(network_view(store, built, focus="Vladimir Norov", hops=2))


def test_class_filter_keeps_subclasses(built, store) -> None:  # type: ignore[no-untyped-def]
    ontology = load_ontology(built.ontology_file)
    net = network_view(store, built, classes=["Event", "Person"])
    types = {d["cls"] for d in net.kg_payload["details"].values()}
    assert SRK + "Forum" in types and SRK + "Official" in types
    assert all(ontology.is_a(t, SRK + "Event") or ontology.is_a(t, SRK + "Person") for t in types)


def test_construct_query_shows_the_graph_it_returns(built, store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rq = tmp_path / "speakers.rq"
    rq.write_text("PREFIX srk: <https://w3id.org/silkroad-kg/ontology#>\n"
                  "CONSTRUCT { ?p srk:spokeAt ?e } WHERE { ?p srk:spokeAt ?e }\n", encoding="utf-8")
    net = network_view(store, built, query=str(rq))
    expected = store.query("PREFIX srk: <https://w3id.org/silkroad-kg/ontology#>\n"
                           "SELECT DISTINCT ?p ?e WHERE { ?p srk:spokeAt ?e }").rows
    assert sorted((e["from"], e["to"]) for e in net.edges) == sorted((str(p), str(e)) for p, e in expected)
    assert {e["label"] for e in net.edges} == {"spoke at"}
    assert "Vladimir Norov" in _labels(net)


def test_select_query_shows_its_entities_and_the_edges_among_them(built, store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rq = tmp_path / "posts.rq"
    rq.write_text("PREFIX org: <http://www.w3.org/ns/org#>\n"
                  "SELECT ?person ?post ?organisation WHERE { ?person org:holds ?post . ?post org:postIn ?organisation }\n",
                  encoding="utf-8")
    net = network_view(store, built, query=str(rq))
    assert {"Vladimir Norov", "Shanghai Cooperation Organisation"} <= _labels(net)
    assert "5th Global Cross-border E-commerce Conference" not in _labels(net)  # not named by the query
    assert any(e["from"] == ID + "person/vladimir-norov" and e["to"] == ID + "post/sco-secretary-general"
               for e in net.edges)
    only_speakers = network_view(store, built, query="speakers_at_event", params={"event": "event/gcbec-2021"})
    assert "Vladimir Norov" in _labels(only_speakers) and "Xi Jinping" not in _labels(only_speakers)


def test_edge_labels_are_the_ontology_labels(built, store) -> None:  # type: ignore[no-untyped-def]
    ontology = Graph().parse(built.ontology_file)
    net = network_view(store, built)
    for edge in net.edges:
        predicate = net.kg_payload["edgeInfo"][edge["id"]]["predicate"]
        labels = {str(label) for label in ontology.objects(URIRef(predicate), RDFS.label)}
        assert edge["label"] in labels, predicate


def test_evidence_and_posts_reach_the_page_data(built, store) -> None:  # type: ignore[no-untyped-def]
    details = network_view(store, built).kg_payload
    norov = details["details"][ID + "person/vladimir-norov"]
    assert norov["posts"][0][:2] == ["Secretary-General of the Shanghai Cooperation Organisation",
                                     "Shanghai Cooperation Organisation"]
    assert norov["posts"][0][2] == ["as of 2021-05-27"]
    forum = details["details"][ID + "event/china-50-members-cbec-forum-2019"]
    assert forum["span"] == ["2019-05-10", "2019-05-10"]
    assert details["details"][ID + "event/gcbec-2019"]["span"] == ["2019-05-01", "2019-05-31"]  # month precision


def test_article_links_are_relative_to_the_page(built, store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page_dir = tmp_path / "deep" / "er"
    net = network_view(store, built, options=ViewOptions(page_dir=page_dir))
    for source in net.kg_payload["sources"]:
        if source["slug"] == "gazetteer":  # data packages, credited by version: no file of the project to open
            assert source["href"] is None
            continue
        assert not source["href"].startswith(("/", "file:"))
        target = (page_dir / source["href"]).resolve()
        # A document links to its text; a registry (what curators composed) to its curated file.
        assert target in (built.root / "sources/articles" / f"{source['slug']}.txt",
                          built.root / "sources/curated/entities.yaml") or target.parent.name == "facts", target


def test_the_page_is_byte_identical_from_run_to_run(built, store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pages = []
    for seed in ("1", "2"):  # different string hashing in each process
        out = tmp_path / f"page{seed}.html"
        assert run_kg("view", "-o", str(out), settings=built, env={"PYTHONHASHSEED": seed}).code == 0
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]
    assert whole_graph_html(store, built) == whole_graph_html(store, built)


@pytest.mark.parametrize("text, span", [
    ("2019", ("2019-01-01", "2019-12-31")),
    ("2020-02", ("2020-02-01", "2020-02-29")),
    ("2021-05-10", ("2021-05-10", "2021-05-10")),
    ("someday", None),
])
def test_dates_cover_their_precision(text: str, span: tuple[str, str] | None) -> None:
    assert date_span(text) == span


def test_layout_places_every_node_apart_and_is_repeatable() -> None:
    ids = [f"n{i}" for i in range(1200)]
    edges = [(f"n{i}", f"n{i // 3}") for i in range(1, 1200)] + [("x", "y")]
    first = layout(ids + ["x", "y", "lonely"], edges)
    assert set(first) == set(ids) | {"x", "y", "lonely"}
    assert first == layout(ids + ["x", "y", "lonely"], edges)
    assert len(set(first.values())) > 0.95 * len(first)
