"""Event relations from the dependency parse: who organised, hosted, attended or spoke at an event and
where it was held (its dates: kg.extract.dated).

Each rule reads a verb and its arguments, so a fact is only stated for the words the verb governs:
"The forum, hosted by A, was held on 13 October in Tashkent" gives hosted(A), startDate and heldIn
of the forum; "the post office handled 4 million parcels in 2023" dates no event, because "handled"
is not a verb that holds, opens or signs anything. Rule names become the claims' methods.
"""

from __future__ import annotations

from kg.extract.arguments import (ATTEND, HOLD, HOST, ORGANISE, REMOTE, SPEAK, AGENTS, by_phrase, events_of,
                                  is_co, subject_of_clause, verb_lemma as _lemma)
from kg.extract.dated import apply_dates
from kg.extract.document import Document
from kg.extract.syntax import Tree, agents, clause_prepositional, governing_verb, patients, prepositional
from kg.extract.text import Span


def apply_clauses(doc: Document) -> None:
    tree = Tree.of(doc)
    for sentence in doc.sentences:
        tokens = tree.tokens(sentence.start, sentence.end)
        if tokens is None:
            continue
        for token in tokens:
            if token.pos_ in ("VERB", "AUX"):
                _organisers(tree, sentence, token)
                _venue(tree, sentence, token)
                _participants(tree, sentence, token)
        _sidelines(tree, sentence, tokens)
        _event_in_place(tree, sentence)
    apply_dates(doc, tree)


def _organisers(tree: Tree, sentence: Span, verb) -> None:  # type: ignore[no-untyped-def]
    verb_lemma = _lemma(verb)
    if verb_lemma not in ORGANISE | HOST:
        return
    passive = bool(by_phrase(tree, verb))
    events = events_of(tree, subject_of_clause(verb) if passive else patients(verb))
    if not events:
        return
    doers = by_phrase(tree, verb) if passive else \
        [m for m in (tree.named(t, ("Organisation", "Place")) for t in agents(verb)) if m is not None]
    predicate = "hosted" if verb_lemma in HOST else "organised"
    rule = ("co-" if is_co(verb) else "") + ("hosted-by" if verb_lemma in HOST else "organised-by") + \
        ("" if passive else "-subject")
    for event in events:
        for doer in doers:
            if tree.doc.family(doer) == "Place" and predicate == "hosted":  # "hosted by Shanghai": held there
                tree.doc.add(event, "heldIn", tree.doc.ref(doer), sentence, "hosted-by-place", 0.7)
            elif tree.doc.family(doer) == "Organisation":
                tree.doc.add(tree.doc.ref(doer), predicate, event, sentence, rule, 0.75)


def _venue(tree: Tree, sentence: Span, verb) -> None:  # type: ignore[no-untyped-def]
    """"The forum was held in Xi'an", "Tajikistan plans to hold a roundtable in Dushanbe", "held at the SCO
    Secretariat" (an organisation that hosts), "Shanghai hosted the expo"."""
    verb_lemma = _lemma(verb)
    if verb_lemma not in HOLD:
        return
    if verb_lemma == "take" and not any(c.lower_ == "place" for c in verb.children):
        return
    events = events_of(tree, subject_of_clause(verb) or [t for t in agents(verb)])
    if not events:
        return
    for obj in prepositional(verb, ("in", "at")):
        place = tree.mention(obj, ("Place",))
        body = tree.mention(obj, ("Organisation",))
        for event in events:
            if place is not None:
                tree.doc.add(event, "heldIn", tree.doc.ref(place), sentence, "held-in", 0.75)
            elif body is not None and obj.head.lower_ == "at":
                tree.doc.add(tree.doc.ref(body), "hosted", event, sentence, "held-at-organisation", 0.7)
    if verb_lemma == "host":
        for agent in agents(verb):
            place = tree.mention(agent, ("Place",))
            for event in events if place is not None else ():
                tree.doc.add(event, "heldIn", tree.doc.ref(place), sentence, "place-hosted-event", 0.7)


def _participants(tree: Tree, sentence: Span, verb) -> None:  # type: ignore[no-untyped-def]
    """"X said at the forum", "X told the forum", "X addressed the summit by video message" (remote),
    "X attended the expo", "X unveiled the plaque at the ceremony": the verb's subject at the event."""
    verb_lemma = _lemma(verb)
    at_event = events_of(tree, clause_prepositional(verb, ("at", "during", "to")))
    if verb_lemma in SPEAK | ATTEND or verb_lemma == "take":
        at_event += events_of(tree, [c for c in verb.children if c.dep_ in ("dobj", "iobj")])
        if verb_lemma in ("participate", "take"):
            at_event += events_of(tree, list(prepositional(verb, ("in",))))
    events = list(dict.fromkeys(at_event))
    if not events:
        return
    doers = [m for m in (tree.named(t, AGENTS) for t in agents(verb)) if m is not None]
    remote = REMOTE.search(" ".join(t.text for t in verb.subtree))
    for doer in doers:
        is_person = tree.doc.family(doer) == "Person"
        for event in events:
            if verb_lemma in SPEAK and is_person:
                tree.doc.add(tree.doc.ref(doer), "spokeRemotelyAt" if remote else "spokeAt", event, sentence,
                             "speech-verb-remote" if remote else "speech-verb-at-event", 0.75)
            elif verb_lemma not in ORGANISE | HOST | SPEAK:
                tree.doc.add(tree.doc.ref(doer), "participatedIn", event, sentence, "subject-at-event", 0.65)


def _event_in_place(tree: Tree, sentence: Span) -> None:
    """"the APEC Economic Leaders Meeting in Da Nang, Vietnam": the place on the event's own name."""
    for event in tree.doc.in_span(sentence, ("Event",)):
        head = tree.mention_token(event)
        for obj in prepositional(head, ("in",)) if head is not None else ():
            place = tree.mention(obj, ("Place",))
            if place is not None:
                tree.doc.add(tree.doc.ref(event), "heldIn", tree.doc.ref(place), sentence, "event-in-place", 0.7)


def _sidelines(tree: Tree, sentence: Span, tokens) -> None:  # type: ignore[no-untyped-def]
    """"On the sidelines of the APEC meeting, Xi and Bachelet witnessed the signing": they attended it."""
    for token in tokens:
        if token.lower_ != "sidelines":
            continue
        events = events_of(tree, list(prepositional(token, ("of",))))
        verb = governing_verb(token)
        if not events or verb is None:
            continue
        doers = [tree.named(t, ("Person",)) for t in agents(verb)]
        if not doers:  # the small parser hangs "Xi and Bachelet" on the event's name: the names before the verb
            doers = [m for m in tree.doc.in_span(sentence, ("Person",)) if token.idx < m.start < verb.idx]
        for doer in doers:
            if doer is not None:
                tree.doc.add(tree.doc.ref(doer), "participatedIn", events[0], sentence, "on-the-sidelines-of", 0.7)



__all__ = ["REMOTE", "apply_clauses"]
