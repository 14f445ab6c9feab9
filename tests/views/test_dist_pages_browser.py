"""`kg build` publishes the whole graph's network, timeline and map in dist/, and each opens offline in
headless Chromium: drawn, no console error, no request beyond the file itself."""

from __future__ import annotations

import json

import pytest

from kg.views.page import VENDOR

pytestmark = pytest.mark.browser

PAGES = ("graph.html", "timeline.html", "map.html")


@pytest.mark.parametrize("name", PAGES)
def test_the_build_writes_each_view_page_and_it_opens_offline(built, bundles, visit, name: str) -> None:  # type: ignore[no-untyped-def]
    page_file = built.dist_dir / name
    assert page_file.stat().st_size > 100_000  # the page with its libraries inline
    seen = visit(page_file)
    seen.assert_offline_and_clean()
    drawn = {"graph.html": "network.body.nodeIndices.length",
             "timeline.html": "document.querySelectorAll('#kg-timeline .vis-item').length",
             "map.html": "document.querySelectorAll('path.kg-country.kg-linked').length"}[name]
    assert seen.page.evaluate(drawn) > 5


def test_the_network_page_inlines_vis_network_from_npm(built, bundles) -> None:  # type: ignore[no-untyped-def]
    """vis-network and vis-data come from npm through `make js` (not from the pyvis wheel), inlined."""
    html = (built.dist_dir / "graph.html").read_text(encoding="utf-8")
    assert (VENDOR / "network-lib.js").read_text(encoding="utf-8") in html
    bundled = {entry["name"]: entry for entry in json.loads((VENDOR / "LICENSES.json").read_text(encoding="utf-8"))}
    assert {"vis-network", "vis-data"} <= set(bundled)
    lock = json.loads((VENDOR.parents[3] / "package-lock.json").read_text(encoding="utf-8"))
    assert bundled["vis-network"]["version"] == lock["packages"]["node_modules/vis-network"]["version"]
