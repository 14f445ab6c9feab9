"""What the server asks a query worker to do: run and render in the worker, so the HTTP
process only moves bytes (and a runaway page is stopped like a runaway query).

Each job is `job(store, ...) -> Reply`, a module-level function so it travels by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.api import with_prefixes
from kg.errors import KgError
from kg.export import prefixes_for, to_ntriples, to_turtle
from kg.namespaces import Ids
from kg.server import pages
from kg.server.entity import describe, description
from kg.server.formats import render_result, result_format, triples_jsonld
from kg.settings import Settings
from kg.store.base import QueryResult, Store
from kg.unreviewed import marked, reviewed_view

ENTITY_TYPES = {"html": "text/html", "ttl": "text/turtle", "jsonld": "application/ld+json",
                "nt": "application/n-triples"}


@dataclass(frozen=True)
class Reply:
    status: int
    body: str
    media_type: str
    headers: tuple[tuple[str, str], ...] = ()


NOT_ACCEPTABLE = ("no acceptable format for this result; SELECT/ASK: SPARQL JSON, XML, CSV, TSV; "
                  "CONSTRUCT/DESCRIBE: Turtle, JSON-LD, N-Triples")


def sparql_query(store: Store, text: str, limit: int, timeout_s: float, accept: str | None,
                 format_key: str | None, base_iri: str) -> Reply:
    # The same predeclared prefixes as `kg query`, error positions in the user's own lines.
    def run(db: Store) -> QueryResult:
        return with_prefixes(text, lambda full: db.query(full, name="query", limit=limit, timeout_s=timeout_s))

    # Served --with-extracted, a row only unreviewed guesses give is marked as `kg query` marks it:
    # two more columns, extracted_method and extracted_confidence (empty on reviewed rows).
    result = marked(store, reviewed_view(store), run) if getattr(store, "with_extracted", False) else run(store)
    fmt = result_format(result, accept, format_key)
    if fmt is None:
        return Reply(406, NOT_ACCEPTABLE + "\n", "text/plain")
    headers = (("Vary", "Accept"), ("X-KG-Truncated", "true" if result.truncated else "false"))
    return Reply(200, render_result(result, fmt, base_iri), fmt.media_type, headers)


def entity(store: Store, iri: str, media: str, base_iri: str, timeout_s: float, inferred: bool = False,
           extracted: bool = False) -> Reply:
    if media == "text/html":
        # Asserted facts; `inferred` adds what the ontology entails, marked (as are unreviewed
        # extracted facts, shown only when the server runs --with-extracted).
        view = describe(store, iri, timeout_s, inferred=inferred, extracted=extracted)
        if view is None:
            return Reply(404, f"the graph says nothing about {iri}", "text/plain")
        return Reply(200, pages.entity_page(view, base_iri), "text/html")
    triples = description(store, iri, timeout_s)
    if not triples:
        return Reply(404, f"the graph says nothing about {iri}", "text/plain")
    if media == "text/turtle":
        text = to_turtle(triples, prefixes_for(base_iri))
    elif media == "application/ld+json":
        text = triples_jsonld(triples, base_iri)
    else:
        text = to_ntriples(triples)
    return Reply(200, text, media, (("Vary", "Accept"),))


def query_page(store: Store, settings: Settings, allow_update: bool) -> str:
    """The query page, its examples with their default parameters bound (as `kg query` binds them)."""
    from kg.lookup import param_value
    from kg.queries import list_queries
    from kg.store.base import bind_values

    named = list_queries()
    runnable = {}
    ids = Ids(settings.base_iri)
    for query in named:
        try:
            bindings = {p.name: param_value(p.type, p.default, store, ids)
                        for p in query.params if p.default is not None}
            runnable[query.name] = bind_values(query.sparql, bindings, query.name)
        except KgError:
            runnable[query.name] = query.sparql
    return pages.query_page(named, runnable, settings.base_iri, allow_update,
                            settings.result_limit, settings.query_timeout_s)


def graph_page(store: Store, settings: Settings) -> str:
    from kg.views import whole_graph_html

    return whole_graph_html(store, settings)
