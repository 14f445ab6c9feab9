"""The view at scale, in a real browser: a synthetic network of N nodes (10,000 by default)
laid out by kg.views, written as a page, and timed in headless Chromium until it is drawn
and answers. No baseline: the target is absolute (interactive within 5 s)."""

from __future__ import annotations

import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.namespaces import SRK
from kg.ontology import load_ontology
from kg.settings import Settings
from kg.views.model import ViewEdge, ViewGraph, ViewNode
from kg.views.network import ViewOptions, build_network

CLASSES = tuple(str(SRK[c]) for c in ("Person", "Company", "Conference", "City", "Initiative", "Statistic"))


@dataclass(frozen=True)
class BrowserResult:
    nodes: int
    edges: int
    status: str  # ok, or skipped / error with the reason in `error`
    page_s: float | None = None  # layout and page generation, in Python
    draw_runs: tuple[float, ...] = ()  # opening the page until drawn and answering, per run
    error: str | None = None

    @property
    def draw_s(self) -> float | None:
        return statistics.median(self.draw_runs) if self.draw_runs else None


def big_view(count: int = 10_000) -> ViewGraph:
    """A scale-free-ish tree plus cross links: every node reachable, some hubs of high degree."""
    nodes = tuple(ViewNode(f"https://example.org/id/n/{i}", f"Node {i}", CLASSES[i % len(CLASSES)],
                           span=(f"{2015 + i % 9}-01-01", f"{2015 + i % 9}-12-31") if i % 3 == 0 else None)
                  for i in range(count))
    edges = [ViewEdge(nodes[i].iri, nodes[(i * 7919) % i].iri, str(SRK.memberOf), "member of")
             for i in range(1, count)]
    edges += [ViewEdge(nodes[i].iri, nodes[(i * 104729 + 13) % count].iri, str(SRK.cooperatesWith),
                       "cooperates with") for i in range(0, count, 2) if (i * 104729 + 13) % count != i]
    return ViewGraph(nodes, tuple(edges), {}, title="synthetic")


def measure_view_draw(count: int, settings: Settings, repeat: int = 3, timeout_s: float = 120) -> BrowserResult:
    """Build the page of a `count`-node view once, then time `repeat` fresh browsers drawing it."""
    from kg.views.screenshot import browser_missing, seconds_to_draw

    view = big_view(count)
    missing = browser_missing()
    if missing:
        return BrowserResult(len(view.nodes), len(view.edges), "skipped", error=missing)
    started = time.perf_counter()
    page_html = build_network(view, load_ontology(settings.ontology_file), settings, ViewOptions()).generate_html()
    page_s = time.perf_counter() - started
    runs: list[float] = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-view-") as folder:
        page = Path(folder) / "view.html"
        page.write_text(page_html, encoding="utf-8")
        try:
            for _ in range(repeat):
                runs.append(seconds_to_draw(page, timeout_s=timeout_s))
        except KgError as exc:
            return BrowserResult(len(view.nodes), len(view.edges), "error", page_s, tuple(runs), str(exc))
    return BrowserResult(len(view.nodes), len(view.edges), "ok", page_s, tuple(runs))
