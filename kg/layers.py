"""The three layers of facts, kept apart (design.md), and how a named graph says which one it holds.

| layer     | graphs                                                  | seen by default            |
|-----------|---------------------------------------------------------|----------------------------|
| asserted  | each source's graph, the ontology's, the claim records' | everything                 |
| inferred  | `{base}id/graph/inferred`, made by every build          | SPARQL; marked elsewhere   |
| extracted | `{base}id/graph/{source}/extracted` and the records of  | nothing, until asked       |
|           | their claims in `{base}id/graph/claims/extracted`       | (`--with-extracted`)       |

Graphs are told apart by how their names end, so a store needs no base IRI to
keep the layers apart. A fact held in several layers belongs to the most
trusted one (asserted, then inferred, then extracted).
"""

from __future__ import annotations

from typing import Iterable

from kg.namespaces import CLAIMS_GRAPH_SUFFIX, GRAPH_PATH, INFERRED_GRAPH

ASSERTED, INFERRED, EXTRACTED = "asserted", "inferred", "extracted"
LAYERS = (ASSERTED, INFERRED, EXTRACTED)  # most trusted first
EXTRACTED_SUFFIX = "/extracted"
INFERRED_GRAPH_SUFFIX = f"/{GRAPH_PATH}{INFERRED_GRAPH}"


def is_claims_graph(graph: str) -> bool:
    """A graph of claim records, reviewed or extracted: neither set union of the stores copies it
    (its triples hang off content-hashed claim IRIs: queries read it beside the default graph)."""
    return graph.endswith(CLAIMS_GRAPH_SUFFIX) or graph.endswith(CLAIMS_GRAPH_SUFFIX + EXTRACTED_SUFFIX)


def layer_of(graph: str) -> str:
    """The layer a named graph holds, from its name."""
    if graph.endswith(EXTRACTED_SUFFIX):
        return EXTRACTED
    if graph.endswith(INFERRED_GRAPH_SUFFIX):
        return INFERRED
    return ASSERTED


def best_layer(layers: Iterable[str]) -> str:
    """The most trusted of the layers a fact is found in."""
    found = set(layers)
    return next((layer for layer in LAYERS if layer in found), ASSERTED)


def shown_layers(inferred: bool = False, extracted: bool = False) -> frozenset[str]:
    """What analytics, views and pages read: asserted facts, plus the layers asked for."""
    return frozenset({ASSERTED} | ({INFERRED} if inferred else set()) | ({EXTRACTED} if extracted else set()))


def graph_filter(variable: str, layers: Iterable[str]) -> str:
    """A SPARQL expression true when the graph bound to `?variable` holds one of `layers`."""
    wanted = set(layers)
    name = f"STR(?{variable})"
    tests = []
    if ASSERTED in wanted:
        tests.append(f'(!STRENDS({name}, "{EXTRACTED_SUFFIX}") && !STRENDS({name}, "{INFERRED_GRAPH_SUFFIX}"))')
    if INFERRED in wanted:
        tests.append(f'STRENDS({name}, "{INFERRED_GRAPH_SUFFIX}")')
    if EXTRACTED in wanted:
        tests.append(f'STRENDS({name}, "{EXTRACTED_SUFFIX}")')
    return " || ".join(tests) or "false"
