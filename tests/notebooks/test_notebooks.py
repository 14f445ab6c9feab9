"""Every notebook in notebooks/ runs top to bottom without a cell error, and is stored without outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks() -> None:
    assert len(NOTEBOOKS) >= 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    with_outputs = [i for i, c in enumerate(notebook.cells)
                    if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert with_outputs == [], f"strip the outputs of cells {with_outputs} before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_without_errors(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notebook = nbformat.read(path, as_version=4)
    # The python3 kernel of this interpreter (ipykernel is in the test extra); run from a scratch
    # directory so that a notebook that wrote relative paths could not touch the repository.
    # From there kg cannot find the project by walking up (as it does from notebooks/), so the
    # kernel is told where it is, as a user running a notebook elsewhere would set KG_ROOT.
    monkeypatch.setenv("KG_ROOT", str(path.parents[1]))
    client = NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError, naming the cell, on the first error
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    assert list(tmp_path.iterdir()) == []
