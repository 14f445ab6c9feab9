"""`kg bench --quick --format json` as a user runs it: every operation ran on both systems."""

from __future__ import annotations

import json
from pathlib import Path

from kg.bench.browser import big_view
from kg.errors import KgError
from kg.queries import list_queries
from kg.views.screenshot import chromium_path
from tests.conftest import run_kg


def test_quick_bench_reports_every_operation_for_both_systems(tmp_path: Path) -> None:
    run = run_kg("bench", "--quick", "--format", "json", "--repeat", "1", "--timeout", "10", "--max-memory", "2048",
                 "--browser-nodes", "300", "--data-dir", str(tmp_path / "data"), "--output", str(tmp_path / "bench.json"))
    assert run.code == 0, run.stderr
    result = json.loads(run.stdout)
    assert json.loads((tmp_path / "bench.json").read_text()) == result
    assert result["machine"]["cpus"] >= 1
    [size] = result["sizes"]
    assert size["size"] == "10k" and size["data"]["quads"] > 5_000
    operations = {op["name"]: op for op in size["operations"]}
    expected = {"load", "validate", "export-ttl", "view", "reason", *(f"query:{q.name}" for q in list_queries())}
    assert set(operations) == expected
    for name, op in operations.items():
        # Every operation ran; one stopped for outliving --timeout or passing --max-memory is
        # reported as such, not dropped.
        assert op["ours"]["status"] in {"ok", "timeout", "memory"}, (name, op["ours"])
        assert op["ours"]["median_s"] is not None and op["ours"]["peak_mib"] is not None or \
            op["ours"]["status"] in {"timeout", "memory"}
        assert op["baseline"]["status"] in {"ok", "timeout", "memory"}, (name, op["baseline"])
        if op["ours"]["status"] == op["baseline"]["status"] == "ok":
            assert op["ratio"] == op["baseline"]["median_s"] / op["ours"]["median_s"]
            if name.startswith("query:"):
                # Both engines answer the same question the same way.
                assert op["ours"]["output"] == op["baseline"]["output"], name
        # Beside rdflib, the raw engine (pyoxigraph alone) for load, export and every query.
        if name in {"load", "export-ttl"} or name.startswith("query:"):
            assert op["raw"]["status"] == "ok", (name, op["raw"])
            if op["ours"]["status"] == "ok":
                assert op["raw_ratio"] == op["ours"]["median_s"] / op["raw"]["median_s"]
            if name.startswith("query:"):
                assert op["raw"]["output"] == op["ours"]["output"], name
        else:
            assert op["raw"]["status"] == "n/a" and op["raw_ratio"] is None
    summary = size["summary"]
    assert summary["queries"] == len(list_queries())
    assert summary["load_ratio"] is not None and summary["ours_peak_mib"] > 0
    assert summary["export_raw_ratio"] is not None and summary["validate_ratio"] is not None

    # The view drawn in a real headless Chromium (CI installs it), or said why not.
    browser = result["browser"]
    assert (browser["nodes"], browser["edges"]) == (300, len(big_view(300).edges))
    if Path(chromium_path_or_none() or "/nonexistent").exists():
        assert browser["status"] == "ok", browser
        assert len(browser["draw_runs"]) == 1 and browser["draw_s"] > 0
    else:
        assert browser["status"] == "skipped" and "chromium" in browser["error"]

    shown = run_kg("bench", "--show", str(tmp_path / "bench.json"))
    assert shown.code == 0, shown.stderr
    assert "== 10k:" in shown.stdout and "query:" in shown.stdout and "ratio" in shown.stdout and "ours/raw" in shown.stdout
    assert "view in headless Chromium: 300 nodes" in shown.stdout


def chromium_path_or_none() -> str | None:
    try:
        return chromium_path()
    except KgError:
        return None
