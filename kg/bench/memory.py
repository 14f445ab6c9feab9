"""The resident memory of a whole process tree, sampled all along a long run.

`kg bench --size 10M` must stay under 8 GiB: the figure that matters is the tree's (the bench
process and anything it starts, e.g. `sort` for a streamed export), not one process's.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Callable

MEMORY_CAP_MIB = 10 * 1024.0  # beyond the target the run has failed anyway: stop before the machine suffers

def tree_rss_mib(root: int) -> float:
    """Resident memory of `root` and every process below it (from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields.get("PPid", "0").strip() or 0)
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [p for p, parent in parents.items() if parent == pid and p not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(pid, 0) for pid in tree) / 1024

class PeakMemory(threading.Thread):
    """Samples the process tree's resident memory every `every` seconds; `peak` is the highest seen.
    Above `cap_mib` it says so through `on_cap` and ends the process (native code cannot be interrupted)."""

    def __init__(self, every: float = 0.5, cap_mib: float = MEMORY_CAP_MIB,
                 on_cap: Callable[[str], None] = lambda _: None) -> None:
        super().__init__(daemon=True)
        self.every, self.peak, self._stop_event = every, 0.0, threading.Event()
        self.cap_mib, self.on_cap = cap_mib, on_cap

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.sample()
            self._stop_event.wait(self.every)

    def sample(self) -> float:
        now = tree_rss_mib(os.getpid())
        self.peak = max(self.peak, now)
        if now > self.cap_mib:
            self.on_cap(f"stopped: the process tree holds {now:,.0f} MiB, over the cap of {self.cap_mib:,.0f} MiB")
            os._exit(3)
        return now

    def stop(self) -> float:
        self._stop_event.set()
        return self.sample()

