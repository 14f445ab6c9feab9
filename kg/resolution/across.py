"""New entities matched across articles, and against the registry and the queue, before their ids are kept.

Each article is extracted on its own (in parallel, by kg.extract.parallel), so two articles naming
one organisation each mint an id from the name they wrote: "Ministry of Commerce of the People's
Republic of China" and "Ministry of Commerce of China", "Sixth China-Laos Forum" and "6th China-Laos
Forum", "Shanghai Cooperation Organisation (SCO)" and a bare "SCO". This pass gives them one id:

- a new entity whose label or alias has the same normalised form (kg.resolution.names.normalise:
  honorifics, articles, ordinal words as numbers, "of the People's Republic of China" = "of China",
  spelling variants) as a known entity of the same family takes that entity's id. Known are, in this
  order: the registry, the entities already in the review queue, then the new entities of the articles
  before it (in the order given);
- a new entity named only by an acronym ("SCO") takes the id of the one known entity of its family
  whose name has those initials, or that gives it as an alias; a full name takes the id of an earlier
  acronym-only entity the same way. Two candidates: no match (an acronym is too short to guess).

Numbers must agree (they are part of the normalised form), so the 5th and the 6th edition stay two.
The surviving new entity keeps every name the others were written with, as aliases.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Callable

from rdflib import URIRef

from kg.claims import Claim, Entity
from kg.namespaces import Ids
from kg.resolution.names import acronym, is_acronym, name_of, normalise

if TYPE_CHECKING:
    from kg.extract import Extraction

Family = Callable[[str], str]  # a class IRI -> its family ("Organisation", "Place", ...)
# Statistics are named by what they measure in their article ("21.9 percent"): never one across articles.
UNMATCHED = ("Statistic", "Metric", "Thing")


class _Index:
    """Known ids by (family, normalised name) and by (family, initials)."""

    def __init__(self, family: Family) -> None:
        self.family = family
        self.by_name: dict[tuple[str, str], set[str]] = {}
        self.by_initials: dict[tuple[str, str], set[str]] = {}  # full names by their initials
        self.by_acronym: dict[tuple[str, str], set[str]] = {}  # acronym-only names

    def add(self, entity: Entity) -> None:
        family = self.family(entity.cls)
        if family in UNMATCHED:
            return
        for name in _names(entity):
            self.by_name.setdefault((family, normalise(name)), set()).add(entity.ref)
            parsed = name_of(name)
            if len(parsed.tokens) >= 2:
                self.by_initials.setdefault((family, acronym(parsed)), set()).add(entity.ref)
            elif is_acronym(name.strip()):
                self.by_acronym.setdefault((family, normalise(name)), set()).add(entity.ref)

    def match(self, entity: Entity) -> str | None:
        family = self.family(entity.cls)
        if family in UNMATCHED:
            return None
        for name in _names(entity):
            refs = self.by_name.get((family, normalise(name)), set()) - {entity.ref}
            if len(refs) == 1:  # two known entities of one name: the curator must say which
                return next(iter(refs))
        for name in _names(entity):  # a full name meets an acronym, an acronym a full name; never two full names
            parsed = name_of(name)
            if len(parsed.tokens) >= 2:
                refs = self.by_acronym.get((family, acronym(parsed)), set())
            elif is_acronym(name.strip()):
                refs = self.by_initials.get((family, normalise(name)), set())
            else:
                continue
            if len(refs - {entity.ref}) == 1:
                return next(iter(refs - {entity.ref}))
        return None


def _names(entity: Entity) -> list[str]:
    return [n for n in (entity.label, *entity.aliases) if normalise(n)]


def match_across(extractions: list["Extraction"], known: dict[str, Entity], family: Family,
                 ids: Ids) -> list["Extraction"]:
    """The extractions with each new entity that names a known one (or one of an earlier article)
    replaced by it, in its claims and its entities; see the module's docstring."""
    index = _Index(family)
    for entity in known.values():
        index.add(entity)
    survivors: dict[str, Entity] = {}  # new entities kept so far, with the names merged into them
    mapped: list[tuple["Extraction", dict[str, str]]] = []
    for extraction in extractions:
        mapping: dict[str, str] = {}
        for ref, entity in sorted(extraction.entities.items()):
            target = index.match(entity)
            if target is None:
                survivors[ref] = _merged(survivors.get(ref), entity)
                index.add(survivors[ref])
                continue
            mapping[ref] = target
            if target in survivors:  # a new entity of an earlier article: it learns this name
                survivors[target] = _merged(survivors[target], entity)
                index.add(survivors[target])
        mapped.append((extraction, mapping))
    result = []
    for extraction, mapping in mapped:
        claims = {c.key(): c for c in (_renamed(c, mapping, ids) for c in extraction.claims)}
        used = {ids.ref_of(str(t)) for c in claims.values() for t in (c.subject, c.object) if isinstance(t, URIRef)}
        entities = {r: survivors[r] for r in sorted(r for r in used if r) if r in survivors}
        result.append(replace(extraction, entities=entities, claims=tuple(sorted(claims.values()))))
    return result


def _merged(kept: Entity | None, other: Entity) -> Entity:
    if kept is None:
        return other
    label = kept.label
    if is_acronym(label) and not is_acronym(other.label):  # "SCO" first, then its full name: the full name
        label = other.label
    names = [n for n in (kept.label, other.label, *other.aliases, *kept.aliases) if n != label]
    return replace(kept, label=label, aliases=tuple(sorted(set(names))))


def _renamed(claim: Claim, mapping: dict[str, str], ids: Ids) -> Claim:
    def term(value):  # type: ignore[no-untyped-def]
        if isinstance(value, URIRef):
            ref = ids.ref_of(str(value))
            if ref in mapping:
                return URIRef(ids.entity(mapping[ref]))
        return value

    return replace(claim, subject=term(claim.subject), object=term(claim.object))
