"""Find entities by IRI, "kind/slug" or any of their labels."""

from __future__ import annotations

import difflib

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.errors import KgError
from kg.namespaces import ENTITY_KINDS, Ids
from kg.store.base import Store

_LABELS = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?entity ?label WHERE {
  { ?entity skos:prefLabel ?label } UNION { ?entity skos:altLabel ?label }
}"""


def entity_labels(store: Store) -> list[tuple[str, str]]:
    return sorted((str(e), str(l)) for e, l in store.query(_LABELS, name="labels").rows)  # type: ignore[misc]


def resolve_entity(store: Store, text: str, ids: Ids) -> URIRef:
    """The one entity `text` names; an unknown or ambiguous name is a KgError with suggestions."""
    text = text.strip()
    if text.startswith(("http://", "https://")):
        candidate = URIRef(text)
    elif text.partition("/")[0] in ENTITY_KINDS and "/" in text:
        candidate = URIRef(ids.entity(text))
    else:
        candidate = None
    labels = entity_labels(store)
    known = {e for e, _ in labels}
    if candidate is not None:
        if str(candidate) in known:
            return candidate
        raise KgError(f"unknown entity {text!r}{_suggest(text.rsplit('/', 1)[-1], labels)}")
    wanted = text.casefold()
    matches = sorted({e for e, label in labels if label.casefold() == wanted})
    if len(matches) == 1:
        return URIRef(matches[0])
    if len(matches) > 1:
        raise KgError(f"{text!r} names several entities: {', '.join(matches)}; give the IRI or kind/slug")
    raise KgError(f"unknown entity {text!r}{_suggest(text, labels)}")


def _suggest(text: str, labels: list[tuple[str, str]]) -> str:
    names = sorted({label for _, label in labels})
    close = difflib.get_close_matches(text, names, n=3, cutoff=0.5)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def param_value(kind: str, value: str, store: Store, ids: Ids) -> Node:
    """A named query's parameter as an RDF term."""
    from kg.literals import LiteralError, date_literal

    if kind == "iri":
        return resolve_entity(store, value, ids)
    if kind == "date":
        try:
            return date_literal(value)
        except LiteralError as exc:
            raise KgError(str(exc)) from exc
    if kind == "integer":
        if not value.lstrip("-").isdigit():
            raise KgError(f"{value!r} is not a whole number")
        return Literal(int(value))
    return Literal(value)
