"""A PNG of a view page, taken by headless Chromium (Playwright drives Debian's chromium)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kg.errors import KgError

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def chromium_path() -> str:
    """KG_CHROMIUM, else chromium on the PATH, else Debian's /usr/bin/chromium."""
    found = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).exists():
        raise KgError(f"no chromium at {found}: install Debian's chromium (`make browser`) or set KG_CHROMIUM")
    return found


def screenshot(page: Path, width: int = 1600, height: int = 1000, timeout_s: float = 120) -> bytes:
    """The page as a PNG, once the network is drawn (and, with physics, settled)."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise KgError("screenshots need Playwright: pip install 'silkroad-kg[test]'") from exc
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            try:
                tab = browser.new_page(viewport={"width": width, "height": height})
                tab.goto(page.resolve().as_uri())
                tab.wait_for_selector("body[data-ready='1']", state="attached", timeout=timeout_s * 1000)
                return tab.screenshot(full_page=False)
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise KgError(f"could not take a screenshot of {page}: {str(exc).splitlines()[0]}") from exc
