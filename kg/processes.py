"""Waiting for a child process without ever blocking for good."""

from __future__ import annotations

import time
from typing import Any


def reap(process: Any, seconds: float) -> bool:
    """Wait up to `seconds` for a multiprocessing `process` to end; True if it did.

    Not `Process.join(timeout)`: once its sentinel reads as closed it blocks in waitpid without a
    timeout, and a sentinel can read closed while the process lives (seen: a query pool's close() hung
    for good in the tests). `is_alive()` only ever polls (WNOHANG)."""
    deadline = time.monotonic() + seconds
    while process.is_alive():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.01)
    return True
