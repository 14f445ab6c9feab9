"""Where bodies are and whose they are, and who champions an initiative.

- An organisation's own name says where it is ("Consulate General of Pakistan in Shanghai": in Shanghai),
  and so do "Hangzhou-based Alibaba" and "Headquartered in Hangzhou, ..., Alibaba" (the participle's subject).
- A body named by another body's name and a body noun is part of it ("SCO Secretariat", "B20 SME
  Development Taskforce" of the Business 20 (B20)).
- Whoever proposed, launched, initiated or advocates an initiative promotes it ("The eWTP was proposed by
  Jack Ma", "Alibaba-proposed eWTP", "China launched the Digital Silk Road").
Each reads the words a verb or a name governs, never the nearest name in the text; rule names become methods.
"""

from __future__ import annotations

import re

from kg.extract.document import Document
from kg.extract.mentions import Mention
from kg.extract.parts import parts_in_sentence
from kg.extract.posts import place_ref
from kg.extract.roles import apply_roles
from kg.extract.syntax import Tree, agents, lemma, patients
from kg.extract.text import Span, normalise

PROMOTE = frozenset({"propose", "launch", "initiate", "advocate", "champion", "pioneer", "spearhead", "unveil"})
LOCATE = frozenset({"headquarter", "base", "locate", "seat"})
# the nouns that make a name a part of a larger body: "SCO Secretariat", "the UN Development Programme"
_BODY_PART = re.compile(r"\b(?:secretariat|taskforce|task force|working group|department|bureau|office|"
                        r"commission|committee|council|division|project|programme|program|centre|center|"
                        r"business council|unit)\b", re.I)
AGENTS = ("Person", "Organisation", "Place")


def apply_affiliations(doc: Document) -> None:
    tree = Tree.of(doc)
    for sentence in doc.sentences:
        mentions = doc.in_span(sentence)
        _located_by_name(doc, sentence, mentions)
        _based(doc, sentence, mentions)
        _promoted_compound(doc, sentence, mentions)
        parts_in_sentence(tree, sentence, mentions)
        _place_of_event(doc, sentence, mentions)
        tokens = tree.tokens(sentence.start, sentence.end)
        for token in tokens or ():
            if token.pos_ in ("VERB", "AUX") and lemma(token) in PROMOTE:
                _promoters(tree, sentence, token)
            if token.pos_ in ("VERB", "AUX") and lemma(token) in LOCATE:
                _headquartered(tree, sentence, token)
    _parts_by_name(doc)
    apply_roles(doc, tree)


def _sentence_of(doc: Document, mention: Mention) -> Span:
    return next(s for s in doc.sentences if s.start <= mention.start < s.end)


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
    initiatives = [r for t in things if (r := _initiative(tree, t)) is not None]
    for initiative in initiatives[:1]:
        for doer in dict.fromkeys(doers):
            doc.add(doc.ref(doer), "promotes", initiative, sentence, f"{lemma(verb)}-initiative", 0.65)


def _initiative(tree: Tree, token) -> str | None:  # type: ignore[no-untyped-def]
    """The initiative a noun names: its mention, or an acronym the article gave it before ("the eWTP")."""
    named = tree.named(token, ("Initiative",))
    if named is not None:
        return tree.doc.ref(named)
    for m in tree.doc.mentions:
        entity = tree.doc.entity(tree.doc.ref(m)) if m.end <= token.idx else None
        bracket = re.match(r"\s*\(([^()]{2,12})\)", tree.doc.text[m.end:m.end + 16])
        if entity is not None and tree.doc.family(m) == "Initiative" and \
                (token.text in entity.aliases or (bracket is not None and bracket.group(1) == token.text)):
            return entity.ref
    return None


def _promoted_compound(doc: Document, sentence: Span, mentions: list[Mention]) -> None:
    """"the Alibaba-proposed eWTP": the body before "-proposed" promotes the initiative after it."""
    for doer in (m for m in mentions if doc.family(m) in AGENTS):
        verb = re.match(r"-(?:proposed|launched|initiated|led|backed)\s+", doc.text[doer.end:doer.end + 20])
        if not verb:
            continue
        after = next((m for m in mentions if m.start == doer.end + verb.end()), None)
        if after is not None and doc.family(after) == "Initiative":
            doc.add(doc.ref(doer), "promotes", doc.ref(after), sentence, "compound-proposed-initiative", 0.65)


def _parts_by_name(doc: Document) -> None:
    """"SCO Secretariat": an organisation whose name is another organisation's name or acronym followed
    by a body noun is a part of that organisation (the larger body must be named in the article)."""
    names: dict[str, str] = {}
    for m in doc.mentions:
        if doc.family(m) == "Organisation":
            entity = doc.entity(doc.ref(m))
            for name in (m.text, *((entity.label, *entity.aliases) if entity else ())):
                names.setdefault(normalise(name), doc.ref(m))
    seen: set[str] = set()
    for m in doc.mentions:
        if doc.family(m) != "Organisation" or doc.ref(m) in seen:
            continue
        seen.add(doc.ref(m))
        entity = doc.entity(doc.ref(m))
        label = entity.label if entity else m.text
        words = normalise(label).split()
        for cut in range(min(len(words) - 1, 5), 0, -1):
            parent = names.get(" ".join(words[:cut]))
            rest = " ".join(words[cut:])
            if parent and parent != doc.ref(m) and _BODY_PART.search(rest):
                doc.add(doc.ref(m), "subOrganizationOf", parent, _sentence_of(doc, m), "body-named-after-body", 0.6)
                break


def _place_of_event(doc: Document, sentence: Span, mentions: list[Mention]) -> None:
    """"Shanghai's 5th Double Five Shopping Festival": a city's event is held in that city."""
    for place, event in zip(mentions, mentions[1:]):
        if doc.family(place) == "Place" and place.cls in ("City", "District", "Province") and \
                doc.family(event) == "Event" and re.fullmatch(r"['’]s\s+", doc.text[place.end:event.start]):
            doc.add(doc.ref(event), "heldIn", doc.ref(place), sentence, "place-possessive-event", 0.65)
