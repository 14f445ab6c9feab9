"""Likely duplicates among the registry's entities, with the reason each pair is proposed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Iterable

from kg.claims import Entity
from kg.ontology import Ontology
from kg.resolution.decisions import Decision
from kg.resolution.names import Name, block_keys, bracketed_acronyms, compare, name_of

MIN_SCORE = 0.8
# A block key shared by more entities than this is a common word, not evidence of anything.
MAX_BLOCK = 200


@dataclass(frozen=True, order=True)
class Proposal:
    score: float
    first: str  # entity ids, in id order
    second: str
    reason: str
    first_label: str
    second_label: str
    first_class: str
    second_class: str


def mergeable(ontology: Ontology, a: str, b: str) -> bool:
    """Two classes may hold one entity only if one is (a subclass of) the other: Person / Official
    yes; Conference / Forum, City / Country or Person / Organisation never."""
    return ontology.is_a(a, b) or ontology.is_a(b, a)


def names(entity: Entity) -> list[Name]:
    """Every name of the entity, normalised; an abbreviation a name gives in brackets is a name too
    ("Ministry of Commerce (MOFCOM)" is also "MOFCOM", which no initials rule would find)."""
    texts = (entity.label, *entity.aliases)
    return [name_of(text) for text in dict.fromkeys((*texts, *(a for t in texts for a in bracketed_acronyms(t))))]


def _candidate_pairs(entities: dict[str, Entity], all_names: dict[str, list[Name]]) -> set[tuple[str, str]]:
    blocks: dict[str, set[str]] = defaultdict(set)
    for ref, found in all_names.items():
        for name in found:
            for key in block_keys(name):
                blocks[key].add(ref)
    pairs: set[tuple[str, str]] = set()
    for members in blocks.values():
        if 1 < len(members) <= MAX_BLOCK:
            pairs.update(combinations(sorted(members), 2))
    return pairs


def propose(entities: dict[str, Entity], ontology: Ontology, min_score: float = MIN_SCORE) -> list[Proposal]:
    """Pairs of entities of mergeable classes whose names suggest one thing, best first."""
    all_names = {ref: names(entity) for ref, entity in entities.items()}
    found: list[Proposal] = []
    for a, b in sorted(_candidate_pairs(entities, all_names)):
        ea, eb = entities[a], entities[b]
        if not mergeable(ontology, ea.cls, eb.cls):
            continue
        best: tuple[float, str] | None = None
        for x in all_names[a]:
            for y in all_names[b]:
                verdict = compare(x, y)
                if verdict and (best is None or verdict[0] > best[0]):
                    best = verdict
        if best and best[0] >= min_score:
            found.append(Proposal(best[0], a, b, best[1], ea.label, eb.label,
                                  ontology.label(ea.cls), ontology.label(eb.cls)))
    return sorted(found, key=lambda p: (-p.score, p.first, p.second))


def undecided(proposals: Iterable[Proposal], decisions: Iterable[Decision]) -> list[Proposal]:
    decided = {d.pair for d in decisions}
    return [p for p in proposals if frozenset({p.first, p.second}) not in decided]
