"""Fixtures for the view tests: pages written from the seed graph, and pages opened in the
session's headless Chromium (tests/chromium.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg.settings import Settings
from kg.views import ViewOptions, network_view
from tests.conftest import run_kg


def write_page(net, path: Path) -> Path:  # type: ignore[no-untyped-def]
    path.write_text(net.generate_html(), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def seed_page(built: Settings, store, bundles) -> Path:  # type: ignore[no-untyped-def]
    """The whole seed graph's page, written into the built dist/ (links relative to it)."""
    return write_page(network_view(store, built, options=ViewOptions(page_dir=built.dist_dir)),
                      built.dist_dir / "view.html")


@pytest.fixture(scope="session")
def view_page(built: Settings, bundles, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """view_page("--timeline") -> the page `kg view --timeline -o FILE` writes from the seed graph, as a user
    types it (each kind written once per session)."""
    written: dict[str, Path] = {}

    def write(kind: str) -> Path:
        if kind not in written:
            out = tmp_path_factory.mktemp(kind.strip("-")) / f"{kind.strip('-')}.html"
            run = run_kg("view", kind, "-o", str(out), settings=built)
            assert run.code == 0, run.stderr
            written[kind] = out
        return written[kind]

    return write


@dataclass
class Visit:
    """An open page and what it asked for and complained about."""

    page: object
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_offline_and_clean(self) -> None:
        """No console error, and no request left the page: only the file itself (and data: URLs) loaded."""
        assert self.errors == [] and self.blocked == [], (self.errors, self.blocked)
        assert self.requests and all(url.startswith(("file:", "data:")) for url in self.requests), self.requests


@pytest.fixture
def visit(chromium, bundles):  # type: ignore[no-untyped-def]
    """visit(path) opens a page file and waits until the network is drawn; only file: and data: may load."""
    contexts = []

    def open_page(path: Path, timeout_s: float = 120) -> Visit:
        context = chromium.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)

        def route(request_route) -> None:  # type: ignore[no-untyped-def]
            url = request_route.request.url
            if url.startswith(("file:", "data:")):
                request_route.continue_()
            else:
                seen.blocked.append(url)
                request_route.abort()

        context.route("**/*", route)
        page.on("request", lambda r: seen.requests.append(r.url))
        page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: seen.errors.append(str(e)))
        page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
        page.goto(path.resolve().as_uri())
        page.wait_for_selector("body[data-ready='1']", state="attached", timeout=timeout_s * 1000)
        return seen

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def bundles() -> Path:
    """The npm bundles the timeline, map and query pages inline (`make js`: npm ci + esbuild), made once
    if a checkout has not made them yet, as `make build` and `make test` do."""
    import subprocess

    repo = Path(__file__).resolve().parents[2]
    stamp = repo / "kg/views/assets/vendor/.bundled"
    if not stamp.exists():
        done = subprocess.run(["make", "-s", "js"], cwd=repo, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
    return stamp.parent
