"""The query page's editor in headless Chromium against a real `kg serve`: highlighting, completion of the
ontology's terms, named queries with parameter fields, a sortable paged table, a chart for a series, a link
that reproduces the query; no console error, no request leaves the server."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from kg.api import run_named
from tests.server.conftest import Served, start_kg_serve, stop

pytestmark = [pytest.mark.server, pytest.mark.browser]
SEMINAR = 'Capacity development seminar on South-South cooperation in cross-border e-commerce (Beijing, 2023)'  # an event with four speakers, given by its label
PREFIXES = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"


@pytest.fixture(scope="module")
def served(built, bundles) -> Iterator[Served]:  # type: ignore[no-untyped-def]
    server = start_kg_serve(built)
    yield server
    stop(server)


def _open(chromium, served: Served, url: str | None = None):  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    seen = {"errors": [], "requests": []}
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.goto(url or served.url)
    page.wait_for_selector(".cm-editor")
    return context, page, seen


def _run(page) -> None:  # type: ignore[no-untyped-def]
    """Run the query and wait for its answer (the status says "N rows in S s")."""
    page.evaluate("() => { document.getElementById('status').textContent = ''; }")
    page.click("#run")
    page.locator("#status", has_text=" in ").wait_for()


def test_editor_highlights_and_completes_the_ontology(chromium, served: Served) -> None:  # type: ignore[no-untyped-def]
    context, page, seen = _open(chromium, served)
    try:
        assert page.is_hidden("#query")
        keyword = page.locator(".cm-content span").filter(has_text=re.compile(r"^SELECT$")).first
        plain = page.locator(".cm-content").evaluate("e => getComputedStyle(e).color")
        assert keyword.evaluate("e => getComputedStyle(e).color") != plain  # SELECT is highlighted
        page.click(".cm-content")
        page.keyboard.press("Control+End")
        page.keyboard.type("\n# srk:Foru")
        page.wait_for_selector(".cm-tooltip-autocomplete")
        options = page.eval_on_selector_all(".cm-tooltip-autocomplete li", "ls => ls.map(l => l.textContent)")
        assert any("srk:Forum" in o for o in options)
        assert seen["errors"] == []
        assert all(r.startswith(served.url) or r.startswith("data:") for r in seen["requests"]), seen["requests"]
    finally:
        context.close()


def test_named_query_parameters_as_fields_and_a_link_that_reproduces(chromium, served: Served, store, built) -> None:  # type: ignore[no-untyped-def]
    context, page, seen = _open(chromium, served)
    try:
        page.select_option("#examples", "speakers_at_event")
        assert page.input_value("#param-event") == "event/gcbec-2021"
        page.fill("#param-event", SEMINAR)
        _run(page)
        expected = run_named(store, "speakers_at_event", {"event": SEMINAR},
                             built).rows
        assert expected
        shown = page.eval_on_selector_all("#results-table tbody tr", "rs => rs.length")
        assert f"of {len(expected)}" in (page.text_content("#results-page") or "") or shown == len(expected)
        names = set(page.eval_on_selector_all("#results-table tbody tr td:nth-child(2)", "cs => cs.map(c => c.textContent)"))
        assert names == {str(r[1]) for r in expected}
        href = page.get_attribute("#query-link", "href")
        other, again, _ = _open(chromium, served, served.url.rstrip("/") + "/" + href)
        try:
            assert again.input_value("#param-event") == SEMINAR
            _run(again)
            again.locator("#results-table tbody tr").first.wait_for()  # the table is drawn after the status
            assert set(again.eval_on_selector_all("#results-table tbody tr td:nth-child(2)",
                                                  "cs => cs.map(c => c.textContent)")) == names
        finally:
            other.close()
        assert seen["errors"] == []
    finally:
        context.close()


def test_results_table_sorts_and_pages_and_a_series_is_charted(chromium, served: Served, store) -> None:  # type: ignore[no-untyped-def]
    context, page, seen = _open(chromium, served)
    try:
        page.evaluate("q => kgQueryEditor.setDoc(q)", PREFIXES + "SELECT ?label WHERE { ?e skos:prefLabel ?label }")
        _run(page)
        labels = sorted(str(r[0]) for r in store.query(PREFIXES + "SELECT ?label WHERE { ?e skos:prefLabel ?label }").rows)
        assert len(labels) > 50
        assert page.text_content("#results-page") == f"rows 1\u201325 of {len(labels)}"
        page.click("#results-table th")
        first = page.text_content("#results-table tbody tr td")
        assert first == min(labels, key=str.lower)
        page.click("#results-table th")
        assert page.text_content("#results-table tbody tr td") == max(labels, key=str.lower)
        page.click(".pager button:has-text('next')")
        assert page.text_content("#results-page") == f"rows 26\u201350 of {len(labels)}"
        # A statistic over time: the Chart tab appears and plots every observation.
        page.select_option("#examples", "statistic_time_series")
        _run(page)
        # The table is drawn after the status; the Chart tab shows once the series is (it was hidden before).
        page.locator(".tabs button[data-tab='chart']").wait_for(state="visible")
        rows = page.eval_on_selector_all("#results-table tbody tr", "rs => rs.length")
        page.click(".tabs button[data-tab='chart']")
        assert page.locator("#chart-svg circle.point").count() == rows > 1
        assert seen["errors"] == []
    finally:
        context.close()


def test_the_network_tab_draws_with_vis_network_in_the_network_views_style(chromium, served: Served, store, built) -> None:  # type: ignore[no-untyped-def]
    from kg.ontology import load_ontology
    from kg.views.style import style_for

    context, page, seen = _open(chromium, served)
    try:
        page.select_option("#examples", "speakers_at_event")
        page.fill("#param-event", SEMINAR)
        _run(page)
        page.click(".tabs button[data-tab='network']")
        page.wait_for_selector("#network-vis[data-drawn]", state="attached")
        assert page.is_hidden("#network-svg")  # not the plain SVG drawing
        drawn = page.evaluate("""() => Object.values(kgQueryNetwork.network.body.nodes)
            .filter(n => !n.isCluster && !String(n.id).startsWith('edgeId:'))
            .map(n => ({id: n.id, label: n.options.label, shape: n.options.shape, colour: n.options.color.background}))""")
        speakers = run_named(store, "speakers_at_event", {"event": SEMINAR}, built).rows
        assert {str(r[1]) for r in speakers} <= {n["label"] for n in drawn}  # labelled by prefLabel
        assert SEMINAR in {n["label"] for n in drawn}  # the event that joins the speakers, as `kg view --query`
        ontology = load_ontology(built.ontology_file)
        classes = {str(s): str(c) for s, c in store.query(
            "SELECT ?s ?c WHERE { ?s a ?c FILTER(STRSTARTS(STR(?c), 'https://w3id.org/silkroad-kg/ontology#')) "
            "FILTER NOT EXISTS { ?s a ?d . ?d <http://www.w3.org/2000/01/rdf-schema#subClassOf>+ ?c "
            "FILTER(?d != ?c && STRSTARTS(STR(?d), 'https://w3id.org/silkroad-kg/ontology#')) } }").rows}
        for node in drawn:  # each entity in its class's colour and shape, as in the network view
            style = style_for(ontology, classes[node["id"]])
            assert (node["shape"], node["colour"]) == (style.shape, style.colour), node
        legend = page.eval_on_selector_all("#network-legend .kg-check", "rs => rs.map(r => r.dataset.cls)")
        assert sorted(legend) == sorted({classes[n["id"]] for n in drawn})
        assert page.evaluate("kgQueryNetwork.network.body.edgeIndices.length") >= len(speakers)
        # A click on a speaker leads to the evidence: the entity's page with the quote that says it spoke there.
        speaker, quote = str(speakers[0][0]), str(speakers[0][6])
        page.evaluate("id => kgQueryNetwork.network.focus(id, {scale: 1.2, animation: false})", speaker)
        point = page.evaluate("id => kgQueryNetwork.network.canvasToDOM(kgQueryNetwork.network.getPositions([id])[id])", speaker)
        page.locator("#network-vis").scroll_into_view_if_needed()
        box = page.locator("#network-vis").bounding_box()
        page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        assert page.text_content("#network-selected h4") == str(speakers[0][1])
        page.click("#network-entity-link")
        page.wait_for_selector("#facts")
        assert page.inner_text("h1") == str(speakers[0][1]) and quote in page.inner_text("#facts")
        assert seen["errors"] == []
        assert all(r.startswith(served.url) or r.startswith("data:") for r in seen["requests"]), seen["requests"]
    finally:
        context.close()
