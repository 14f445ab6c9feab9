"""kg view --timeline in a real headless Chromium: every dated entity drawn at its precision, offline,
evidence with its quote on click."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PREFIXES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
SRK = "https://w3id.org/silkroad-kg/ontology#"
UN_DAY = "https://w3id.org/silkroad-kg/id/event/un-day-south-south-cooperation-2021"
GCBEC_2021 = "https://w3id.org/silkroad-kg/id/event/gcbec-2021"


def _dated(store) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    """Entity -> its dates as written, asked of the store without the view code."""
    rows = store.query(PREFIXES + f"""SELECT DISTINCT ?e ?d WHERE {{ ?e skos:prefLabel [] ; a ?k ; ?p ?d
        FILTER(STRSTARTS(STR(?k), "{SRK}"))
        FILTER(isLiteral(?d) && datatype(?d) IN (xsd:date, xsd:gYearMonth, xsd:gYear)) }}""").rows
    dated: dict[str, set[str]] = {}
    for e, d in rows:
        dated.setdefault(str(e), set()).add(str(d))
    return dated


@pytest.fixture(scope="module")
def timeline_page(view_page) -> Path:  # type: ignore[no-untyped-def]
    return view_page("--timeline")


def test_timeline_draws_every_dated_entity_offline(timeline_page: Path, visit, store) -> None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    seen = visit(timeline_page)
    drawn_s = time.perf_counter() - started
    print(f"\nseed timeline drawn in {drawn_s:.2f} s")
    seen.assert_offline_and_clean()
    dated = _dated(store)
    page = seen.page
    assert sorted(page.evaluate("kgTimeline.items.getIds()")) == sorted(dated)
    # Each item is drawn: one element per item in the DOM once the window shows them all.
    page.evaluate("kgTimeline.timeline.fit({animation: false})")
    page.wait_for_timeout(200)
    assert page.evaluate("document.querySelectorAll('#kg-timeline .vis-item').length") >= len(dated)


def test_a_year_is_a_span_and_a_day_a_point(timeline_page: Path, visit, store) -> None:  # type: ignore[no-untyped-def]
    page = visit(timeline_page).page
    assert _dated(store)[UN_DAY] == {"2021"} and _dated(store)[GCBEC_2021] == {"2021-05-10"}
    year = page.evaluate("id => kgTimeline.items.get(id)", UN_DAY)
    day = page.evaluate("id => kgTimeline.items.get(id)", GCBEC_2021)
    assert (year["type"], year["start"][:10], year["end"][:10]) == ("range", "2021-01-01", "2021-12-31")
    assert (day["type"], day["start"]) == ("box", "2021-05-10") and "end" not in day
    # On screen the year's bar covers about a year of the axis: compare with the axis' own scale.
    page.evaluate("kgTimeline.timeline.setWindow('2020-07-01', '2022-07-01', {animation: false})")
    page.wait_for_timeout(200)
    width = page.evaluate("""id => { const t = kgTimeline.timeline, b = t.body.util;
        return [b.toScreen(new Date('2022-01-01')) - b.toScreen(new Date('2021-01-01')),
                document.querySelector('#kg-timeline .vis-item.vis-range[data-id]') ? 1 : 0]; }""", UN_DAY)
    assert width[0] > 300  # a year is hundreds of pixels in this window ...
    box = page.locator("#kg-timeline .vis-item.vis-range", has_text="2021 United Nations Day").bounding_box()
    assert box is not None and abs(box["width"] - width[0]) < 0.1 * width[0]  # ... and the bar is that wide


def test_clicking_an_item_shows_its_evidence_and_quote(timeline_page: Path, visit, built) -> None:  # type: ignore[no-untyped-def]
    page = visit(timeline_page).page
    page.evaluate("kgTimeline.timeline.setWindow('2021-04-20', '2021-06-01', {animation: false})")
    page.wait_for_timeout(200)
    page.locator("#kg-timeline .vis-item", has_text="5th Global Cross-border E-commerce Conference").first.click()
    assert page.text_content("#kg-panel-label") == "5th Global Cross-border E-commerce Conference"
    facts = page.text_content("#kg-panel-facts")
    assert "start date: 2021-05-10" in facts
    quote = "On 10 May 2021, Zhengzhou hosted the 5th Global Conference"
    assert quote in facts
    article = built.root / "sources/articles/sco-secretary-general-gcbec-2021.txt"
    assert quote in article.read_text(encoding="utf-8")
