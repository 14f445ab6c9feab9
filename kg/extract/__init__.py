"""Extraction: candidate facts and entities from an article, in the shape of curated ones.

Rule-based and offline: gazetteer linking (registry labels and aliases), head-word and context
typing of new names, and named relation rules. Every candidate is a kg.claims.Claim whose method
is the rule's name, with a confidence and a quote (the sentence) with offsets into the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef

from kg.claims import Claim, Entity
from kg.extract.document import Document, Fact
from kg.extract.gazetteer import Gazetteer
from kg.extract.affiliations import apply_affiliations
from kg.extract.coordination import apply_coordination
from kg.extract.relations import apply_all
from kg.extract.statistics import apply_statistics
from kg.extract.themes import apply_themes
from kg.literals import LiteralError, typed_literal
from kg.namespaces import Ids
from kg.ontology import Ontology
from kg.sources import Source

__all__ = ["Extraction", "extract_source", "Gazetteer", "queue_claims", "queue_entities", "conflicts"]


@dataclass(frozen=True)
class Extraction:
    source: str
    entities: dict[str, Entity]  # new entities (not in the registry) the claims use
    claims: tuple[Claim, ...]


def extract_source(source: Source, gazetteer: Gazetteer, ontology: Ontology, ids: Ids) -> Extraction:
    """Candidate claims and new entities for one article."""
    doc = Document(source, ontology, gazetteer)
    apply_all(doc)
    apply_themes(doc)
    apply_coordination(doc)
    apply_affiliations(doc)
    apply_statistics(doc)
    claims: dict[tuple[str, str, str, str], Claim] = {}
    for fact in doc.facts:
        claim = _claim(fact, doc, ontology, ids)
        if claim is not None and (claim.key() not in claims or
                                  (claims[claim.key()].confidence or 0) < (claim.confidence or 0)):
            claims[claim.key()] = claim
    for mention in doc.mentions:  # a typed mention is a fact too: "the text names X, a Person"
        if mention.rule == "anaphora":  # "the forum" names nothing new
            continue
        entity = doc.entity(doc.ref(mention))
        if entity is not None:  # a name composed from wider words quotes them all ("a roundtable ... on X")
            start, end = mention.evidence or (mention.start, mention.end)
            claim = Claim(URIRef(ids.entity(entity.ref)), URIRef(str(_RDF_TYPE)), URIRef(entity.cls), source.slug,
                          doc.text[start:end], start, end, method=f"mention-{mention.rule}",
                          confidence=mention.confidence)
            claims.setdefault(claim.key(), claim)
    used = {ids.ref_of(str(t)) for c in claims.values() for t in (c.subject, c.object) if isinstance(t, URIRef)}
    entities = {ref: e for ref, e in sorted(doc.new_entities.items()) if ref in used}
    return Extraction(source.slug, entities, tuple(sorted(claims.values())))


_RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _claim(fact: Fact, doc: Document, ontology: Ontology, ids: Ids) -> Claim | None:
    """The fact as a Claim, if it fits the ontology's domain and range (else it is dropped)."""
    try:
        prop = ontology.resolve_property(fact.predicate)
    except Exception:  # noqa: BLE001 - an unknown predicate is a rule bug; drop rather than fail the run
        return None
    subject = doc.entity(fact.subject)
    if subject is None or not ontology.fits(subject.cls, prop.domain):
        return None
    obj: URIRef | Literal
    if fact.is_literal:
        if prop.kind != "datatype":
            return None
        try:
            obj = typed_literal(fact.object, prop.range)
        except LiteralError:
            return None
    else:
        target = doc.entity(fact.object)
        if prop.kind != "object" or target is None or not ontology.fits(target.cls, prop.range):
            return None
        obj = URIRef(ids.entity(target.ref))
    quote = doc.text[fact.start:fact.end]
    return Claim(URIRef(ids.entity(subject.ref)), URIRef(prop.iri), obj, doc.source.slug, quote, fact.start, fact.end,
                 method=fact.rule, confidence=round(fact.confidence, 3))


def queue_claims(settings, inputs) -> tuple[Claim, ...]:  # type: ignore[no-untyped-def]
    """Queued (extracted, not yet accepted or rejected) claims for kg build; see kg.review."""
    from kg.review import load_queue_for_build

    return load_queue_for_build(settings, inputs).claims


def queue_entities(settings, inputs) -> dict[str, Entity]:  # type: ignore[no-untyped-def]
    """The new entities the queued claims need (add them to inputs.entities before assembling)."""
    from kg.review import load_queue_for_build

    return load_queue_for_build(settings, inputs).entities


def conflicts(extracted: tuple[Claim, ...], curated: tuple[Claim, ...], ontology: Ontology) -> list[str]:
    """Extracted claims that contradict a curated one: same subject, a functional predicate, another object."""
    from kg.review import find_conflicts

    return [str(c) for c in find_conflicts(extracted, curated, ontology)]
