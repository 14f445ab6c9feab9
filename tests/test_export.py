"""Every export parses back, in rdflib, to a graph isomorphic to the store's."""

from __future__ import annotations

import re

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
    # Sorted by subject, each block opening with its classes (rdf:type first).
    assert text.index("\norganisation:sco a ") < text.index("\nperson:vladimir-norov a ")
    assert "srk:InternationalOrganisation" in text[text.index("\norganisation:sco a "):].split("\n")[1]


def test_export_to_stdout_and_unknown_format(built) -> None:
    done = run_kg("export", "-f", "nt", settings=built)
    assert done.code == 0 and done.stdout.count("\n") > 1000
    bad = run_kg("export", "-f", "xml", settings=built)
    assert bad.code != 0 and "unknown format 'xml'" in bad.stderr


EX = "http://example.org/"
_TRICKY = 'tab\there, "quoted", back\\slash, bell\x07, line\u2028sep, café'


def _quads():  # type: ignore[no-untyped-def]
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import RDF, SKOS, XSD

    g1, g2 = URIRef(EX + "graph/b"), URIRef(EX + "graph/a")
    a, b = URIRef(EX + "a"), URIRef(EX + "b")
    return [
        (b, SKOS.prefLabel, Literal("B", lang="en"), g1),
        (a, RDF.type, URIRef(EX + "Thing"), g1),
        (a, URIRef(EX + "note"), Literal(_TRICKY), g1),
        (a, URIRef(EX + "when"), Literal("2021-04", datatype=XSD.gYearMonth), g2),
        (a, URIRef(EX + "count"), Literal("7", datatype=XSD.integer), g2),
        (a, RDF.type, URIRef(EX + "Thing"), g2),  # in both graphs: once in the union
        (BNode("n1"), URIRef(EX + "min"), Literal("1", datatype=XSD.integer), g2),
    ]


@pytest.mark.parametrize("fmt", ["ttl", "trig", "nt", "nq", "jsonld"])
def test_exports_are_the_same_bytes_whatever_the_load_order_or_the_path(fmt: str) -> None:
    """The engine path (store dump) and the rdflib-term path write identical bytes, in any load order."""
    from kg.export import export_store, serialise
    from kg.store.oxigraph import OxigraphStore

    forward, backward = OxigraphStore(None), OxigraphStore(None)
    forward.load(_quads())
    backward.load(list(reversed(_quads())))
    written = export_store(forward, fmt, EX)
    assert written == export_store(backward, fmt, EX)
    assert written == serialise(_quads(), fmt, EX).encode()


def test_ntriples_is_canonical_and_sorted() -> None:
    from kg.export import serialise

    assert serialise(_quads(), "nt", EX).split("\n") == [
        # rdf:type first among a subject's predicates; the rest as text sorts.
        '<http://example.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Thing> .',
        '<http://example.org/a> <http://example.org/count> "7"^^<http://www.w3.org/2001/XMLSchema#integer> .',
        '<http://example.org/a> <http://example.org/note> "tab\\there, \\"quoted\\", back\\\\slash, bell\\u0007, '
        'line\u2028sep, café" .',
        '<http://example.org/a> <http://example.org/when> "2021-04"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> .',
        '<http://example.org/b> <http://www.w3.org/2004/02/skos/core#prefLabel> "B"@en .',
        '_:n1 <http://example.org/min> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .',
        "",  # the text ends with a line feed
    ]


def test_turtle_groups_sorted_lines_under_our_prefixes() -> None:
    from kg.export import serialise

    text = serialise(_quads(), "ttl", EX)
    header, body = text.split("<http://example.org/a>", 1)
    assert header.startswith("@prefix srk: <https://w3id.org/silkroad-kg/ontology#> .\n@prefix org: ")
    assert header.endswith("@prefix graph: <http://example.org/id/graph/> .\n")
    assert body.startswith(' a <http://example.org/Thing> ;\n\t<http://example.org/count> 7 ;\n'
                           '\t<http://example.org/note> "tab\\there')
    assert body.endswith('\t<http://example.org/when> "2021-04"^^xsd:gYearMonth .\n'
                         '<http://example.org/b> skos:prefLabel "B"@en .\n_:n1 <http://example.org/min> 1 .\n')


def _changed_quads():  # type: ignore[no-untyped-def]
    """_quads() with subjects and graphs come and gone: before every other block, after, and amid."""
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import RDF, SKOS

    person = EX + "id/person/"  # under a prefix of prefixes_for(EX): written as person:...
    g0, g3 = URIRef(EX + "graph/0"), URIRef(EX + "graph/c")
    quads = [q for q in _quads() if q[0] != URIRef(EX + "b") and q[3] != URIRef(EX + "graph/a")]
    return quads + [
        (URIRef(EX + "0first"), RDF.type, URIRef(EX + "Thing"), g0),
        (URIRef(person + "a.b"), SKOS.prefLabel, Literal("A dot", lang="en"), g3),  # a local name Turtle escapes
        (URIRef(person + "x~y"), SKOS.prefLabel, Literal("A tilde", lang="en"), g3),
        (URIRef(EX + "a"), URIRef(EX + "more"), Literal("one more"), URIRef(EX + "graph/b")),
        (BNode("zz"), URIRef(EX + "last"), Literal("last"), g3),
    ]


@pytest.mark.parametrize("fmt", ["ttl", "trig"])
@pytest.mark.parametrize("direction", ["forward", "back"])
def test_an_export_patched_where_the_store_changed_is_the_whole_export_of_the_new_store(fmt: str,
                                                                                       direction: str) -> None:
    """What an incremental build writes (kg.export.splice): only the changed subjects' (graphs') blocks
    written again into the old file, the same bytes as the new store's whole export."""
    from kg.export import export_store, nt_term
    from kg.export.splice import patch_trig, patch_turtle
    from kg.store.oxigraph import OxigraphStore

    before, after = (_quads(), _changed_quads()) if direction == "forward" else (_changed_quads(), _quads())
    old_store, new_store = OxigraphStore(None), OxigraphStore(None)
    old_store.load(before)
    new_store.load(after)
    old = export_store(old_store, fmt, EX)
    changed = set(before) ^ set(after)
    if fmt == "ttl":
        patched = patch_turtle(new_store, old, {nt_term(q[0]) for q in changed}, EX)
    else:
        patched = patch_trig(new_store, old, {str(q[3]) for q in changed}, EX)
    assert patched == export_store(new_store, fmt, EX) != old
    # Nothing to write again: the file as it was.
    assert (patch_turtle(new_store, patched, (), EX) if fmt == "ttl" else patch_trig(new_store, patched, (), EX)) \
        == patched
