"""Coreference within one article: later and earlier mentions of an event, agreement or initiative that
name it differently from its first mention.

Before resolution (names only, so one id is minted):
  - 'an online business forum ... The forum, themed "Title"': the described event is known by its title;
  - "their Hangzhou summit" and "Hangzhou, the host city of the 11th G20 summit": one summit;
  - "co-launched a digital economy cooperation initiative" and later the named "... Digital Economy
    International Cooperation Initiative" whose words hold the description's: one initiative.
After resolution (refs):
  - "the forum", "the online forum", "the MoU", "the deal", "the series": the event or agreement of that
    kind named last before (its modifiers must be words of that name);
  - an abbreviation spelled out in brackets ("(eWTP)") used alone later.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from kg.extract.gazetteer import class_of_name
from kg.extract.mention import Mention
from kg.extract.text import Span, normalise

_NOT_MODIFIER = r"(?!(?:an?|the|this|that|of|at|in|on|for|to|and|was|were|is|held|its|their)\s)"
_TITLED = re.compile(rf"\b(?P<det>[Tt]he|[Tt]his|[Aa]n?)\s+(?P<words>(?:{_NOT_MODIFIER}[a-z-]+\s+){{0,3}}?)(?P<noun>conference|forum|"
                     r"summit|seminar|symposium|workshop|roundtable|webinar|dialogue|meeting|fair|expo|exhibition)"
                     r",?\s+(?:themed|titled|entitled|named|called|dubbed|under\s+the\s+theme(?:\s+of)?|"
                     r"with\s+the\s+theme(?:\s+of)?)\s+[“\"](?P<title>[^”\"]{3,120}?)[,.]?[”\"]")
_HOST_OF = re.compile(r"\b(?:host|venue)\s+(?:city|country|town)\s+of\s+$")
_ANAPHORA = re.compile(rf"\b[Tt]he\s+(?P<words>(?:{_NOT_MODIFIER}[a-z-]+\s+){{0,2}}?)(?P<noun>conference|forum|summit|seminar|expo|"
                       r"exhibition|roundtable|meeting|ceremony|festival|carnival|fair|series|webinar|briefing|MoU|"
                       r"MOU|memorandum|agreement|deal|protocol|declaration|treaty)\b")
# a modifier that points at another event than the one named before: "the next summit"
_OTHER = {"next", "previous", "last", "past", "first", "second", "third", "upcoming", "future", "other", "former",
          "earlier", "same", "annual", "new", "two", "three", "many", "several", "bilateral"}
AGREEMENT_NOUNS = ("mou", "memorandum", "agreement", "deal", "protocol", "declaration", "treaty")
_DESCRIBED_INITIATIVE = re.compile(r"\b(?:co-)?(?:launch(?:ed|es)?|propos(?:ed|es)|unveil(?:ed|s)?|initiat(?:ed|es))"
                                   r"\s+an?\s+(?P<words>(?:[a-z-]+\s+){1,5})(?P<noun>initiative|platform|plan)\b")


def name_events(mentions: list[Mention], text: str, sentences: list[Span]) -> list[Mention]:
    """The mentions with the names coreference gives them (and the described initiatives it links)."""
    mentions = _titled(mentions, text)
    mentions = _hosted(mentions, text, sentences)
    return _described_initiatives(mentions, text)


def _titled(mentions: list[Mention], text: str) -> list[Mention]:
    """'an online business forum ... The forum, themed "X"': "X online business forum", also known as "X".
    Only an event the text describes (no name of its own) takes a title; a named one keeps its name."""
    result = list(mentions)
    for match in _TITLED.finditer(text):
        noun = match.group("noun")
        if match.group("det").lower() in ("a", "an"):
            targets = [i for i, m in enumerate(result) if m.start <= match.start("noun") < m.end]
        else:
            targets = [i for i, m in enumerate(result) if m.end <= match.start() and noun in m.label.lower()
                       and m.rule.startswith("event")][-1:]
        if not targets and match.group("det").lower() in ("a", "an") and not any(
                m.start < match.end("noun") and match.start("words") < m.end for m in result):
            # 'a seminar titled "Digital Bazaars"': the title is the only name the seminar has
            start, end = match.start("words"), match.end("noun")
            result.append(Mention(start, end, text[start:end], class_of_name(noun.title()) or "Event", None,
                                  "event-described", 0.6))
            targets = [len(result) - 1]
        if not targets or result[targets[0]].rule not in ("event-described", "event-held"):
            continue
        target = result[targets[0]]
        title = match.group("title").strip(" ,.")
        described = target.text if target.rule == "event-described" else noun
        result[targets[0]] = replace(target, name=f"{title} {described}", aliases=(*target.aliases, title),
                                     evidence=(target.start, match.end()))
        # the title's own capitalised words ("Prospects for Silk Road of E-commerce") name the event, not a
        # thing of their own; a name the registry knows inside it stays
        inside = (match.start("title"), match.end("title"))
        result = [m for m in result if m.ref or not (inside[0] <= m.start and m.end <= inside[1])]
    return sorted(result, key=lambda m: (m.start, m.end))


def _hosted(mentions: list[Mention], text: str, sentences: list[Span]) -> list[Mention]:
    """"the Hangzhou summit" is the one summit the article says Hangzhou hosted ("Hangzhou, the host city of
    the 11th G20 summit"): the place-named event takes that event's name, and keeps its own as an alias."""
    result = list(mentions)
    for i, mention in enumerate(result):
        if mention.rule != "event-place-named":
            continue
        place = mention.text.split()[-2] if mention.text.split()[0].lower() == "the" else mention.text.split()[0]
        hosted = []
        for other in result:
            if other is mention or other.cls != mention.cls or other.edition is None:
                continue
            sentence = next((s for s in sentences if s.start <= other.start < s.end), None)
            before = text[sentence.start:other.start] if sentence else ""
            if re.search(rf"\b{re.escape(place)}\b", before) and _HOST_OF.search(re.sub(r"\bthe\s+$", "", before)):
                hosted.append(other)
        if len({h.label for h in hosted}) == 1:
            written = re.sub(r"^[Tt]he\s+", "", mention.text)
            result[i] = replace(mention, name=hosted[0].label, aliases=(*mention.aliases, written))
    return result


def _described_initiatives(mentions: list[Mention], text: str) -> list[Mention]:
    """"launched a digital economy cooperation initiative": the article's named initiative whose name holds
    every word of the description; a description no name holds names nothing new."""
    named = [m for m in mentions if m.cls == "Initiative"]
    added = []
    for match in _DESCRIBED_INITIATIVE.finditer(text):
        words = set(normalise(match.group("words") + match.group("noun")).split())
        if any(m.start < match.end() and match.start("words") < m.end for m in mentions):
            continue
        holding = {m.label for m in named if words <= set(normalise(m.label).split())}
        if len(holding) == 1:
            target = next(m for m in named if m.label in holding)
            start, end = match.start("words"), match.end("noun")
            added.append(Mention(start, end, text[start:end], "Initiative", target.ref, "initiative-described", 0.6,
                                 name=target.label))
    return sorted(mentions + added, key=lambda m: (m.start, m.end))


def anaphora(mentions: list[Mention], refs: dict[int, str], text: str,
             family: Callable[[Mention], str]) -> list[Mention]:
    """"the forum", "the online forum", "the MoU", "the deal": the event or agreement of that kind named last
    before. Its modifiers must be words of that one's name ("the online forum" after "an online business
    forum"), and none that points elsewhere ("the next summit"). A specific kind of document ("the protocol")
    prefers the one agreement the text describes over a named one of another kind."""
    taken = [(m.start, m.end) for m in mentions]
    added = []
    for match in _ANAPHORA.finditer(text):
        start, end = match.start(), match.end()
        if any(s < end and start < e for s, e in taken):
            continue
        noun = match.group("noun").lower()
        modifiers = match.group("words").split()
        if set(modifiers) & _OTHER:
            continue
        kind = "Agreement" if noun in AGREEMENT_NOUNS else "Event"
        earlier = [m for m in mentions if m.end <= start and family(m) == kind and m.rule != "anaphora" and
                   (kind == "Agreement" or noun in m.label.lower() or class_of_name(noun.title()) == m.cls or
                    (noun == "series" and "series" in m.label.lower()))]
        earlier = [m for m in earlier if all(w in m.label.lower() for w in modifiers)]
        # "the carnival" after the carnival and a festival (one class): the one its name says, else the class's
        by_name = [m for m in earlier if noun in m.label.lower()]
        described = [m for m in earlier if m.rule.startswith("agreement-")] if kind == "Agreement" else []
        if earlier:
            target = (by_name or described or earlier)[-1]
            added.append(Mention(start, end, match.group(), target.cls, refs[target.start], "anaphora", 0.6))
            refs[start] = refs[target.start]
    return sorted(mentions + added, key=lambda m: (m.start, m.end))


def abbreviation_mentions(mentions: list[Mention], refs: dict[int, str], abbreviations: dict[str, str],
                          text: str) -> list[Mention]:
    """An abbreviation the article spelled out in brackets, used alone later where no rule saw a name
    ("the eWTP", written in lower case first): a mention of the spelled-out entity."""
    added = []
    for abbreviation, ref in abbreviations.items():
        for match in re.finditer(rf"(?<![\w(-]){re.escape(abbreviation)}(?![\w)-])", text):
            if not any(m.start < match.end() and match.start() < m.end for m in mentions + added):
                cls = next((m.cls for m in mentions if refs.get(m.start) == ref), "Organisation")
                added.append(Mention(match.start(), match.end(), abbreviation, cls, None, "abbreviation", 0.7))
                refs[match.start()] = ref
    return sorted(mentions + added, key=lambda m: (m.start, m.end))
