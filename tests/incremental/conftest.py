"""A project built once (full), copied with its dist/ for each test, and a fresh full build to compare with."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import BuildReport, build, publish
from kg.settings import Settings, load_settings
from tests.conftest import copy_project

OUTPUTS = ("silkroad.ttl", "silkroad.trig", "graph.html", "ontology.html")


def settings_of(root: Path, dist: str = "dist") -> Settings:
    return load_settings({"KG_ROOT": str(root), "KG_DIST": str(root / dist)})


def run_build(settings: Settings, full: bool = False) -> tuple[BuildReport, list[str]]:
    """Build and publish; the report and the progress lines."""
    lines: list[str] = []
    built = build(settings, progress=lines.append, full=full)
    return publish(built, settings, progress=lines.append), lines


def store_quads(settings: Settings) -> list[bytes]:
    """Every quad of the store on disk, the default graph (the set union) included, sorted."""
    store = ox.Store.read_only(settings.store_url.removeprefix("oxigraph:"))
    return sorted(store.dump(format=ox.RdfFormat.N_QUADS).splitlines())


def assert_same_as_a_full_build(settings: Settings) -> None:
    """The store and dist/ of `settings` are those of a fresh full build of the same files, byte for byte."""
    fresh = settings.with_(dist=settings.root / "fresh-dist")
    shutil.rmtree(fresh.dist_dir, ignore_errors=True)
    report, lines = run_build(fresh)
    assert lines[0].startswith("full build: no store at"), lines[0]
    assert store_quads(settings) == store_quads(fresh)
    for name in OUTPUTS:
        assert (settings.dist_dir / name).read_bytes() == (fresh.dist_dir / name).read_bytes(), name


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("incremental") / "project"
    settings = copy_project(root)
    run_build(settings)
    return root


@pytest.fixture
def project_built(built_once: Path, tmp_path: Path) -> Settings:
    """A private copy of the built project (its store and manifest too)."""
    root = tmp_path / "project"
    shutil.copytree(built_once, root)
    return settings_of(root)
