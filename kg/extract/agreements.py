"""Agreements named by what they are and who signed them, where the text gives no proper name.

  - "Cambodia and China signed a Memorandum of Understanding (MoU) on e-commerce cooperation": the
    "Cambodia-China Memorandum of Understanding on e-commerce cooperation", also the "China-Cambodia ..."
    and, with the abbreviation the text gives, the "Cambodia-China MoU on ..." (a bilateral agreement is
    named with its parties in either order); a bare "Memorandum of Understanding" names every MoU.
  - "The deal upgrading the China-Chile Free Trade Agreement": an agreement named by its kind, its verb
    and the agreement it acts on; a later "the protocol of upgrading the FTA" is the same one, and gives it
    the name "Protocol upgrading the China-Chile Free Trade Agreement" too.
  - "a Moscow declaration": a document named after the place it was adopted in.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.extract.gazetteer import place_class
from kg.extract.mention import Mention
from kg.extract.text import Span

_KINDS = r"(?:deal|protocol|agreement|accord|treaty|memorandum|MoU|MOU|amendment)"
_ACTS_ON = re.compile(rf"\b(?P<det>[Tt]he|[Aa]n?)\s+(?P<kind>{_KINDS})\s+(?:of\s+|on\s+|to\s+|for\s+)?"
                      r"(?P<verb>upgrad|amend|extend|revis|renew|implement)(?:ing|e|es|ed)?\s+the\s+(?P<object>[\w-]+)")
_PLACE_DOCUMENT = re.compile(r"\b(?:[Aa]n?|[Tt]he)\s+(?P<place>[A-Z][\w'’-]+)\s+(?P<kind>declaration|agreement|"
                             r"accord|protocol|treaty|convention|communiqu[eé])\b")
_SIGNED = re.compile(r"\s+(?:have\s+|has\s+|had\s+|jointly\s+|formally\s+)*(?:signed|inked|concluded)\s+(?:an?|the)\s+$")
_ABBREVIATION = re.compile(r"\s*\((?P<short>[A-Za-z]{2,8})\)")
_TOPIC = re.compile(r"\s+on\s+(?P<topic>(?:[\w-]+\s+){0,4}?(?:cooperation|trade|e-commerce|investment|[\w-]+))"
                    r"(?=\s*(?:[,.;]|$|\s+(?:here|in|at|on|with|between|during|which|that|to)\b))")
_PARTY_FAMILIES = ("Country", "Province", "City", "Region", "Place", "Organisation", "GovernmentBody", "Company",
                   "InternationalOrganisation")


def place_documents(sentence: Span) -> list[Mention]:
    """"a Moscow declaration": an agreement named after a place, as the text writes it."""
    result = []
    for match in _PLACE_DOCUMENT.finditer(sentence.text):
        if place_class(match.group("place")):
            start = sentence.start + match.start("place")
            words = sentence.text[match.start("place"):match.end("kind")]
            result.append(Mention(start, start + len(words), words, "Agreement", None, "agreement-place-named", 0.6))
    return result


def described_agreements(sentences: list[Span], mentions: list[Mention]) -> list[Mention]:
    """"The deal upgrading the X Agreement": a mention of the kind's word, named "Deal upgrading the X
    Agreement" (the agreement acted on stays a mention of its own). A later one with the same verb whose
    object the text abbreviates ("the protocol of upgrading the FTA") is the same agreement, and its kind
    gives that one another name ("Protocol upgrading the X Agreement"); one with no named object before
    names nothing."""
    result, first = [], {}
    for sentence in sentences:
        for match in _ACTS_ON.finditer(sentence.text):
            start = sentence.start + match.start("kind")
            if any(m.start <= start < m.end for m in mentions):
                continue
            obj_start = sentence.start + match.start("object")
            target = next((m for m in mentions if m.start == obj_start and m.cls == "Agreement"), None)
            kind, verb = match.group("kind"), match.group("verb")
            title = kind[:1].upper() + kind[1:]
            name, aliases = (f"{title} {verb}ing the {target.label}", ()) if target and verb not in first else (None, ())
            if name is None and verb in first and re.fullmatch(r"[A-Z]{2,6}s?|agreement|treaty|deal|protocol|accord",
                                                               match.group("object")):  # "the FTA", not "the deadline"
                name = first[verb]
                aliases = (f"{title} {name.split(' ', 1)[1]}",) if not name.startswith(title + " ") else ()
            if name is None:
                continue
            first.setdefault(verb, name)
            result.append(Mention(start, start + len(kind), kind, "Agreement", None, "agreement-described", 0.6,
                                  name=name, aliases=aliases, evidence=(start, sentence.start + match.end("object"))))
    return result


def signed_agreements(text: str, mentions: list[Mention]) -> list[Mention]:
    """An agreement mention with a generic name ("Memorandum of Understanding", "agreement") that the
    sentence says two parties signed, named after them and its topic."""
    result = list(mentions)
    for i, mention in enumerate(result):
        if mention.cls != "Agreement" or mention.name or not re.fullmatch(
                r"(?i)(?:memorandum of understanding|memorandum|mou|agreement|deal|protocol|treaty|accord)",
                mention.text):
            continue
        verb = _SIGNED.search(text[max(0, mention.start - 40):mention.start])
        if not verb:
            continue
        verb_start = mention.start - (len(text[max(0, mention.start - 40):mention.start]) - verb.start())
        parties = [m for m in result if m.end <= verb_start and m.cls in _PARTY_FAMILIES]
        if len(parties) < 2 or not re.fullmatch(r"\s+and\s+(?:the\s+)?", text[parties[-2].end:parties[-1].start]) \
                or text[parties[-1].end:verb_start].strip():
            continue
        a, b = parties[-2].text, parties[-1].text
        after = text[mention.end:mention.end + 200]
        short = _ABBREVIATION.match(after)
        topic = _TOPIC.match(after[short.end():] if short else after)
        about = f" on {topic.group('topic')}" if topic else ""
        kinds = [mention.text] + ([short.group("short")] if short else [])
        names = [f"{x}-{y} {kind}{about}" for kind in kinds for x, y in ((a, b), (b, a))]
        end = mention.end + (short.end() if short else 0) + (topic.end() if topic else 0)
        result[i] = replace(mention, name=names[0], aliases=tuple(names[1:]), evidence=(parties[-2].start, end))
    return result
