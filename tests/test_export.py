"""Every export parses back, in rdflib, to a graph isomorphic to the store's."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from tests.conftest import run_kg


def _store_dataset(store) -> dict[str, Graph]:
    graphs: dict[str, Graph] = {}
    for s, p, o, g in store.quads():
        graphs.setdefault(str(g), Graph()).add((s, p, o))
    return graphs


def _union(graphs: dict[str, Graph]) -> Graph:
    union = Graph()
    for graph in graphs.values():
        for triple in graph:
            union.add(triple)
    return union


@pytest.mark.parametrize(("fmt", "rdflib_format"), [("ttl", "turtle"), ("nt", "nt")])
def test_union_graph_exports_round_trip(store, built, tmp_path: Path, fmt: str, rdflib_format: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    done = run_kg("export", "--format", fmt, "-o", str(out), settings=built)
    assert done.code == 0, done.stderr
    parsed = Graph().parse(out, format=rdflib_format)
    expected = _union(_store_dataset(store))
    assert len(parsed) == len(expected) > 1000
    assert isomorphic(parsed, expected)


@pytest.mark.parametrize(("fmt", "rdflib_format"), [("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")])
def test_dataset_exports_round_trip_graph_by_graph(store, built, tmp_path: Path, fmt: str,
                                                   rdflib_format: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    done = run_kg("export", "-f", fmt, "-o", str(out), settings=built)
    assert done.code == 0, done.stderr
    parsed = Dataset()
    parsed.parse(out, format=rdflib_format)
    expected = _store_dataset(store)
    got = {str(g.identifier): g for g in parsed.graphs() if len(g)}
    assert set(got) == set(expected)
    for name, graph in expected.items():
        assert isomorphic(Graph() + got[name], graph), name


def test_dist_turtle_is_the_union_graph_and_sorted(store, built) -> None:
    text = (built.dist_dir / "silkroad.ttl").read_text(encoding="utf-8")
    assert isomorphic(Graph().parse(data=text, format="turtle"), _union(_store_dataset(store)))
    # Sorted by subject: the subject lines (no indent) appear in order within each namespace block.
    assert text.index("organisation:sco a ") < text.index("person:vladimir-norov a")  # its classes follow, inferred ones too


def test_export_to_stdout_and_unknown_format(built) -> None:
    done = run_kg("export", "-f", "nt", settings=built)
    assert done.code == 0 and done.stdout.count("\n") > 1000
    bad = run_kg("export", "-f", "xml", settings=built)
    assert bad.code != 0 and "unknown format 'xml'" in bad.stderr
