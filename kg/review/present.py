"""A candidate as a reviewer reads it: a sentence, its quote, and for each entity the ones it may be.

    "Lei Hao — holds — Vice President"   (subject label — property label — object label or value)

Entity options are ranked by name similarity (rapidfuzz's token-set ratio over the normalised label
and every alias, so word order and honorifics do not matter), a bonus for the same class, and only
among classes that can be one entity (kg.resolution.mergeable): a Forum is never offered for a
Conference. "New entity" is the page's last option, after these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from kg.claims import Entity
from kg.ontology import Ontology
from kg.resolution import mergeable
from kg.resolution.names import name_of
from kg.review.write import Registry

MAX_OPTIONS = 4  # two entities x four options: every option has a one-key number (1-8)
MIN_SCORE = 55.0  # rapidfuzz's 0-100 scale
SAME_CLASS_BONUS = 5.0


@lru_cache(maxsize=65536)
def normal(text: str) -> str:
    """Lower-case ASCII words without honorifics: the form names are compared in."""
    return " ".join(name_of(text).tokens)


@dataclass(frozen=True)
class Option:
    ref: str
    label: str
    cls: str  # class label
    score: float  # 0-100
    why: str


class Index:
    """The registry's names, for ranking the entities a name may be."""

    def __init__(self, registry: Registry, ontology: Ontology) -> None:
        self.ontology = ontology
        self.entities = registry.merged
        self.names: list[str] = []
        self.owners: list[tuple[str, str]] = []  # (entity id, the name as written)
        for ref, entity in sorted(self.entities.items()):
            for name in dict.fromkeys((entity.label, *entity.aliases)):
                self.names.append(normal(name))
                self.owners.append((ref, name))
        self._compatible = lru_cache(maxsize=None)(self._compatible_uncached)
        self.options = lru_cache(maxsize=4096)(self._options)  # type: ignore[method-assign]

    def _compatible_uncached(self, a: str, b: str) -> bool:
        return mergeable(self.ontology, a, b)

    def _options(self, label: str, cls: str, exclude: str) -> list[Option]:
        """The registry entities `label` (a `cls`) may be, best first."""
        wanted = normal(label)
        if not wanted:
            return []
        found = process.extract(wanted, self.names, scorer=fuzz.token_set_ratio, limit=40, score_cutoff=MIN_SCORE)
        best: dict[str, Option] = {}
        for _, score, index in found:
            ref, written = self.owners[index]
            entity = self.entities[ref]
            if ref == exclude or not self._compatible(cls, entity.cls) or _numbers(wanted) != _numbers(self.names[index]):
                continue  # "4th …" is never "5th …": names that differ in a number name different things
            # token_set_ratio says 100 for a name inside a longer one: temper it by the plain ratio.
            score = 0.7 * score + 0.3 * fuzz.ratio(wanted, self.names[index])
            if entity.cls == cls:
                score += SAME_CLASS_BONUS
            why = ("label" if written == entity.label else f"alias {written!r}") + f" {min(score, 100):.0f}%"
            if ref not in best or best[ref].score < score:
                best[ref] = Option(ref, entity.label, self.ontology.label(entity.cls), round(min(score, 100.0), 1), why)
        return sorted(best.values(), key=lambda o: (-o.score, o.ref))[:MAX_OPTIONS]


@lru_cache(maxsize=65536)
def _numbers(normalised: str) -> frozenset[str]:
    return frozenset(re.findall(r"\d+", normalised))


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def present(item: dict, registry: Registry, ontology: Ontology, index: Index,  # type: ignore[type-arg]
            post_in: dict[str, str] | None = None) -> dict:  # type: ignore[type-arg]
    """The page's view of one candidate (plain JSON). `post_in` (post id -> organisation label, from the
    queue) completes a post's name: "Lei Hao — holds — Vice President, in Academy for ..."."""
    subject, predicate, obj = (str(t) for t in item["fact"])
    prop = ontology.resolve_property(predicate)
    new = {str(e["id"]): e for e in item.get("entities") or []}
    terms = []
    roles = [("subject", subject)] + ([("object", obj)] if prop.kind == "object" else [])
    labels = {}
    for role, ref in roles:
        entity: Entity | None = registry.merged.get(ref)
        if ref in new:
            cls = ontology.resolve_class(str(new[ref]["type"]))
            label = str(new[ref]["label"])
        elif entity is not None:
            cls, label = entity.cls, entity.label
        else:
            cls, label = "", ref
        labels[ref] = label
        terms.append({
            "role": role, "ref": ref, "label": label, "class": ontology.label(cls) if cls else "?",
            "type": _local(cls) if cls else "", "new": ref in new,
            "where": entity.origin if entity is not None and ref not in new else None,
            "options": [o.__dict__ for o in index.options(label, cls, ref)] if cls else [],
        })
    shown_obj = labels.get(obj, obj)
    org = (post_in or {}).get(obj)
    if org and org.lower() not in shown_obj.lower():
        shown_obj += f", in {org}"
    return {
        "id": item["id"], "source": item["source"], "fact": [subject, predicate, obj],
        "predicate": _local(prop.iri), "predicate_label": prop.label, "kind": prop.kind,
        "sentence": f"{labels[subject]} — {prop.label} — {shown_obj}",
        "quote": item["quote"], "start": int(item.get("start") or 0), "end": int(item.get("end") or 0),
        "method": item.get("method") or "extracted", "confidence": float(item.get("confidence") or 0),
        "terms": terms,
    }


_REVIEWED_RE = re.compile(r"^\s*# accepted from extraction \(.*; review (?P<ids>[0-9a-f, ]+)\)\s*$", re.M)


def accepted_ids(facts_text: str) -> list[str]:
    """The candidate ids a facts file says it accepted (the comment accept writes above each claim)."""
    return [i.strip() for m in _REVIEWED_RE.finditer(facts_text) for i in m.group("ids").split(",") if i.strip()]
