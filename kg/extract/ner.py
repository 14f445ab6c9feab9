"""Mentions from the statistical model: spaCy's PERSON, ORG, GPE/LOC, FAC, EVENT and LAW entities,
cleaned of what the model includes around a name ("the", a title before a person, a possessive)
and typed by the same head words and gazetteer as the rules.

The rules (kg.extract.mentions) find long institutional names, editions and agreements that the
model cuts or misses; the model finds what no head word marks: people ("Kem Sithan"), companies and
platforms ("Ant Financial", "Temu"), media ("China Daily"). Where both find a name the longer wins.
"""

from __future__ import annotations

import re

from kg.extract.gazetteer import NOT_ORGANISATIONS, class_of_name, place_class
from kg.extract.mentions import TITLE_RE, Mention
from kg.resolution.names import is_acronym

_CONFIDENCE = {"PERSON": 0.8, "ORG": 0.7, "GPE": 0.75, "LOC": 0.65, "FAC": 0.6, "EVENT": 0.65, "LAW": 0.6}
_LEAD = re.compile(r"^(?:(?:the|a|an|its|their|his|her)\s+|(?:Mr|Mrs|Ms|Dr|Prof|Madam|H\.E)\.?\s+)+", re.I)
_TRAIL = re.compile(r"(?:['’]s|\s*\([^)]*|\s*/.*)$")  # a possessive, a bracket, a photo credit "/Photo"
_GENERIC_ORG = re.compile(r"^(?:(?:Provincial|Municipal|National|Central|Local|State|City|Big)\s+)?"
                          r"(?:Government|Committee|Council|Data|Ministry|Department|Party)$")


def model_mentions(parsed, text: str) -> list[Mention]:  # type: ignore[no-untyped-def]
    """Typed mentions for the model's entities in a parsed article."""
    found: list[Mention] = []
    person_words = {w for e in parsed.ents if e.label_ == "PERSON" and " " in e.text for w in e.text.split()}
    for ent in parsed.ents:
        if ent.label_ not in _CONFIDENCE:
            continue
        start, end = ent.start_char, ent.end_char
        surface = text[start:end]
        lead = _LEAD.match(surface)
        if lead:
            start += lead.end()
        trail = _TRAIL.search(text[start:end])
        if trail:
            end = start + trail.start()
        label = ent.label_
        if label in ("PERSON", "ORG"):  # "State Sok Sopheak": a title's end is not the name
            after = _after_titles(text, start, end)
            if after != start and label == "ORG" and class_of_name(text[after:end]) is None:
                label = "PERSON"
            start = after
        owner = re.search(r"['’]s\s+(?=[A-Z])", text[start:end]) if label == "ORG" else None
        if owner:  # "Alibaba's Electronic World Trade Platform": the owner is a name of its own
            start += owner.end()
        name = text[start:end].strip(" ,.;:-\"“”")
        if not name or not name[:1].isupper() or len(name) < 2:
            continue
        if label == "ORG" and name in person_words:  # "Wang said": the person named before
            continue
        if label == "PERSON" and " " not in name and name not in person_words:
            continue  # a lone word the model calls a person ("Principal", "Temu"), unless a surname used before
        start = text.index(name, start)
        mention = _typed(label, name, start)
        if mention is not None:
            found.append(mention)
    return found


def _after_titles(text: str, start: int, end: int) -> int:
    """Where the name starts after leading title words ("State Sok Sopheak" -> "Sok Sopheak")."""
    words = list(re.finditer(r"\S+", text[start:end]))
    while len(words) > 1 and (TITLE_RE.fullmatch(words[0].group()) or words[0].group() in ("State", "of")):
        words = words[1:]
    return start + words[0].start() if words else start


def _typed(label: str, name: str, start: int) -> Mention | None:
    end = start + len(name)
    confidence = _CONFIDENCE[label]
    head = class_of_name(name)
    if label == "PERSON":
        if head or place_class(name) or len(name.split()) > 4 or any(c.isdigit() for c in name):
            return Mention(start, end, name, head, None, "ner-typed", 0.55) if head else None
        return Mention(start, end, name, "Person", None, "ner-person", confidence)
    if label in ("GPE", "LOC"):
        cls = place_class(name) or (head if head in ("Province", "District", "City", "Region") else None)
        if cls is None:
            return Mention(start, end, name, head, None, "ner-typed", 0.55) if head else None
        return Mention(start, end, name, cls, None, "ner-place", confidence)
    if label == "LAW":  # the model's laws include exhibits and titles: only a named agreement counts
        return Mention(start, end, name, "Agreement", None, "ner-agreement", confidence) if head == "Agreement" else None
    if label == "EVENT":
        return Mention(start, end, name, head, None, "ner-event", confidence) if head else None
    if label == "FAC":
        return Mention(start, end, name, head or "Venue", None, "ner-facility", confidence)
    # ORG
    if name.lower() in NOT_ORGANISATIONS or (is_acronym(name) and len(name) < 3) or _GENERIC_ORG.match(name):
        return None
    if place_class(name) and not head:  # "China" as an actor is still the country
        return Mention(start, end, name, place_class(name) or "Place", None, "ner-place", 0.6)
    if head is None and (len(name.split()) > 3 or re.search(r"\s(?:for|on|among|in|of)\s", name)):
        return None  # "Triangular Cooperation Among Cities on Cross": a topic, not a body
    return Mention(start, end, name, head or "Organisation", None, "ner-organisation", confidence)
