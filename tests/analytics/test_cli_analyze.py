"""`kg analyze` as a user runs it against the built seed graph."""

from __future__ import annotations

import csv
import io
import json

from kg.settings import Settings
from tests.conftest import run_kg


def test_csv_lists_top_n_actors_by_pagerank(built: Settings) -> None:
    run = run_kg("analyze", "--top", "5", "--format", "csv", settings=built)
    assert run.code == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert len(rows) == 5
    assert set(rows[0]) == {"entity", "label", "class", "degree", "pagerank", "betweenness", "community"}
    ranks = [float(r["pagerank"]) for r in rows]
    assert ranks == sorted(ranks, reverse=True)
    assert "China" in {r["label"] for r in rows}  # linked to more entities than anyone in the seed data


def test_json_has_central_actors_and_communities(built: Settings) -> None:
    run = run_kg("analyze", "--top", "3", "--format", "json", "--by", "betweenness", settings=built)
    assert run.code == 0, run.stderr
    document = json.loads(run.stdout)
    assert len(document["central"]) == 3
    assert [r["betweenness"] for r in document["central"]] == sorted(
        (r["betweenness"] for r in document["central"]), reverse=True)
    assert len(document["communities"]) == 3
    assert all(len(c["members"]) == c["size"] for c in document["communities"])


def test_table_shows_both_sections_and_bad_options_fail(built: Settings) -> None:
    run = run_kg("analyze", "--top", "4", settings=built)
    assert run.code == 0, run.stderr
    assert "Most central actors (by pagerank" in run.stdout and "Communities (Louvain" in run.stdout
    bad = run_kg("analyze", "--format", "xml", settings=built)
    assert bad.code == 1 and "unknown format 'xml'" in bad.stderr
