"""The graph as two CSV tables for spreadsheets, pandas and Gephi's spreadsheet import.

nodes.csv: one row per entity (Id, Label, class, dates, literal facts...).
edges.csv: one row per fact between two entities (Source, Target, Label, predicate,
and its evidence: the sources' slugs and the quotes, one quote per line in the cell).
The column names Id/Label/Source/Target are the ones Gephi's import recognises.

A cell that a spreadsheet would run as a formula (starting with =, +, @, a tab or a
carriage return, or "-" not followed by a digit) is prefixed with an apostrophe,
the usual defence against CSV injection.
"""

from __future__ import annotations

import csv
import io

import pandas as pd

from kg.export.network import evidence_columns, node_attributes
from kg.ontology import Ontology
from kg.views.model import ViewGraph

NODES_FILE = "nodes.csv"
EDGES_FILE = "edges.csv"


def _cell(text: str) -> str:
    if text[:1] in ("=", "+", "@", "\t", "\r") or (text[:1] == "-" and not text[1:2].isdigit()):
        return "'" + text
    return text


def node_table(view: ViewGraph, ontology: Ontology) -> pd.DataFrame:
    attributes = node_attributes(view, ontology)
    first = ["Id", "Label", "class", "class_iri", "first_day", "last_day", "aliases", "sources"]
    rest = sorted({k for a in attributes.values() for k in a} - {"iri", "label", *first})
    rows = [{"Id": iri, "Label": a["label"], **{k: a.get(k, "") for k in first[2:] + rest}}
            for iri, a in attributes.items()]
    return pd.DataFrame(rows, columns=first + rest)


def edge_table(view: ViewGraph) -> pd.DataFrame:
    rows = [{"Id": f"e{i}", "Source": e.source, "Target": e.target, "Label": e.label, "predicate": e.predicate,
             **evidence_columns(e.evidence)}
            for i, e in enumerate(view.edges)]
    return pd.DataFrame(rows, columns=["Id", "Source", "Target", "Label", "predicate", "sources", "quotes",
                                       "methods"])


def to_csv(table: pd.DataFrame) -> str:
    out = io.StringIO()
    table.map(lambda v: _cell(str(v))).to_csv(out, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return out.getvalue()


def csv_files(view: ViewGraph, ontology: Ontology) -> dict[str, str]:
    """File name -> CSV text: the nodes and the edges."""
    return {NODES_FILE: to_csv(node_table(view, ontology)), EDGES_FILE: to_csv(edge_table(view))}
