"""Where bodies are and whose they are, and who champions an initiative.

- An organisation's own name says where it is ("Consulate General of Pakistan in Shanghai": in Shanghai),
  and so do "Hangzhou-based Alibaba" and "Headquartered in Hangzhou, ..., Alibaba" (the participle's subject).
- Bodies that are parts of other bodies, and programmes of programmes: kg.extract.units.
- An event whose purpose is to advance an initiative promotes it ("the forum aims to promote the DSR"),
  and so does the owner of "its initiative on X".
- Whoever proposed, launched, initiated or advocates an initiative promotes it ("The eWTP was proposed by
  Jack Ma", "Alibaba-proposed eWTP", "China launched the Digital Silk Road").
Each reads the words a verb or a name governs, never the nearest name in the text; rule names become methods.
"""

from __future__ import annotations

import re

from kg.extract.document import Document
from kg.extract.mentions import Mention
from kg.extract.parts import initiative_of, parts_in_sentence
from kg.extract.posts import place_ref
from kg.extract.roles import apply_roles
from kg.extract.units import apply_units
from kg.extract.syntax import Tree, agents, lemma, patients
from kg.extract.text import Span, normalise

PROMOTE = frozenset({"propose", "launch", "initiate", "advocate", "champion", "pioneer", "spearhead", "unveil"})
LOCATE = frozenset({"headquarter", "base", "locate", "seat"})
SERVE = frozenset({"achieve", "advance", "promote", "support", "boost", "implement", "serve", "build"})
AGENTS = ("Person", "Organisation", "Place")


def apply_affiliations(doc: Document) -> None:
    tree = Tree.of(doc)
    for sentence in doc.sentences:
        mentions = doc.in_span(sentence)
        _located_by_name(doc, sentence, mentions)
        _based(doc, sentence, mentions)
        _promoted_compound(doc, sentence, mentions)
        _own_initiative(doc, sentence, mentions)
        parts_in_sentence(tree, sentence, mentions)
        _place_of_event(doc, sentence, mentions)
        tokens = tree.tokens(sentence.start, sentence.end)
        for token in tokens or ():
            if token.pos_ in ("VERB", "AUX") and lemma(token) in PROMOTE:
                _promoters(tree, sentence, token)
            if token.pos_ == "VERB" and lemma(token) in SERVE:
                _event_serves(tree, sentence, token)
            if token.pos_ in ("VERB", "AUX") and lemma(token) in LOCATE:
                _headquartered(tree, sentence, token)
    apply_roles(doc, tree, apply_units(doc, tree))


def _located_by_name(doc: Document, sentence: Span, mentions: list[Mention]) -> None:
    """"Consulate General of Pakistan in Shanghai": a body whose name ends "in PLACE" is there."""
    for org in (m for m in mentions if doc.family(m) == "Organisation"):
        tail = re.search(r"\s+in\s+((?:[A-Z][\w'’.-]*\s?){1,3})$", org.text)
        place = place_ref(doc, tail.group(1).strip()) if tail else None
        if place is not None:
            doc.add(doc.ref(org), "locatedIn", place, sentence, "body-named-in-place", 0.7)


def _based(doc: Document, sentence: Span, mentions: list[Mention]) -> None:
    """"Hangzhou-based Alibaba", "the Shanghai-headquartered company X" (the first body named after it)."""
    for place in (m for m in mentions if doc.family(m) == "Place"):
        if not re.match(r"-(?:based|headquartered)\b", doc.text[place.end:place.end + 20]):
            continue
        before = [m for m in mentions if m.end <= place.start and doc.family(m) == "Organisation" and
                  re.fullmatch(r",\s+(?:an?|the)\s+", doc.text[m.end:place.start])]  # "Alibaba, a Hangzhou-based"
        after = [m for m in mentions if m.start > place.end and doc.family(m) == "Organisation" and
                 m.start - place.end < 60 and "," not in doc.text[place.end:m.start]]
        org = (before or after or [None])[0]
        if org is not None:
            doc.add(doc.ref(org), "locatedIn", doc.ref(place), sentence, "place-based-body", 0.7)


def _headquartered(tree: Tree, sentence: Span, verb) -> None:  # type: ignore[no-untyped-def]
    """"Headquartered in Hangzhou, ..., Alibaba is ...", "X, based in Y, ...", "X is located in Y"."""
    doc = tree.doc
    places = [m for prep in verb.children if prep.dep_ == "prep" and prep.lower_ in ("in", "at")
              for t in prep.subtree if (m := tree.mention(t, ("Place",))) is not None]
    if not places:
        return
    if verb.dep_ in ("advcl", "acl", "relcl", "amod"):  # the participle is about its head's subject or its head
        holders = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")] if verb.dep_ == "advcl" \
            else [verb.head]
    else:
        holders = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    for holder in holders:
        org = tree.named(holder, ("Organisation",))
        if org is not None:
            doc.add(doc.ref(org), "locatedIn", doc.ref(places[0]), sentence, "headquartered-in", 0.7)


def _promoters(tree: Tree, sentence: Span, verb) -> None:  # type: ignore[no-untyped-def]
    """"The eWTP was proposed by Jack Ma" / "China launched the Digital Silk Road": the doer promotes it."""
    doc = tree.doc
    by = [c for c in verb.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")]
    if by:
        things = [c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj")] or \
            ([verb.head] if verb.dep_ in ("acl", "relcl") else [])
        # "by Jack Ma, founder of Alibaba": the one named in the phrase, not whose founder he is
        doers = [m for b in by for t in b.subtree if (m := tree.mention(t, AGENTS)) is not None and
                 not any(a.dep_ == "prep" and a.lower_ != "by" for a in t.ancestors if a.i > b.i)]
    else:
        things = patients(verb)
        doers = [m for t in agents(verb) if (m := tree.named(t, AGENTS)) is not None]
    initiatives = [r for t in things if (r := initiative_of(tree, t)) is not None]
    # countries that launched it together are its members (kg.extract.parts), not its promoters
    members = {(f.subject, f.object) for f in doc.facts if f.predicate == "memberOf" and f.start == sentence.start}
    for initiative in initiatives[:1]:
        for doer in (d for d in dict.fromkeys(doers) if (doc.ref(d), initiative) not in members):
            doc.add(doc.ref(doer), "promotes", initiative, sentence, f"{lemma(verb)}-initiative", 0.65)


def _event_serves(tree: Tree, sentence: Span, verb) -> None:  # type: ignore[no-untyped-def]
    """"The forum aimed to promote the Digital Silk Road", "The series focused on ... harnessing innovation for
    achieving the SDGs": an event whose purpose is to advance an initiative promotes it (an event only: what
    countries agree to build is their cooperation's aim, not a promoter's)."""
    initiatives = [r for t in patients(verb) if (r := initiative_of(tree, t)) is not None]
    clause, steps = verb, 0
    while clause.dep_ in ("xcomp", "advcl", "pcomp", "pobj", "prep", "acl", "conj", "dobj") and steps < 8 and \
            not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):  # a clause of its own subject
        clause, steps = clause.head, steps + 1
    events = [m for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and
              (m := tree.named(c, ("Event",))) is not None]
    for initiative in initiatives[:1]:
        for event in events[:1]:
            tree.doc.add(tree.doc.ref(event), "promotes", initiative, sentence, f"event-to-{lemma(verb)}-initiative", 0.6)


_OWN_INITIATIVE = re.compile(r"(?:\b(?P<pronoun>its|it['’]s|their)|['’]s)\s+(?:own\s+)?(?:initiative|proposal)\s+"
                             r"(?:on|for|of)\s+(?:an?\s+|the\s+)?$")


def _own_initiative(doc: Document, sentence: Span, mentions: list[Mention]) -> None:
    """"the B20's initiative on an Electronic World Trade Platform", "take note of its initiative on X": the
    owner (the body before "'s", or for "its" the last body named before it in the sentence) promotes X."""
    for thing in (m for m in mentions if doc.family(m) == "Initiative"):
        lead = _OWN_INITIATIVE.search(doc.text[max(sentence.start, thing.start - 60):thing.start])
        if not lead:
            continue
        at = thing.start - len(lead.group())
        owners = [m for m in mentions if doc.family(m) in ("Organisation", "Place", "Person") and
                  (m.end == at if not lead.group("pronoun") else m.end < at)]
        if owners:
            doc.add(doc.ref(owners[-1]), "promotes", doc.ref(thing), sentence, "own-initiative", 0.6)


def _promoted_compound(doc: Document, sentence: Span, mentions: list[Mention]) -> None:
    """"the Alibaba-proposed eWTP": the body before "-proposed" promotes the initiative after it."""
    for doer in (m for m in mentions if doc.family(m) in AGENTS):
        verb = re.match(r"-(?:proposed|launched|initiated|led|backed)\s+", doc.text[doer.end:doer.end + 20])
        if not verb:
            continue
        after = next((m for m in mentions if m.start == doer.end + verb.end()), None)
        if after is not None and doc.family(after) == "Initiative":
            doc.add(doc.ref(doer), "promotes", doc.ref(after), sentence, "compound-proposed-initiative", 0.65)


def _place_of_event(doc: Document, sentence: Span, mentions: list[Mention]) -> None:
    """"Shanghai's 5th Double Five Shopping Festival": a city's event is held in that city."""
    for place, event in zip(mentions, mentions[1:]):
        if doc.family(place) == "Place" and place.cls in ("City", "District", "Province") and \
                doc.family(event) == "Event" and re.fullmatch(r"['’]s\s+", doc.text[place.end:event.start]):
            doc.add(doc.ref(event), "heldIn", doc.ref(place), sentence, "place-possessive-event", 0.65)
