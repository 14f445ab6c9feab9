"""The review queue: extracted candidates wait in sources/review/queue.yaml until a person accepts
them (they move into sources/curated/facts/SLUG.yaml, in the curated format) or rejects them (they
move to sources/review/rejected.yaml, which later extraction runs respect).

Unreviewed candidates still reach the graph, in each source's `/extracted` named graph, marked with
their rule and confidence; never a fact a curated claim already states, and a candidate that
contradicts a curated fact (same subject, a functional predicate, another value) is reported.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path

import yaml
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg import atomic
from kg.claims import Claim, Entity
from kg.errors import KgError, at
from kg.literals import LiteralError, typed_literal
from kg.namespaces import Ids
from kg.review.itemsyaml import emit_items
from kg.ontology import Ontology
from kg.settings import Settings

FUNCTIONAL = ("startDate", "endDate", "heldIn", "asOf", "value", "unit", "edition", "signedOn")
ENTITY_METHOD = "extracted-entity"


def review_dir(settings: Settings) -> Path:
    return settings.root / "sources" / "review"


def queue_file(settings: Settings) -> Path:
    return review_dir(settings) / "queue.yaml"


def rejected_file(settings: Settings) -> Path:
    return review_dir(settings) / "rejected.yaml"


def item_id(source: str, fact: list[str]) -> str:
    """A short id from the content (source, subject, predicate, object): the same candidate keeps its id."""
    return hashlib.sha256("\x1f".join([source, *fact]).encode()).hexdigest()[:10]


# libyaml when PyYAML has it: the queue of a dozen articles is thousands of lines, read on every decision.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_items(path: Path) -> list[dict]:  # type: ignore[type-arg]
    """The candidates of a queue or rejected file (a fresh list of fresh dicts: callers may change them)."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    items = _PARSED.get(text)
    if items is None:
        items = _remember(text, _parse_items(text, path))
    return [{**item, "fact": list(item["fact"])} if "fact" in item else dict(item) for item in items]


# The texts last parsed or written, and their items: a decision reads the queue it (or the previous
# decision) just wrote, and parsing a few thousand lines of YAML costs more than the decision.
_PARSED: dict[str, list[dict]] = {}  # type: ignore[type-arg]
_PARSED_KEEP = 8


def _remember(text: str, items: list[dict]) -> list[dict]:  # type: ignore[type-arg]
    _PARSED[text] = items
    while len(_PARSED) > _PARSED_KEEP:
        del _PARSED[next(iter(_PARSED))]
    return items


def _parse_items(text: str, path: Path) -> list[dict]:  # type: ignore[type-arg]
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER) or []
    except yaml.YAMLError as exc:
        raise KgError(f"YAML syntax error: {exc}", at(path)) from exc
    if not isinstance(data, list) or not all(isinstance(i, dict) and "id" in i for i in data):
        raise KgError("expected a list of candidates, each with an 'id'", at(path))
    return data


def items_text(items: list[dict], header: str) -> str:  # type: ignore[type-arg]
    """The file's text: one block per candidate, in article and text order (kg.review.itemsyaml)."""
    ordered = sorted(items, key=lambda i: (i["source"], i["start"], i["id"]))
    text = header + (emit_items(ordered) if ordered else "[]\n")
    _remember(text, [{**i, "fact": list(i["fact"])} if "fact" in i else dict(i) for i in ordered])
    return text


def write_items(path: Path, items: list[dict], header: str) -> None:  # type: ignore[type-arg]
    atomic.write_text(path, items_text(items, header))


def item_line(text: str, ident: str) -> int:
    """The line of the item `- id: IDENT` in a queue or rejected file's text (0 when absent)."""
    found = re.search(rf"^- id: ['\"]?{re.escape(ident)}['\"]?$", text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else 0


def with_merges(item: dict, kept_of: dict[str, str], registry: Container[str]) -> dict:  # type: ignore[type-arg]
    """The candidate as the merge decisions make it: merged ids replaced by the kept ones, and the new
    entities it carries dropped once the registry has them (accepted with another candidate, or merged)."""
    fact = [kept_of.get(str(t), str(t)) for t in item["fact"]]
    entities = [e for e in item.get("entities") or [] if kept_of.get(str(e["id"]), str(e["id"])) not in registry]
    if fact == item["fact"] and len(entities) == len(item.get("entities") or []):
        return item
    seen = {**item, "fact": fact}
    seen.pop("entities", None)
    return {**seen, "entities": entities} if entities else seen


QUEUE_HEADER = ("# Extracted candidates awaiting review (written by `kg extract`).\n"
                "# `kg review` lists them; `kg review accept ID...` moves them into sources/curated/facts/,\n"
                "# `kg review reject ID...` into rejected.yaml, which later `kg extract` runs respect.\n")
REJECTED_HEADER = "# Rejected extraction candidates: `kg extract` never queues these again.\n"


def term_text(term: URIRef | Literal, ids: Ids) -> str:
    return (ids.ref_of(str(term)) or str(term)) if isinstance(term, URIRef) else str(term)


def candidate(claim: Claim, ids: Ids, ontology: Ontology, entities: dict[str, Entity]) -> dict:  # type: ignore[type-arg]
    """A claim as a queue item, with the new entities it needs."""
    fact = [term_text(claim.subject, ids), _local(str(claim.predicate)), term_text(claim.object, ids)]
    needed = [entities[r] for r in (fact[0], fact[2]) if r in entities]
    item = {"id": item_id(claim.source, fact), "source": claim.source, "fact": fact, "quote": claim.quote,
            "start": claim.start, "end": claim.end, "method": claim.method, "confidence": claim.confidence}
    if needed:
        item["entities"] = [_entity_yaml(e, ontology) for e in needed]
    return item


def _entity_yaml(entity: Entity, ontology: Ontology) -> dict:  # type: ignore[type-arg]
    data = {"id": entity.ref, "type": _local(entity.cls), "label": entity.label}
    if entity.aliases:
        data["aliases"] = list(entity.aliases)
    return data


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# -- the queue as claims, for kg build ------------------------------------------------------------------------


@dataclass(frozen=True)
class Queue:
    claims: tuple[Claim, ...]
    entities: dict[str, Entity]


def load_queue_for_build(settings: Settings, inputs) -> Queue:  # type: ignore[no-untyped-def]
    """Queued candidates as extracted claims (plus type and label claims for the new entities they use),
    without rejected ones and without facts a curated claim already states."""
    ids = Ids(settings.base_iri)
    rejected = {i["id"] for i in read_items(rejected_file(settings))}
    curated = {(str(c.subject), str(c.predicate), c.object.n3()) for c in inputs.claims}
    new_entities: dict[str, Entity] = {}
    claims: list[Claim] = []
    kept_of = inputs.kept_of
    for item in read_items(queue_file(settings)):
        if item["id"] in rejected or item.get("source") not in inputs.sources:
            continue
        item = with_merges(item, kept_of, inputs.entities)  # a merged entity never comes back on its own
        for data in item.get("entities") or []:
            if data["id"] not in inputs.entities:
                new_entities.setdefault(data["id"], _entity_from(data, inputs.ontology))
        claim = _claim_from(item, inputs, new_entities, ids)
        if claim is not None and (str(claim.subject), str(claim.predicate), claim.object.n3()) not in curated:
            claims.append(claim)
    used = {t for c in claims for t in (str(c.subject), str(c.object))}
    for entity in new_entities.values():
        iri = URIRef(ids.entity(entity.ref))
        naming = _naming_claim(entity, [c for c in claims if str(iri) in (str(c.subject), str(c.object))])
        if str(iri) in used and naming is not None:
            for predicate, obj in ((RDF.type, URIRef(entity.cls)), (SKOS.prefLabel, Literal(entity.label, lang="en"))):
                claims.append(Claim(iri, predicate, obj, naming.source, naming.quote, naming.start, naming.end,
                                    method=ENTITY_METHOD, confidence=naming.confidence))
    return Queue(tuple(sorted(set(claims))), dict(sorted(new_entities.items())))


def _naming_claim(entity: Entity, about: list[Claim]) -> Claim | None:
    """The claim whose quote a new entity's type and label are credited to: one whose quote holds the
    label, else one of its aliases (a fact says no more than its source, and the first claim about the
    entity may quote a sentence that names it only by a pronoun or a part); else the first claim."""
    def holds(claim: Claim, name: str) -> bool:
        return _squeezed(name) in _squeezed(claim.quote)

    for names in ((entity.label,), entity.aliases):
        found = next((c for c in about if any(holds(c, n) for n in names if n)), None)
        if found is not None:
            return found
    return about[0] if about else None


def _squeezed(text: str) -> str:
    """Case and spacing aside, and curly quotes as straight: how a quote is searched for a name."""
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("“", '"').replace("”", '"')).strip().casefold()


def _entity_from(data: dict, ontology: Ontology) -> Entity:  # type: ignore[type-arg]
    return Entity(str(data["id"]), ontology.resolve_class(str(data["type"])), str(data["label"]),
                  tuple(str(a) for a in data.get("aliases") or ()), origin="sources/review/queue.yaml")


def _claim_from(item: dict, inputs, new_entities: dict[str, Entity], ids: Ids) -> Claim | None:  # type: ignore[no-untyped-def,type-arg]
    subject, predicate, obj = (str(t) for t in item["fact"])
    known = {**inputs.entities, **new_entities}
    try:
        prop = inputs.ontology.resolve_property(predicate)
        value: URIRef | Literal = (URIRef(ids.entity(obj)) if prop.kind == "object"
                                   else typed_literal(obj, prop.range))
    except (KgError, LiteralError):
        return None
    if subject not in known or (prop.kind == "object" and obj not in known):
        return None
    source = inputs.sources[item["source"]]
    start = int(item.get("start", source.find(item["quote"])))
    if source.text[start:start + len(item["quote"])] != item["quote"]:
        start = source.find(item["quote"])
        if start < 0:
            return None
    return Claim(URIRef(ids.entity(subject)), URIRef(prop.iri), value, item["source"], item["quote"], start,
                 start + len(item["quote"]), method=str(item.get("method") or "extracted"),
                 confidence=float(item.get("confidence") or 0.5))


@dataclass(frozen=True)
class Conflict:
    extracted: Claim
    curated: tuple[Claim, ...]

    def __str__(self) -> str:
        said = ", ".join(sorted({c.object.n3() for c in self.curated}))
        return (f"{self.extracted.source}: extracted {self.extracted.subject} {_local(str(self.extracted.predicate))}"
                f" {self.extracted.object.n3()} ({self.extracted.method}) contradicts curated {said}")


def find_conflicts(extracted: tuple[Claim, ...], curated: tuple[Claim, ...], ontology: Ontology) -> list[Conflict]:
    """Same subject, a functional-ish predicate (startDate, heldIn, asOf, value...), another object."""
    by_slot: dict[tuple[str, str], list[Claim]] = {}
    for claim in curated:
        by_slot.setdefault((str(claim.subject), str(claim.predicate)), []).append(claim)
    found = []
    for claim in extracted:
        if _local(str(claim.predicate)) not in FUNCTIONAL:
            continue
        said = by_slot.get((str(claim.subject), str(claim.predicate)), [])
        if said and all(c.object != claim.object for c in said):
            found.append(Conflict(claim, tuple(said)))
    return sorted(found, key=lambda c: (c.extracted.source, c.extracted.start, str(c.extracted.object)))
