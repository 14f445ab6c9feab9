"""One headless Chromium shared by every browser test (tests/views, tests/review, tests/server), started
when a test first asks for it and closed before any test that does not.

Why shared: Playwright's sync API allows one driver per thread. While one runs, its asyncio loop counts as
running in the main thread, so a second `sync_playwright()` fails ("using Playwright Sync API inside the
asyncio loop"), and so does any `asyncio.run` in a test (kg.bench.loadgen under tests/server/test_load.py).
Browser fixtures of their own per folder therefore broke whenever another folder's browser was still open
(tests/server/test_browser.py run after tests/views). One holder for all, closed before each test that does
not use it, keeps a single launch for a run of browser tests and leaves the loop free for the others.
"""

from __future__ import annotations

from typing import Any

from kg.views.screenshot import CHROMIUM_ARGS, browser_missing, chromium_path

FIXTURE = "chromium"  # the fixture name the browser tests ask for


class SharedChromium:
    """The one Playwright driver and its browser, or nothing (closed)."""

    def __init__(self) -> None:
        self._driver: Any = None
        self._browser: Any = None

    def get(self) -> Any:
        """The running browser, launched now if it is not (chromium's first start can be slow at load)."""
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            driver = sync_playwright().start()
            try:
                self._browser = driver.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS,
                                                       timeout=300_000)
            except BaseException:
                driver.stop()
                raise
            self._driver = driver
        return self._browser

    def close(self) -> None:
        if self._browser is not None:
            try:
                self._browser.close()
            finally:
                self._driver.stop()
                self._browser = self._driver = None

    @property
    def running(self) -> bool:
        return self._browser is not None


SHARED = SharedChromium()


def missing() -> str | None:
    """Why no browser test can run here (no Playwright or no chromium), or None."""
    return browser_missing()
