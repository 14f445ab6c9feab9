"""Query results in the formats users open elsewhere: SPARQL JSON, CSV, TSV, a text table."""

from __future__ import annotations

import csv
import io
import json

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.export import literal_text, prefixes_for, to_turtle
from kg.store.base import QueryResult

RESULT_FORMATS = ("table", "csv", "tsv", "json")


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def to_sparql_json(result: QueryResult, indent: int | None = 1) -> str:
    """The W3C SPARQL 1.1 Query Results JSON format (`indent=None`: on one line, by json's C
    encoder, several times faster than indented output, which only Python's encoder writes)."""
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean})
    bindings = [
        {v: _json_term(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows
    ]
    return json.dumps({"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=indent)


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV: plain values, empty for unbound."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else str(t) for t in row])
    return buffer.getvalue()


def _tsv_term(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return literal_text(term)  # type: ignore[arg-type]


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV: terms in Turtle syntax."""
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def short(term: Node | None, base_iri: str) -> str:
    """A readable cell: prefixed IRI, or the literal's text."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, ns in sorted(prefixes_for(base_iri).items(), key=lambda kv: -len(kv[1])):
            if text.startswith(ns):
                return f"{prefix}:{text[len(ns):]}"
        return text
    return str(term)


def to_text_table(result: QueryResult, base_iri: str, width: int = 60) -> str:
    if result.boolean is not None:
        return "yes\n" if result.boolean else "no\n"
    cells = [[short(t, base_iri) for t in row] for row in result.rows]
    cells = [[c if len(c) <= width else c[: width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(result.variables)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()  # noqa: E731
    out = [line(result.variables), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def render(result: QueryResult, fmt: str, base_iri: str) -> str:
    if result.triples is not None:
        return to_turtle(result.triples, prefixes_for(base_iri))
    if fmt == "json":
        return to_sparql_json(result) + "\n"
    if result.boolean is not None:
        return to_text_table(result, base_iri)
    if fmt == "csv":
        return to_csv(result)
    if fmt == "tsv":
        return to_tsv(result)
    return to_text_table(result, base_iri)
