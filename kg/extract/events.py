"""Event names: a name with an event's head word, with its edition (an ordinal or a year before it,
a year after it), and events the text describes rather than names ("a seminar on ...", "the Moscow summit")."""

from __future__ import annotations

import re

from kg import gazetteer as places
from kg.extract.gazetteer import class_of_name, place_class
from kg.extract.mention import ORDINAL_WORDS, Mention
from kg.extract.text import Span

_EVENT_NOUNS = r"(?:conference|forum|summit|seminar|symposium|workshop|roundtable|round-table|exhibition|expo|" \
               r"training(?: segment)?|ceremony|meeting|dialogue|fair)"
_DESCRIBED_EVENT = re.compile(rf"\b(?:(?:[Aa]n?)\s+(?:\d+-day\s+)?(?P<label>(?:[\w-]+\s+){{0,3}}{_EVENT_NOUNS}"
                              rf"(?:\s+on\s+[^,.;]+?)?)|[Tt]he\s+(?P<label2>{_EVENT_NOUNS}\s+on\s+[^,.;]+?))"
                              # a topic goes on through "in cross-border e-commerce", not "in Beijing" or "on Monday"
                              r"(?=\s+(?:for|which|that|was|is|will|opened|took|held)\b|"
                              r"\s+(?:in|on|at)\s+(?![a-z])|\s+(?:in|on|at)\s+(?:the\s+[A-Z]|today|this|next|last)|[,.;])")
_PLACE_EVENT = re.compile(rf"\b(?:the\s+)?(?P<place>[A-Z][a-z]+)\s+(?P<noun>{_EVENT_NOUNS})\b")
# "the 5th Forum", "the Fifth Forum", and glued, "the 2ndAgora Conference"
ORDINAL_BEFORE = re.compile(r"(?:(?P<num>\d{1,3})(?:st|nd|rd|th)\s*|(?P<word>[A-Za-z]+)\s+)$")
_POSSESSIVE_PLACE = re.compile(r"(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)['’]s\s+$")
# "the 11th G20 summit", "an SCO Economic forum": capitalised words before an event noun in lower case
_LOWER_HEAD_EVENT = re.compile(
    rf"\b(?:(?P<det>[Aa]n?|[Tt]he|[Ii]ts|[Tt]heir)\s+)(?:(?P<ordinal>\d{{1,3}}(?:st|nd|rd|th)|(?:19|20)\d\d)\s+)?"
    rf"(?P<name>(?:[A-Z][\w-]*\s+){{1,4}})(?P<noun>{_EVENT_NOUNS})\b")
# "Tajikistan plans to hold a roundtable in Dushanbe this year on the issues of X, Y and Z": an event the
# text says was or will be held, known by its kind and its topic
_HELD_EVENT = re.compile(
    rf"\b(?:hold|holds|holding|held|host|hosts|hosted|hosting|organi[sz]e[sd]?|organi[sz]ing|convene[sd]?)\s+"
    rf"(?:(?:jointly|also)\s+)?(?:an?|the)\s+(?P<noun>{_EVENT_NOUNS}|briefing|webinar|lecture)\s+"
    r"(?P<between>(?:(?:in|at)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s+)?(?:(?:this|next|last)\s+(?:year|month|week)\s+)?)"
    r"(?:on|about|focusing\s+on|devoted\s+to)\s+(?:the\s+(?:issues?|topics?|theme|subject)\s+of\s+)?(?P<topic>[^.;\"”“]+)")
# "organized a series of webinars focusing on X": the series as one event
_SERIES_OF = re.compile(
    r"\b(?:hold|holds|held|host|hosted|organi[sz]ed|launched|ran|run|convened)\s+(?:(?:jointly|also)\s+)?"
    r"an?\s+series\s+of\s+(?P<noun>webinars|seminars|workshops|lectures|forums|conferences|trainings)\s+"
    r"(?:on|about|focusing\s+on|devoted\s+to)\s+(?P<topic>[^.;\"”“]+)")
# "unveiled the plaque of the eWTP at its launching ceremony": the ceremony of the thing named just before
_OWN_CEREMONY = re.compile(r"\b(?:its|their)\s+(?P<kind>(?:launch(?:ing)?|opening|closing|signing|inauguration|"
                           r"unveiling|award(?:ing|s)?)\s+ceremony)\b")
# "a pilot project of cross-border e-commerce B2B supervision mode has been launched": a programme the text
# says was launched, known by its kind and what it is of
_LAUNCHED_PROGRAMME = re.compile(
    r"\b[Aa]n?\s+(?P<name>(?P<kind>pilot\s+(?:project|programme|program|scheme)|(?:pilot\s+)?(?:project|programme|"
    r"program|scheme))\s+(?:of|on|for)\s+(?P<what>[\w\s-]{3,80}?))\s+(?:has|have|had)?\s*(?:been|was|were)\s+"
    r"(?:launched|started|established|set\s+up|introduced|approved)\b")
_WHEN_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
               "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
_NO_TOPIC = re.compile(r"(?i)(?:the\s+)?(?:sidelines?|margins?|occasion|eve|day|morning|afternoon|evening|"
                       r"weekend|\d|%s)\b" % "|".join(sorted(_WHEN_WORDS)))
_CLAUSE_END = re.compile(r"\s+(?:was|were|is|are|will|which|that|who|where|when|to|for\s+the|said|he|she|they)\b|"
                         r",\s+(?:which|who|where|when|said|he|she|they|it|and\s+(?:the|a|an)\b)")
_YEAR_BEFORE = re.compile(r"(?P<year>(?:19|20)\d\d)\s+$")


def described_events(sentence: Span) -> list[Mention]:
    """Events the sentence describes: "a seminar on X", "the Moscow summit" (and Moscow, its place),
    "the 11th G20 summit", "a roundtable in Dushanbe on X" that is held, "a series of webinars on X",
    "its launching ceremony"."""
    result = _lower_head_events(sentence) + _held_events(sentence) + launched_programmes(sentence)
    for match in _DESCRIBED_EVENT.finditer(sentence.text):
        group = "label" if match.group("label") else "label2"
        label = match.group(group)
        kind, _, topic = label.partition(" on ")
        if topic and _NO_TOPIC.match(topic):  # "a meeting on Monday": when, not what about
            label = kind
        elif topic and sentence.text.startswith(",", match.end()):
            # "the roundtable on digital economy, e-commerce and innovation that ...": the whole list
            at = match.start(group) + len(kind) + len(" on ")
            whole = _topic(sentence.text[at:])
            label = kind + " on " + whole if whole.startswith(topic) else label
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
    written = text[start:end]
    name = re.sub(r"^(\d{1,3}(?:st|nd|rd|th))(?=[A-Z])", r"\1 ", written)  # "2ndAgora ..." -> "2nd Agora ..."
    aliases: tuple[str, ...] = ()
    owner = _POSSESSIVE_PLACE.search(text[max(0, start - 40):start])
    if owner and place_class(owner.group("place")) and edition is not None:
        # "Shanghai's 5th Double Five Shopping Festival" is the "5th Shanghai Double Five Shopping Festival"
        ordinal, rest = name.split(" ", 1)
        name, aliases = f"{ordinal} {owner.group('place')} {rest}", (written,)
        evidence = (start - len(owner.group()), end)
    return Mention(start, end, written, cls, None, "event-name", 0.75, edition, series,
                   name if name != written else None, aliases, evidence if aliases else None)


def _lower_head_events(sentence: Span) -> list[Mention]:
    """"the 11th G20 summit", "an SCO Economic forum": a name whose head noun the text writes in lower case;
    named with the head capitalised, an edition when an ordinal stands before it. A bare place before the
    noun ("the Moscow summit") is left to the place rule; "the G20 summit" with no ordinal names no edition."""
    result = []
    for match in _LOWER_HEAD_EVENT.finditer(sentence.text):
        words = match.group("name").split()
        if place_class(" ".join(words)) or words[0] in ("The", "A", "An", "This", "That") or (
                match.group("det").lower() not in ("a", "an") and not match.group("ordinal")):
            continue
        if all(places.country_of_adjective(w) or place_class(w) or w.lower() in _WHEN_WORDS for w in words) or (
                len(words) < 2 and not match.group("ordinal")):
            continue  # "a Chinese forum", "an Asian summit", "a G20 summit": a description, not a name
        if sentence.text.startswith(" on ", match.end()):  # "a SCO forum on digital economy": a described event
            continue
        noun = match.group("noun")
        cls = class_of_name(noun.title()) or "Event"
        ordinal = match.group("ordinal")
        begin = match.start("ordinal") if ordinal else match.start("name")
        start, end = sentence.start + begin, sentence.start + match.end("noun")
        name = " ".join([*([ordinal] if ordinal else []), *words, noun[:1].upper() + noun[1:]])
        edition = int(ordinal[:-2]) if ordinal and not re.fullmatch(r"(?:19|20)\d\d", ordinal) else None
        series = None  # the text writes the head in lower case: a description, not the series' name
        result.append(Mention(start, end, sentence.text[begin:match.end("noun")], cls, None, "event-lower-head", 0.6,
                              edition, series, name))
    return result


def _topic(text: str) -> str:
    """The topic after "on": up to the clause's end, a list "X, Y and Z" kept whole."""
    cut = _CLAUSE_END.search(text)
    text = text[:cut.start()] if cut else text
    parts = [p.strip() for p in text.split(",")]
    keep = 1
    for i, part in enumerate(parts[1:], start=1):
        if len(part.split()) > 5:
            break
        if re.search(r"\band\s", part) or i == len(parts) - 1 and part.startswith("and "):
            keep = i + 1
            break
    return ", ".join(parts[:keep]).strip()


def _held_events(sentence: Span) -> list[Mention]:
    """Events the text says were, are or will be held, named by their kind and topic: "Roundtable on X",
    "Webinar series on X"; and "its launching ceremony", the ceremony of the name just before "its"."""
    result = []
    for pattern, series in ((_HELD_EVENT, False), (_SERIES_OF, True)):
        for match in pattern.finditer(sentence.text):
            topic = _topic(match.group("topic"))
            if len(topic) < 4 or _NO_TOPIC.match(topic):  # "held a meeting on Monday", "on the sidelines of"
                continue
            noun = match.group("noun").lower()
            kind = (noun[:-1] if noun.endswith("s") else noun) + " series" if series else noun
            cls = class_of_name(noun.rstrip("s").title()) or "Event"
            # the mention is the kind's words only: the places and bodies around them stay mentions of their own
            begin = match.start("noun") if not series else sentence.text.rindex("series", 0, match.start("noun"))
            start, end = sentence.start + begin, sentence.start + match.end("noun")
            result.append(Mention(start, end, sentence.text[begin:match.end("noun")], cls, None, "event-held", 0.6,
                                  name=f"{kind[:1].upper()}{kind[1:]} on {topic}",
                                  evidence=(start, sentence.start + match.start("topic") + len(topic))))
    return result


_NOT_OWNERS = ("Person", "Official", "Place", "Country", "Province", "City", "Region", "District", "Venue")


def launched_programmes(sentence: Span) -> list[Mention]:
    """"a pilot project of X has been launched": an initiative named "Pilot project of X"."""
    result = []
    for match in _LAUNCHED_PROGRAMME.finditer(sentence.text):
        name = match.group("name")
        start = sentence.start + match.start("name")
        result.append(Mention(start, start + len(name), name, "Initiative", None, "initiative-launched", 0.6,
                              name=name[:1].upper() + name[1:]))
    return result


def owned_ceremonies(sentence: Span, named: list[Mention]) -> list[Mention]:
    """"the plaque of the eWTP at its launching ceremony": "eWTP launching ceremony", the ceremony of the
    initiative, event or organisation named last before "its" in the sentence."""
    result = []
    for match in _OWN_CEREMONY.finditer(sentence.text):
        at = sentence.start + match.start()
        before = sentence.text[:match.start()]
        words = list(re.finditer(r"\b[a-z]?[A-Z][\w-]*", before))  # "the eWTP at its ...": a name-like word
        owners = [m for m in named if sentence.start <= m.start and m.end <= at]
        last = words[-1] if words else None
        if last and not any(m.start <= sentence.start + last.start() < m.end for m in owners):
            owner, owner_start = last.group(), sentence.start + last.start()
        elif owners and owners[-1].cls not in _NOT_OWNERS:
            owner, owner_start = owners[-1].text, owners[-1].start
        else:
            continue
        start = sentence.start + match.start("kind")
        result.append(Mention(start, start + len(match.group("kind")), match.group("kind"), "Ceremony", None,
                              "event-own-ceremony", 0.6, name=f"{owner} {match.group('kind')}",
                              evidence=(owner_start, start + len(match.group("kind")))))
    return result
