"""SHACL validation of the assembled graph, reported in plain words with the
curated file and line of the fact behind each problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from kg.graph import GraphSet
from kg.namespaces import SH, SRK
from kg.rdfparse import parse_turtle


@dataclass(frozen=True, order=True)
class Violation:
    focus: str  # the entity (or claim) that is wrong
    focus_label: str
    path: str  # the property concerned, if any
    message: str
    origin: str  # "file#Lline" of a curated fact about the focus node, when known

    def __str__(self) -> str:
        where = f"{self.origin}: " if self.origin else ""
        prop = f" ({self.path})" if self.path else ""
        return f"{where}{self.focus_label}{prop}: {self.message}"


def union_graph(graphs: GraphSet) -> Graph:
    union = Graph()
    for s, p, o, _ in graphs.quads():
        union.add((s, p, o))
    return union


def validate(graphs: GraphSet, shapes_file: Path, ontology: Graph) -> list[Violation]:
    """Run pySHACL (RDFS inference over the ontology) and explain each result."""
    import pyshacl  # imported here: it is slow to import and only validation needs it

    data = union_graph(graphs)
    shapes = parse_turtle(shapes_file)
    _conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs", abort_on_first=False,
        allow_warnings=True,
    )
    return sorted(_explain(report, data))


def _explain(report: Graph, data: Graph) -> list[Violation]:
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        label = data.value(focus, SKOS.prefLabel) if focus is not None else None
        found.append(Violation(
            focus=str(focus),
            focus_label=str(label or focus),
            path=_short(path),
            message=str(message or "does not conform"),
            origin=_origin(data, focus, path),
        ))
    return found


def _origin(data: Graph, focus: object, path: object) -> str:
    """The curated line of a claim about the focus node (on the failing property if any)."""
    candidates = []
    for claim in data.subjects(RDF.subject, focus):  # type: ignore[arg-type]
        origin = data.value(claim, SRK.curatedIn)
        if origin is None:
            continue
        on_path = path is not None and data.value(claim, RDF.predicate) == path
        candidates.append((not on_path, str(origin)))
    return min(candidates)[1] if candidates else ""


def _short(path: object) -> str:
    if not isinstance(path, URIRef):
        return ""
    text = str(path)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
