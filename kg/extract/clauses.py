"""Event relations from the dependency parse: who organised, hosted, attended or spoke at an event and
where it was held (its dates: kg.extract.dated).

Each rule reads a verb and its arguments, so a fact is only stated for the words the verb governs:
"The forum, hosted by A, was held on 13 October in Tashkent" gives hosted(A), startDate and heldIn
of the forum; "the post office handled 4 million parcels in 2023" dates no event, because "handled"
is not a verb that holds, opens or signs anything. Rule names become the claims' methods.
"""

from __future__ import annotations

import re

from kg.extract.arguments import (ATTEND, CLOSE, HOLD, HOST, ORGANISE, REMOTE, SPEAK, AGENTS, by_phrase, events_of,
                                  is_co, subject_of_clause, verb_lemma as _lemma)
from kg.extract.dated import apply_dates
from kg.extract.document import Document
from kg.extract.syntax import Tree, agents, clause_prepositional, governing_verb, lemma, patients, prepositional
from kg.extract.text import Span

VENUE_PLACES = ("City", "District", "Venue")
PLAN = frozenset({"plan", "decide", "intend", "prepare", "agree", "aim", "continue", "start", "begin"})
DATELINE_CITY = re.compile(r"^([A-Z][A-Z'’ .-]+[A-Z]),\s", re.M)


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
                _members_own_event(tree, sentence, token)
                _participants(tree, sentence, token)
        _sidelines(tree, sentence, tokens)
        _host_city(tree, sentence, tokens)
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
    own = list(prepositional(verb, ("in", "at")))
    # "hold a roundtable on trade in Dushanbe": the small parser hangs the city on "trade"; a city in the
    # verb's own clause is where it is held
    cities = [t for t in clause_prepositional(verb, ("in",)) if t not in own and
              (found := tree.mention(t, ("Place",))) is not None and found.cls in VENUE_PLACES]
    for obj in own + cities:
        place = tree.mention(obj, ("Place",))
        body = tree.mention(obj, ("Organisation",))
        for event in events:
            if place is not None:
                tree.doc.add(event, "heldIn", tree.doc.ref(place), sentence, "held-in", 0.75)
            elif body is not None and obj.head.lower_ == "at":
                tree.doc.add(tree.doc.ref(body), "hosted", event, sentence, "held-at-organisation", 0.7)
    here = dateline_place(tree.doc) if any(c.lower_ == "here" for c in verb.children) else None
    for event in events if here is not None else ():  # "TASHKENT, Oct. 14 -- ... a forum held here Tuesday"
        tree.doc.add(event, "heldIn", here, sentence, "held-here-dateline", 0.7)
    # "Tajikistan plans to hold a roundtable": its organiser (active only: "was held" names no holder)
    if verb_lemma == "hold" and any(c.dep_ == "dobj" for c in verb.children):
        planned = verb.dep_ in ("xcomp", "ccomp") and _lemma(verb.head) in PLAN  # not "offered holding": a proposal
        for agent in agents(verb) or (agents(verb.head) if planned else []):
            doer = tree.named(agent, ("Organisation", "Place"))
            if doer is not None and (tree.doc.family(doer) == "Organisation" or doer.cls == "Country"):
                for event in events:
                    tree.doc.add(tree.doc.ref(doer), "organised", event, sentence, "holder-organised", 0.65)
    if verb_lemma == "host":
        for agent in agents(verb):
            place = tree.mention(agent, ("Place",))
            for event in events if place is not None else ():
                tree.doc.add(event, "heldIn", tree.doc.ref(place), sentence, "place-hosted-event", 0.7)


def dateline_place(doc: Document) -> str | None:
    """The city of the article's dateline ("TASHKENT, Oct. 14 (Xinhua) --"), what its "here" means."""
    line = DATELINE_CITY.search(doc.text[:400])
    if line is None:
        return None
    place = next((m for m in doc.mentions if m.start == line.start(1) and doc.family(m) == "Place"), None)
    return doc.ref(place) if place is not None else None


def _members_own_event(tree: Tree, sentence: Span, verb) -> None:  # type: ignore[no-untyped-def]
    """"G20 members wrapped up their summit", "the SCO member states held their meeting": the event of the
    members' own organisation, which organised it."""
    if _lemma(verb) not in HOLD | CLOSE:
        return
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        if not any(c.dep_ == "poss" and c.lower_ == "their" for c in obj.children):
            continue
        event = tree.named(obj, ("Event",))
        for subject in (t for t in agents(verb) if lemma(t) in ("member", "state", "country")):
            owner = next((m for m in (tree.mention(c, ("Organisation",)) for c in subject.subtree if c != subject)
                          if m is not None), None)
            if event is not None and owner is not None:
                tree.doc.add(tree.doc.ref(owner), "organised", tree.doc.ref(event), sentence, "members-own-event",
                             0.6)


def _host_city(tree: Tree, sentence: Span, tokens) -> None:  # type: ignore[no-untyped-def]
    """"Hangzhou, the host city of the G20 summit": the event was held there."""
    for token in tokens:
        if lemma(token) not in ("city", "venue") or not any(c.lower_ == "host" for c in token.children):
            continue
        before = tree.doc.text[max(sentence.start, token.idx - 40):token.idx]
        lead = re.search(r",\s+the\s+host\s+$", before)
        place = next((m for m in tree.doc.in_span(sentence, ("Place",)) if lead and
                      m.end == token.idx - len(lead.group())), None)
        for event in events_of(tree, list(prepositional(token, ("of",)))) if place is not None else ():
            tree.doc.add(event, "heldIn", tree.doc.ref(place), sentence, "host-city-of", 0.7)


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
    doers += _joined_before(tree, sentence, doers)
    remote = REMOTE.search(" ".join(t.text for t in verb.subtree))
    for doer in doers:
        is_person = tree.doc.family(doer) == "Person"
        for event in events:
            if verb_lemma in SPEAK and is_person:
                tree.doc.add(tree.doc.ref(doer), "spokeRemotelyAt" if remote else "spokeAt", event, sentence,
                             "speech-verb-remote" if remote else "speech-verb-at-event", 0.75)
            elif verb_lemma not in ORGANISE | HOST | SPEAK:
                tree.doc.add(tree.doc.ref(doer), "participatedIn", event, sentence, "subject-at-event", 0.65)


_TITLE_WORD = re.compile(r"[A-Z][\w'’-]*|president|minister|prime|vice|deputy|chairman|chairwoman|secretary|general|"
                         r"ambassador|director|head|founder|governor|mayor|premier|executive|chief|of|the")


def _joined_before(tree: Tree, sentence: Span, doers: list) -> list:  # type: ignore[type-arg]
    """"Ma and Rwandan president Paul Kagame jointly unveiled ...": the small parser may leave the first of
    two people joined by "and" (and the second's title) out of the verb's subject; both do it."""
    found = []
    for doer in doers:
        for person in tree.doc.in_span(sentence, ("Person",)):
            between = tree.doc.text[person.end:doer.start]
            words = re.fullmatch(r"\s+and\s+((?:[\w'’-]+\s+){0,4})", between)
            if words and doer.cls == "Person" and person not in doers + found and \
                    all(_TITLE_WORD.fullmatch(w) for w in words.group(1).split()):
                found.append(person)
    return found


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
        while verb is not None and not agents(verb) and verb.dep_ in ("pcomp", "xcomp", "acl") and verb.head != verb:
            verb = governing_verb(verb.head)  # "witnessed the signing of the deal on upgrading X ... on the sidelines"
        if not events or verb is None:
            continue
        doers = [tree.named(t, ("Person",)) for t in agents(verb)]
        if not doers:  # the small parser hangs "Xi and Bachelet" on the event's name: the names before the verb
            doers = [m for m in tree.doc.in_span(sentence, ("Person",)) if token.idx < m.start < verb.idx]
        for doer in doers:
            if doer is not None:
                tree.doc.add(tree.doc.ref(doer), "participatedIn", events[0], sentence, "on-the-sidelines-of", 0.7)


__all__ = ["REMOTE", "apply_clauses"]
