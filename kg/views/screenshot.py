"""A view page in headless Chromium (Playwright drives Debian's chromium): its PNG, or how
long it takes to draw."""

from __future__ import annotations

import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from kg.errors import KgError

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def chromium_path() -> str:
    """KG_CHROMIUM, else chromium on the PATH, else Debian's /usr/bin/chromium."""
    found = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).exists():
        raise KgError(f"no chromium at {found}: install Debian's chromium (`make browser`) or set KG_CHROMIUM")
    return found


def browser_missing() -> str | None:
    """Why no headless Chromium can be driven here (no Playwright, no chromium), or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: pip install 'silkroad-kg[test]'"
    try:
        chromium_path()
    except KgError as exc:
        return str(exc)
    return None


@contextmanager
def _browser_tab(what: str, width: int, height: int) -> Iterator[Any]:
    """A fresh tab of a headless Chromium started for it; any browser failure as a KgError."""
    missing = browser_missing()
    if missing:
        raise KgError(f"{what}: {missing}")
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            try:
                yield browser.new_page(viewport={"width": width, "height": height})
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise KgError(f"{what} failed: {str(exc).splitlines()[0]}") from exc


def _open_until_drawn(tab: Any, page: Path, timeout_s: float) -> None:
    # The page sets body[data-ready] once vis-network has drawn (and, with physics, settled).
    tab.goto(page.resolve().as_uri())
    tab.wait_for_selector("body[data-ready='1']", state="attached", timeout=timeout_s * 1000)


def screenshot(page: Path, width: int = 1600, height: int = 1000, timeout_s: float = 120) -> bytes:
    """The page as a PNG, once the network is drawn (and, with physics, settled)."""
    with _browser_tab(f"a screenshot of {page}", width, height) as tab:
        _open_until_drawn(tab, page, timeout_s)
        return bytes(tab.screenshot(full_page=False))


def seconds_to_draw(page: Path, width: int = 1400, height: int = 900, timeout_s: float = 120,
                    probe: str = "network.getSelectedNodes()") -> float:
    """Seconds from opening the page to its view drawn and answering `probe` (browser start-up excluded)."""
    with _browser_tab(f"drawing {page}", width, height) as tab:
        started = time.perf_counter()
        _open_until_drawn(tab, page, timeout_s)
        tab.evaluate(probe)  # the page answers: it is interactive
        return time.perf_counter() - started
