"""Shared fixtures: the real seed graph built once per session, project copies
that a test may break, and a runner for the `kg` command as a user types it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.build import build, publish
from kg.settings import Settings, load_settings
from kg.store import open_store
from tests.chromium import FIXTURE, SHARED, missing

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The repository's own sources built into a temporary dist/ (once per session)."""
    dist = tmp_path_factory.mktemp("dist")
    settings = load_settings({"KG_ROOT": str(REPO), "KG_DIST": str(dist)})
    publish(build(settings), settings)
    return settings


@pytest.fixture(scope="session")
def store(built: Settings):
    db = open_store(built.store_url, read_only=True)
    yield db


@pytest.fixture
def chromium() -> object:
    """The session's headless Chromium (tests/chromium.py): new_context()/new_page() per test."""
    why = missing()
    if why:
        pytest.skip(why)
    return SHARED.get()


def pytest_runtest_setup(item: pytest.Item) -> None:
    # Before this test's fixtures: a test that does not use the browser gets the asyncio loop back.
    if SHARED.running and FIXTURE not in getattr(item, "fixturenames", ()):
        SHARED.close()


def pytest_sessionfinish(session: pytest.Session) -> None:
    SHARED.close()


def copy_project(target: Path) -> Settings:
    for part in ("ontology", "sources"):
        shutil.copytree(REPO / part, target / part)
    return load_settings({"KG_ROOT": str(target), "KG_DIST": str(target / "dist")})


@pytest.fixture
def project(tmp_path: Path) -> Settings:
    """A private copy of ontology/ and sources/ that the test may change."""
    return copy_project(tmp_path)


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def run_kg(*args: str, settings: Settings | None = None, env: dict[str, str] | None = None,
           timeout: float = 300) -> Run:
    """Run `python -m kg ARGS` as a user would, with KG_ROOT/KG_DIST from `settings`."""
    environment = {**os.environ, **(env or {})}
    if settings is not None:
        environment["KG_ROOT"] = str(settings.root)
        environment["KG_DIST"] = str(settings.dist_dir)
    done = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True,
                          env=environment, timeout=timeout, cwd=str(settings.root if settings else REPO))
    return Run(done.returncode, done.stdout, done.stderr)
