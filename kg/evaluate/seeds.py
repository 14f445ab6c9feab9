"""Extraction measured against the curated facts of the seed articles, leave-one-article-out (`kg eval`).

For article X, the gazetteer holds only the entities used in the OTHER articles' curated facts, so
names curated from X cannot help extracting X. Matching:
- typed entity: an extracted entity matches a curated one of the same class family (Person, Place,
  Organisation, Event, EventSeries, Initiative, Post, Agreement, Report) when it is the same registry
  entity, or a normalised label/alias of one equals one of the other's (or is a word-prefix of it of at
  least three words). Statistics and metrics are named by curators, not by the text: they are not
  counted as entities; an extracted statistic stands for the curated one with the same value whose
  quote overlaps its own. Each curated entity is matched at most once.
- relation: same predicate, matched subject, and matched object (entity) or equal literal (numbers
  by value, dates by their lexical form, strings normalised). rdf:type claims are not relations.
Scores are micro-averaged over the five articles.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from kg.build import Inputs, load_inputs
from kg.claims import Claim, Entity
from kg.evaluate.score import Score
from kg.extract import Extraction, Gazetteer, extract_source
from kg.extract.gazetteer import family_of
from kg.extract.text import normalise
from kg.namespaces import Ids
from kg.settings import Settings

UNCOUNTED = ("Statistic", "Metric")


@dataclass(frozen=True)
class Report:
    entities: Score
    relations: Score
    per_relation: dict[str, Score]
    per_type: dict[str, Score]  # typed entities by class family (Person, Place, Organisation, Event, ...)
    per_article: dict[str, tuple[Score, Score]]
    seconds_all_articles: float  # extraction of every article with the full registry, after start-up

    def as_dict(self) -> dict[str, object]:
        return {"entities": {**self.entities.as_dict(),
                             "per_type": {k: v.as_dict() for k, v in sorted(self.per_type.items())}},
                "relations": self.relations.as_dict(),
                "per_relation": {k: v.as_dict() for k, v in sorted(self.per_relation.items())},
                "per_article": {k: {"entities": e.as_dict(), "relations": r.as_dict()}
                                for k, (e, r) in sorted(self.per_article.items())},
                "seconds_all_articles": round(self.seconds_all_articles, 3)}


def evaluate(settings: Settings, inputs: Inputs | None = None) -> Report:
    inputs = inputs or load_inputs(settings)
    ids = Ids(settings.base_iri)
    entity_counts, per_relation, per_article = Counter(), Counter(), {}
    per_type: dict[str, Counter] = {}
    for slug in inputs.sources:
        others = {ref for c in inputs.claims if c.source != slug for ref in _refs(c, ids)}
        gazetteer = Gazetteer.build({r: e for r, e in inputs.entities.items() if r in others})
        extraction = extract_source(inputs.sources[slug], gazetteer, inputs.ontology, ids)
        gold = tuple(c for c in inputs.claims if c.source == slug)
        type_scores, relation_counts = _compare(extraction, gold, inputs, ids)
        entity_score = sum(type_scores.values(), Score(0, 0, 0))
        entity_counts.update(entity_score.__dict__)
        for name, score in type_scores.items():
            per_type[name] = per_type.get(name, Counter()) + Counter(score.__dict__)
        for name, counts in relation_counts.items():
            per_relation[name] = per_relation.get(name, Counter()) + counts
        totals = sum(relation_counts.values(), Counter())
        per_article[slug] = (entity_score, Score(totals["tp"], totals["predicted"], totals["gold"]))
    relations = sum(per_relation.values(), Counter())
    return Report(Score(**entity_counts), Score(relations["tp"], relations["predicted"], relations["gold"]),
                  {k: Score(v["tp"], v["predicted"], v["gold"]) for k, v in per_relation.items()},
                  {k: Score(v["tp"], v["predicted"], v["gold"]) for k, v in per_type.items()}, per_article,
                  time_extraction(inputs, ids))


def time_extraction(inputs: Inputs, ids: Ids) -> float:
    """Seconds to extract every article with the whole registry as gazetteer (start-up excluded)."""
    gazetteer = Gazetteer.build(inputs.entities)
    started = time.perf_counter()
    for source in inputs.sources.values():
        extract_source(source, gazetteer, inputs.ontology, ids)
    return time.perf_counter() - started


def _refs(claim: Claim, ids: Ids) -> list[str]:
    return [r for t in (claim.subject, claim.object) if isinstance(t, URIRef) and (r := ids.ref_of(str(t)))]


def _names(entity: Entity) -> set[str]:
    return {normalise(n) for n in (entity.label, *entity.aliases)} - {""}


def names_match(a: set[str], b: set[str]) -> bool:
    if a & b:
        return True
    for x in a:
        for y in b:
            short, long_ = sorted((x.split(), y.split()), key=len)
            if len(short) >= 3 and long_[:len(short)] == short:
                return True
    return False


def _compare(extraction: Extraction, gold: tuple[Claim, ...], inputs: Inputs,
             ids: Ids) -> tuple[dict[str, Score], dict[str, Counter]]:
    ontology = inputs.ontology

    def lookup(ref: str) -> Entity | None:
        return extraction.entities.get(ref) or inputs.entities.get(ref)

    def family(ref: str) -> str:
        entity = lookup(ref)
        return family_of(entity.cls, ontology) if entity else "Thing"

    gold_refs = sorted({r for c in gold for r in _refs(c, ids)})
    predicted_refs = sorted({r for c in extraction.claims for r in _refs(c, ids)})
    alignment: dict[str, str] = {}
    taken: set[str] = set()
    for ref in predicted_refs:
        entity = lookup(ref)
        if entity is None or family(ref) in UNCOUNTED:
            continue
        match = next((g for g in gold_refs if g not in taken and family(g) == family(ref) and
                      (g == ref or names_match(_names(entity), _names(inputs.entities[g])))), None)
        if match:
            alignment[ref] = match
            taken.add(match)
    alignment.update(_align_statistics(extraction.claims, gold, ids, family))
    counted_gold = [g for g in gold_refs if family(g) not in UNCOUNTED]
    counted_predicted = [p for p in predicted_refs if lookup(p) is not None and family(p) not in UNCOUNTED]
    families = sorted({family(r) for r in counted_gold + counted_predicted})
    type_scores = {f: Score(sum(1 for p in counted_predicted if p in alignment and family(p) == f),
                            sum(1 for p in counted_predicted if family(p) == f),
                            sum(1 for g in counted_gold if family(g) == f)) for f in families}

    def key(claim: Claim, aligned: bool) -> tuple[str, str, str] | None:
        subject = ids.ref_of(str(claim.subject)) or ""
        subject = alignment.get(subject, "?" + subject) if aligned else subject
        if isinstance(claim.object, URIRef):
            obj = ids.ref_of(str(claim.object)) or str(claim.object)
            obj = alignment.get(obj, "?" + obj) if aligned else obj
        else:
            obj = _literal_key(claim.object)
        return (subject, str(claim.predicate), obj)

    predicted = {key(c, True) for c in extraction.claims if c.predicate != RDF.type}
    expected = {key(c, False) for c in gold if c.predicate != RDF.type}
    per_relation: dict[str, Counter] = {}
    for triple in predicted | expected:
        name = ontology.label(triple[1]) if triple[1] in ontology.properties else triple[1].rsplit("#", 1)[-1]
        counts = per_relation.setdefault(_local(triple[1]) or name, Counter())
        counts["predicted"] += triple in predicted
        counts["gold"] += triple in expected
        counts["tp"] += triple in predicted and triple in expected
    return type_scores, per_relation


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _align_statistics(predicted: tuple[Claim, ...], gold: tuple[Claim, ...], ids: Ids, family) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """An extracted statistic is the curated one with the same value whose quote overlaps its own."""
    gold_values = [c for c in gold if _local(str(c.predicate)) == "value"]
    alignment: dict[str, str] = {}
    taken: set[str] = set()
    for claim in (c for c in predicted if _local(str(c.predicate)) == "value"):
        for target in gold_values:
            ref = ids.ref_of(str(target.subject)) or ""
            if ref not in taken and _literal_key(claim.object) == _literal_key(target.object) \
                    and claim.start < target.end and target.start < claim.end:
                alignment[ids.ref_of(str(claim.subject)) or ""] = ref
                taken.add(ref)
                break
    return alignment


def _literal_key(term: object) -> str:
    if not isinstance(term, Literal):
        return str(term)
    text = str(term)
    if term.datatype and str(term.datatype).endswith(("#decimal", "#integer")):
        try:
            return format(Decimal(text).normalize(), "f")
        except InvalidOperation:
            return text
    if term.datatype and str(term.datatype).endswith(("#date", "#gYearMonth", "#gYear")):
        return text
    return normalise(text)
