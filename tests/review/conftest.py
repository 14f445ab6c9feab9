"""Fixtures for the review page: a scratch project with an extracted queue, the page served on
loopback by the project's own server (uvicorn, in a thread); the browser is tests/chromium.py's."""

from __future__ import annotations

import difflib
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pytest

from kg.extract.pipeline import run_extract
from kg.review.web import Running, start
from kg.settings import Settings, load_settings
from tests.conftest import copy_project


@pytest.fixture(scope="session")
def queued_template(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The seed project with every article extracted into its review queue (made once)."""
    settings = copy_project(tmp_path_factory.mktemp("queued"))
    run_extract(settings)
    queue_a_minted_seminar(settings)
    return settings


@pytest.fixture
def queued(queued_template: Settings, tmp_path: Path) -> Settings:
    """A private copy of the queued project."""
    for part in ("ontology", "sources"):
        shutil.copytree(queued_template.root / part, tmp_path / part)
    return load_settings({"KG_ROOT": str(tmp_path), "KG_DIST": str(tmp_path / "dist")})


@pytest.fixture
def served(queued: Settings) -> Iterator[Running]:
    running = start(queued)
    yield running
    running.stop()


@dataclass
class Tab:
    """One open review page, and what it complained about."""

    page: object
    errors: list[str]

    def decisions(self) -> int:
        return int(self.page.evaluate("document.body.dataset.decisions || '0'"))  # type: ignore[attr-defined]

    def current(self) -> str:
        return self.page.get_attribute("#current", "data-id")  # type: ignore[attr-defined]

    def press(self, *keys: str) -> None:
        """Press keys for one decision and wait until the page shows its outcome."""
        self.wait(self.send(*keys))

    def send(self, *keys: str) -> int:
        """Press keys without waiting for the outcome; returns the count of outcomes before."""
        before = self.decisions()
        for key in keys:
            self.page.keyboard.press(key)  # type: ignore[attr-defined]
        return before

    def wait(self, before: int) -> None:
        # Polled from here: the page's CSP (no eval) forbids Playwright's in-page wait_for_function.
        deadline = time.monotonic() + 30
        while self.decisions() <= before:
            assert time.monotonic() < deadline, "the page never showed the decision's outcome"
            time.sleep(0.002)

    def go_to(self, ident: str) -> None:
        """Walk with j/k to a candidate, as a reviewer would."""
        index = self.page.evaluate("(id) => S.filtered.findIndex((c) => c.id === id)", ident)  # type: ignore[attr-defined]
        assert index >= 0, f"{ident} is not shown"
        here = self.page.evaluate("S.pos")  # type: ignore[attr-defined]
        for _ in range(abs(index - here)):
            self.page.keyboard.press("j" if index > here else "k")  # type: ignore[attr-defined]
        assert self.current() == ident

    def status(self) -> str:
        return self.page.inner_text("#status")  # type: ignore[attr-defined]


@pytest.fixture
def open_tab(chromium, served: Running):  # type: ignore[no-untyped-def]
    """open_tab() opens the review page in a fresh browser context and waits for the first candidate."""
    contexts = []

    def opener() -> Tab:
        context = chromium.new_context(viewport={"width": 1300, "height": 850})
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(served.url)
        page.wait_for_selector("#current:not([data-id=''])")
        return Tab(page, errors)

    yield opener
    for context in contexts:
        context.close()


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines a change added and removed (a YAML diff, without its context)."""
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    added = [d[1:] for d in diff if d.startswith("+") and not d.startswith("+++")]
    removed = [d[1:] for d in diff if d.startswith("-") and not d.startswith("---")]
    return added, removed


def _queue_with_offsets(settings: Settings, items: list[dict],  # type: ignore[type-arg]
                        replaces: Callable[[dict], bool]) -> None:  # type: ignore[type-arg]
    """Append `items` to the review queue, each with its quote's offsets found in its article's text,
    in place of the queued items `replaces` picks."""
    from kg.review.queue import QUEUE_HEADER, items_text, queue_file, read_items

    for item in items:
        text = (settings.articles_dir / f"{item['source']}.txt").read_text(encoding="utf-8")
        item["start"] = text.index(item["quote"])
        item["end"] = item["start"] + len(item["quote"])
    path = queue_file(settings)
    kept = [i for i in read_items(path) if not replaces(i)]
    path.write_text(items_text(kept + items, QUEUE_HEADER), encoding="utf-8")


NEW_POST = "post/chief-reporter-of-henan-business-daily"  # the registry has it as henan-business-daily-chief-reporter


def queue_a_new_post_for_a_registry_one(settings: Settings) -> dict:  # type: ignore[type-arg]
    """Put in the queue the candidate an extractor writes when it mints its own id for a post the
    registry already has (as this project's extractor once did): Yang Guifang's post, as a new entity.
    The linking tests need such a candidate whatever today's extractor finds."""
    item = {"id": "f00dfeed01", "source": "henan-business-daily-gcbec-2020",
            "fact": ["person/yang-guifang", "holds", NEW_POST],
            "quote": "Henan Business Daily Chief Reporter Yang Guifang",
            "method": "title-before-name", "confidence": 0.7,
            "entities": [{"id": NEW_POST, "type": "Post", "label": "Henan Business Daily Chief Reporter"}]}
    _queue_with_offsets(settings, [item], lambda queued: NEW_POST in queued["fact"])
    return item


MINTED_SEMINAR = "event/capacity-development-seminar-on-south-south-cooperation"
_MINTED_SEMINAR_ITEMS = Path(__file__).parent.parent / "data" / "review" / "minted_seminar.yaml"


def queue_a_minted_seminar(settings: Settings) -> list[dict]:  # type: ignore[type-arg]
    """Put in the queue the candidates an extractor writes when it mints its own id for the seminar the
    registry already has (as this project's extractor once did; tests/data/review/minted_seminar.yaml).
    The merge, accept and page tests need a new entity with several facts whatever today's extractor finds."""
    import yaml

    items = yaml.safe_load(_MINTED_SEMINAR_ITEMS.read_text(encoding="utf-8"))
    ids = {item["id"] for item in items}
    _queue_with_offsets(settings, items, lambda queued: queued["id"] in ids)
    return items
