"""The network, the timeline and the map in a real browser: the seed graph's and a synthetic one of N
entities (10,000 by default), timed in headless Chromium from opening the page until the page says it is
drawn (body[data-ready], set after its first stable frame). Targets are absolute: under 2 s for the seed
graph, under 5 s for 10,000 entities. The machine's load average is recorded beside each figure: on a
shared machine it explains much of the spread."""

from __future__ import annotations

import math
import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from kg.errors import KgError
from kg.namespaces import SRK
from kg.ontology import Ontology, load_ontology
from kg.settings import Settings
from kg.views.map import LATITUDE, LONGITUDE, map_view
from kg.views.model import Fact, ViewEdge, ViewGraph, ViewNode
from kg.views.network import ViewOptions, build_network
from kg.views.timeline import timeline_view

SEED_TARGET_S, LARGE_TARGET_S = 2.0, 5.0


@dataclass(frozen=True)
class PageTiming:
    page: str  # "network", "timeline" or "map"
    graph: str  # "seed" or "synthetic N"
    entities: int
    status: str  # ok, skipped, error
    page_s: float | None = None
    draw_runs: tuple[float, ...] = ()
    error: str | None = None
    load_average: float | None = None  # the 1-minute load average just after the runs

    @property
    def draw_s(self) -> float | None:
        return statistics.median(self.draw_runs) if self.draw_runs else None

    @property
    def target_s(self) -> float:
        return SEED_TARGET_S if self.graph == "seed" else LARGE_TARGET_S

    def line(self) -> str:
        what = f"{self.page} of the {self.graph} graph ({self.entities} entities) in headless Chromium"
        if self.status != "ok" or self.draw_s is None:
            return f"{what}: {self.status}: {self.error}"
        verdict = "met" if self.draw_s <= self.target_s else "MISSED"
        runs = ", ".join(f"{r:.2f}" for r in self.draw_runs)
        load = f", load average {self.load_average:.1f}" if self.load_average is not None else ""
        return (f"{what}: page built in {self.page_s or 0:.2f} s; drawn in {self.draw_s:.2f} s (median of {runs}"
                f"{load}); target < {self.target_s:g} s {verdict}")


def synthetic_places(count: int, ontology: Ontology) -> ViewGraph:
    """A fifth of the entities cities spread over the land masses' latitudes, the rest events held in them,
    a tenth of those dated and grouped in series."""
    lat_label, lon_label = ontology.label(LATITUDE), ontology.label(LONGITUDE)
    cities = max(count // 5, 1)
    nodes: list[ViewNode] = []
    edges: list[ViewEdge] = []
    for i in range(cities):
        lat, lon = 60 * math.sin(i * 1.7), ((i * 137.508) % 360) - 180
        nodes.append(ViewNode(f"https://example.org/id/place/c{i}", f"City {i}", str(SRK.City),
                              facts=(Fact(lat_label, f"{lat:.4f}"), Fact(lon_label, f"{lon:.4f}"))))
    series = [ViewNode(f"https://example.org/id/series/s{k}", f"Series {k}", str(SRK.EventSeries)) for k in range(50)]
    for i in range(count - cities - len(series)):
        year, month = 2015 + i % 9, 1 + i % 12
        date = f"{year}-{month:02d}" if i % 3 else f"{year}"
        iri = f"https://example.org/id/event/e{i}"
        nodes.append(ViewNode(iri, f"Event {i}", str(SRK.Conference), facts=(Fact("start date", date),),
                              span=(f"{date}-01" if len(date) == 7 else f"{date}-01-01",
                                    f"{date}-28" if len(date) == 7 else f"{date}-12-31")))
        edges.append(ViewEdge(iri, nodes[i % cities].iri, str(SRK.heldIn), "held in"))
        edges.append(ViewEdge(iri, series[i % len(series)].iri, str(SRK.partOfSeries), "part of series"))
    return ViewGraph(tuple(nodes + series), tuple(edges), {}, title=f"synthetic {count}")


def _time(html: str, repeat: int, timeout_s: float) -> tuple[float, ...]:
    from kg.views.screenshot import seconds_to_draw

    with tempfile.TemporaryDirectory(prefix="kg-bench-page-") as folder:
        page = Path(folder) / "page.html"
        page.write_text(html, encoding="utf-8")
        return tuple(seconds_to_draw(page, timeout_s=timeout_s, probe="document.body.dataset.ready")
                     for _ in range(repeat))


def measure_pages(settings: Settings, seed: ViewGraph | None, count: int = 10_000, repeat: int = 3,
                  timeout_s: float = 120) -> list[PageTiming]:
    """Network, timeline and map of the seed view (when given) and of a synthetic graph of `count` entities."""
    from kg.views.screenshot import browser_missing

    ontology = load_ontology(settings.ontology_file)
    builders: dict[str, Callable[[ViewGraph], str]] = {
        "network": lambda v: build_network(v, ontology, settings, ViewOptions()).generate_html(),
        "timeline": lambda v: timeline_view(v, ontology, settings).generate_html(),
        "map": lambda v: map_view(v, ontology, settings).generate_html(),
    }
    graphs = ([("seed", seed)] if seed is not None else []) + ([(f"synthetic {count}", synthetic_places(count, ontology))]
                                                                if count else [])
    missing = browser_missing()
    results = []
    for name, view in graphs:
        for page, build in builders.items():
            if missing:
                results.append(PageTiming(page, name, len(view.nodes), "skipped", error=missing))
                continue
            started = time.perf_counter()
            try:
                html = build(view)
                page_s = time.perf_counter() - started
                runs = _time(html, repeat, timeout_s)
                results.append(PageTiming(page, name, len(view.nodes), "ok", page_s, runs,
                                          load_average=round(os.getloadavg()[0], 2)))
            except KgError as exc:
                results.append(PageTiming(page, name, len(view.nodes), "error", error=str(exc)))
    return results


def seed_view(settings: Settings) -> ViewGraph | None:
    """The built graph's whole view, or None when there is no built store to read it from."""
    from kg.api import open_built_store
    from kg.views import select_view

    try:
        return select_view(open_built_store(settings), settings)
    except KgError:
        return None
