"""Dates from the dependency parse: when an event was held, opened or closed, when an agreement was signed,
and when an initiative, programme or organisation began.

A date counts only on a verb that holds, opens, closes, signs, launches or creates something, or on an
event's own noun: "the post office handled 4 million parcels in 2023" dates nothing.
"""

from __future__ import annotations

import re

from kg.extract.arguments import (ATTEND, CLOSE, HOLD, SIGN, SPEAK, START_NOUNS, antecedent, events_of,
                                  subject_of_clause, verb_lemma as _lemma)
from kg.extract.dates import DateMention, dateline, find_dates
from kg.extract.document import Document
from kg.extract.mentions import Mention
from kg.extract.syntax import BODY_NOUNS, Tree, agents, clause_prepositional, governing_verb, lemma, patients, prepositional
from kg.extract.text import Span


# verbs that begin an initiative, a programme or a body; of these, those that found a body (a zone, a group)
BEGIN = frozenset({"launch", "propose", "approve", "create", "establish", "found", "initiate", "introduce", "unveil",
                   "develop", "adopt", "inaugurate", "start", "kick", "set"})
FOUND = frozenset({"create", "establish", "found", "approve", "launch", "inaugurate", "set", "build"})
APPROVAL_GIVEN = frozenset({"give", "grant"})  # "gave approval for X to establish Y"
# "Tajikistan has offered holding a forum this year", "X proposes to hold a forum": an event someone offers
# or proposes is not scheduled by that, so the year it names is no day it is held ("plans to hold" is)
PROPOSE = frozenset({"offer", "propose", "suggest", "recommend", "urge", "call", "advocate"})


def _proposed(verb) -> bool:  # type: ignore[no-untyped-def]
    """Whether a holding verb is what a verb of proposing governs ("offered holding", "proposes to hold")."""
    return verb.dep_ in ("xcomp", "ccomp", "dobj", "pcomp", "pobj") and _lemma(verb.head) in PROPOSE or \
        verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and _lemma(verb.head.head) in PROPOSE


def apply_dates(doc: Document, tree: Tree) -> None:
    first = len(doc.facts)
    today = dateline(doc.text, doc.published) or doc.published
    for sentence in doc.sentences:
        for date in find_dates(sentence.text, sentence.start, today):
            _dated(tree, sentence, date)
    _most_precise_dates(doc, first)
    _launch_ceremonies(doc, first)
    _first_beginnings(doc, first)


def _launch_ceremonies(doc: Document, first: int) -> None:
    """"Alibaba and Rwanda Wednesday launched the eWTP ... at its launching ceremony": the ceremony of a
    launch is on the day the article says the initiative was launched (not the day it was first proposed)."""
    launched = {f.subject: f for f in doc.facts[first:] if f.rule == "date-of-launch-of-initiative"}
    for mention in doc.mentions:
        entity = doc.entity(doc.ref(mention)) if doc.family(mention) == "Event" else None
        if entity is None or not re.search(r"\blaunch(?:ing)?\b", entity.label, re.I):
            continue
        for ref, fact in launched.items():
            initiative = doc.entity(ref)
            names = (initiative.label, *initiative.aliases) if initiative else ()
            if any(re.search(rf"\b{re.escape(name)}\b", entity.label, re.I) for name in names):
                doc.add(doc.ref(mention), "startDate", fact.object, Span(fact.start, fact.end, ""),
                        "date-of-launch-ceremony", 0.6, literal=True)


def _first_beginnings(doc: Document, first: int) -> None:
    """An initiative or a body begins once: "proposed in 2016" and "launched in Rwanda on Wednesday" (a launch
    in one more country) leave the earliest date."""
    begun = ("date-of-launch-of-initiative", "date-of-beginning-of-initiative", "date-of-founding")
    earliest: dict[tuple[str, str], str] = {}
    for f in doc.facts[first:]:
        if f.rule in begun:
            key = (f.subject, f.predicate)
            earliest[key] = min(earliest.get(key, f.object), f.object)
    doc.facts[first:] = [f for f in doc.facts[first:]
                         if f.rule not in begun or earliest[(f.subject, f.predicate)] == f.object]


def _most_precise_dates(doc: Document, first: int) -> None:
    """"Last year, during the Moscow summit" (2020) and "the summit ... on 10 November 2020": one start date,
    the precise one; a coarser date that the precise one falls in says nothing more."""
    dates = {(f.subject, f.predicate, f.object) for f in doc.facts[first:] if f.predicate in ("startDate", "endDate")}
    doc.facts[first:] = [f for f in doc.facts[first:] if f.predicate not in ("startDate", "endDate") or not any(
        s == f.subject and p == f.predicate and o != f.object and o.startswith(f.object + "-") for s, p, o in dates)]


def _dated(tree: Tree, sentence: Span, date: DateMention) -> None:
    """A date on a verb that holds, opens, closes or signs something, or on an event's own noun."""
    if date.period or any(m.start <= date.start < m.end for m in tree.doc.mentions):
        return  # "the 2024 Carnival": a year in a name dates nothing by itself
    span = tree.tokens(date.start, date.end)
    if span is None:
        return
    token = span.root
    lead = tree.doc.text[max(sentence.start, date.start - 8):date.start]
    if token.head.dep_ == "prep" and token.head.lower_ in ("through", "until", "till") and \
            _lemma(token.head.head) in ("run", "last", "continue"):  # "will run through May 17": its last day
        for event in events_of(tree, agents(token.head.head)):
            tree.doc.add(event, "endDate", date.value, sentence, "runs-until", 0.7, literal=True)
        return
    if re.search(r"\b(?:since|until|by|before|after)\s+$", lead, re.I):
        return
    attached = token.head.head if token.head.dep_ == "prep" else token.head
    if token.head.dep_ == "prep" and token.head.lower_ not in ("on", "in", "from", "between", "during", "of"):
        return
    own = tree.named(attached, ("Event",)) if attached.pos_ in ("NOUN", "PROPN") else None
    if own is None and attached.tag_ == "VBN" and attached.dep_ in ("acl", "ccomp", "advcl") and attached.i > 0 \
            and token.head.lower_ == "on" and _lemma(attached) not in HOLD | CLOSE | SIGN | BEGIN:
        # "told a briefing devoted to X on Tuesday": the participle describes the event named just before it
        own = tree.named(attached.doc[attached.i - 1], ("Event",))
    if own is not None:  # "the forum on 13 October"
        _start(tree, sentence, tree.doc.ref(own), date, "date-of-event-noun")
        return
    if attached.pos_ == "NOUN" and lemma(attached) in START_NOUNS:  # "Since its launch in 2020, X has ...": X began then
        owner = next((c for c in attached.children if c.dep_ == "poss"), None)
        named = tree.named(owner, ("Event", "Initiative")) if owner is not None else None
        if named is None and owner is not None and owner.lower_ in ("its", "their"):
            verb = governing_verb(attached)
            subjects = [tree.named(t, ("Event", "Initiative")) for t in agents(verb)] if verb is not None else []
            named = next((m for m in subjects if m is not None), None)
        if named is not None:
            _start(tree, sentence, tree.doc.ref(named), date, "date-of-launch")
        return
    verb = governing_verb(attached)
    if verb is None:
        return
    verb_lemma = _lemma(verb)
    if verb_lemma == "take" and not any(c.lower_ == "place" for c in verb.children):
        verb_lemma = ""
    if verb_lemma in HOLD and _proposed(verb):
        return
    if verb_lemma in HOLD | CLOSE | SIGN:
        things = subject_of_clause(verb) or agents(verb)
        for thing in things + _coordinated_after(tree, things):
            event = tree.named(thing, ("Event",)) or antecedent(tree, thing)
            agreement = tree.mention(thing, ("Agreement",)) or _signing_of(tree, thing)
            if event is not None and verb_lemma in HOLD | CLOSE:
                if verb_lemma in CLOSE:
                    tree.doc.add(tree.doc.ref(event), "endDate", date.value, sentence, "closing-date", 0.7,
                                 literal=True)
                else:
                    _start(tree, sentence, tree.doc.ref(event), date, "date-of-holding")
            elif agreement is not None and verb_lemma in SIGN:
                tree.doc.add(tree.doc.ref(agreement), "signedOn", date.value, sentence, "date-of-signing", 0.7,
                             literal=True)
    if verb_lemma == "witness":  # "On Nov 11, the two presidents witnessed the signing of the deal"
        for thing in patients(verb):
            agreement = _signing_of(tree, thing)
            if agreement is not None:
                tree.doc.add(tree.doc.ref(agreement), "signedOn", date.value, sentence, "date-of-witnessed-signing",
                             0.7, literal=True)
    _began(tree, sentence, verb, date)
    # "at the ongoing conference": it began before that day
    at_event = [t for t in clause_prepositional(verb, ("at", "during")) if not any(
        c.lower_ in ("ongoing", "continuing") for c in t.children)]
    if verb_lemma in SPEAK | ATTEND:  # "told a briefing on Tuesday", "attended the summit on 5 May"
        at_event += [c for c in verb.children if c.dep_ == "dobj"]
    events = events_of(tree, at_event)
    for event in events[:1]:  # "On 14 December, members spoke at the conference"
        _start(tree, sentence, event, date, "date-of-activity-at-event")


def _began(tree: Tree, sentence: Span, verb, date: DateMention) -> None:  # type: ignore[no-untyped-def]
    """"The eWTP was proposed by Jack Ma in 2016", "in 2004, a working group was created", "the State Council
    approved the pilot zone in 2016", "X and Y co-launched an initiative on Dec. 3": what the verb launches,
    proposes, approves, creates or sets up began then (an initiative or agreement: its start date; an
    organisation such as a zone or a working group: its founding date). "gave approval for Shanghai to
    establish a pilot zone" on a day: the zone approved then."""
    verb_lemma = _lemma(verb)
    if verb_lemma in APPROVAL_GIVEN and any(lemma(t) in ("approval", "permission", "go-ahead") for t in patients(verb)):
        created = [t for t in verb.subtree if t.pos_ == "VERB" and _lemma(t) in FOUND]
        things = [p for t in created for p in patients(t)]
    elif verb_lemma in BEGIN or (verb_lemma == "set" and any(c.lower_ == "up" for c in verb.children)):
        things = subject_of_clause(verb)
    else:
        return
    for thing in things + _coordinated_after(tree, things):
        # "a pilot zone for Silk Road e-commerce": the zone began, not the initiative named inside its name
        initiative = tree.mention(thing, ("Initiative", "Agreement")) or \
            (tree.named(thing, ("Initiative", "Agreement")) if lemma(thing) not in BODY_NOUNS else None)
        body = tree.named(thing, ("Organisation",)) if verb_lemma in FOUND | APPROVAL_GIVEN or verb_lemma == "set" \
            else None
        if initiative is not None and not (tree.doc.family(initiative) == "Agreement" and verb_lemma in SIGN):
            rule = "date-of-launch-of-initiative" if verb_lemma == "launch" else "date-of-beginning-of-initiative"
            tree.doc.add(tree.doc.ref(initiative), "startDate", date.value, sentence, rule, 0.65, literal=True)
        elif body is not None:
            tree.doc.add(tree.doc.ref(body), "foundingDate", date.value, sentence, "date-of-founding", 0.65,
                         literal=True)


def _coordinated_after(tree: Tree, things: list) -> list:  # type: ignore[no-untyped-def,type-arg]
    """"approved the Concept for X between the SCO Member States and the Programme for Y": the small parser hangs
    the second name inside the first; a name of the same family right after it, joined by "and", is a conjunct."""
    found = []
    for thing in things:
        first = tree.mention(thing, ("Initiative", "Agreement"))
        following = [m for m in tree.doc.mentions if first is not None and m.start > first.end and
                     tree.doc.family(m) == tree.doc.family(first) and
                     re.fullmatch(r",?\s+and\s+(?:the\s+)?", tree.doc.text[first.end:m.start])]
        found += [tree.mention_token(m) for m in following[:1]]
    return [t for t in found if t is not None and t not in things]


def _signing_of(tree: Tree, token) -> Mention | None:  # type: ignore[no-untyped-def]
    """"witnessed the signing of the deal": the agreement signed."""
    if lemma(token) not in ("signing", "sign"):
        return None
    for obj in prepositional(token, ("of",)):
        found = tree.mention(obj, ("Agreement",))
        if found is not None:
            return found
    return None


def _start(tree: Tree, sentence: Span, event: str, date: DateMention, rule: str) -> None:
    tree.doc.add(event, "startDate", date.value, sentence, rule, 0.75, literal=True)
    if date.end_value:
        tree.doc.add(event, "endDate", date.end_value, sentence, rule + "-range", 0.75, literal=True)


