"""kg view --screenshot: a PNG of the page, taken by headless Chromium."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from tests.conftest import run_kg

pytestmark = pytest.mark.browser


def test_kg_view_screenshot_writes_a_png_of_the_page(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian's chromium is not installed (make browser)")
    png = tmp_path / "graph.png"
    run = run_kg("view", "-o", str(tmp_path / "graph.html"), "--screenshot", str(png), settings=built)
    assert run.code == 0, run.stderr
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1600, 1000)
    assert len(data) > 50_000  # a drawn network, not a blank page
