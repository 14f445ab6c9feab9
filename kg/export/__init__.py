"""Exports of the graph to files other tools open.

`kg.export.rdf`: the RDF formats (Turtle, TriG, N-Triples, N-Quads, JSON-LD).
`kg.export.network`: GraphML and GEXF (Gephi); `kg.export.tables`: nodes.csv and edges.csv.
"""

from kg.export.rdf import (
    FORMATS,
    export_store,
    graph_lines,
    nt_term,
    literal_text,
    prefixes_for,
    serialise,
    to_jsonld,
    to_nquads,
    to_ntriples,
    to_trig,
    to_turtle,
    union_triples,
    write,
)

__all__ = [
    "FORMATS",
    "export_store",
    "graph_lines",
    "nt_term",
    "literal_text",
    "prefixes_for",
    "serialise",
    "to_jsonld",
    "to_nquads",
    "to_ntriples",
    "to_trig",
    "to_turtle",
    "union_triples",
    "write",
]
