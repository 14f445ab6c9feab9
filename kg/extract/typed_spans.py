"""Capitalised spans typed by their head words, the place list and their context; names an article
spells out before an acronym in brackets."""

from __future__ import annotations

import re

from kg.extract.events import ORDINAL_BEFORE, event_mention
from kg.extract.gazetteer import NOT_ORGANISATIONS, Gazetteer, class_of_name, known_places, place_class
from kg.extract.mention import EVENT_CLASSES, Mention
from kg.extract.persons import NOT_NAMES, TITLE_RE
from kg.extract.text import Span, normalise, split_at_joiners
from kg.resolution.names import acronym as initials
from kg.resolution.names import is_acronym, name_of

_PLACE_CONTEXT = re.compile(r"\b(?:in|to|from|at|near|visit(?:ed)?|capital of)\s+$")
_PLACE_HEADS = ("Province", "District", "City", "Region")
_MISSION = re.compile(r"\b(?:Consulate|Embassy|Mission|Representative Office|Office|Delegation|Branch|Bureau)\b")


def defined_acronyms(sentence: Span, model: dict[tuple[int, int], str], undefined: set[str]) -> list[Mention]:
    """"Asia-Pacific Economic Cooperation (APEC)": the article says what an acronym stands for. The
    name (the words before the brackets whose initials the acronym spells) is a mention of its head's
    class, or an organisation when the model sees one in it or in the acronym; a name in lower case
    ("South-South and triangular cooperation (SSTC)") or one nothing types is a notion, and the
    acronym, named alone later, is no organisation either."""
    result = []
    for match in re.finditer(r"\((?P<acronym>[A-Za-z][A-Za-z&.-]{1,11})\)", sentence.text):
        acronym_text = match.group("acronym")
        if not is_acronym(acronym_text):
            continue
        before = sentence.text[:match.start()].rstrip()
        words = list(re.finditer(r"[\w'’.&-]+", before))[-12:]
        name, start = None, 0
        for first in words:  # the longest tail of the words before that the acronym spells
            tail = before[first.start():]
            if first.group().lower() not in ("the", "a", "an", "of", "and", "for", "on", "in") and \
                    initials(name_of(tail)) == normalise(acronym_text):
                name, start = tail, sentence.start + first.start()
                break
        if name is None:
            continue
        end = start + len(name)
        inside = (sentence.start + match.start("acronym"), sentence.start + match.end("acronym"))
        proper = all(w[:1].isupper() or w.lower() in ("of", "the", "for", "and", "on", "in", "to") or w[:1].isdigit()
                     for w in name.split())
        cls = class_of_name(name) if proper else None
        if cls is None and proper and any(  # the model sees a body in the name or its acronym
                label == "ORG" and ((s <= start + 1 and end - 1 <= e) or (s, e) == inside)
                for (s, e), label in model.items()):
            cls = "Organisation"
        if cls is None:
            undefined.add(acronym_text)
        elif cls not in EVENT_CLASSES:
            result.append(Mention(start, end, name, cls, None, "defined-acronym", 0.7))
    return result



def typed_span(span: Span, text: str, gazetteer: Gazetteer) -> list[Mention]:
    # "China's Shaanxi Province": two names; "Chinese People's Political Consultative Conference": one
    possessive = re.search(r"(?<!People)['’]s\s+", span.text)
    if possessive:
        owner = Span(span.start, span.start + possessive.start(), span.text[:possessive.start()])
        rest = Span(span.start + possessive.end(), span.end, span.text[possessive.end():])
        return [m for part in (owner, rest) if part.text for m in typed_span(part, text, gazetteer)]
    if span.text.endswith(("'s", "’s")):
        span = Span(span.start, span.end - 2, span.text[:-2])
    whole = known_places().get(normalise(span.text))
    if whole and " and " in span.text:  # "Central and Eastern Europe", "Antigua and Barbuda"
        return [Mention(span.start, span.end, span.text, whole, None, "place-list", 0.85)]
    located = split_at_joiners(span, ("in",))  # "Ghent University in Belgium": two names, but not
    # "Consulate General of Uzbekistan in Shanghai" (a mission is named by where it is) nor
    # "China Association of Trade in Services" (no place after "in")
    if len(located) > 1 and (place_class(located[-1].text) or class_of_name(located[-1].text) in _PLACE_HEADS) \
            and not _MISSION.search(located[0].text):
        return [m for part in located for m in typed_span(part, text, gazetteer)]
    # "Global Development Conference and Chairman of the Global Cross-border E-commerce Conference": a second
    # post of the same person begins after "and", so the two bodies are two names
    for joint in re.finditer(r"\s+and\s+", span.text):
        title = TITLE_RE.match(span.text, joint.end())
        link = re.match(r"\s+(?:of|at)\s+(?:the\s+)?", span.text[title.end():]) if title else None
        if title and link and span.text[joint.end():joint.end() + 1].isupper():
            left = Span(span.start, span.start + joint.start(), span.text[:joint.start()])
            at = title.end() + link.end()
            right = Span(span.start + at, span.end, span.text[at:])
            return [m for part in (left, right) if part.text for m in typed_span(part, text, gazetteer)]
    # "UNOSSC Cities Project and the China Association ...": two names, each with its head; but one in
    # "Zhengzhou International Convention and Exhibition Center"
    coordinated = _split_at_and_the(span)
    if len(coordinated) > 1 and all(class_of_name(p.text) or known_places().get(normalise(p.text))
                                    for p in coordinated) and not known_places().get(normalise(span.text)):
        return [m for part in coordinated for m in typed_span(part, text, gazetteer)]
    cls = class_of_name(span.text)
    if cls is None and "Silk Road" in span.text and normalise(span.text) != "silk road":
        cls = "Initiative"  # "Silk Road E-Commerce Cooperation"; not the bare old trade route
    if cls in EVENT_CLASSES:
        return [event_mention(span, cls, text)] if " " in span.text.strip() else []  # "Day", "Forum": no name
    if cls is not None and " " in span.text.strip():  # a bare head word ("Building", "Council") names nothing
        ordinal = ORDINAL_BEFORE.search(text[max(0, span.start - 12):span.start])
        if cls in ("GovernmentBody", "PartyBody") and ordinal and ordinal.group("num"):
            span = Span(span.start - len(ordinal.group()), span.end, text[span.start - len(ordinal.group()):span.end])
            # "the 14th National Committee of the CPPCC": a body's term is part of its name
        return [Mention(span.start, span.end, span.text, cls, None, "head-word", 0.7)]
    coordinated = split_at_joiners(span, ("and",))
    if len(coordinated) > 1 and any(class_of_name(p.text) for p in coordinated):
        return [m for part in coordinated for m in typed_span(part, text, gazetteer)]
    result = []
    for part in split_at_joiners(span):
        key = normalise(part.text)
        place = known_places().get(key)
        if place:
            result.append(Mention(part.start, part.end, part.text, place, None, "place-list", 0.85))
        elif class_of_name(part.text) == "Agreement" and not text[:part.start].endswith(("the ", "The ")):
            # "an MOU": an agreement, never an organisation ("the MoU" is the one named before)
            result.append(Mention(part.start, part.end, part.text, "Agreement", None, "head-word", 0.6))
        elif re.fullmatch(r"[A-Z]{2,6}", part.text) and part.text.lower() not in NOT_ORGANISATIONS:
            result.append(Mention(part.start, part.end, part.text, "Organisation", None, "acronym", 0.5))
        elif _PLACE_CONTEXT.search(text[max(0, part.start - 12):part.start]) and " " not in part.text \
                and part.text.lower() not in NOT_NAMES and part.start == span.start:
            result.append(Mention(part.start, part.end, part.text, "City", None, "place-context", 0.5))
    return result


def _split_at_and_the(span: Span) -> list[Span]:
    parts, position = [], 0
    for match in [*re.finditer(r"\s+and\s+the\s+", span.text), None]:
        end = match.start() if match else len(span.text)
        parts.append(Span(span.start + position, span.start + end, span.text[position:end]))
        position = match.end() if match else end
    return parts

