"""The seed graph's page in a real headless Chromium: offline, complete, searchable, filterable."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

pytestmark = pytest.mark.browser

SRK = "https://w3id.org/silkroad-kg/ontology#"
NOROV = "https://w3id.org/silkroad-kg/id/person/vladimir-norov"
FORUM_2019 = "https://w3id.org/silkroad-kg/id/event/china-50-members-cbec-forum-2019"
GCBEC_2021 = "https://w3id.org/silkroad-kg/id/event/gcbec-2021"


def _count(store, sparql: str) -> int:  # type: ignore[no-untyped-def]
    return int(store.query(sparql).rows[0][0])


def test_page_loads_offline_and_draws_every_node_and_edge(seed_page: Path, visit, store) -> None:  # type: ignore[no-untyped-def]
    seen = visit(seed_page)
    seen.assert_offline_and_clean()
    # The graph's own counts, asked of the store independently of the view code.
    entities = _count(store, f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE {{ ?n skos:prefLabel [] ; a ?k FILTER(STRSTARTS(STR(?k), "{SRK}")) }}""")
    facts = _count(store, f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT (COUNT(*) AS ?c) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{
          GRAPH ?g {{ ?s ?p ?o }} FILTER(!STRENDS(STR(?g), "/id/graph/inferred"))  # stated facts only
          ?s skos:prefLabel [] ; a ?a . ?o skos:prefLabel [] ; a ?b .
          FILTER(STRSTARTS(STR(?a), "{SRK}") && STRSTARTS(STR(?b), "{SRK}")) FILTER(?p != rdf:type) }} }}""")
    assert seen.page.evaluate("[nodes.length, edges.length]") == [entities, facts]
    # "Show everything" draws every node and edge (statistics and unconnected entities are off at first).
    seen.page.click("#kg-reset")
    drawn = seen.page.evaluate("[network.body.nodeIndices.length, network.body.edgeIndices.length]")
    assert drawn == [entities, facts]


def test_search_box_finds_vladimir_norov(seed_page: Path, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(seed_page).page
    page.fill("#kg-search", "Vladimir Norov")
    page.press("#kg-search", "Enter")
    assert page.text_content("#kg-panel-label") == "Vladimir Norov"
    assert page.text_content("#kg-panel-type") == "Official"
    assert "Secretary-General of the Shanghai Cooperation Organisation" in page.text_content("#kg-panel-posts")
    assert page.evaluate("network.getSelectedNodes()") == [NOROV]
    # An alias finds its entity too.
    page.fill("#kg-search", "SCO")
    page.press("#kg-search", "Enter")
    assert page.text_content("#kg-panel-label") == "Shanghai Cooperation Organisation"


def test_time_filter_2020_to_2023_hides_the_2019_forum(seed_page: Path, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(seed_page).page
    assert page.text_content("#kg-time-label") == "2019-01 \u2192 2023-12"
    page.focus("#kg-time-from")
    for _ in range(12):  # one month per key press, as a user would move the slider
        page.keyboard.press("ArrowRight")
    assert page.text_content("#kg-time-label") == "2020-01 \u2192 2023-12"
    hidden = page.evaluate("ids => ids.map(id => !!nodes.get(id).hidden)", [FORUM_2019, GCBEC_2021, NOROV])
    assert hidden == [True, False, False]  # the May 2019 forum goes, the 2021 conference and undated Norov stay
    page.focus("#kg-time-to")
    for _ in range(36):  # down to 2020-12
        page.keyboard.press("ArrowLeft")
    assert page.evaluate("id => !!nodes.get(id).hidden", GCBEC_2021) is True


def test_clicking_a_node_shows_quotes_with_links_to_the_article(seed_page: Path, visit, built) -> None:  # type: ignore[no-untyped-def]
    page = visit(seed_page).page
    page.evaluate("id => network.focus(id, {scale: 1.5})", NOROV)
    point = page.evaluate("id => network.canvasToDOM(network.getPositions([id])[id])", NOROV)
    box = page.locator("#mynetwork").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    assert page.text_content("#kg-panel-label") == "Vladimir Norov"
    facts = page.text_content("#kg-panel-facts")
    quote = "SCO Secretary-General Vladimir Norov took part in the conference and gave his remarks."
    assert quote in facts
    article = built.root / "sources/articles/sco-secretary-general-gcbec-2021.txt"
    assert quote in article.read_text(encoding="utf-8")
    hrefs = page.eval_on_selector_all("#kg-panel-facts a", "links => links.map(a => a.href)")
    linked = [Path(unquote(urlparse(h).path)) for h in hrefs]
    # Each quote links to its source's file: the article, or the registry for what a curator composed.
    assert article in linked and all(p == article or p.parent == built.root / "sources/curated" for p in linked)
    # Neighbours stay lit, the rest is dimmed.
    colours = page.evaluate("""id => [nodes.get(id).color.background,
        nodes.get('https://w3id.org/silkroad-kg/id/event/gcbec-2021').color.background,
        nodes.get('https://w3id.org/silkroad-kg/id/person/xi-jinping').color.background]""", NOROV)
    assert colours[0] != "#e4e6ea" and colours[1] != "#e4e6ea" and colours[2] == "#e4e6ea"


def test_clicking_an_edge_shows_its_sources(built, store, visit, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from kg.views import ViewOptions, network_view

    net = network_view(store, built, focus="Vladimir Norov", hops=1, options=ViewOptions(page_dir=tmp_path))
    path = tmp_path / "norov.html"
    path.write_text(net.generate_html(), encoding="utf-8")
    page = visit(path).page
    edge = next(e["id"] for e in net.edges if e["from"] == NOROV and e["to"] == GCBEC_2021)
    page.evaluate("network.fit()")
    ends = page.evaluate(f"network.getPositions(['{NOROV}', '{GCBEC_2021}'])")
    middle = {k: (ends[NOROV][k] + ends[GCBEC_2021][k]) / 2 for k in ("x", "y")}
    point = page.evaluate("p => network.canvasToDOM(p)", middle)
    box = page.locator("#mynetwork").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    assert page.evaluate("network.getSelectedEdges()") == [edge]
    assert page.text_content("#kg-panel-label") == "spoke at"
    assert "took part in the conference and gave his remarks" in page.text_content("#kg-panel-edge-sources")


def test_class_and_source_filters_hide_nodes(seed_page: Path, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(seed_page).page
    statistics = page.evaluate(f"Object.keys(kgView.data.details).filter(id => kgView.data.details[id].cls === '{SRK}Statistic')")
    assert statistics
    page.click(f"#kg-legend label[data-cls='{SRK}Statistic'] input")
    assert page.evaluate("ids => ids.every(id => nodes.get(id).hidden)", statistics)
    page.click("#kg-sources label[data-source='sco-secretary-general-gcbec-2021'] input")
    page.click("#kg-sources label[data-source='registry'] input")
    # Norov is known from that article (and the registry: his class and description) only;
    # the 2019 forum from another article.
    assert page.evaluate("ids => ids.map(id => !!nodes.get(id).hidden)", [NOROV, FORUM_2019]) == [True, False]
    page.click("#kg-reset")
    assert page.evaluate("nodes.get({filter: n => n.hidden}).length") == 0
