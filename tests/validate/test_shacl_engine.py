"""kg.shacl beyond the catalogue: node-level sh:xone / sh:or / sh:and / sh:not give pySHACL's
results, and a constraint the compiler cannot check is refused by name, never skipped."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from kg import shacl
from kg.errors import KgError

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
"""
SHAPES = PREFIXES + """
ex:Either a sh:NodeShape ; sh:targetClass ex:A ;
    sh:xone ( [ sh:path ex:p ; sh:minCount 1 ] [ sh:path ex:q ; sh:minCount 1 ; sh:maxCount 1 ] ) .
ex:Any a sh:NodeShape ; sh:targetClass ex:B ;
    sh:or ( [ sh:path ex:p ; sh:datatype xsd:integer ; sh:minCount 1 ] [ sh:nodeKind sh:BlankNode ] ) .
ex:All a sh:NodeShape ; sh:targetClass ex:C ;
    sh:and ( [ sh:property [ sh:path ex:p ; sh:minCount 1 ] ] [ sh:not [ sh:path ex:q ; sh:minCount 1 ] ] ) .
ex:None a sh:NodeShape ; sh:targetClass ex:D ; sh:not [ sh:path ex:p ; sh:maxCount 0 ] .
"""
DATA = PREFIXES + """
ex:a0 a ex:A .  ex:a1 a ex:A ; ex:p 1 .  ex:a2 a ex:A ; ex:p 1 ; ex:q 2 .  ex:a3 a ex:A ; ex:q 1 , 2 .
ex:b0 a ex:B .  ex:b1 a ex:B ; ex:p 1 .  ex:b2 a ex:B ; ex:p "one" .  _:b3 a ex:B .
ex:c0 a ex:C .  ex:c1 a ex:C ; ex:p 1 .  ex:c2 a ex:C ; ex:p 1 ; ex:q 1 .
ex:d0 a ex:D .  ex:d1 a ex:D ; ex:p 1 .
"""


def ours(shapes: str, data: str) -> set[tuple[str, str, str]]:
    store = ox.Store()
    store.load(data.encode(), format=ox.RdfFormat.TURTLE)
    found = shacl.validate_store(store, Graph().parse(data=shapes, format="turtle"))
    return {(r.focus.value, r.shape.rsplit("/", 1)[-1], r.component) for r in found}


def pyshacls(shapes: str, data: str) -> set[tuple[str, str, str]]:
    import pyshacl

    _, report, _ = pyshacl.validate(Graph().parse(data=data, format="turtle"),
                                    shacl_graph=Graph().parse(data=shapes, format="turtle"))
    return {(str(report.value(r, SH.focusNode)), str(report.value(r, SH.sourceShape)).rsplit("/", 1)[-1],
             str(report.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[-1].removesuffix("ConstraintComponent"))
            for r in report.subjects(RDF.type, SH.ValidationResult)}


def test_node_level_logic_gives_pyshacls_results() -> None:
    expected = pyshacls(SHAPES, DATA)
    named = {(f.rsplit("/", 1)[-1], s, c) for f, s, c in expected}
    assert named == {("a0", "Either", "Xone"), ("a2", "Either", "Xone"), ("a3", "Either", "Xone"),
                     ("b0", "Any", "Or"), ("b2", "Any", "Or"), ("c0", "All", "And"), ("c2", "All", "And"),
                     ("d0", "None", "Not")}
    assert ours(SHAPES, DATA) == expected


@pytest.mark.parametrize("shape, refused", [
    ("ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:closed true .", "closed"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:property [ sh:path ex:p ; sh:hasValue 1 ] .", "hasValue"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:xone ( [ sh:path ex:p ; sh:minCount 2 ] ) .", "minCount 2"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:severity sh:Warning ; sh:nodeKind sh:IRI .", "severity"),
    ("ex:S a sh:NodeShape ; sh:targetNode ex:a0 ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .", "targetNode"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:property [ sh:path ex:p ; "
     "sh:or ( [ sh:path ex:q ; sh:minCount 1 ] ) ] .", "path"),
])
def test_what_the_compiler_cannot_check_is_refused_by_name(shape: str, refused: str) -> None:
    with pytest.raises(KgError, match=f"shape .*{refused}.* not supported"):
        ours(PREFIXES + shape, DATA)
