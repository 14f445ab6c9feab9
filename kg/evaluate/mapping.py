"""What an extraction says, in the gold's vocabulary: 6 entity types and 16 relation names.

Types: an entity's class family (kg.extract.gazetteer.family_of) gives its gold type; EventSeries counts
as Event. Posts, statistics, metrics and reports are not gold entities: they are read through the
relations that use them (holds_post, has_statistic).

Relations, predicate -> gold relation (an inverse is read the other way round):
  org:holds -> holds_post (object "Title @ Organisation": the post with its org:postIn organisations)
  spokeAt -> spoke_at; participatedIn -> attended; organisedBy / organised -> organised_by;
  hostedBy / hosted -> hosted_by; heldIn / venueOf -> held_in; locatedIn / locationOf -> located_in;
  partnerIn, cooperatesWith -> partner_of; org:memberOf -> member_of;
  promotes, proposed / proposedBy -> promotes (the gold writes "Jack Ma promotes eWTP" for its proposer);
  partOfSeries, partOfEvent, sidelineOf, org:subOrganizationOf, partOfInitiative, announcedAt -> part_of;
  hasStatistic / refersTo -> has_statistic (object: the statistic's srk:value and srk:asOf);
  schema:startDate, signedOn, schema:foundingDate -> start_date; schema:endDate -> end_date;
  two parties (srk:partyTo / hasParty) of one agreement -> signed_with between them.
Any other predicate (edition, theme, officialOf, reportedBy, ...) is listed as not scored.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import combinations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from kg.claims import Claim, Entity
from kg.evaluate.labels import normalise_label
from kg.extract import Extraction
from kg.extract.gazetteer import family_of
from kg.namespaces import Ids
from kg.ontology import Ontology

TYPE_OF_FAMILY = {"Person": "Person", "Organisation": "Organisation", "Event": "Event", "EventSeries": "Event",
                  "Initiative": "Initiative", "Place": "Place", "Agreement": "Agreement"}
# predicate local name -> (gold relation, read backwards)
RELATION_OF = {
    "holds": ("holds_post", False), "heldBy": ("holds_post", True),
    "spokeAt": ("spoke_at", False), "hadSpeaker": ("spoke_at", True),
    "participatedIn": ("attended", False), "hadParticipant": ("attended", True),
    "organisedBy": ("organised_by", False), "organised": ("organised_by", True),
    "hostedBy": ("hosted_by", False), "hosted": ("hosted_by", True),
    "heldIn": ("held_in", False), "venueOf": ("held_in", True),
    "locatedIn": ("located_in", False), "locationOf": ("located_in", True),
    "partnerIn": ("partner_of", False), "hadPartner": ("partner_of", True), "cooperatesWith": ("partner_of", False),
    "memberOf": ("member_of", False), "hasMember": ("member_of", True),
    "promotes": ("promotes", False), "promotedBy": ("promotes", True),
    "proposed": ("promotes", False), "proposedBy": ("promotes", True),
    "partOfSeries": ("part_of", False), "hasEdition": ("part_of", True),
    "partOfEvent": ("part_of", False), "hasPart": ("part_of", True),
    "sidelineOf": ("part_of", False), "hasSideEvent": ("part_of", True),
    "subOrganizationOf": ("part_of", False), "hasSubOrganization": ("part_of", True),
    "partOfInitiative": ("part_of", False), "hasComponent": ("part_of", True),
    "announcedAt": ("part_of", False), "sawAnnouncementOf": ("part_of", True),
    "hasStatistic": ("has_statistic", False), "refersTo": ("has_statistic", True),
    "startDate": ("start_date", False), "signedOn": ("start_date", False), "foundingDate": ("start_date", False),
    "endDate": ("end_date", False),
}
# read as parts of other relations, not on their own
CONSUMED = ("postIn", "hasPost", "value", "asOf", "unit", "metric", "observation", "period", "partyTo", "hasParty")


@dataclass(frozen=True)
class PredictedEntity:
    ref: str
    type: str | None  # gold type, None for posts, statistics and the like
    label: str
    names: frozenset[str]  # normalised label and aliases
    method: str  # how the text's mention of it was found
    quote: str


@dataclass(frozen=True)
class PredictedFact:
    relation: str
    subject: str  # entity ref
    object: str  # entity ref, or a literal's lexical form
    method: str
    quote: str


@dataclass(frozen=True)
class Prediction:
    entities: dict[str, PredictedEntity]
    facts: tuple[PredictedFact, ...]
    post_orgs: dict[str, tuple[str, ...]] = field(default_factory=dict)  # post ref -> organisation refs
    statistics: dict[str, tuple[Decimal | None, str | None]] = field(default_factory=dict)  # value, as of
    not_scored: dict[str, int] = field(default_factory=dict)  # predicate -> facts the gold has no name for


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def predict(extraction: Extraction, registry: dict[str, Entity], registry_claims: tuple[Claim, ...],
            ontology: Ontology, ids: Ids) -> Prediction:
    """The extraction's entities and facts in the gold's terms."""
    def ref(term: object) -> str | None:
        return ids.ref_of(str(term)) if isinstance(term, URIRef) else None

    known = {**registry, **extraction.entities}
    first_claim: dict[str, Claim] = {}
    for claim in sorted(extraction.claims, key=lambda c: (c.predicate != RDF.type, c.start)):
        for r in (ref(claim.subject), ref(claim.object) if claim.predicate != RDF.type else None):
            if r and r in known:
                first_claim.setdefault(r, claim)
    entities = {r: _entity(known[r], first_claim[r], ontology) for r in sorted(first_claim)}
    facts: list[PredictedFact] = []
    post_orgs: dict[str, list[str]] = {}
    statistics: dict[str, list[object]] = {}
    parties: dict[str, list[tuple[str, Claim]]] = {}
    not_scored: Counter[str] = Counter()
    for claim in (c for c in extraction.claims if c.predicate != RDF.type):
        name, subject, obj = local_name(str(claim.predicate)), ref(claim.subject), ref(claim.object)
        if subject is None:
            continue
        if name in RELATION_OF:
            relation, backwards = RELATION_OF[name]
            target = obj if obj is not None else str(claim.object)
            if backwards and obj is not None:
                subject, target = target, subject
            facts.append(PredictedFact(relation, subject, target, claim.method, claim.quote))
        elif name == "postIn" and obj:
            post_orgs.setdefault(subject, []).append(obj)
        elif name in ("value", "asOf"):
            slot = statistics.setdefault(subject, [None, None])
            slot[0 if name == "value" else 1] = _decimal(claim.object) if name == "value" else str(claim.object)
        elif name in ("partyTo", "hasParty") and obj:
            party, agreement = (subject, obj) if name == "partyTo" else (obj, subject)
            parties.setdefault(agreement, []).append((party, claim))
        elif name not in CONSUMED:
            not_scored[name] += 1
    for members in parties.values():
        # parties signed with each other where one sentence names them signing: "Cambodia and China signed"
        # and "inked between Kem Sithan and Wang Bingnan" make two pairs, not Kem Sithan with China
        for (a, claim), (b, other) in combinations(sorted(members, key=lambda m: m[0]), 2):
            if a != b and claim.quote == other.quote:
                facts.append(PredictedFact("signed_with", a, b, f"{claim.method} (two parties of one agreement)",
                                           claim.quote))
    for claim in registry_claims:  # the organisation of a registry post the extraction linked to
        if local_name(str(claim.predicate)) == "postIn" and ref(claim.subject) in entities and ref(claim.object):
            post_orgs.setdefault(ref(claim.subject) or "", []).append(ref(claim.object) or "")
    for orgs in post_orgs.values():
        for org in orgs:
            if org not in entities and org in known:
                entities[org] = _entity(known[org], None, ontology)
    unique = {(f.relation, f.subject, f.object): f for f in reversed(facts)}
    return Prediction(entities, tuple(sorted(unique.values(), key=lambda f: (f.relation, f.subject, f.object))),
                      {p: tuple(dict.fromkeys(o)) for p, o in post_orgs.items()},
                      {s: (v[0], v[1]) for s, v in statistics.items()},  # type: ignore[misc]
                      dict(sorted(not_scored.items())))


def _entity(entity: Entity, claim: Claim | None, ontology: Ontology) -> PredictedEntity:
    names = frozenset(n for n in (normalise_label(x) for x in (entity.label, *entity.aliases)) if n)
    return PredictedEntity(entity.ref, TYPE_OF_FAMILY.get(family_of(entity.cls, ontology)), entity.label, names,
                           claim.method if claim else "registry", claim.quote if claim else "")


def _decimal(term: object) -> Decimal | None:
    try:
        return Decimal(str(term)) if isinstance(term, Literal) else None
    except InvalidOperation:
        return None
