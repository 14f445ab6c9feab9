"""The curator's loop over the files: open proposals, and recording a decision after checking it."""

from __future__ import annotations

from pathlib import Path

from kg.claims import Entity
from kg.curation import load_curation
from kg.errors import KgError
from kg.namespaces import ENTITY_KINDS, Ids
from kg.ontology import Ontology, load_ontology
from kg.resolution.decisions import MERGES_FILE, Decision, load_decisions, record_decision
from kg.resolution.merge import merge_groups
from kg.resolution.proposals import MIN_SCORE, Proposal, propose, undecided
from kg.resolution.names import fold
from kg.settings import Settings
from kg.sources import load_sources


def merges_file(settings: Settings) -> Path:
    return settings.curated_dir / MERGES_FILE


def registry(settings: Settings) -> tuple[dict[str, Entity], Ontology]:
    """The entities as curated, before any merge (entities.yaml and every facts file's own)."""
    ontology = load_ontology(settings.ontology_file)
    curation = load_curation(settings.curated_dir, load_sources(settings.articles_dir), ontology,
                             Ids(settings.base_iri))
    return curation.entities, ontology


def open_proposals(settings: Settings, min_score: float = MIN_SCORE) -> list[Proposal]:
    """Likely duplicates that no decision in merges.yaml covers yet, best first."""
    entities, ontology = registry(settings)
    decisions = load_decisions(merges_file(settings))
    merge_groups(entities, decisions, ontology)  # report a broken decision file before proposing
    return undecided(propose(entities, ontology, min_score), decisions)


def find_entity(text: str, entities: dict[str, Entity]) -> str:
    """An entity id given as kind/slug, or by its label or an alias when only one entity has it."""
    text = text.strip()
    if text in entities:
        return text
    if text.partition("/")[0] in ENTITY_KINDS and "/" in text:
        raise KgError(f"unknown entity {text!r}")
    wanted = fold(text)
    matches = sorted(ref for ref, e in entities.items() if wanted in {fold(n) for n in (e.label, *e.aliases)})
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise KgError(f"{text!r} names several entities: {', '.join(matches)}; give the id")
    raise KgError(f"unknown entity {text!r}: give its id (kind/slug) or its label")


def decide(settings: Settings, same: bool, first: str, second: str, note: str | None = None) -> Decision:
    """Check a decision against the registry and the earlier ones, then append it to merges.yaml."""
    from kg.review.write import review_lock  # the review page writes merges.yaml too: one writer at a time

    with review_lock(settings):
        return _decide(settings, same, first, second, note)


def _decide(settings: Settings, same: bool, first: str, second: str, note: str | None) -> Decision:
    entities, ontology = registry(settings)
    a, b = find_entity(first, entities), find_entity(second, entities)
    path = merges_file(settings)
    earlier = load_decisions(path)
    for decision in earlier:
        if decision.pair == frozenset({a, b}):
            raise KgError(f"already decided ({decision.verdict}) at {decision.where()}; edit the file to change it")
    trial = Decision(same, a, b, note, path, 0)
    try:
        merge_groups(entities, (*earlier, trial), ontology)  # classes, chains and contradictions
    except KgError as exc:
        # The new decision has no line yet: report it without one; an earlier one keeps its line.
        raise KgError(exc.message, exc.location if exc.location and exc.location.line else None) from exc
    return record_decision(path, same, a, b, note)
