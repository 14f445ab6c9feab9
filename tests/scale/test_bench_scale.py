"""`kg bench --incremental N` and `kg bench --size 10M`, run small: every step does its work, and the
streamed steps of the 10M flow (export through files) give what the in-memory ones give; validation
on the store itself is held to validation of a copy in tests/validate/test_in_place.py."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.bench.incremental import incremental_lines, measure_incremental
from kg.bench.replicate import copy_renamed
from kg.export import export_store
from kg.export.stream import export_to_file
from kg.ontology import load_ontology
from kg.queries import list_queries
from kg.settings import load_settings
from kg.store.oxigraph import OxigraphStore
from kg.validate import validate_store
from tests.conftest import REPO, run_kg

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


def test_the_on_disk_bench_runs_every_step_with_progress_and_the_raw_engine_beside(tmp_path: Path) -> None:
    # The 10M flow, forced at 20k: the same code, one process, an on-disk store, every step streamed.
    run = run_kg("bench", "--size", "20k", "--on-disk", "--data-dir", str(tmp_path / "bench"),
                 settings=repo_settings(tmp_path))
    assert run.code == 0, run.stderr
    queries = [f"query:{q.name}" for q in list_queries()]
    for step in ("generate", "raw:load", "load", "validate", *queries, "reason", "export-ttl", "raw:export-ttl"):
        assert f"20k: {step} ...\n" in run.stderr  # progress as each step starts ...
        assert re.search(rf"^20k: {re.escape(step)} [0-9.]+ s, [0-9,]+ \(\d+ MiB now, peak \d+ MiB\)$", run.stderr,
                         re.M), step  # ... and as it ends, with its figures and no error
    rows = re.findall(r"^  (\S+) +[0-9.]+ +([0-9,]+) +[0-9,]+(.*)$", run.stdout, re.M)
    table = {name: [produced, *rest.split()] for name, produced, rest in rows}
    for step in ("load", *queries, "export-ttl"):  # ours beside the raw engine
        assert len(table[step]) == 3 and table[step][-1].endswith("x"), table[step]
    assert table["validate"] == ["0"]  # the synthetic graph breaks no shape (and has no raw counterpart)
    assert int(table["load"][0].replace(",", "")) > 20_000
    assert int(table["reason"][0].replace(",", "")) > 0 and int(table["query:who_met_whom"][0].replace(",", "")) > 0
    assert "peak memory of the process tree" in run.stdout and "target under 8,192 MiB: met" in run.stdout
    assert "load average before, after:" in run.stdout
    assert not (tmp_path / "bench" / "store-20000").exists()  # the on-disk stores are removed afterwards
    assert not (tmp_path / "bench" / "raw-store-20000").exists()


def test_the_streamed_export_writes_export_stores_bytes(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    person, other = URIRef(f"{BASE}id/person/li"), URIRef(f"{BASE}id/person/wang")
    tricky = Literal('a "quote", a tab\t, a newline\n, \u2028 and \u00e9', lang="en")
    store.load([(person, SKOS.prefLabel, tricky, URIRef(f"{BASE}id/graph/a")),
                (person, RDF.type, URIRef(f"{BASE}ontology#Person"), URIRef(f"{BASE}id/graph/a")),
                (person, RDF.type, URIRef(f"{BASE}ontology#Person"), URIRef(f"{BASE}id/graph/b")),  # in two graphs
                (other, URIRef(f"{BASE}ontology#metWith"), person, URIRef(f"{BASE}id/graph/b")),
                (URIRef(f"{BASE}id/claim/c1"), RDF.subject, person, URIRef(f"{BASE}id/graph/claims"))])
    for fmt in ("ttl", "nt"):
        written = export_to_file(store, fmt, BASE, tmp_path / f"out.{fmt}")
        assert (tmp_path / f"out.{fmt}").read_bytes() == export_store(store, fmt, BASE)
        assert written == (tmp_path / f"out.{fmt}").stat().st_size
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.nt", "out.ttl", "store"]  # no work files left


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
