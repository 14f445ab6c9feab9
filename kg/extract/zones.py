"""Zones an article names by what they are for, and where they are.

"gave approval for Shanghai to establish a pilot zone for Silk Road e-commerce cooperation": the zone is
the "Silk Road E-commerce Cooperation Pilot Zone" (the text's own words, what it is for before what it
is, as a proper name), and it is in Shanghai, the place that establishes it. A plural ("pilot zones for
X") is a kind of zone, not one zone, and names nothing.
"""

from __future__ import annotations

import re

from kg.extract.mention import Mention
from kg.extract.text import Span

_KIND = r"(?:(?:comprehensive|cooperation|demonstration|development|economic|experimental|free trade|pilot|" \
        r"special)\s+)+zone"
_NOT_TOPIC = r"(?!(?:in|of|and|to|the|with|for|at|on|by|from|that|which)\b)"
_ZONE_FOR = re.compile(rf"\b(?:an?|the)\s+(?P<kind>{_KIND})\s+for\s+"
                       rf"(?P<topic>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*(?:\s+{_NOT_TOPIC}[a-z][\w-]*){{0,3}})(?![\w-])")
# "for Shanghai to establish a pilot zone ...", "allowed Hainan to set up a zone ...": the place establishing it
_ESTABLISHED_BY = re.compile(r"\b(?:for|allow(?:ed|s)?|approv(?:ed|es))\s+"
                             r"(?P<place>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)\s+"
                             r"to\s+(?:establish|build|create|set up|launch|develop)\s+$")


def described_zones(sentence: Span) -> list[Mention]:
    """"a pilot zone for Silk Road e-commerce cooperation" -> the "Silk Road E-commerce Cooperation Pilot Zone"."""
    result = []
    for match in _ZONE_FOR.finditer(sentence.text):
        words = f"{match.group('topic')} {match.group('kind')}".split()
        label = " ".join(w[:1].upper() + w[1:] for w in words)
        start, end = sentence.start + match.start("kind"), sentence.start + match.end("topic")
        result.append(Mention(start, end, sentence.text[match.start("kind"):match.end("topic")], "Zone", None,
                              "zone-described", 0.6, name=label))
    return result


def establishing_place(text: str, zone: Mention, sentence: Span) -> str | None:
    """The written name of the place that establishes a described zone, if the words before it say so."""
    if zone.rule != "zone-described":
        return None
    lead = text[sentence.start:zone.start]
    lead = re.sub(r"(?:an?|the)\s+$", "", lead)
    match = _ESTABLISHED_BY.search(lead)
    return match.group("place") if match else None
