"""One build at a time per output folder.

Two builds at once would race to rename their store and files into place, and
the one that read older inputs could finish last and win. The lock is taken
before any input is read, so a build that waited reads what the other one left
and the newest inputs always win. It is an advisory `flock` on `dist/.build.lock`:
the kernel releases it when its holder exits, even when killed, so a killed
build never leaves the folder locked; what it does leave (a half-loaded
temporary store, temporary files) is removed by the next build, under the lock.
"""

from __future__ import annotations

import fcntl
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from kg import atomic
from kg.settings import Settings

LOCK_NAME = ".build.lock"


@contextmanager
def build_lock(settings: Settings, on_wait: Callable[[str], None] = lambda _: None,
               wait: bool = True) -> Iterator[list[Path]]:
    """Hold the build lock of `settings.dist_dir`; yields the leftovers of killed builds it removed.

    With `wait=False` a held lock is an error instead of a wait.
    """
    from kg.errors import KgError

    dist = settings.dist_dir
    dist.mkdir(parents=True, exist_ok=True)
    lock_file = dist / LOCK_NAME
    handle = open(lock_file, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise KgError(f"another build is writing {dist}; try again when it is done") from None
            on_wait(f"waiting for another build to finish writing {dist}")
            fcntl.flock(handle, fcntl.LOCK_EX)
        # The file stays empty: a build that fails changes nothing in dist/, not even the lock.
        yield remove_leftovers(settings)
    finally:
        handle.close()  # closing releases the lock


def remove_leftovers(settings: Settings) -> list[Path]:
    """Temporary stores and files of builds that were killed (call only under the lock)."""
    removed: list[Path] = []
    folders = {settings.dist_dir}
    if settings.store_url.startswith("oxigraph:"):
        store = Path(settings.store_url.removeprefix("oxigraph:"))
        folders.add(store.parent)
        removed += atomic.remove_leftovers(store.parent, store.name)
    for folder in sorted(folders):
        for leftover in sorted(folder.glob(".*.tmp")):
            if leftover.is_file():
                leftover.unlink(missing_ok=True)
                removed.append(leftover)
    return removed

