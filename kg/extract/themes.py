"""The theme of an event, as the text states it: a quoted motto ('themed "X"', 'with the theme of "X"',
'has the theme of "X"') or the topic an unnamed event is described by ("a roundtable on X, Y and Z")."""

from __future__ import annotations

import re

from kg.extract.document import Document

_QUOTED = re.compile(r"(?P<verb>\b(?:themed|titled|entitled|(?:under|with|has|on)\s+the\s+theme(?:\s+of)?))\s*"
                     r"[“\"](?P<theme>[^”\"]{3,160}?)[,.]?[”\"]", re.IGNORECASE)
_TOPIC_RULES = ("event-held", "event-described")


def apply_themes(doc: Document) -> None:
    """Theme facts for the article's events (srk:theme), each quoting its sentence."""
    for sentence in doc.sentences:
        events = [m for m in doc.mentions if sentence.start <= m.start < sentence.end and doc.family(m) == "Event"]
        for match in _QUOTED.finditer(sentence.text):
            at = sentence.start + match.start("verb")
            before = [m for m in events if m.end <= at]
            after = [m for m in events if m.start >= sentence.start + match.end()]
            # "With the theme of "X," the Forum was held": the event after; "The forum, themed "X"": the one before
            target = after[0] if match.group("verb").lower().startswith("with") and after else \
                before[-1] if before else None
            if target is not None:
                doc.add(doc.ref(target), "theme", match.group("theme").strip(" ,."), sentence, "quoted-theme", 0.7,
                        literal=True)
        for mention in events:
            entity = doc.entity(doc.ref(mention))
            if mention.rule in _TOPIC_RULES and entity is not None and " on " in mention.label:
                doc.add(entity.ref, "theme", mention.label.split(" on ", 1)[1], sentence, "topic-theme", 0.6,
                        literal=True)
