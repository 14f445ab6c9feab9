"""Event names: a name with an event's head word, with its edition (an ordinal or a year before it,
a year after it), and events the text describes rather than names ("a seminar on ...", "the Moscow summit")."""

from __future__ import annotations

import re

from kg.extract.gazetteer import class_of_name, place_class
from kg.extract.mention import ORDINAL_WORDS, Mention
from kg.extract.text import Span

_EVENT_NOUNS = r"(?:conference|forum|summit|seminar|symposium|workshop|roundtable|round-table|exhibition|expo|" \
               r"training(?: segment)?|ceremony|meeting|dialogue|fair)"
_DESCRIBED_EVENT = re.compile(rf"\b(?:(?:[Aa]n?)\s+(?:\d+-day\s+)?(?P<label>(?:[\w-]+\s+){{0,3}}{_EVENT_NOUNS}"
                              rf"(?:\s+on\s+[^,.;]+?)?)|[Tt]he\s+(?P<label2>{_EVENT_NOUNS}\s+on\s+[^,.;]+?))"
                              r"(?=\s+(?:for|which|that|was|is|will|opened|took|held|in|on)\b|[,.;])")
_PLACE_EVENT = re.compile(rf"\b(?:the\s+)?(?P<place>[A-Z][a-z]+)\s+(?P<noun>{_EVENT_NOUNS})\b")
ORDINAL_BEFORE = re.compile(r"(?:(?P<num>\d{1,3})(?:st|nd|rd|th)|(?P<word>[A-Za-z]+))\s+$")
_YEAR_BEFORE = re.compile(r"(?P<year>(?:19|20)\d\d)\s+$")


def described_events(sentence: Span) -> list[Mention]:
    result = []
    for match in _DESCRIBED_EVENT.finditer(sentence.text):
        group = "label" if match.group("label") else "label2"
        label = match.group(group)
        if " " not in label:  # "a roundtable": no name to know it by
            continue
        cls = class_of_name(label.split(" on ")[0].title()) or "Event"
        start = sentence.start + match.start(group)
        result.append(Mention(start, start + len(label), label, cls, None, "event-described", 0.6))
    for match in _PLACE_EVENT.finditer(sentence.text):
        if place_class(match.group("place")):  # "the Moscow summit"; not "the Economic forum"
            cls = class_of_name(match.group("noun").title()) or "Event"
            start = sentence.start + match.start("place")
            result.append(Mention(start, start + len(match.group("place")), match.group("place"), "City", None,
                                  "place-of-event", 0.6))
            event_start = sentence.start + match.start()
            event_text = match.group()
            result.append(Mention(event_start, event_start + len(event_text), event_text, cls, None,
                                  "event-place-named", 0.6))
    return result


def event_mention(span: Span, cls: str, text: str) -> Mention:
    """An event name, with its edition when an ordinal or a year stands before it."""
    words = span.text.split()
    edition, label, start = None, span.text, span.start
    if words[0].lower() in ORDINAL_WORDS:
        edition, label = ORDINAL_WORDS[words[0].lower()], " ".join(words[1:])
    else:
        before = text[max(0, span.start - 12):span.start]
        ordinal = ORDINAL_BEFORE.search(before)
        if ordinal and (ordinal.group("num") or (ordinal.group("word") or "").lower() in ORDINAL_WORDS):
            edition = int(ordinal.group("num")) if ordinal.group("num") else ORDINAL_WORDS[ordinal.group("word").lower()]
            start = span.start - len(ordinal.group())
    if re.match(r"^(?:19|20)\d\d\s", label):
        label = label.split(" ", 1)[1]
    if edition is None:
        year = _YEAR_BEFORE.search(text[max(0, span.start - 6):span.start])
        if year:
            start = span.start - len(year.group())
    end = span.end
    trailing = re.match(r"\s+(?:19|20)\d\d\b(?![,.]?\d)", text[end:end + 6])  # "China-ASEAN Expo 2023"
    if trailing and edition is None and start == span.start:
        end += trailing.end()
    series = label if (edition or start != span.start or end != span.end) else None
    return Mention(start, end, text[start:end], cls, None, "event-name", 0.75, edition, series)
