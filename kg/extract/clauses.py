"""Event relations from the dependency parse: who organised, hosted, attended or spoke at an event,
where and when it was held, and which agreement was signed when.

Each rule reads a verb and its arguments, so a fact is only stated for the words the verb governs:
"The forum, hosted by A, was held on 13 October in Tashkent" gives hosted(A), startDate and heldIn
of the forum; "the post office handled 4 million parcels in 2023" dates no event, because "handled"
is not a verb that holds, opens or signs anything. Rule names become the claims' methods.
"""

from __future__ import annotations

import re

from kg.extract.dates import DateMention, dateline, find_dates
from kg.extract.document import Document
from kg.extract.mentions import Mention
from kg.extract.syntax import (Tree, agents, clause_prepositional, governing_verb, lemma, patients,
                              prepositional, with_conjuncts)
from kg.extract.text import Span

ORGANISE = frozenset({"organize", "organise", "co-organize", "co-organise", "sponsor", "convene", "stage"})
HOST = frozenset({"host", "co-host"})
HOLD = frozenset({"hold", "take", "open", "kick", "start", "begin", "launch", "co-launch", "run", "convene", "hold",
                  "inaugurate", "unveil", "host", "organize", "organise", "stage", "commence"})
CLOSE = frozenset({"close", "end", "conclude", "wrap", "finish"})
SIGN = frozenset({"sign", "ink", "conclude", "adopt", "approve", "publish", "release", "issue", "seal"})
SPEAK = frozenset({"say", "note", "tell", "stress", "highlight", "emphasize", "emphasise", "underline", "add",
                   "remark", "state", "speak", "address", "deliver", "announce", "point", "explain", "urge", "call",
                   "observe", "welcome", "greet"})
ATTEND = frozenset({"attend", "join", "participate", "witness", "visit"})
# not "online": "online platforms" are no speech, and a speaker at an online forum is its speaker
REMOTE = re.compile(r"\b(?:video (?:message|link|address|speech|call)|videoconference|virtually|remotely)\b",
                     re.I)
AGENTS = ("Person", "Organisation")
START_NOUNS = frozenset({"launch", "opening", "establishment", "founding", "inception", "inauguration", "creation"})


def _lemma(token) -> str:  # type: ignore[no-untyped-def]
    return lemma(token).replace("co-", "")


def _is_co(token) -> bool:  # type: ignore[no-untyped-def]
    """"co-organized" is three tokens; the verb is the last."""
    return token.i >= 2 and token.doc[token.i - 1].text == "-" and token.doc[token.i - 2].lower_ == "co"


def _events(tree: Tree, tokens: list) -> list[str]:  # type: ignore[no-untyped-def,type-arg]
    found = [tree.named(t, ("Event",)) or _antecedent(tree, t) for t in tokens]
    return list(dict.fromkeys(tree.doc.ref(m) for m in found if m is not None))


def _antecedent(tree: Tree, token) -> Mention | None:  # type: ignore[no-untyped-def]
    """"the roundtable ..., that will take place on 23-24 June": the event a relative pronoun follows (the
    small parser often loses the relative clause's noun, so the event named just before, in its sentence)."""
    if token.lower_ not in ("which", "that"):
        return None
    before = [m for m in tree.doc.mentions if token.idx - 120 < m.end <= token.idx and
              tree.doc.family(m) == "Event" and "." not in tree.doc.text[m.end:token.idx]]
    return before[-1] if before else None


def _subject_of_clause(verb) -> list:  # type: ignore[no-untyped-def,type-arg]
    """"The forum was co-organized by": the small model reads "organized" as a complement of "was"."""
    own = [t for t in patients(verb) if not (t.lower_ == "place" and _lemma(verb) == "take")]  # "took place"
    if own:
        return own
    if verb.dep_ in ("acomp", "attr", "xcomp", "advcl") or (verb.dep_ == "ROOT" and lemma(verb) == "be"):
        # "Hosted by A, the seminar opened ...": the participle opening the sentence is about its subject
        return [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return []


def _by_phrase(tree: Tree, verb) -> list[Mention]:  # type: ignore[no-untyped-def]
    """The bodies named in a verb's "by" phrase: "by A, the B of X, C and D" (a long list the small parser
    often reads as appositions and nested prepositions, so every body in the phrase counts), but not one
    that only says whose another is ("the Consulate of Uzbekistan") or a partner ("in partnership with C")."""
    phrase = [c for c in verb.children if c.dep_ in ("agent", "prep") and c.lower_ == "by"]
    if not phrase and verb.dep_ == "acomp":
        phrase = [c for c in verb.head.children if c.dep_ == "agent"]
    found: list[Mention] = []
    for by in phrase:
        for token in by.subtree:
            mention = tree.mention(token, ("Organisation", "Place", "Person"))
            if mention is None or mention in found or _under(token, by, ("of", "with", "for", "from", "under")):
                continue
            found.append(mention)
    return found


def _under(token, top, words: tuple[str, ...]) -> bool:  # type: ignore[no-untyped-def]
    """Is the token inside a prepositional phrase of `words` below `top`?"""
    current = token
    while current != top and current.head != current:
        if current.dep_ == "prep" and current.lower_ in words:
            return True
        current = current.head
    return False


def apply_clauses(doc: Document) -> None:
    first = len(doc.facts)
    tree = Tree.of(doc)
    today = dateline(doc.text, doc.published) or doc.published
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
        for date in find_dates(sentence.text, sentence.start, today):
            _dated(tree, sentence, date)
    _most_precise_dates(doc, first)


def _most_precise_dates(doc: Document, first: int) -> None:
    """"Last year, during the Moscow summit" (2020) and "the summit ... on 10 November 2020": one start date,
    the precise one; a coarser date that the precise one falls in says nothing more."""
    dates = {(f.subject, f.predicate, f.object) for f in doc.facts[first:] if f.predicate in ("startDate", "endDate")}
    doc.facts[first:] = [f for f in doc.facts[first:] if f.predicate not in ("startDate", "endDate") or not any(
        s == f.subject and p == f.predicate and o != f.object and o.startswith(f.object + "-") for s, p, o in dates)]


def _organisers(tree: Tree, sentence: Span, verb) -> None:  # type: ignore[no-untyped-def]
    verb_lemma = _lemma(verb)
    if verb_lemma not in ORGANISE | HOST:
        return
    passive = bool(_by_phrase(tree, verb))
    events = _events(tree, _subject_of_clause(verb) if passive else patients(verb))
    if not events:
        return
    doers = _by_phrase(tree, verb) if passive else \
        [m for m in (tree.named(t, ("Organisation", "Place")) for t in agents(verb)) if m is not None]
    predicate = "hosted" if verb_lemma in HOST else "organised"
    rule = ("co-" if _is_co(verb) else "") + ("hosted-by" if verb_lemma in HOST else "organised-by") + \
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
    events = _events(tree, _subject_of_clause(verb) or [t for t in agents(verb)])
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
    at_event = _events(tree, clause_prepositional(verb, ("at", "during", "to")))
    if verb_lemma in SPEAK | ATTEND or verb_lemma == "take":
        at_event += _events(tree, [c for c in verb.children if c.dep_ in ("dobj", "iobj")])
        if verb_lemma in ("participate", "take"):
            at_event += _events(tree, list(prepositional(verb, ("in",))))
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
        events = _events(tree, list(prepositional(token, ("of",))))
        verb = governing_verb(token)
        if not events or verb is None:
            continue
        doers = [tree.named(t, ("Person",)) for t in agents(verb)]
        if not doers:  # the small parser hangs "Xi and Bachelet" on the event's name: the names before the verb
            doers = [m for m in tree.doc.in_span(sentence, ("Person",)) if token.idx < m.start < verb.idx]
        for doer in doers:
            if doer is not None:
                tree.doc.add(tree.doc.ref(doer), "participatedIn", events[0], sentence, "on-the-sidelines-of", 0.7)


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
        for event in _events(tree, agents(token.head.head)):
            tree.doc.add(event, "endDate", date.value, sentence, "runs-until", 0.7, literal=True)
        return
    if re.search(r"\b(?:since|until|by|before|after)\s+$", lead, re.I):
        return
    attached = token.head.head if token.head.dep_ == "prep" else token.head
    if token.head.dep_ == "prep" and token.head.lower_ not in ("on", "in", "from", "between", "during", "of"):
        return
    own = tree.named(attached, ("Event",)) if attached.pos_ in ("NOUN", "PROPN") else None
    if own is not None:  # "the forum on 13 October"
        _start(tree, sentence, tree.doc.ref(own), date, "date-of-event-noun")
        return
    if lemma(attached) in START_NOUNS:  # "Since its launch in 2020, the X programme has ...": X began then
        owner = next((c for c in attached.children if c.dep_ == "poss"), None)
        named = tree.named(owner, ("Event",)) if owner is not None else None
        if named is None and owner is not None and owner.lower_ in ("its", "their"):
            verb = governing_verb(attached)
            subjects = [tree.named(t, ("Event",)) for t in agents(verb)] if verb is not None else []
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
    if verb_lemma in HOLD | CLOSE | SIGN:
        things = _subject_of_clause(verb) or agents(verb)
        for thing in things:
            event = tree.named(thing, ("Event",)) or _antecedent(tree, thing)
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
    events = _events(tree, clause_prepositional(verb, ("at", "during")))
    for event in events[:1]:  # "On 14 December, members spoke at the conference"
        _start(tree, sentence, event, date, "date-of-activity-at-event")


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


__all__ = ["apply_clauses", "with_conjuncts"]
