"""The page a newcomer opens first (the whole seed graph at 1400x900) is readable: labels apart and
legible, statistics behind one toggle and in tables, unconnected entities listed, classes told apart,
fitted to the window."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SRK = "https://w3id.org/silkroad-kg/ontology#"
CHINA = "https://w3id.org/silkroad-kg/id/place/china"
PREFIXES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX srk: <https://w3id.org/silkroad-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# Every drawn label: its box as the renderer drew it (vis-network's own label size), in page pixels.
DRAWN_LABELS = """() => Object.values(network.body.nodes).filter(n => n.options.label && !n.options.hidden
    && n.labelModule.size.width).map(n => { const s = n.labelModule.size;
      const a = network.canvasToDOM({x: s.left, y: s.top}), b = network.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
      return {id: n.id, text: n.options.label, left: a.x, top: a.y, right: b.x, bottom: b.y,
              px: n.options.font.size * network.getScale()}; })"""


def _overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    return [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]]


def test_at_least_25_readable_labels_and_none_overlap(seed_page: Path, visit) -> None:  # type: ignore[no-untyped-def]
    seen = visit(seed_page)
    page = seen.page
    boxes = page.evaluate(DRAWN_LABELS)
    canvas = page.evaluate("(() => { const r = network.canvas.frame.getBoundingClientRect(); return [r.width, r.height]; })()")
    assert len(boxes) >= 25, [b["text"] for b in boxes]
    assert _overlapping(boxes) == []
    assert all(b["px"] >= 12 for b in boxes)  # readable: at least 12 px on screen
    assert all(0 <= b["left"] and b["right"] <= canvas[0] and 0 <= b["top"] and b["bottom"] <= canvas[1] for b in boxes)
    texts = {b["text"] for b in boxes}
    assert {"China", "Shanghai Cooperation Organisation", "5th Global Cross-border E-commerce Conference"} <= texts
    # Zooming in shows more labels, still apart.
    page.evaluate("network.moveTo({scale: network.getScale() * 2.5, position: network.getPositions(['%s'])['%s']})" % (CHINA, CHINA))
    page.evaluate("new Promise(done => kgView.relabel(done))")
    assert _overlapping(page.evaluate(DRAWN_LABELS)) == []
    assert seen.errors == []


def test_statistics_are_off_behind_one_toggle_and_a_table_in_the_panel(seed_page: Path, visit, store) -> None:  # type: ignore[no-untyped-def]
    page = visit(seed_page).page
    statistics = [str(r[0]) for r in store.query(PREFIXES + """SELECT DISTINCT ?s WHERE {
        { ?s a srk:Statistic } UNION { ?s a srk:Metric } }""").rows]
    assert len(statistics) > 20
    hidden = page.evaluate("ids => ids.map(id => !!nodes.get(id).hidden)", statistics)
    assert all(hidden)
    page.click("#kg-show-statistics")
    assert not any(page.evaluate("ids => ids.map(id => !!nodes.get(id).hidden)", statistics))
    page.click("#kg-show-statistics")
    # China's panel: a table of the statistics about it, values and dates as the store has them.
    about_china = store.query(PREFIXES + f"""SELECT ?label ?value ?asOf WHERE {{ ?s srk:refersTo <{CHINA}> ;
        skos:prefLabel ?label ; srk:value ?value . OPTIONAL {{ ?s srk:asOf ?asOf }} }}""").rows
    assert about_china
    page.fill("#kg-search", "China")
    page.press("#kg-search", "Enter")
    rows = page.eval_on_selector_all("#kg-panel-stats tbody tr",
                                     "rows => rows.map(r => [...r.cells].map(c => c.querySelector('button') ? c.querySelector('button').textContent : c.textContent))")
    shown = {(r[0], r[1], r[3]) for r in rows}
    for label, value, as_of in about_china:
        assert (str(label), str(value), str(as_of or "")) in shown
    assert page.locator("#kg-panel-stats blockquote").count() >= 1  # each value with its quote


def test_unconnected_entities_are_listed_not_scattered(seed_page: Path, visit, store) -> None:  # type: ignore[no-untyped-def]
    page = visit(seed_page).page
    # Computed here from plain triple patterns (a nested NOT EXISTS over the union with the inferred
    # graph is slow on the engine): entities of an ontology class, not statistics or metrics, that no
    # fact links to another such entity.
    def srk_classes(query: str) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for e, k in store.query(PREFIXES + query).rows:
            found.setdefault(str(e), set()).add(str(k))
        return found
    typed = srk_classes(f"""SELECT ?e ?k WHERE {{ ?e skos:prefLabel [] ; a ?k . FILTER(STRSTARTS(STR(?k), "{SRK}")) }}""")
    numeric = {str(r[0]) for r in store.query(PREFIXES + """SELECT DISTINCT ?e WHERE {
        ?e a/rdfs:subClassOf* ?s . VALUES ?s { srk:Statistic srk:Metric } }""").rows}
    actors = set(typed) - numeric
    labels = {str(r[0]): str(r[1]) for r in store.query(PREFIXES + "SELECT ?e ?l WHERE { ?e skos:prefLabel ?l }").rows}
    linked: set[str] = set()
    for s_, o_ in store.query("SELECT DISTINCT ?s ?o WHERE { ?s ?p ?o FILTER(isIRI(?o)) }").rows:
        s_, o_ = str(s_), str(o_)
        if s_ != o_ and s_ in actors and o_ in actors:
            linked.update((s_, o_))
    alone = {e: labels[e] for e in actors - linked}
    assert alone
    listed = page.eval_on_selector_all("#kg-unconnected li button", "bs => bs.map(b => b.textContent)")
    assert sorted(listed) == sorted(alone.values())
    assert all(page.evaluate("ids => ids.map(id => !!nodes.get(id).hidden)", list(alone)))
    first = page.locator("#kg-unconnected li button").first
    name = first.text_content()
    first.click()
    assert page.text_content("#kg-panel-label") == name


def test_every_class_in_the_legend_is_told_apart(seed_page: Path, visit) -> None:  # type: ignore[no-untyped-def]
    page = visit(seed_page).page
    page.click("#kg-reset")
    looks = page.evaluate("""() => { const seen = {}; Object.values(network.body.nodes).forEach(n => {
        const cls = kgView.data.details[n.id].cls;
        seen[cls] = [n.options.color.background, n.options.shape, n.options.borderWidth, n.options.color.border]; });
        return seen; }""")
    assert len(looks) == len(page.evaluate("kgView.data.legend"))
    assert len({tuple(v) for v in looks.values()}) == len(looks)  # no two classes drawn alike
    # Colour says the top class: every kind of organisation shares the organisation colour.
    families = page.evaluate("Object.fromEntries(kgView.data.legend.map(l => [l.cls, l.family]))")
    by_family: dict[str, set[str]] = {}
    for cls, look in looks.items():
        by_family.setdefault(families[cls], set()).add(look[0])
    assert all(len(colours) == 1 for colours in by_family.values())
    assert len({next(iter(c)) for c in by_family.values()}) == len(by_family)


@pytest.mark.parametrize("size", [(900, 640), (1920, 1080)])
def test_the_network_is_fitted_to_the_window(seed_page: Path, chromium, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": size[0], "height": size[1]})
    try:
        page = context.new_page()
        page.goto(seed_page.resolve().as_uri())
        page.wait_for_selector("body[data-ready='1']", state="attached", timeout=120_000)
        inside = page.evaluate("""() => { const r = network.canvas.frame.getBoundingClientRect();
            const ids = nodes.getIds({filter: n => !n.hidden}), p = network.getPositions(ids);
            return ids.every(id => { const d = network.canvasToDOM(p[id]);
              return d.x >= 0 && d.x <= r.width && d.y >= 0 && d.y <= r.height; }); }""")
        assert inside
        assert len(page.evaluate(DRAWN_LABELS)) >= (10 if size[0] < 1000 else 25)
    finally:
        context.close()
