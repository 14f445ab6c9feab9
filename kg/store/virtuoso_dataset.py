"""How a query's dataset and join order are told to Virtuoso 7.2.5: as `define` pragmas before the
query text (kg.store.remote names the dataset, kg.store.remote_union).

- Pragmas, not protocol parameters: Virtuoso echoes each parameter as a response header, and more
  than 100 headers (a store of over 100 graphs) are refused by http.client.
- Every query is joined in the order it is written (`define sql:select-option "order"`, JOIN_ORDER):
  some join orders Virtuoso's optimiser picks lose rows (below). With it and kg.store.virtuoso_rewrite, all
  19 named queries give the embedded rows at 20k and 100k triples (tests/store/test_named_rows.py).
- `GRAPH <g>` for a graph the query's dataset does not name (not in the store, or hidden: extracted)
  becomes `GRAPH <urn:x-kg:no-graph>`, named and empty: Virtuoso matches a graph outside the named
  graphs with one empty solution (`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <absent> { ?s ?p ?o } }`
  gave 1, and ASK true).
"""

from __future__ import annotations

import re
from typing import Iterable

from kg.store.virtuoso_rewrite import outside

_GRAPH_IRI = re.compile(r"(?<![\w:?$])GRAPH\s+<([^<>\s]*)>", re.I)


def unlisted_graphs_as(sparql: str, listed: Iterable[str], empty: str) -> str:
    """`GRAPH <g>` for a graph the dataset does not name, as `GRAPH <empty>` (a named graph holding nothing)."""
    names = set(listed)
    pieces, last = [], 0
    for found in outside(sparql, _GRAPH_IRI.finditer(sparql)):
        if found.group(1) not in names:
            pieces += [sparql[last:found.start(1)], empty]
            last = found.end(1)
    return "".join(pieces) + sparql[last:]


_PRAGMAS = {"default-graph-uri": "input:default-graph-uri", "named-graph-uri": "input:named-graph-uri"}

# Virtuoso's optimiser reorders the joins of a query, and some orders it picks lose rows: on one load of
# the 100k graph officials_in_un_bodies gave 103 of 105 rows (88 without its ORDER BY), official_posts
# 420 of 426 on another; the data was all there. Joined in the order the query is written, all 19
# named queries gave the embedded rows (the "hash" option crashed the server).
JOIN_ORDER = 'define sql:select-option "order" '


def dataset_pragmas(dataset: dict[str, list[str]] | None) -> str:
    """The query's dataset as Virtuoso's `define input:...` pragmas, after the join-order one, to go
    before the query text on its first line (so that Virtuoso's syntax errors name the query's own lines)."""
    return JOIN_ORDER + "".join(f"define {_PRAGMAS[key]} <{graph}> " for key, graphs in (dataset or {}).items()
                                for graph in graphs)


def with_dataset(sparql: str, dataset: dict[str, list[str]] | None, empty: str) -> str:
    """The query text Virtuoso answers over `dataset` (`empty`: a graph name that holds nothing)."""
    if dataset is not None:
        named = dataset["named-graph-uri"]
        sparql = unlisted_graphs_as(sparql, named, empty)
        dataset = {**dataset, "named-graph-uri": sorted({*named, empty})}
    return dataset_pragmas(dataset) + sparql
