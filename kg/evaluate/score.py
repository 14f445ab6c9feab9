"""Scoring one article's prediction against its gold facts: true positives, misses, false hits.

Entities: a predicted entity of a gold type is a hit when a gold entity of the SAME type has a label one
of whose forms (kg.evaluate.labels.gold_forms) equals one of the entity's normalised names (label or
alias). Each gold entity is matched at most once and each predicted one at most once (a maximum
matching), so two ids for one gold entity give one hit and one false hit. A predicted entity that
matches no typed gold entity but names something the gold mentions without typing it (the
organisation inside "Title @ Organisation", a body only used as an object) is not counted either way.

Relations: same gold relation name, the subject matched by names, and the object matched by:
names (entity objects); equal lexical form (start_date, end_date: "2017-11" is not "2017-11-10");
title and organisation (holds_post: the gold "Title @ Org[, Parent]" against the post's label without
its organisation part, and the names of an organisation the post is org:postIn, its first or whole
"Org, Parent"); value and date (has_statistic: the statistic's srk:value equals the gold value's number,
with "million"/"billion" applied or not, and its srk:asOf equals the gold date; the metric's wording is
the curator's, not compared). signed_with and partner_of are matched in either direction. Again a
maximum one-to-one matching. Scores are micro-averaged: counts are summed before dividing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Callable, Sequence

from kg.evaluate.gold import GOLD_RELATIONS, GOLD_TYPES, SYMMETRIC_RELATIONS, GoldArticle, GoldFact
from kg.evaluate.labels import gold_forms, normalise_label
from kg.evaluate.mapping import PredictedEntity, PredictedFact, Prediction


@dataclass(frozen=True)
class Score:
    tp: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "Score") -> "Score":
        return Score(self.tp + other.tp, self.predicted + other.predicted, self.gold + other.gold)

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "predicted": self.predicted, "gold": self.gold}


ZERO = Score(0, 0, 0)


def total(scores: Sequence[Score]) -> Score:
    return sum(scores, ZERO)


Miss = GoldFact  # a gold fact the extraction did not find


@dataclass(frozen=True)
class FalseHit:
    """Something the extraction said that no gold fact supports."""

    subject: str
    relation: str
    object: str
    method: str
    quote: str


class Totals:
    """Entity and relation totals of anything scored per type and per relation."""

    per_type: dict[str, Score]
    per_relation: dict[str, Score]

    @property
    def entities(self) -> Score:
        return total(list(self.per_type.values()))

    @property
    def relations(self) -> Score:
        return total(list(self.per_relation.values()))


@dataclass(frozen=True)
class ArticleScore(Totals):
    per_type: dict[str, Score]
    per_relation: dict[str, Score]
    misses: tuple[Miss, ...]
    false_hits: tuple[FalseHit, ...]
    not_scored: dict[str, int]


def score_article(gold: GoldArticle, prediction: Prediction) -> ArticleScore:
    entity_types, entity_misses, entity_false = _score_entities(gold, prediction)
    relations, relation_misses, relation_false = _score_relations(gold, prediction)
    return ArticleScore(entity_types, relations, entity_misses + relation_misses, entity_false + relation_false,
                        prediction.not_scored)


def max_matching(left: int, right: int, fits: Callable[[int, int], bool]) -> dict[int, int]:
    """A maximum one-to-one matching (left index -> right index) by augmenting paths."""
    owner: dict[int, int] = {}
    options = [[j for j in range(right) if fits(i, j)] for i in range(left)]

    def augment(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(left):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def _untyped_gold_names(gold: GoldArticle) -> frozenset[str]:
    names: set[str] = set()
    for fact in gold.relations:
        names |= gold_forms(fact.subject)
        if fact.relation == "holds_post":
            org = fact.object.split(" @ ", 1)[1]
            names |= gold_forms(org) | gold_forms(org.split(", ")[0])
        elif fact.relation not in ("has_statistic", "start_date", "end_date"):
            names |= gold_forms(fact.object)
    return frozenset(names)


def _score_entities(gold: GoldArticle, prediction: Prediction) -> tuple[dict[str, Score], tuple[Miss, ...],
                                                                         tuple[FalseHit, ...]]:
    golds = list({f.subject: f for f in reversed(gold.types)}.values())[::-1]  # one type fact per label
    forms = [gold_forms(g.subject) for g in golds]
    untyped = _untyped_gold_names(gold)
    all_forms = frozenset().union(*forms)
    # entities whose own label is a gold label are matched first, their aliases' owners after
    predicted = sorted((p for p in prediction.entities.values() if p.type in GOLD_TYPES),
                       key=lambda p: (normalise_label(p.label) not in all_forms, p.ref))
    matching = max_matching(len(predicted), len(golds),
                            lambda i, j: predicted[i].type == golds[j].object and bool(predicted[i].names & forms[j]))
    matched_gold = set(matching.values())
    counted = [i for i, p in enumerate(predicted)
               if i in matching or not (p.names & untyped) or any(p.names & f for f in forms)]
    per_type = {t: Score(sum(1 for i in matching if predicted[i].type == t),
                         sum(1 for i in counted if predicted[i].type == t),
                         sum(1 for g in golds if g.object == t)) for t in GOLD_TYPES}
    misses = tuple(g for j, g in enumerate(golds)
                   if j not in matched_gold)
    false_hits = tuple(FalseHit(predicted[i].label, "type", predicted[i].type or "", predicted[i].method,
                                predicted[i].quote) for i in counted if i not in matching)
    return per_type, misses, false_hits


def _score_relations(gold: GoldArticle, prediction: Prediction) -> tuple[dict[str, Score], tuple[Miss, ...],
                                                                          tuple[FalseHit, ...]]:
    golds = list(gold.relations)
    facts = list(prediction.facts)
    matching = max_matching(len(facts), len(golds), lambda i, j: _fact_fits(facts[i], golds[j], prediction))
    matched_gold = set(matching.values())
    per_relation = {r: Score(sum(1 for i in matching if facts[i].relation == r),
                             sum(1 for f in facts if f.relation == r),
                             sum(1 for g in golds if g.relation == r)) for r in GOLD_RELATIONS if r != "type"}
    misses = tuple(g for j, g in enumerate(golds)
                   if j not in matched_gold)
    false_hits = tuple(FalseHit(_shown(f.subject, prediction), f.relation, _shown_object(f, prediction), f.method,
                                f.quote) for i, f in enumerate(facts) if i not in matching)
    return per_relation, misses, false_hits


def _names(ref: str, prediction: Prediction) -> frozenset[str]:
    entity = prediction.entities.get(ref)
    return entity.names if entity else frozenset()


def _fact_fits(fact: PredictedFact, gold: GoldFact, prediction: Prediction) -> bool:
    if fact.relation != gold.relation:
        return False
    orientations = [(fact.subject, fact.object)]
    if fact.relation in SYMMETRIC_RELATIONS:
        orientations.append((fact.object, fact.subject))
    return any(_names(s, prediction) & gold_forms(gold.subject) and _object_fits(fact.relation, o, gold, prediction)
               for s, o in orientations)


def _object_fits(relation: str, obj: str, gold: GoldFact, prediction: Prediction) -> bool:
    if relation in ("start_date", "end_date"):
        return obj.strip() == gold.object.strip()
    if relation == "holds_post":
        return _post_fits(obj, gold.object, prediction)
    if relation == "has_statistic":
        value, as_of = prediction.statistics.get(obj, (None, None))
        wanted_values, wanted_date = gold_statistic(gold.object)
        return value is not None and as_of is not None and as_of == wanted_date and value in wanted_values
    return bool(_names(obj, prediction) & gold_forms(gold.object))


def _post_fits(post: str, gold_post: str, prediction: Prediction) -> bool:
    title, org = gold_post.split(" @ ", 1)
    org_forms = gold_forms(org) | gold_forms(org.split(", ")[0])
    entity = prediction.entities.get(post)
    if entity is None:
        return False
    for org_ref in prediction.post_orgs.get(post, ()):
        org_names = _names(org_ref, prediction)
        if org_names & org_forms and normalise_label(title) in post_titles(entity, org_names):
            return True
    return False


def post_titles(post: PredictedEntity, org_names: frozenset[str]) -> set[str]:
    """A post's names without its organisation: "secretary-general of the sco" -> "secretary-general"."""
    titles = set(post.names)
    for name in post.names:
        for org in org_names:
            for pattern in (rf"^(.+?)\s+(?:of|at|in|to|for)\s+(?:the\s+)?{re.escape(org)}$", rf"^{re.escape(org)}\s+(.+)$"):
                found = re.match(pattern, name)
                if found:
                    titles.add(found.group(1))
    return titles


_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion)?", re.I)
_SCALE = {"thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6, "billion": Decimal(10) ** 9,
          "trillion": Decimal(10) ** 12}


def gold_statistic(obj: str) -> tuple[set[Decimal], str]:
    """"metric = over 8 million (of 15 million people) as of 2017-11-10" -> ({8, 8000000}, "2017-11-10")."""
    value_part, _, date = obj.split(" = ", 1)[1].rpartition(" as of ")
    found = _NUMBER.search(value_part)
    if not found:
        return set(), date.strip()
    try:
        number = Decimal(found.group(1).replace(",", ""))
    except InvalidOperation:
        return set(), date.strip()
    values = {number.normalize()}
    if found.group(2):
        values.add((number * _SCALE[found.group(2).lower()]).normalize())
    return values, date.strip()


def _shown(ref: str, prediction: Prediction) -> str:
    entity = prediction.entities.get(ref)
    return entity.label if entity else ref


def _shown_object(fact: PredictedFact, prediction: Prediction) -> str:
    if fact.relation in ("start_date", "end_date"):
        return fact.object
    if fact.relation == "holds_post":
        orgs = [_shown(o, prediction) for o in prediction.post_orgs.get(fact.object, ())]
        return f"{_shown(fact.object, prediction)} @ {', '.join(orgs) or '?'}"
    if fact.relation == "has_statistic":
        value, as_of = prediction.statistics.get(fact.object, (None, None))
        return f"{_shown(fact.object, prediction)} = {value} as of {as_of}"
    return _shown(fact.object, prediction)
