"""Named SPARQL queries: the .rq files beside this module, each with a header.

    # title: Speakers at an event
    # description: Who spoke at the event, in which post, with the source.
    # param: event iri event/gcbec-2021 -- the event (IRI, kind/slug or label)

A parameter is a variable of the query, pre-bound when the query runs.

A query's ORDER BY gives its documented keys, then every other projected variable in the order
projected: a total order, so the rows a LIMIT or KG_RESULT_LIMIT keeps are the same on every run
and every store (tests/test_queries.py sorts the rows the same way in Python).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError, Location, at

QUERY_DIR = Path(__file__).parent
PARAM_TYPES = ("iri", "string", "date", "integer")
_PARAM_RE = re.compile(r"^(\w+)\s+(\w+)(?:\s+(\S+))?(?:\s+--\s+(.*))?$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    sparql: str
    path: Path


def parse_query_file(path: Path) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"cannot read query: {exc}", at(path)) from exc
    header: dict[str, str] = {}
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "param":
            found = _PARAM_RE.match(value)
            if not found or found.group(2) not in PARAM_TYPES:
                raise KgError(f"bad param line (expected: NAME TYPE [DEFAULT] [-- text], TYPE one of "
                              f"{', '.join(PARAM_TYPES)})", at(path, number))
            name, kind, default, description = found.groups()
            default = None if default in (None, "-") else default
            params.append(Param(name, kind, default, description or ""))
        elif key in {"title", "description"}:
            header[key] = (header.get(key, "") + " " + value).strip()
    if "title" not in header:
        raise KgError("query header has no '# title:' line", at(path, 1))
    return NamedQuery(path.stem, header["title"], header.get("description", ""), tuple(params), text, path)


def list_queries(directory: Path = QUERY_DIR) -> list[NamedQuery]:
    return [parse_query_file(p) for p in sorted(directory.glob("*.rq"))]


def get_query(name: str, directory: Path = QUERY_DIR) -> NamedQuery:
    path = directory / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(q.name for q in list_queries(directory))
        raise KgError(f"unknown named query {name!r}; known: {known}", Location(name))
    return parse_query_file(path)
