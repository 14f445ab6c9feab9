"""Wholes and their parts named in apposition: an event that is one of the activities of another
("One of the key activities of the 5th Shopping Festival, the carnival ..."; "the carnival, part of the
festival"), an event or initiative under the framework of an initiative, and a country or body that is a member of an organisation ("Kazakhstan, a member of the
SCO"; "Rwanda joined the eWTP"). The words between the two names say it; nearness alone never does.
"""

from __future__ import annotations

import re

from kg.extract.document import Document
from kg.extract.mentions import Mention
from kg.extract.syntax import Tree, agents, lemma, patients
from kg.extract.text import Span

_PART_NOUNS = r"(?:activities|events|highlights|sessions|parts|components|activity|event|highlight|session|part)"
# "One of the key activities of", "As part of", "a highlight of": before the whole
_PART_OF = re.compile(rf"(?:\b(?:as\s+)?(?:an?\s+|one\s+of\s+the\s+)?(?:[a-z-]+\s+){{0,2}}{_PART_NOUNS}\s+of\s+"
                      r"(?:the\s+)?(?:[A-Z][\w'’]*['’]s\s+)?|\bunder\s+the\s+(?:framework|umbrella)\s+of\s+(?:the\s+)?)$",
                      re.I)
WHOLES = ("Event", "Initiative")
_MEMBER_OF = re.compile(r",\s+(?:a|an|the)\s+(?:founding\s+|full\s+|permanent\s+)?member(?:\s+(?:state|country|economy))?"
                        r"\s+of\s+(?:the\s+)?$")
JOIN = frozenset({"join", "accede"})
MEMBERS = ("Place", "Organisation")


def parts_in_sentence(tree: Tree, sentence: Span, mentions: list[Mention]) -> None:
    """Called by kg.extract.affiliations for each sentence (one pass over the parse for both)."""
    _event_parts(tree.doc, sentence, mentions)
    _members(tree.doc, sentence, mentions)
    for token in tree.tokens(sentence.start, sentence.end) or ():
        if token.pos_ == "VERB" and lemma(token) in JOIN:
            _joined(tree, sentence, token)


def _event_parts(doc: Document, sentence: Span, mentions: list[Mention]) -> None:
    events = [m for m in mentions if doc.family(m) in WHOLES]
    for whole in events:
        lead = doc.text[max(sentence.start, whole.start - 60):whole.start]
        if not _PART_OF.search(lead):
            continue
        # "..., part of the Festival": the event just before; "One of the activities of the Festival, the
        # carnival ...": the event named right after the whole (a sentence opening with the part phrase)
        before = [m for m in events if m.end <= whole.start and
                  re.fullmatch(r",\s+", doc.text[m.end:whole.start - len(_PART_OF.search(lead).group())])]
        after = [m for m in events if m.start > whole.end and re.fullmatch(r",\s+", doc.text[whole.end:m.start])]
        opening = doc.text[sentence.start:whole.start - len(_PART_OF.search(lead).group())].strip() == ""
        part = before[-1] if before else (after[0] if after and opening else None)
        if part is None or doc.ref(part) == doc.ref(whole):
            continue
        if doc.family(whole) == "Initiative":  # "..., under the framework of the BRI": a part of the initiative
            doc.add(doc.ref(part), "partOfInitiative", doc.ref(whole), sentence, "part-of-initiative", 0.6)
        elif doc.family(part) == "Event":
            doc.add(doc.ref(part), "partOfEvent", doc.ref(whole), sentence, "event-part-of-event", 0.65)


def _members(doc: Document, sentence: Span, mentions: list[Mention]) -> None:
    """"Kazakhstan, a member of the SCO": the member before the apposition, the organisation after it."""
    for member, whole in zip(mentions, mentions[1:]):
        if doc.family(member) in MEMBERS and doc.family(whole) == "Organisation" and \
                _MEMBER_OF.fullmatch(doc.text[member.end:whole.start]):
            doc.add(doc.ref(member), "memberOf", doc.ref(whole), sentence, "member-apposition", 0.7)


def _joined(tree: Tree, sentence: Span, verb) -> None:  # type: ignore[no-untyped-def]
    """"Rwanda and Laos joined the SCO": the subjects are members of the organisation they joined."""
    wholes = [m for t in patients(verb) if (m := tree.named(t, ("Organisation",))) is not None]
    members = [m for t in agents(verb) if (m := tree.named(t, MEMBERS)) is not None]
    for whole in wholes[:1]:
        for member in members:
            tree.doc.add(tree.doc.ref(member), "memberOf", tree.doc.ref(whole), sentence, "joined-organisation", 0.65)
