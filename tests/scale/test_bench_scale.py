"""`kg bench --incremental N` and `kg bench --size 10M`, run small: every step does its work."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.bench.incremental import incremental_lines, measure_incremental
from kg.bench.large import copy_renamed, large_lines, measure_large
from kg.queries import list_queries
from kg.settings import load_settings
from tests.conftest import REPO

BASE = "https://w3id.org/silkroad-kg/"


def repo_settings(tmp_path: Path):
    return load_settings({"KG_ROOT": str(REPO), "KG_DIST": str(tmp_path / "dist")})


def test_a_renamed_copy_shares_only_the_ontology_and_the_special_graphs() -> None:
    line = (f"<{BASE}id/person/li> <{BASE}ontology#spokeAt> <{BASE}id/event/x> <{BASE}id/graph/article-1> .\n"
            f"<{BASE}id/claim/ab12> <http://www.w3.org/ns/prov#wasDerivedFrom> <{BASE}id/source/article-1> "
            f"<{BASE}id/graph/claims> .\n"
            f"<{BASE}id/claim/cd34> <urn:p> \"x\" <{BASE}id/graph/claims/extracted> .\n"
            f"<{BASE}ontology#Event> <urn:p> <{BASE}ontology#Thing> <{BASE}id/graph/ontology> .\n").encode()
    assert copy_renamed(line, 0, BASE) == line
    renamed = copy_renamed(line, 3, BASE).decode()
    assert f"<{BASE}id/person/s3-li> <{BASE}ontology#spokeAt> <{BASE}id/event/s3-x> <{BASE}id/graph/s3-article-1>" \
        in renamed
    assert f"<{BASE}id/claim/s3-ab12>" in renamed and f"<{BASE}id/source/s3-article-1> <{BASE}id/graph/claims> ." \
        in renamed
    assert f"<{BASE}id/graph/claims/extracted> ." in renamed
    assert renamed.splitlines()[3] == line.decode().splitlines()[3]  # the ontology, unchanged
    assert len(list(ox.parse(renamed.encode(), format=ox.RdfFormat.N_QUADS))) == 4


def test_the_on_disk_bench_runs_every_step_and_reports_memory(tmp_path: Path) -> None:
    lines: list[str] = []
    result = measure_large("20k", 20_000, repo_settings(tmp_path), tmp_path / "bench", progress=lines.append,
                           base_size="10k")
    names = [s.name for s in result.steps]
    assert names == ["generate", "load", "validate", *(f"query:{q.name}" for q in list_queries()), "reason",
                     "export-ttl"]
    assert [s.name for s in result.steps if s.error] == []
    # Copies enough to reach 20k (the 10k generator gives fewer); the ontology graph is held once.
    base_quads = result.steps[0].produced // result.copies
    assert result.copies >= 2 and (result.copies - 1) * base_quads < 20_000 <= result.copies * base_quads
    assert (result.copies - 1) * base_quads < result.quads < result.copies * base_quads
    assert result.steps[1].produced == result.quads
    assert all(s.produced > 0 for s in result.steps if s.name in ("reason", "export-ttl", "query:who_met_whom"))
    assert 50 < result.peak_mib < 8192
    assert any(line.startswith("20k: validate ") for line in lines)  # progress on each step
    report = "\n".join(large_lines(result))
    assert "peak memory of the process tree" in report and "named queries" in report
    assert not (tmp_path / "bench" / "store-20000").exists()  # the on-disk store is removed afterwards


def test_the_incremental_bench_rebuilds_one_article_to_a_full_builds_bytes(tmp_path: Path) -> None:
    lines: list[str] = []
    result = measure_incremental(8, repo_settings(tmp_path), tmp_path / "bench", progress=lines.append)
    assert result.articles == 8 and result.reread == ("bench-article-0001",)
    assert result.identical and result.replaced >= 1
    assert result.full_s > 0 and result.incremental_s > 0
    text = "\n".join(incremental_lines(result))
    assert "byte-identical to a full build: yes" in text and "x the full build" in text
    # A changed paragraph reaches neither the pages nor the inferred graph: they are kept, not redone.
    assert "kept the outputs the change cannot reach: pages, ontology" in result.kept, result.kept
    assert "machine load" in text
