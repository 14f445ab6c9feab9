"""Vocabulary namespaces and the minting of entity, source, graph and claim IRIs.

The ontology namespace is fixed by ontology/silkroad.ttl; the instance IRIs hang
off the configurable base IRI (settings.base_iri).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

SRK = Namespace("https://w3id.org/silkroad-kg/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")

# Prefixes written into every serialisation, in this order, so outputs diff cleanly.
PREFIXES: dict[str, str] = {
    "srk": str(SRK),
    "org": str(ORG),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}

ENTITY_KINDS = (
    "person", "org", "post", "event", "series", "initiative", "place",
    "agreement", "statistic", "metric", "report",
)  # fmt: skip

# Named graphs that belong to no source: a source with one of these names would share its graph.
ONTOLOGY_GRAPH, CLAIMS_GRAPH, INFERRED_GRAPH = "ontology", "claims", "inferred"
SPECIAL_GRAPHS = frozenset({ONTOLOGY_GRAPH, CLAIMS_GRAPH, INFERRED_GRAPH})
GRAPH_PATH = "id/graph/"  # graph IRIs are base + GRAPH_PATH + name
# How the claim records' graph is told apart under any base IRI (the store knows no base).
CLAIMS_GRAPH_SUFFIX = f"/{GRAPH_PATH}{CLAIMS_GRAPH}"

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(label: str) -> str:
    """Lower-case ASCII slug from a label ("Vladimir Norov" -> "vladimir-norov")."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def is_slug(text: str) -> bool:
    return bool(_SLUG_RE.match(text))


@dataclass(frozen=True)
class Ids:
    """Mints IRIs under one base IRI."""

    base: str

    def entity(self, ref: str) -> str:
        """IRI of an entity written as "kind/slug"."""
        return f"{self.base}id/{ref}"

    def source(self, slug: str) -> str:
        return f"{self.base}id/source/{slug}"

    def graph(self, name: str) -> str:
        """Named graph of a source (or of a special graph such as "ontology")."""
        return f"{self.base}{GRAPH_PATH}{name}"

    def claim(self, subject: str, predicate: str, obj: str, source_slug: str) -> str:
        """Content-derived claim IRI: the same fact from the same source is the same claim."""
        digest = hashlib.sha256("\x1f".join((subject, predicate, obj, source_slug)).encode()).hexdigest()
        return f"{self.base}id/claim/{digest[:20]}"

    def ref_of(self, iri: str) -> str | None:
        """Inverse of entity(): "kind/slug" for an entity IRI under this base, else None."""
        prefix = f"{self.base}id/"
        return iri[len(prefix):] if iri.startswith(prefix) else None
