"""What forces a full build: the project's code and the versions of the distributions it requires,
not whatever else happens to be on sys.path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kg
from kg.incremental import fingerprint
from tests.incremental.conftest import run_build

FULL_FOR_CODE = "full build: the ontology, the shapes, the curated files, the review queue, the code or the settings"


def _distribution(folder: Path, name: str, version: str) -> Path:
    """A folder holding one installed distribution's metadata, as pip leaves it."""
    info = folder / f"{name}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8")
    return folder


@pytest.fixture
def fresh_versions():
    """The versions are read once per process: each test reads them again, after changing sys.path."""
    fingerprint._distributions.cache_clear()
    yield
    fingerprint._distributions.cache_clear()


def test_an_unrelated_distribution_on_sys_path_keeps_the_build_incremental(project_built, tmp_path, monkeypatch,
                                                                          fresh_versions) -> None:
    monkeypatch.syspath_prepend(str(_distribution(tmp_path / "elsewhere", "unrelated-tool", "1.0")))
    report, lines = run_build(project_built)
    assert lines[0] == "incremental build: none of 5 sources changed", lines[0]
    assert report.replaced == ()


def test_another_version_of_a_required_distribution_makes_a_full_build(project_built, tmp_path, monkeypatch,
                                                                       fresh_versions) -> None:
    # First on sys.path, so importlib.metadata reports it as the installed rdflib.
    monkeypatch.syspath_prepend(str(_distribution(tmp_path / "upgraded", "rdflib", "99.0")))
    report, lines = run_build(project_built)
    assert lines[0].startswith(FULL_FOR_CODE), lines[0]
    assert report.replaced is None


def test_a_changed_kg_module_makes_a_full_build(project_built, tmp_path, monkeypatch) -> None:
    # The fingerprint hashes the package's files by relative path: an identical copy is the same code.
    code = tmp_path / "kg"
    shutil.copytree(Path(kg.__file__).parent, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(kg, "__file__", str(code / "__init__.py"))
    _, lines = run_build(project_built)
    assert lines[0] == "incremental build: none of 5 sources changed", lines[0]
    module = code / "graph.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    report, lines = run_build(project_built)
    assert lines[0].startswith(FULL_FOR_CODE), lines[0]
    assert report.replaced is None
