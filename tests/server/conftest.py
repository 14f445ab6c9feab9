"""A real `kg serve` over the built seed store, started on a free loopback port."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from kg.settings import Settings

_LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:\d+/)")


@dataclass
class Served:
    url: str  # e.g. http://127.0.0.1:40123/ (with the trailing slash)
    process: subprocess.Popen
    log: list[str] = field(default_factory=list)  # what the server wrote to stderr


def start_kg_serve(settings: Settings, *args: str, env: dict[str, str] | None = None) -> Served:
    environment = {**os.environ, "KG_ROOT": str(settings.root), "KG_DIST": str(settings.dist_dir), **(env or {})}
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", "0", *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=environment)
    assert process.stderr is not None
    log: list[str] = []
    for line in process.stderr:  # the first line says where it listens (or why it could not)
        log.append(line)
        found = _LISTENING.search(line)
        if found:
            break
    else:
        process.wait(timeout=10)
        raise RuntimeError(f"kg serve did not start: {''.join(log)}")
    # Keep reading stderr so the server can never block on a full pipe.
    threading.Thread(target=lambda: log.extend(process.stderr), daemon=True).start()  # type: ignore[arg-type]
    return Served(found.group(1), process, log)


def stop(served: Served) -> None:
    served.process.terminate()
    try:
        served.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        served.process.kill()
        served.process.wait()


@pytest.fixture(scope="session")
def kg_server(built: Settings) -> Iterator[Served]:
    """`kg serve` (read-only, default limits) over the built seed store."""
    served = start_kg_serve(built)
    yield served
    stop(served)
