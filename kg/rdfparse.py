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
        line, column, reason = _reason(exc)
        raise KgError(f"{fmt} syntax error: {reason}", at(path, line, column)) from exc
    return graph


def _reason(exc: Exception) -> tuple[int | None, int | None, str]:
    """Line, column and the parser's own reason ("Prefix \"foo:\" not bound"), not just where it stopped."""
    why = getattr(exc, "_why", None)  # rdflib's Turtle/N3 BadSyntax keeps its reason here
    if isinstance(why, str) and why.strip():
        line = getattr(exc, "lines", None)
        text, offset = getattr(exc, "_str", None), getattr(exc, "_i", None)
        column = None
        if isinstance(text, (bytes, str)) and isinstance(offset, int):
            newline = b"\n" if isinstance(text, bytes) else "\n"
            column = offset - text.rfind(newline, 0, offset)  # type: ignore[arg-type]
        return (line + 1 if isinstance(line, int) else None), column, _plain(why.strip())
    message = str(exc).strip()
    found = _LINE_RE.search(message)
    lines = [part.strip() for part in message.splitlines() if part.strip()]
    # "at line 250 of <>:" alone says where, not what: keep the lines after it too.
    reason = " ".join(lines) if lines else type(exc).__name__
    return (int(found.group(1)) if found else None), None, reason


def _plain(why: str) -> str:
    unbound = re.fullmatch(r'Prefix "([^"]*)" not bound', why)
    if unbound:
        return f'unknown prefix "{unbound.group(1)}" (declare it with @prefix {unbound.group(1)} <...> .)'
    return why
