"""A claim says no more than its source.

A name is credited to a document only where the document writes it. What a
curator composed (a preferred label or alias no document writes, a class, a
description) is credited to the registry file that holds it: each curated file
that defines entities (sources/curated/entities.yaml, and the `entities:`
section of a facts file) is a source of its own kind, srk:Registry, with its own
named graph. Its claims quote the registry entry as written and name its file
and line (srk:curatedIn); their offsets point into that file, as a document's
point into its text.

`quote_violations` is the rule that `kg validate` and every build apply: the
quote of a name or description claim contains that name or description.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Iterable, Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from kg.claims import Claim, Entity
from kg.namespaces import SRK
from kg.sources import REGISTRY, REGISTRY_PREFIX, Source

REGISTRY_PUBLISHER = "silkroad-kg curators"
ENTITIES_PATH = "sources/curated/entities.yaml"
# The claims whose object is a name or text that the quote must contain.
WORDING_PREDICATES = frozenset({SKOS.prefLabel, SKOS.altLabel, SRK.description})


def origin_path(origin: str) -> str:
    """"sources/curated/entities.yaml#L12" -> "sources/curated/entities.yaml"."""
    return origin.rpartition("#L")[0] or origin


def origin_line(origin: str) -> int:
    line = origin.rpartition("#L")[2]
    return int(line) if line.isdigit() else 0


def registry_slug(path: str) -> str:
    """The registry source of a curated file: "registry" for entities.yaml, "registry-SLUG" for
    facts/SLUG.yaml."""
    return REGISTRY_PREFIX if path == ENTITIES_PATH else f"{REGISTRY_PREFIX}-{PurePosixPath(path).stem}"


def entity_origins(entity: Entity) -> set[str]:
    found = {entity.origin, entity.type_origin, entity.description_origin, *(o for _, o in entity.name_origins)}
    return {o for o in found if o}


def registry_sources(entities: Iterable[Entity], texts: Mapping[str, str]) -> dict[str, Source]:
    """One srk:Registry source per curated file the entities come from; `texts` holds each file's
    text by its project path (a file missing there gets claims without offsets)."""
    paths = sorted({origin_path(o) for e in entities for o in entity_origins(e)})
    sources = {}
    for path in paths:
        slug = registry_slug(path)
        sources[slug] = Source(
            slug=slug, title=f"Curated registry ({path})", publisher=REGISTRY_PUBLISHER, publisher_id=None,
            date=None, url=None, language="en", text=texts.get(path, ""), text_file=PurePosixPath(path),  # type: ignore[arg-type]
            meta_file=PurePosixPath(path), kind=REGISTRY, path=path,  # type: ignore[arg-type]
        )
    return sources


class RegistryQuotes:
    """Registry claims with their quote found on the curated line (the value as written)."""

    def __init__(self, registries: Mapping[str, Source]) -> None:
        self.registries = registries
        self._line_starts: dict[str, list[int]] = {}

    def claim(self, subject: URIRef, predicate: URIRef, obj: URIRef | Literal, written: str, origin: str) -> Claim:
        source = self.registries[registry_slug(origin_path(origin))]
        start, quote = self._locate(source, written, origin_line(origin))
        end = start + len(quote) if start >= 0 else -1
        return Claim(subject, predicate, obj, source.slug, quote, start, end, origin=origin)

    def _locate(self, source: Source, written: str, line: int) -> tuple[int, str]:
        starts = self._line_starts.get(source.slug)
        if starts is None:
            starts = [0] + [i + 1 for i, c in enumerate(source.text) if c == "\n"]
            self._line_starts[source.slug] = starts
        if not source.text or not 0 < line <= len(starts):
            return -1, written
        begin = starts[line - 1]
        # The value as written, on its line or the next few (a folded YAML value).
        stop = starts[min(line + 4, len(starts) - 1)] if line + 4 < len(starts) else len(source.text)
        found = source.text.find(written, begin, stop)
        if found >= 0:
            return found, written
        own_line = source.text[begin: starts[line] - 1 if line < len(starts) else len(source.text)]
        return begin + (len(own_line) - len(own_line.lstrip())), own_line.strip()  # escaped in YAML: the line


@dataclass(frozen=True, order=True)
class QuoteProblem:
    """A name or description claim whose quote does not contain what the claim credits to it."""

    origin: str  # "path#Lline" of the curated line behind it
    source: str  # the source IRI credited
    subject: str
    predicate: str
    wording: str  # the name or description
    quote: str


def quote_violations(claim_records: Iterable[tuple[object, object, object]]) -> list[QuoteProblem]:
    """Every name or description claim whose quote lacks its wording; `claim_records` are the
    triples of the claim records' graph."""
    wanted = (RDF.type, RDF.subject, RDF.predicate, RDF.object, SRK.quote, SRK.curatedIn, PROV.wasDerivedFrom)
    records: dict[object, dict[object, object]] = defaultdict(dict)
    for s, p, o in claim_records:
        if p in wanted:
            records[s][p] = o
    found = []
    for record in records.values():
        if record.get(RDF.type) != SRK.Claim or record.get(RDF.predicate) not in WORDING_PREDICATES:
            continue
        wording, quote = str(record.get(RDF.object, "")), str(record.get(SRK.quote, ""))
        if wording not in quote:
            found.append(QuoteProblem(str(record.get(SRK.curatedIn, "")), str(record.get(PROV.wasDerivedFrom, "")),
                                      str(record.get(RDF.subject, "")), str(record[RDF.predicate]), wording, quote))
    return sorted(found)
