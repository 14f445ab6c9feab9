"""The last name of a list the model stopped short of: "platforms such as AliExpress, TikTok Shop and
Temu" names three platforms, though the statistical model found only the first two. A capitalised name
after the final "and" (or "or") of a list whose earlier members are all mentions of one class is a
mention of that class too."""

from __future__ import annotations

import re

from kg.extract.mention import Mention

_COMMA = re.compile(r",\s+")
_LAST = re.compile(r",?\s+(?:and|or)\s+(?P<name>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,3})(?![\w'’-])")
_LISTED_CLASSES = ("Organisation", "Company")  # bodies and firms: people and places the model and the
# gazetteer find well, and a wrong class there costs more than a missed body


def last_of_lists(mentions: list[Mention], text: str) -> list[Mention]:
    """Mentions for the unmentioned last member of each list of two or more mentions of one class."""
    found: list[Mention] = []
    ordered = sorted(mentions, key=lambda m: m.start)
    for i, last in enumerate(ordered):
        listed = [last]
        while i - len(listed) >= 0 and _COMMA.fullmatch(text[ordered[i - len(listed)].end:listed[-1].start]):
            listed.append(ordered[i - len(listed)])
        if len(listed) < 2 or last.cls not in _LISTED_CLASSES or any(m.cls != last.cls for m in listed):
            continue
        tail = _LAST.match(text, last.end)
        if tail is None or any(m.start < tail.end("name") and tail.start("name") < m.end for m in ordered):
            continue
        found.append(Mention(tail.start("name"), tail.end("name"), tail.group("name"), last.cls, None,
                             "list-last-member", 0.55))
    return found
