"""The catalogue of broken data (tests/data/shacl_catalogue.ttl): one violation of every
constraint in ontology/shapes.ttl. kg's engine (the shapes as SPARQL on Oxigraph) must find
exactly what pySHACL finds with RDFS inference over the ontology, and report each as
`file:line: entity (property): what is wrong`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SH

from kg.claims import Entity
from kg.graph import GraphSet
from kg.namespaces import Ids
from kg.ontology import load_ontology
from kg.settings import load_settings
from kg.validate import validate

CATALOGUE = Path(__file__).parents[1] / "data" / "shacl_catalogue.ttl"
RELATIVE = "tests/data/shacl_catalogue.ttl"
BASE = "https://w3id.org/silkroad-kg/"
NOT_CONSTRAINTS = {SH.path, SH.message, SH.name, SH.description, RDF.type, RDFS.label, RDFS.comment}
NOT_NODE_CONSTRAINTS = NOT_CONSTRAINTS | {SH.targetClass, SH.targetSubjectsOf, SH.property}


@pytest.fixture(scope="module")
def catalogue() -> Graph:
    return Graph().parse(CATALOGUE, format="turtle")


@pytest.fixture(scope="module")
def registry(catalogue: Graph) -> dict[str, Entity]:
    """Each node of the catalogue 'registered' at the line that describes it."""
    lines = CATALOGUE.read_text(encoding="utf-8").splitlines()
    prefixes = dict(re.findall(r"^@prefix (\w+): <([^>]+)>", CATALOGUE.read_text(encoding="utf-8"), re.M))
    entities = {}
    for number, line in enumerate(lines, start=1):
        found = re.match(r"^(\w+):([\w-]+) a ", line)
        if found:
            iri = prefixes[found.group(1)] + found.group(2)
            ref = iri.removeprefix(BASE + "id/")
            entities[ref] = Entity(ref, "", found.group(2), origin=f"{RELATIVE}#L{number}")
    return entities


def constraints_of_the_shapes() -> set[tuple[str, str]]:
    """(shape, constraint) for every constraint written in shapes.ttl: those of the property
    shapes, and those a node shape states of its focus node itself (PostShape's sh:xone)."""
    shapes = Graph().parse(load_settings().shapes_file)
    on_properties = {(str(prop), str(constraint))
                     for prop in shapes.objects(None, SH.property)
                     for constraint in shapes.predicates(prop) if constraint not in NOT_CONSTRAINTS}
    on_nodes = {(str(node), str(constraint))
                for node in shapes.subjects(RDF.type, SH.NodeShape)
                for constraint in shapes.predicates(node) if constraint not in NOT_NODE_CONSTRAINTS}
    return on_properties | on_nodes


def pyshacl_results(catalogue: Graph) -> set[tuple[str, str, str, str]]:
    import pyshacl

    settings = load_settings()
    shapes = Graph().parse(settings.shapes_file)
    _, report, _ = pyshacl.validate(catalogue, shacl_graph=shapes, ont_graph=load_ontology(settings.ontology_file).graph,
                                    inference="rdfs", abort_on_first=False, allow_warnings=True)
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)  # none for a node-level constraint (PostShape's sh:xone)
        found.add((str(report.value(result, SH.focusNode)), "" if path is None else str(path),
                   str(report.value(result, SH.resultMessage)), str(report.value(result, SH.sourceShape))))
    return found


def test_the_catalogue_breaks_every_constraint_once_as_pyshacl_sees_it(catalogue: Graph) -> None:
    import pyshacl

    settings = load_settings()
    shapes = Graph().parse(settings.shapes_file)
    _, report, _ = pyshacl.validate(catalogue, shacl_graph=shapes, ont_graph=load_ontology(settings.ontology_file).graph,
                                    inference="rdfs", abort_on_first=False, allow_warnings=True)
    results = list(report.subjects(RDF.type, SH.ValidationResult))
    component = {"MinCount": "minCount", "MaxCount": "maxCount", "Or": "or", "Class": "class"}

    def broken(result) -> tuple[str, str]:  # type: ignore[no-untyped-def]
        name = str(report.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        name = name.removesuffix("ConstraintComponent")
        return str(report.value(result, SH.sourceShape)), str(SH) + component.get(name, name[0].lower() + name[1:])

    on_nodes = [broken(r) for r in results if not isinstance(report.value(r, SH.focusNode), Literal)]
    assert sorted(on_nodes) == sorted(constraints_of_the_shapes())  # each constraint once
    # RDFS also makes a literal in a class's range ("Paris" as the place of an event) an instance
    # of that class, and pySHACL validates it: an entity without a label. Only those come twice.
    # ("Ministry", the literal a post is in, is not one: org:postIn ranges over a union of classes,
    # organisations and countries, and RDFS types no value by a union.)
    on_literals = {str(report.value(r, SH.focusNode)) for r in results
                   if isinstance(report.value(r, SH.focusNode), Literal)}
    assert on_literals == {"Paris", "GCBEC", "a post", "GMV"}


def test_kg_finds_what_pyshacl_finds(catalogue: Graph, registry: dict[str, Entity]) -> None:
    settings = load_settings()
    graphs = GraphSet({"urn:catalogue": tuple(catalogue)})
    violations = validate(graphs, settings.shapes_file, load_ontology(settings.ontology_file).graph,
                          registry, Ids(BASE))
    ours = {(v.focus, v.path, v.message) for v in violations}
    theirs = {(focus, path.rsplit("#", 1)[-1].rsplit("/", 1)[-1], message)
              for focus, path, message, _ in pyshacl_results(catalogue)}
    assert ours == theirs and len(ours) >= len(constraints_of_the_shapes())


def test_each_violation_points_at_the_catalogue_line_of_its_node(catalogue: Graph,
                                                                  registry: dict[str, Entity]) -> None:
    settings = load_settings()
    graphs = GraphSet({"urn:catalogue": tuple(catalogue)})
    violations = validate(graphs, settings.shapes_file, load_ontology(settings.ontology_file).graph,
                          registry, Ids(BASE))
    lines = CATALOGUE.read_text(encoding="utf-8").splitlines()
    for violation in violations:
        if not violation.focus.startswith(BASE):  # a literal typed by RDFS (see above): no line of its own
            assert violation.focus in {"Paris", "GCBEC", "Ministry", "a post", "GMV"}
            continue
        if violation.path == "curatedIn":  # a claim record names its own curated line: that one
            assert str(violation).startswith(("a.yaml: ", "a.yaml:1: ")), violation
            continue
        where, _, rest = str(violation).partition(": ")
        path, line = where.rsplit(":", 1)
        assert path == RELATIVE, violation
        described = lines[int(line) - 1]
        local = violation.focus.rsplit("/", 1)[-1]
        assert f":{local} a " in described, violation
        assert f"({violation.path or violation.constraint})" in rest and violation.message in rest
    by_focus = {v.focus.rsplit("/", 1)[-1]: str(v) for v in violations}
    assert re.search(r'Post "Two" \(postIn\): A post must be in exactly one organisation .*'
                     r'\[found: 2 values: .*\]', by_focus["two-orgs"])
    assert "OK Co." in by_focus["two-orgs"] and "Other Co." in by_focus["two-orgs"]
    assert '"S3" (value): ' in by_focus["text-value"] and '[found: "five"]' in by_focus["text-value"]
    # A node-level constraint names itself where a property would stand, and what is on its properties.
    assert re.search(r'Post "Nowhere" \(exactly one of postIn, postAt\): A post must be in exactly one '
                     r'organisation .* or at one event or event series .*\[found: none\]$', by_focus["nowhere"])
    assert "at-series" not in by_focus and "registry" not in by_focus  # at one series; a registry needs no date
