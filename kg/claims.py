"""Claims: one fact with its provenance, the unit that flows into the graph.

A claim's identity is derived from its content (subject, predicate, object,
source), as in followthemoney's Statement, so that loading the same source
twice adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef

from kg.namespaces import Ids

CURATED = "curated"
GAZETTEER = "gazetteer"  # coordinates from the place gazetteer packages (kg.geofacts): facts, not guesses


@dataclass(frozen=True, order=True)
class Entity:
    """A thing in the registry: an id ("person/vladimir-norov"), its class and names."""

    ref: str
    cls: str  # class IRI from the ontology
    label: str
    aliases: tuple[str, ...] = ()
    description: str | None = None
    origin: str = ""  # "path#Lline" of the registry entry
    # Where the curator wrote each part ("path#Lline"): a name, class or description no document
    # states is credited to that line of the registry (see kg.provenance).
    name_origins: tuple[tuple[str, str], ...] = ()  # (label or alias, origin)
    type_origin: str = ""
    description_origin: str = ""

    def origin_of_name(self, name: str) -> str:
        return dict(self.name_origins).get(name, self.origin)


@dataclass(frozen=True, order=True)
class Claim:
    """One fact (subject, predicate, object) as said by one source."""

    subject: URIRef
    predicate: URIRef
    object: URIRef | Literal
    source: str  # source slug
    quote: str
    start: int  # character offsets of the quote in the cleaned source text
    end: int
    method: str = CURATED  # "curated" or the name of the extraction rule
    confidence: float | None = None  # only for extracted claims
    origin: str = ""  # "path#Lline" of the curated line, for error reports

    @property
    def curated(self) -> bool:
        return self.method == CURATED

    def key(self) -> tuple[str, str, str, str]:
        return (str(self.subject), str(self.predicate), self.object.n3(), self.source)

    def iri(self, ids: Ids) -> URIRef:
        return URIRef(ids.claim(*self.key()))
