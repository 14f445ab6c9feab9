"""Apply "same" decisions: one entity per group, its facts rewritten, owl:sameAs kept.

Pure: entities, claims and decisions in; entities, claims and the sameAs claims out.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from rdflib import URIRef
from rdflib.namespace import OWL

from kg.claims import Claim, Entity
from kg.errors import KgError
from kg.namespaces import Ids
from kg.ontology import Ontology
from kg.resolution.decisions import Decision
from kg.resolution.proposals import mergeable


def merge_groups(entities: dict[str, Entity], decisions: Sequence[Decision],
                 ontology: Ontology) -> dict[str, str]:
    """Merged id -> kept id, from the "same" decisions in file order (chains follow through).

    The kept id of a group is the first id of its first decision. Unknown ids, a
    group mixing classes that cannot be one entity, and a "different" decision that
    the "same" ones contradict are KgErrors at the decision's line.
    """
    parent: dict[str, str] = {}
    group_class: dict[str, str] = {}  # root -> the most specific class in the group

    def root(ref: str) -> str:
        while parent.get(ref, ref) != ref:
            ref = parent[ref]
        return ref

    for decision in decisions:
        for ref in (decision.first, decision.second):
            if ref not in entities:
                raise KgError(f"unknown entity {ref} in a merge decision", decision.where())
        if not decision.same:
            continue
        keep, other = root(decision.first), root(decision.second)
        if keep == other:
            continue
        keep_cls = group_class.get(keep, entities[keep].cls)
        other_cls = group_class.get(other, entities[other].cls)
        if not mergeable(ontology, keep_cls, other_cls):
            raise KgError(
                f"cannot merge {decision.second} ({ontology.label(other_cls)}) into {decision.first} "
                f"({ontology.label(keep_cls)}): different classes", decision.where())
        parent[other] = keep
        group_class[keep] = other_cls if ontology.is_a(other_cls, keep_cls) else keep_cls
    for decision in decisions:
        if not decision.same and root(decision.first) == root(decision.second):
            raise KgError(f"{decision.first} and {decision.second} are marked different, but the 'same' "
                          f"decisions make them one entity", decision.where())
    return {ref: root(ref) for ref in sorted(parent)}


def _merged_entity(kept: Entity, others: list[Entity], cls: str) -> Entity:
    names = {kept.label: None}
    for entity in (kept, *others):
        names.update(dict.fromkeys((entity.label, *entity.aliases)))
    described = next((e for e in (kept, *others) if e.description), None)
    aliases = tuple(sorted(n for n in names if n != kept.label))
    # Each name keeps the registry line it was written on (the kept entity's first).
    origins: dict[str, str] = {}
    for entity in (kept, *others):
        for name in (entity.label, *entity.aliases):
            origins.setdefault(name, entity.origin_of_name(name))
    typed = next((e for e in (kept, *others) if e.cls == cls), kept)
    return replace(kept, cls=cls, aliases=aliases, description=described.description if described else None,
                   type_origin=typed.type_origin,
                   description_origin=described.description_origin if described else "",
                   name_origins=tuple(sorted(origins.items())))


def _most_specific(classes: list[str], ontology: Ontology) -> str:
    return min(classes, key=lambda c: (-len(ontology.superclasses.get(c, ())), c))


def apply_merges(entities: dict[str, Entity], claims: Sequence[Claim], decisions: Sequence[Decision],
                 ontology: Ontology, ids: Ids) -> tuple[dict[str, Entity], tuple[Claim, ...], tuple[Claim, ...]]:
    """Merge each "same" group into its kept entity.

    Returns the entities without the merged ones (the kept one gains their names as
    aliases and the more specific class), the claims with merged IRIs rewritten to
    the kept IRI (a fact stated twice by one source then counts once), and one
    `kept owl:sameAs merged` claim per merged entity. The sameAs claim borrows the
    source and quote of the first fact that used the merged entity (where its other
    name stands), else of the kept one; its origin is the decision's file and line.
    """
    kept_of = merge_groups(entities, decisions, ontology)
    if not kept_of:
        return dict(entities), tuple(claims), ()
    origin = {d.second: d for d in decisions if d.same}
    iri_map = {URIRef(ids.entity(m)): URIRef(ids.entity(k)) for m, k in kept_of.items()}

    def term(node):  # type: ignore[no-untyped-def]
        return iri_map.get(node, node) if isinstance(node, URIRef) else node

    rewritten: dict[tuple[str, str, str, str], Claim] = {}
    for claim in sorted(claims):
        new = replace(claim, subject=term(claim.subject), object=term(claim.object))
        rewritten.setdefault(new.key(), new)

    merged = {ref: entity for ref, entity in entities.items() if ref not in kept_of}
    for keep in sorted(set(kept_of.values())):
        others = [entities[m] for m, k in kept_of.items() if k == keep]
        cls = _most_specific([entities[keep].cls, *(e.cls for e in others)], ontology)
        merged[keep] = _merged_entity(entities[keep], others, cls)

    def first_use(ref: str) -> Claim | None:
        iri = URIRef(ids.entity(ref))
        return next((c for c in sorted(claims) if iri in (c.subject, c.object)), None)

    same_as: list[Claim] = []
    for merged_ref, keep in kept_of.items():
        evidence = first_use(merged_ref) or first_use(keep)
        if evidence is None:
            continue  # neither is used by any fact: nothing in the graph to link
        decision = origin.get(merged_ref)
        same_as.append(Claim(
            subject=URIRef(ids.entity(keep)), predicate=OWL.sameAs, object=URIRef(ids.entity(merged_ref)),
            source=evidence.source, quote=evidence.quote, start=evidence.start, end=evidence.end,
            origin=decision.origin if decision else evidence.origin,
        ))
    return dict(sorted(merged.items())), tuple(sorted(rewritten.values())), tuple(sorted(same_as))
