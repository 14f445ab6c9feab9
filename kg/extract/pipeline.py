"""The extraction workflow on a project: extract into the review queue.

Decisions on the queue (accept, reject, link, edit) are kg.review.decide's.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib.namespace import RDF

from kg.build import Inputs, load_inputs
from kg.errors import KgError
from kg.extract import Gazetteer
from kg.claims import Claim, Entity
from kg.extract.gazetteer import family_of
from kg.extract.parallel import Progress, Refused, extract_many
from kg.namespaces import Ids
from kg.ontology import Ontology
from kg.resolution.across import match_across
from kg.review import (QUEUE_HEADER, Conflict, candidate, find_conflicts, queue_file, read_items,
                       rejected_file, write_items)
from kg.settings import Settings


@dataclass(frozen=True)
class ExtractSummary:
    queued: dict[str, int]  # source -> candidates now in the queue
    skipped_curated: int  # already stated by a curated fact
    skipped_rejected: int
    conflicts: tuple[Conflict, ...]
    refused: tuple[Refused, ...] = ()  # articles not extracted (too large), with the reason


def run_extract(settings: Settings, slugs: list[str] | None = None, inputs: Inputs | None = None,
                progress: Progress | None = None, workers: int | None = None) -> ExtractSummary:
    """Extract the given articles (all when none) and put their candidates in the review queue.
    Articles are extracted on every core (kg.extract.parallel); `progress` hears of each one done."""
    inputs = inputs or load_inputs(settings)
    unknown = [s for s in slugs or [] if s not in inputs.sources]
    if unknown:
        raise KgError(f"unknown article {', '.join(unknown)}; known: {', '.join(inputs.sources)}")
    ids = Ids(settings.base_iri)
    gazetteer = Gazetteer.build(inputs.entities)
    rejected = {i["id"] for i in read_items(rejected_file(settings))}
    curated = {(str(c.subject), str(c.predicate), c.object.n3()) for c in inputs.claims}
    chosen = slugs or list(inputs.sources)
    previous = read_items(queue_file(settings))
    queue = [i for i in previous if i.get("source") not in chosen]
    counts: dict[str, int] = {}
    skipped_curated = skipped_rejected = 0
    conflicts: list[Conflict] = []
    refused: list[Refused] = []
    extracted = list(extract_many({s: inputs.sources[s] for s in chosen}, gazetteer, inputs.ontology, ids,
                                  progress, workers, time_limit=settings.extract_timeout_s))
    known = {**queued_entities(previous, chosen, inputs.ontology), **inputs.entities}
    matched = iter(match_across([e for e in extracted if not isinstance(e, Refused)], known,
                                lambda cls: family_of(cls, inputs.ontology), ids))
    for extraction in (e if isinstance(e, Refused) else next(matched) for e in extracted):
        if isinstance(extraction, Refused):
            refused.append(extraction)
            continue
        slug = extraction.source
        facts = tuple(c for c in extraction.claims if c.predicate != RDF.type)
        queued: list[Claim] = []
        counts[slug] = 0
        for claim in facts:
            if (str(claim.subject), str(claim.predicate), claim.object.n3()) in curated:
                skipped_curated += 1
                continue
            item = candidate(claim, ids, inputs.ontology, extraction.entities)
            if item["id"] in rejected:
                skipped_rejected += 1
                continue
            queue.append(item)
            queued.append(claim)
            counts[slug] += 1
        # only what is queued can contradict a curated fact: a rejected candidate is no longer reported
        conflicts += find_conflicts(tuple(queued), inputs.claims, inputs.ontology)
    kept = {r.slug for r in refused}  # a refused article keeps the candidates it had
    queue += [i for i in previous if i.get("source") in kept]
    write_items(queue_file(settings), queue, QUEUE_HEADER)
    return ExtractSummary(counts, skipped_curated, skipped_rejected, tuple(conflicts), tuple(refused))


def queued_entities(items: list[dict], besides: list[str], ontology: Ontology) -> dict[str, Entity]:  # type: ignore[type-arg]
    """The new entities the queue already holds for other articles than `besides` (so that an article
    extracted later names them by the same id)."""
    found: dict[str, Entity] = {}
    for item in items:
        if item.get("source") in besides:
            continue
        for data in item.get("entities") or []:
            found.setdefault(str(data["id"]), Entity(str(data["id"]), ontology.resolve_class(str(data["type"])),
                                                     str(data["label"]),
                                                     tuple(str(a) for a in data.get("aliases") or ())))
    return found


def list_queue(settings: Settings) -> list[dict]:  # type: ignore[type-arg]
    return sorted(read_items(queue_file(settings)), key=lambda i: (i["source"], i["start"], i["id"]))
