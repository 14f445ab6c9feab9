"""Mentions: where the text names a person, organisation, place, event, series or initiative.

Gazetteer names (the registry's labels and aliases) come first; then capitalised spans typed by
their head words ("... Forum", "... University", "... Province"), the built-in place list and their
context (an honorific or a title before a name, an apposition after it, "held in X").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.gazetteer import NOT_ORGANISATIONS, Gazetteer, class_of_name, known_places, place_class
from kg.extract.text import HONORIFICS, Span, capitalised_spans, normalise, split_at_joiners
from kg.resolution.names import acronym as initials
from kg.resolution.names import is_acronym, name_of

TITLE_WORDS = (
    "President", "Vice President", "Vice-President", "Secretary-General", "Secretary General", "Secretary of State",
    "Under-secretary of State", "Under-Secretary of State", "Minister of State", "Secretary",
    "Director-General", "Director General", "Director", "Deputy Director", "Minister", "Vice Minister",
    "Chairman", "Chairwoman", "Chair", "Chairperson", "co-chairman", "Co-chairman", "Manager", "Principal", "Dean",
    "Executive Dean", "Representative", "Ambassador", "Member", "Head", "Chief", "Editor", "Reporter", "Governor",
    "Mayor", "Deputy", "CEO", "Officer", "Commissioner", "Spokesperson", "Spokesman", "Founder", "Professor",
    "Coordinator", "Adviser", "Advisor", "Consul", "Premier", "Counsellor", "Counselor", "Intern", "Administrator",
)
_TITLE = r"(?:%s)" % "|".join(sorted((re.escape(t) for t in TITLE_WORDS), key=len, reverse=True))
TITLE_RE = re.compile(rf"\b(?i:(?:deputy|vice|executive|chief|senior|general|assistant|permanent|acting|first|"
                      rf"project|office|co-)[\s-]*)*(?i:{_TITLE})s?\b")
SPEECH_VERBS = r"(?:said|says|noted|stressed|highlighted|emphasi[sz]ed|underlined|underscored|pointed out|explained|" \
               r"added|told|remarked|observed|introduced|opened|greeted|welcomed|urged|called|stated|announced|" \
               r"believes|concluded|delivered|addressed)"
_HONORIFIC = r"(?:%s)" % "|".join(re.escape(h.capitalize()) for h in HONORIFICS if " " not in h)
_NAME = r"[A-Z][a-z'’]+(?:-[A-Z]?[a-z]+)?"
_PERSON_RES = (
    ("honorific", 0.9, re.compile(rf"\b{_HONORIFIC}\.?\s+(?P<name>{_NAME}(?:\s+{_NAME}){{0,2}})")),
    ("title-name", 0.8, re.compile(rf"{TITLE_RE.pattern}\s+(?P<name>{_NAME}(?:\s+{_NAME}){{1,2}})\b")),
    ("apposition", 0.75, re.compile(rf"(?:^|(?<=[\s(“\"]))(?P<name>{_NAME}(?:\s+{_NAME}){{1,2}}),\s+"
                                    rf"(?:an?\s+|the\s+)?(?:[a-z-]+\s+){{0,2}}(?:{TITLE_RE.pattern}|resident|"
                                    r"executive|member|student|expert|founder)")),
    ("speaker", 0.7, re.compile(rf"\b(?:{SPEECH_VERBS}|according to|According to)\s+(?P<name>{_NAME}(?:\s+{_NAME}){{1,2}})"
                                r"(?=[,.;\s])")),
    ("speaker", 0.7, re.compile(rf"(?:^|(?<=[\s“\"]))(?P<name>{_NAME}(?:\s+{_NAME}){{1,2}})\s+{SPEECH_VERBS}\b")),
    # "Minister Li for Commerce of Laos": a one-word name between a title and its portfolio
    ("title-name-portfolio", 0.75, re.compile(rf"{TITLE_RE.pattern}\s+(?P<name>{_NAME})(?=\s+for\s+[A-Z])")),
    ("byline", 0.6, re.compile(rf"\b(?i:reporter|intern|editor|photographer)\s+(?P<name>{_NAME}(?:\s+{_NAME}){{1,2}})")),
)
_EVENT_NOUNS = r"(?:conference|forum|summit|seminar|symposium|workshop|roundtable|round-table|exhibition|expo|" \
               r"training(?: segment)?|ceremony|meeting|dialogue|fair)"
_DESCRIBED_EVENT = re.compile(rf"\b(?:(?:[Aa]n?)\s+(?:\d+-day\s+)?(?P<label>(?:[\w-]+\s+){{0,3}}{_EVENT_NOUNS}"
                              rf"(?:\s+on\s+[^,.;]+?)?)|[Tt]he\s+(?P<label2>{_EVENT_NOUNS}\s+on\s+[^,.;]+?))"
                              r"(?=\s+(?:for|which|that|was|is|will|opened|took|held|in|on)\b|[,.;])")
_PLACE_EVENT = re.compile(rf"\b(?:the\s+)?(?P<place>[A-Z][a-z]+)\s+(?P<noun>{_EVENT_NOUNS})\b")
_PLACE_CONTEXT = re.compile(r"\b(?:in|to|from|at|near|visit(?:ed)?|capital of)\s+$")
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                  "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}
_ORDINAL_BEFORE = re.compile(r"(?:(?P<num>\d{1,3})(?:st|nd|rd|th)|(?P<word>[A-Za-z]+))\s+$")
_YEAR_BEFORE = re.compile(r"(?P<year>(?:19|20)\d\d)\s+$")
_NOT_NAMES = {"the", "this", "that", "these", "those", "in", "on", "at", "as", "since", "during", "according",
              "referring", "hosted", "initially", "additionally", "among", "through", "for", "it", "he", "she",
              "they", "we", "our", "his", "her", "its", "their", "mr", "ms", "mrs", "dr", "a", "an", "and", "but",
              "if", "so", "not", "with", "by", "from", "to", "of", "after", "before", "while", "when", "where",
              "data", "photo", "chinese", "guided", "building", "containers", "domestic", "many", "more", "one",
              "two", "three", "all", "some", "each", "other", "both", "eleven", "eighteen", "relevant", "cargo",
              "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


_PLACE_HEADS = ("Province", "District", "City", "Region")
_MISSION = re.compile(r"\b(?:Consulate|Embassy|Mission|Representative Office|Office|Delegation|Branch|Bureau)\b")

EVENT_CLASSES = ("Conference", "Forum", "Summit", "Seminar", "RoundTable", "Exhibition", "Training", "Ceremony",
                 "Event")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    cls: str  # class local name
    ref: str | None  # the registry entity it links to, if any
    rule: str
    confidence: float
    edition: int | None = None  # "the 5th ...": the ordinal of an event
    series: str | None = None  # the series name of an edition


def find_mentions(text: str, sentences: list[Span], gazetteer: Gazetteer, family: callable,  # type: ignore[valid-type]
                  parsed=None) -> list[Mention]:  # type: ignore[no-untyped-def]
    """All mentions in the text, longest first, no two overlapping; with the model's parse, its
    entities too, and the guesses of the weakest rules kept only where the model agrees."""
    found: list[Mention] = []
    undefined: set[str] = set()  # acronyms the article spells out as notions, not bodies
    model: dict[tuple[int, int], str] = {}
    if parsed is not None:
        from kg.extract.ner import model_mentions

        model = {(e.start_char, e.end_char): e.label_ for e in parsed.ents}
        found.extend(model_mentions(parsed, text))
    for start, end in gazetteer.find(text):
        entity = gazetteer.lookup(text[start:end])
        if entity is not None:
            found.append(Mention(start, end, text[start:end], entity.cls.rsplit("#", 1)[-1], entity.ref, "gazetteer",
                                 0.9))
    for sentence in sentences:
        persons = _persons(sentence)
        found.extend(persons)
        found.extend(_described_events(sentence))
        starts = {p.start for p in persons}
        cuts = [(p.start, p.end) for p in persons] + [  # a title just before a name: "SCO Secretary-General Norov"
            (sentence.start + t.start(), sentence.start + t.end()) for t in TITLE_RE.finditer(sentence.text)
            if sentence.start + t.end() + 1 in starts]
        found.extend(_defined_acronyms(sentence, model, undefined))
        for span in _across_brackets(capitalised_spans(sentence), text):
            title = TITLE_RE.match(span.text)  # "Vice President of the Academy ...": the title is not the name
            extra = [(span.start, span.start + title.end())] if title else []
            for piece in _cut(span, cuts + extra):
                found.extend(m for m in _typed_span(piece, text, gazetteer) if _plausible(m, model, parsed, text))
    found = [m for m in found if not (m.text in undefined and m.rule in ("acronym", "ner-organisation"))]
    return _without_overlaps(found)


def _defined_acronyms(sentence: Span, model: dict[tuple[int, int], str], undefined: set[str]) -> list[Mention]:
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


def _plausible(mention: Mention, model: dict[tuple[int, int], str], parsed,  # type: ignore[no-untyped-def]
               model_text: str) -> bool:
    """A bare acronym or a word after "in" is a guess: with a parse, keep it only where the model
    also sees an organisation or a place there ("SME", "FTA", "in Digitalisation" are neither)."""
    if parsed is None or mention.rule not in ("acronym", "place-context"):
        return True
    wanted = ("ORG",) if mention.rule == "acronym" else ("GPE", "LOC", "FAC")
    if mention.rule == "acronym" and (TITLE_RE.match(model_text, mention.end + 1) or any(
            label == "ORG" and model_text[start:end] == mention.text for (start, end), label in model.items())):
        return True  # "SCO Secretary-General ...", or an organisation the model names elsewhere in the article
    return any(label in wanted and start <= mention.start and mention.end <= end
               for (start, end), label in model.items())


def _across_brackets(spans: list[Span], text: str) -> list[Span]:
    """"World Internet Conference (WIC) Digital Silk Road Development Forum": one event's name, its
    organiser's abbreviation inside (two spans joined when the second ends with an event's head word)."""
    merged: list[Span] = []
    spans = [s for s in spans if not (text[s.start - 1:s.start] == "(" and text[s.end:s.end + 1] == ")")]
    for span in spans:
        between = text[merged[-1].end:span.start] if merged else ""
        inner = re.fullmatch(r"\s*\((?P<place>[A-Z][\w'’ -]{1,40})\)\s+", between)
        if merged and re.fullmatch(r"\s+\([A-Za-z]{2,10}\)\s+", between) and class_of_name(span.text) in EVENT_CLASSES \
                or inner and place_class(inner.group("place")) and class_of_name(span.text):
            # "China (Zhengzhou) Cross-border E-commerce Comprehensive Pilot Zone": a place inside the name
            merged[-1] = Span(merged[-1].start, span.end, text[merged[-1].start:span.end])
        else:
            merged.append(span)
    return merged


def _cut(span: Span, cuts: list[tuple[int, int]]) -> list[Span]:
    """The parts of a span outside person names and titles ("SCO Secretary-General Vladimir Norov" -> SCO)."""
    pieces, position = [], span.start
    for start, end in sorted(c for c in cuts if c[0] < span.end and span.start < c[1]):
        if start > position:
            pieces.append((position, start))
        position = max(position, end)
    if position < span.end:
        pieces.append((position, span.end))
    result = []
    for start, end in pieces:
        chunk = span.text[start - span.start:end - span.start]
        lead = re.match(r"[A-Z][a-z]+s\s+of\s+(?:the\s+)?(?=[A-Z])", chunk)  # "Officials of the Ministry ..."
        if lead and class_of_name(lead.group().split()[0]) is None and start == span.start:
            start, chunk = start + lead.end(), chunk[lead.end():]
        stripped = re.sub(r"^(?:\W|\b(?:of|the|The|and|for|on|in)\b)+|(?:\W|\b(?:of|the|and|for|on|in)\b)+$", "", chunk)
        if stripped and (stripped[0].isupper() or re.match(r"(?:19|20)\d\d\s+[A-Z]", stripped)):  # "2024 Silk Road Forum"
            offset = start + chunk.index(stripped)
            result.append(Span(offset, offset + len(stripped), stripped))
    return result


def _persons(sentence: Span) -> list[Mention]:
    result = []
    for rule, confidence, pattern in _PERSON_RES:
        for match in pattern.finditer(sentence.text):
            name = match.group("name")
            if name.startswith("State ") and len(name.split()) > 2:  # "... Secretary of State Sok Sopheak"
                name = name[len("State "):]
            words = name.split()
            if words[0].lower() in _NOT_NAMES or class_of_name(name) or normalise(words[0]) in known_places() \
                    or any(TITLE_RE.fullmatch(w) for w in words):
                continue
            start = sentence.start + match.end("name") - len(name)
            result.append(Mention(start, start + len(name), name, "Person", None, f"person-{rule}", confidence))
    return result


def _described_events(sentence: Span) -> list[Mention]:
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


def _typed_span(span: Span, text: str, gazetteer: Gazetteer) -> list[Mention]:
    # "China's Shaanxi Province": two names; "Chinese People's Political Consultative Conference": one
    possessive = re.search(r"(?<!People)['’]s\s+", span.text)
    if possessive:
        owner = Span(span.start, span.start + possessive.start(), span.text[:possessive.start()])
        rest = Span(span.start + possessive.end(), span.end, span.text[possessive.end():])
        return [m for part in (owner, rest) if part.text for m in _typed_span(part, text, gazetteer)]
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
        return [m for part in located for m in _typed_span(part, text, gazetteer)]
    # "UNOSSC Cities Project and the China Association ...": two names, each with its head; but one in
    # "Zhengzhou International Convention and Exhibition Center"
    coordinated = _split_at_and_the(span)
    if len(coordinated) > 1 and all(class_of_name(p.text) or known_places().get(normalise(p.text))
                                    for p in coordinated) and not known_places().get(normalise(span.text)):
        return [m for part in coordinated for m in _typed_span(part, text, gazetteer)]
    cls = class_of_name(span.text)
    if cls is None and "Silk Road" in span.text and normalise(span.text) != "silk road":
        cls = "Initiative"  # "Silk Road E-Commerce Cooperation"; not the bare old trade route
    if cls in EVENT_CLASSES:
        return [_event(span, cls, text)] if " " in span.text.strip() else []  # "Day", "Forum": no name
    if cls is not None and " " in span.text.strip():  # a bare head word ("Building", "Council") names nothing
        ordinal = _ORDINAL_BEFORE.search(text[max(0, span.start - 12):span.start])
        if cls in ("GovernmentBody", "PartyBody") and ordinal and ordinal.group("num"):
            span = Span(span.start - len(ordinal.group()), span.end, text[span.start - len(ordinal.group()):span.end])
            # "the 14th National Committee of the CPPCC": a body's term is part of its name
        return [Mention(span.start, span.end, span.text, cls, None, "head-word", 0.7)]
    coordinated = split_at_joiners(span, ("and",))
    if len(coordinated) > 1 and any(class_of_name(p.text) for p in coordinated):
        return [m for part in coordinated for m in _typed_span(part, text, gazetteer)]
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
                and part.text.lower() not in _NOT_NAMES and part.start == span.start:
            result.append(Mention(part.start, part.end, part.text, "City", None, "place-context", 0.5))
    return result


def _split_at_and_the(span: Span) -> list[Span]:
    parts, position = [], 0
    for match in [*re.finditer(r"\s+and\s+the\s+", span.text), None]:
        end = match.start() if match else len(span.text)
        parts.append(Span(span.start + position, span.start + end, span.text[position:end]))
        position = match.end() if match else end
    return parts


def _event(span: Span, cls: str, text: str) -> Mention:
    """An event name, with its edition when an ordinal or a year stands before it."""
    words = span.text.split()
    edition, label, start = None, span.text, span.start
    if words[0].lower() in _ORDINAL_WORDS:
        edition, label = _ORDINAL_WORDS[words[0].lower()], " ".join(words[1:])
    else:
        before = text[max(0, span.start - 12):span.start]
        ordinal = _ORDINAL_BEFORE.search(before)
        if ordinal and (ordinal.group("num") or (ordinal.group("word") or "").lower() in _ORDINAL_WORDS):
            edition = int(ordinal.group("num")) if ordinal.group("num") else _ORDINAL_WORDS[ordinal.group("word").lower()]
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


def _names_more(mention: Mention, mentions: list[Mention]) -> bool:
    """A new name that holds a known one as a part: "China Council for the Promotion of International
    Trade" around "China", "Guangxi Zhuang Autonomous Region" around "Guangxi"; an edition around its series."""
    if mention.rule == "event-name":
        return True
    if mention.rule not in ("head-word", "ner-organisation", "ner-place", "ner-event", "ner-agreement"):
        return False
    inner = [m for m in mentions if m.ref and mention.start <= m.start and m.end <= mention.end and m is not mention]
    return bool(inner) and all((m.end - m.start) * 2 <= mention.end - mention.start for m in inner)


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the best of overlapping mentions: linked before new, longer before shorter, surer before less sure."""
    kept: list[Mention] = []
    ranked = sorted(mentions, key=lambda m: (m.ref is None and not _names_more(m, mentions),
                                             -(m.end - m.start), -m.confidence, m.start))
    for mention in ranked:
        if all(mention.end <= k.start or k.end <= mention.start for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: (m.start, m.end))
