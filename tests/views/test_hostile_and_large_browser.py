"""Pages built from synthetic graphs: hostile labels stay text; 10,000 nodes still draw."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kg.bench.browser import big_view
from kg.ontology import load_ontology
from kg.views.model import Evidence, Fact, SourceInfo, ViewEdge, ViewGraph, ViewNode
from kg.views.network import ViewOptions, build_network

pytestmark = pytest.mark.browser

SRK = "https://w3id.org/silkroad-kg/ontology#"
SCRIPT = "<script>window.__pwned = 1</script>Evil Corp"
IMAGE = '<img src=x onerror="window.__pwned = 2">Bad Person'


def _hostile_view() -> ViewGraph:
    quote = f'He said "{SCRIPT}" and {IMAGE} </script><script>window.__pwned = 3</script>'
    source = SourceInfo("evil-source", f"A title {IMAGE}", "<b>Publisher</b>", "2021-05-10",
                        "sources/articles/evil-source.txt")
    evidence = (Evidence("evil-source", quote),)
    nodes = (
        ViewNode("https://example.org/id/org/evil", SCRIPT, SRK + "Company", aliases=(IMAGE,),
                 facts=(Fact("description", IMAGE, evidence),), named_in=evidence,
                 sources=frozenset({"evil-source"})),
        ViewNode("https://example.org/id/person/bad", IMAGE, SRK + "Person", sources=frozenset({"evil-source"})),
    )
    edges = (ViewEdge(nodes[1].iri, nodes[0].iri, SRK + "memberOf", f"member of {SCRIPT}", evidence),)
    return ViewGraph(nodes, edges, {"evil-source": source}, title=f"Title {SCRIPT}")


def test_labels_and_quotes_from_sources_are_shown_as_text(built, visit, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    net = build_network(_hostile_view(), load_ontology(built.ontology_file), built, ViewOptions(page_dir=tmp_path))
    html = net.generate_html()
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    path = tmp_path / "hostile.html"
    path.write_text(html, encoding="utf-8")
    seen = visit(path)
    page = seen.page
    assert page.title() == f"Title {SCRIPT}"
    page.fill("#kg-search", "Evil Corp")
    page.press("#kg-search", "Enter")
    assert page.text_content("#kg-panel-label") == SCRIPT
    assert page.text_content("#kg-panel-aliases") == IMAGE
    assert SCRIPT in page.text_content("#kg-panel-named")
    page.evaluate("kgView.showEdge('e0')")
    assert page.text_content("#kg-panel-label") == f"member of {SCRIPT}"
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert seen.dialogs == [] and seen.errors == []
    assert not any(url.rstrip("/").endswith("/x") for url in seen.requests)


def test_a_10000_node_graph_renders_with_python_layout(built, visit, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = big_view(10_000)
    started = time.perf_counter()
    net = build_network(view, load_ontology(built.ontology_file), built, ViewOptions())
    path = tmp_path / "big.html"
    path.write_text(net.generate_html(), encoding="utf-8")
    built_s = time.perf_counter() - started
    started = time.perf_counter()
    seen = visit(path, timeout_s=300)
    drawn_s = time.perf_counter() - started
    print(f"\n10,000 nodes / {len(view.edges)} edges: layout+page {built_s:.1f} s, browser first draw {drawn_s:.1f} s")
    page = seen.page
    assert page.evaluate("network.physics.physicsEnabled") is False
    statistics = sum(1 for n in view.nodes if n.cls.endswith("#Statistic"))
    assert statistics and page.evaluate("network.body.nodeIndices.length") == len(view.nodes) - statistics
    # Every node shown is on screen in the first frame (the fit covers them all), and some labels are drawn.
    off_screen = page.evaluate("""() => { const r = network.canvas.frame.getBoundingClientRect();
        return network.body.nodeIndices.filter(id => { const n = network.body.nodes[id],
            p = network.canvasToDOM({x: n.x, y: n.y}); return !(p.x >= 0 && p.y >= 0 && p.x <= r.width && p.y <= r.height); }); }""")
    assert off_screen == []
    assert len(page.evaluate("kgView.labelBoxes()")) >= 10
    seen.assert_offline_and_clean()
    page.click("#kg-show-statistics")  # the one toggle that shows them
    assert page.evaluate("[network.body.nodeIndices.length, network.body.edgeIndices.length]") == \
        [len(view.nodes), len(view.edges)]
    assert seen.errors == []
    page.fill("#kg-search", "Node 4242")
    page.press("#kg-search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == ["https://example.org/id/n/4242"]
