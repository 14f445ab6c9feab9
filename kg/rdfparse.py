"""Parse RDF files with errors that name the file and line."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import KgError, at

_LINE_RE = re.compile(r"line (\d+)")


def parse_turtle(path: Path, fmt: str = "turtle") -> Graph:
    graph: Graph = Dataset() if fmt in {"trig", "nquads"} else Graph()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"cannot read: {exc}", at(path)) from exc
    try:
        graph.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises several unrelated types for syntax errors
        found = _LINE_RE.search(str(exc))
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise KgError(f"{fmt} syntax error: {first}", at(path, int(found.group(1)) if found else None)) from exc
    return graph
