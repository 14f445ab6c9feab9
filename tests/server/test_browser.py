"""The query page and an entity page in headless Chromium: they work, offline, without console errors."""

from __future__ import annotations

import pytest

from kg.api import run_named
from kg.queries import list_queries
from kg.settings import Settings
from kg.store.base import Store
from tests.server.conftest import Served

pytestmark = [pytest.mark.server, pytest.mark.browser]


def open_page(browser, url: str):  # type: ignore[no-untyped-def]
    """A page that records console errors and every request it makes."""
    page = browser.new_page()
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    return page, problems, requests


def only_local(requests: list[str], served: Served) -> list[str]:
    return [r for r in requests if not r.startswith(served.url) and not r.startswith("data:")]


def example_naming_norov(store: Store, settings: Settings) -> str:
    """A named query whose answer (with its default parameters) names Vladimir Norov."""
    for query in list_queries():
        rows = run_named(store, query.name, {}, settings).rows
        if any(str(term) == "Vladimir Norov" for row in rows for term in row):
            return query.name
    raise AssertionError("no named query mentions Vladimir Norov")


def test_query_page_runs_examples_as_table_and_network(chromium, kg_server: Served, store: Store,  # type: ignore[no-untyped-def]
                                                       built: Settings) -> None:
    page, problems, requests = open_page(chromium, kg_server.url)
    example = example_naming_norov(store, built)
    page.select_option("#examples", example)
    assert "# title:" in page.input_value("#query")
    page.click("#run")
    page.wait_for_selector("#table table tbody tr")
    assert "Vladimir Norov" in page.inner_text("#table")
    assert "rows in" in page.inner_text("#status")
    page.click("button[data-tab=network]")
    if page.evaluate("() => !!window.kgQueryNetwork || !!window.kgQueryDom"):  # vis-network (kg.views.query_editor)
        page.wait_for_selector("#network-vis[data-drawn]", state="attached")
        assert page.evaluate("kgQueryNetwork.nodes.length") > 2
    else:
        assert page.locator("#network-svg circle").count() > 2
    bad = "SELECT ?s WHERE { ?s ?p "
    if page.evaluate("() => !!window.kgQueryEditor"):  # the SPARQL editor (kg.views.query_editor) holds the text
        page.evaluate("q => kgQueryEditor.setDoc(q)", bad)
    else:
        page.fill("#query", bad)
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])")
    assert "syntax error" in page.inner_text("#error")
    problems = [p for p in problems if "400" not in p]  # the failed fetch of the bad query is expected
    assert problems == [] and only_local(requests, kg_server) == []
    page.close()


def test_entity_page_of_vladimir_norov(chromium, kg_server: Served) -> None:  # type: ignore[no-untyped-def]
    page, problems, requests = open_page(chromium, kg_server.url + "id/person/vladimir-norov")
    assert page.inner_text("h1") == "Vladimir Norov"
    facts = page.inner_text("#facts")
    assert "Secretary-General of the Shanghai Cooperation Organisation" in facts
    assert "SCO Secretary-General Vladimir Norov took part in the conference and gave his remarks." in facts
    assert page.locator("#network-svg circle").count() >= 3
    page.click("#facts a:text('Secretary-General of the Shanghai Cooperation Organisation')")
    page.wait_for_url("**/id/post/sco-secretary-general")
    assert "Shanghai Cooperation Organisation" in page.inner_text("#facts")
    assert problems == [] and only_local(requests, kg_server) == []
    page.close()
