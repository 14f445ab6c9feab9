"""The small Python API that the CLI, the server, the tests and the notebooks share."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, TypeVar

from kg.errors import KgError, Location, at
from kg.lookup import param_value
from kg.namespaces import PREFIXES, Ids
from kg.queries import NamedQuery, get_query
from kg.settings import Settings, load_settings
from kg.store import Store, open_store
from kg.store.base import QueryResult
from rdflib.term import Node


def open_built_store(settings: Settings | None = None) -> Store:
    """The store `kg build` made, read-only, every query under the limits of `settings`
    (KG_QUERY_TIMEOUT, KG_QUERY_MEMORY) in a worker process that cannot reach the network;
    unreviewed extracted facts only when the settings ask for them (`--with-extracted`,
    KG_WITH_EXTRACTED=1)."""
    from kg.store.limited import limited_store

    settings = settings or load_settings()
    if settings.store_url.startswith("oxigraph:"):
        if not Path(settings.store_url.removeprefix("oxigraph:")).exists():
            raise KgError(f"no store at {settings.store_url.removeprefix('oxigraph:')}: run `kg build` first")
    elif not settings.store_url.startswith(("http://", "https://")):
        return open_store(settings.store_url, read_only=True, with_extracted=settings.with_extracted)
    return limited_store(settings)


def run_named(store: Store, name: str, params: dict[str, str], settings: Settings) -> QueryResult:
    """Run a named query with parameters given as text (entities by IRI, kind/slug or label)."""
    query = get_query(name)
    return run_query(store, query, params, settings)


def run_query(store: Store, query: NamedQuery, params: dict[str, str], settings: Settings) -> QueryResult:
    return store.query(query.sparql, query_bindings(store, query, params, settings), name=query.name,
                       limit=settings.result_limit)


def query_bindings(store: Store, query: NamedQuery, params: dict[str, str], settings: Settings) -> dict[str, Node]:
    """The named query's parameters (given as text, else their defaults) as RDF terms."""
    known = {p.name: p for p in query.params}
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise KgError(f"query {query.name} has no parameter {unknown[0]!r}; it takes: "
                      f"{', '.join(known) or 'none'}", Location(query.name))
    bindings = {}
    ids = Ids(settings.base_iri)
    for param in query.params:
        value = params.get(param.name, param.default)
        if value is not None:
            try:
                bindings[param.name] = param_value(param.type, value, store, ids)
            except KgError as exc:
                raise KgError(f"parameter {param.name}: {exc.message}", Location(query.name)) from exc
    return bindings


def with_default_prefixes(sparql: str) -> str:
    """Ad-hoc queries may use srk:, org:, schema:, skos:, … without declaring them.

    Done here, in text, rather than by one backend's option, so that every store
    (embedded or remote) and the server see the same query.
    """
    declared = {m.group(1) for m in re.finditer(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:", sparql)}
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    return "\n".join(missing) + "\n" + sparql if missing else sparql


T = TypeVar("T")


def with_prefixes(sparql: str, run: Callable[[str], T]) -> T:
    """Run `sparql` with the predeclared prefixes added (inline text, .rq files, the endpoint), reporting
    error positions in the user's own lines."""
    text = with_default_prefixes(sparql)
    added = text.count("\n") - sparql.count("\n")
    try:
        return run(text)
    except KgError as exc:
        if not added or exc.location is None or exc.location.line is None or exc.location.line <= added:
            raise
        where = Location(exc.location.where, exc.location.line - added, exc.location.column)
        raise type(exc)(exc.message, where) from exc


def run_sparql(store: Store, sparql: str, name: str = "query", limit: int | None = None) -> QueryResult:
    """SPARQL text as a user writes it: srk:, org:, schema:, skos:, … need no PREFIX."""
    return with_prefixes(sparql, lambda text: store.query(text, name=name, limit=limit))


def read_query_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"cannot read query file: {exc}", at(path)) from exc
