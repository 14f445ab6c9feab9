"""Curated facts: reviewed YAML files -> claims, checked against the ontology and the sources.

A fact whose quote is not in its source, whose predicate the ontology does not
know, or whose subject or object does not fit the property's domain or range is
an error of the build, reported with its file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from kg.claims import Claim, Entity
from kg.errors import Collector, KgError, at
from kg.literals import LiteralError, typed_literal
from kg.namespaces import Ids
from kg.ontology import Ontology, PropertyInfo
from kg.registry import add_entities, origin_of
from kg.sources import Source
from kg.yamlfile import Mapping, Sequence, Text, load_yaml, require

ENTITIES_FILE = "entities.yaml"
FACTS_DIR = "facts"


@dataclass(frozen=True)
class Curation:
    entities: dict[str, Entity]
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class _RawFact:
    subject: Text
    predicate: Text
    object: Text
    quote: Text
    path: Path


def load_curation(curated_dir: Path, sources: dict[str, Source], ontology: Ontology, ids: Ids,
                  errors: Collector | None = None, broken_sources: frozenset[str] = frozenset(),
                  claims_of: Callable[[Path], bool] | None = None,
                  skip: Callable[[Path], bool] | None = None) -> Curation:
    """Read the registry and every facts file; return entities and checked claims.

    Every problem found is reported (to `errors` if given, else raised together at the end);
    a fact that names a broken entity or source is skipped, as its cause is reported already.
    With `claims_of`, only the facts files it accepts give claims (the others are read for their
    entities): a review decision checks the files it changes without remaking every claim.
    The facts files `skip` accepts are not read at all (an incremental build has their claims:
    kg.incremental.facts).
    """
    collector = errors if errors is not None else Collector()
    registry: dict[str, Entity] = {}
    broken: set[str] = set()  # entity ids whose registry entry is wrong
    entities_file = curated_dir / ENTITIES_FILE
    if entities_file.exists():
        with collector.check():
            add_entities(registry, load_yaml(entities_file) or Sequence(), entities_file, ontology, collector, broken)
    raw: list[tuple[str, _RawFact]] = []
    for facts_file in sorted((curated_dir / FACTS_DIR).glob("*.yaml")):
        if skip is not None and skip(facts_file):
            continue
        with collector.check():
            document = require(load_yaml(facts_file), Mapping, "a facts file", facts_file, 1)
            assert isinstance(document, Mapping)
            slug = str(document.get("source") or facts_file.stem)
            if slug in broken_sources:
                continue
            if slug not in sources:
                raise KgError(f"unknown source {slug!r}: no sources/articles/{slug}.meta.yaml",
                              at(facts_file, getattr(document.get("source"), "line", 1)))
            if document.get("entities"):
                add_entities(registry, document["entities"], facts_file, ontology, collector, broken)
            if claims_of is None or claims_of(facts_file):
                raw.extend((slug, fact) for fact in _raw_facts(document, facts_file, collector))
    claims = []
    for slug, fact in raw:
        if {str(fact.subject), str(fact.object)} & broken:
            continue
        with collector.check():
            claims.append(_to_claim(slug, fact, sources[slug], registry, ontology, ids))
    if errors is None:
        collector.raise_any()
    return Curation(entities=dict(sorted(registry.items())), claims=tuple(sorted(claims)))


def _raw_facts(document: Mapping, path: Path, collector: Collector) -> list[_RawFact]:
    found: list[_RawFact] = []
    groups = require(document.get("claims") or Sequence(), Sequence, "'claims'", path, document.line)
    for group in groups:  # type: ignore[union-attr]
        with collector.check():
            found.extend(_group_facts(group, groups, path, collector))
    return found


def _group_facts(group: object, groups: Sequence, path: Path, collector: Collector) -> list[_RawFact]:
    found: list[_RawFact] = []
    # One claim group: its quote and the facts it supports.
    group = require(group, Mapping, "a claim", path, groups.line)
    quote = require(group.get("quote"), Text, "'quote'", path, group.line)  # type: ignore[union-attr]
    facts = require(group.get("facts") or Sequence(), Sequence, "'facts'", path, group.line)  # type: ignore[union-attr]
    mentions = require(group.get("mentions") or Sequence(), Sequence, "'mentions'", path, group.line)  # type: ignore[union-attr]
    if not facts and not mentions:
        raise KgError("a claim needs 'facts' or 'mentions'", at(path, group.line))  # type: ignore[union-attr]
    for ref in mentions:  # type: ignore[union-attr]
        # A mention: the quote names the entity, so its type and labels are sourced here.
        ref = require(ref, Text, "a mentioned entity id", path, mentions.line)
        found.append(_RawFact(ref, Text(str(RDF.type)), ref, quote, path))  # type: ignore[arg-type]
    for fact in facts:  # type: ignore[union-attr]
        with collector.check():
            if not isinstance(fact, Sequence) or len(fact) != 3 or not all(isinstance(t, Text) for t in fact):
                raise KgError("a fact must be [subject, predicate, object]",
                              at(path, getattr(fact, "line", facts.line)))  # type: ignore[union-attr]
            found.append(_RawFact(fact[0], fact[1], fact[2], quote, path))  # type: ignore[arg-type]
    return found


def _to_claim(
    slug: str, fact: _RawFact, source: Source, registry: dict[str, Entity], ontology: Ontology, ids: Ids
) -> Claim:
    subject = _entity(fact.subject, registry, fact.path)
    if str(fact.predicate) == str(RDF.type):
        return _located(fact, source, slug, URIRef(ids.entity(subject.ref)), RDF.type, URIRef(subject.cls))
    try:
        prop = ontology.resolve_property(str(fact.predicate))
    except KgError as exc:
        raise KgError(exc.message, at(fact.path, fact.subject.line)) from exc
    if not ontology.fits(subject.cls, prop.domain):
        raise KgError(f"{subject.ref} is a {ontology.label(subject.cls)}, not in the domain of {prop.label}",
                      at(fact.path, fact.subject.line))
    obj = _object(fact, prop, registry, ontology, ids)
    return _located(fact, source, slug, URIRef(ids.entity(subject.ref)), URIRef(prop.iri), obj)


def _located(fact: _RawFact, source: Source, slug: str, subject: URIRef, predicate: URIRef,
             obj: URIRef | Literal) -> Claim:
    """The claim, with the offsets of its quote in the source text (absent quote: an error)."""
    start = source.find(str(fact.quote))
    if start < 0:
        raise KgError(f"quote not found in source {slug}: {_clip(fact.quote)!r}", at(fact.path, fact.quote.line))
    return Claim(
        subject=subject,
        predicate=predicate,
        object=obj,
        source=slug,
        quote=str(fact.quote),
        start=start,
        end=start + len(fact.quote),
        origin=origin_of(fact.path, fact.subject.line),
    )


def _entity(ref: Text, registry: dict[str, Entity], path: Path) -> Entity:
    if str(ref) not in registry:
        raise KgError(f"unknown entity {str(ref)!r} (declare it in sources/curated/{ENTITIES_FILE})",
                      at(path, ref.line))
    return registry[str(ref)]


def _object(fact: _RawFact, prop: PropertyInfo, registry: dict[str, Entity], ontology: Ontology,
            ids: Ids) -> URIRef | Literal:
    # Locations only on error: a load makes hundreds of claims, and a location resolves its path.
    if prop.kind == "object":
        target = _entity(fact.object, registry, fact.path)
        if not ontology.fits(target.cls, prop.range):
            raise KgError(f"{target.ref} is a {ontology.label(target.cls)}, not in the range of {prop.label}",
                          at(fact.path, fact.object.line))
        return URIRef(ids.entity(target.ref))
    try:
        return typed_literal(str(fact.object), prop.range)
    except LiteralError as exc:
        raise KgError(f"{prop.label}: {exc}", at(fact.path, fact.object.line)) from exc


def _clip(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
