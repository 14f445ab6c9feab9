"""Statistics: a number with its unit, as of a date, whose figure it is and who reported it.

"As of the end of August ... 6.525 billion yuan" -> value 6525000000, unit CNY, asOf 2020-08.
A date at the head of the sentence ("In 2020, ...") applies to the whole sentence; otherwise a date
applies to the numbers of its own clause; with none, the figure is as of the publication month.
"""

from __future__ import annotations

import re
from decimal import Decimal

from kg.extract.dates import DateMention
from kg.extract.document import Document
from kg.extract.mentions import SPEECH_VERBS
from kg.extract.figure_owners import at_the_launch, bilateral, passive_subjects
from kg.extract.syntax import Tree, agents, governing_verb, is_perfect, lemma, prepositional
from kg.extract.text import Span

_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                 "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
                 "fifty": 50, "hundred": 100}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_CURRENCIES = {"yuan": "CNY", "rmb": "CNY", "renminbi": "CNY", "dollars": "USD", "us dollars": "USD", "euros": "EUR",
               "u.s. dollars": "USD"}  # as a pattern, "u.s." also matches itself
_NUMBER = re.compile(
    r"(?<![\w.,+-])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|(?i:%s))(?P<scale>\s+(?:%s))?"
    r"(?:(?P<pct>\s*%%|\s*percent\b|\s*per cent\b)|(?P<frac>\s+(?:half|third|quarter|fifth|tenth)s?\b)|(?![\w+-]|\.\d))"
    % ("|".join(_WORD_NUMBERS), "|".join(_SCALES)))
_UNIT = re.compile(r"\s*(?P<unit>(?:[a-z][a-z-]*\s+){0,5}?[a-z][a-z-]*?s(?:\s+(?:and|or)\s+[a-z-]+s)?"
                   r"(?:\s+per\s+(?:second|day|week|year))?)(?=[\s,.;:)]|$)")
_MODIFIERS = {"cross-border", "e-commerce", "economic", "special", "large", "developing", "international", "new",
              "major", "leading", "world", "more", "than", "over", "nearly", "about", "around", "bilateral", "total",
              "domestic", "other", "all", "different", "registered", "newly"}
_NOT_UNITS = {"days", "hours", "minutes", "years", "months", "weeks", "centuries", "times", "is", "was", "has", "does",
              "its", "this", "as", "thus", "plans", "sides", "parties", "side", "party"}
_STOP = re.compile(r"^(?:of|in|from|with|to|for|were|are|was|is|have|has|had|that|which|who|by|on|at|attended|"
                   r"and|a|an|the|worth|across|among|spread|signed)$")
_ATTRIBUTION = re.compile(rf"\b(?:according to|data from|prepared by|published by|released by|[Aa]ccording to|"
                          rf"{SPEECH_VERBS})\s+(?:the\s+)?")


# "Group 20", "Article 5": a number after a capitalised word names, it does not count (but "Over 50 ...")
_NAMED_BEFORE = re.compile(r"(?:\b(?!(?:The|Over|More|Nearly|About|Around|Almost|Some|Only)\b)[A-Z]\w*|\d)\s+$")
# "8 million of Cambodia's 15 million people": the second number is the whole the first is a part of; the
# source states it as the part's base, not as a figure of its own (the part's statistic keeps the sentence)
_WHOLE_OF_PART = re.compile(r"\d[\d.,]*(?:\s+(?:thousand|million|billion|trillion))?\s+of\s+"
                            r"(?:[A-Z][\w-]*['’]s\s+|the\s+|its\s+|their\s+)?$")
# how the source bounds a figure it does not state exactly (srk:valueQualifier): above it, or just below it
_QUALIFIERS = ((re.compile(r"\b(?:over|more than|above|in excess of|upwards of)\s+$", re.I), "more than"),
               (re.compile(r"\b(?:nearly|almost|close to)\s+$", re.I), "nearly"))


def apply_statistics(doc: Document) -> None:
    reporter: str | None = None
    tree = Tree.of(doc)
    for sentence in doc.sentences:
        reporter = _attribution(doc, sentence) or reporter
        # "the 2024 Carnival attracted 50 exhibitors": a year in a name dates nothing
        dates = [d for d in doc.dates_in(sentence) if not any(m.start <= d.start < m.end for m in doc.mentions)]
        unit: str | None = None
        shared: list[str] = []  # whose the sentence's figures are: "China is home to 26,000 ..., 5,688 of which ..."
        for match in _NUMBER.finditer(sentence.text):
            unit = _statistic(doc, tree, sentence, match, dates, reporter, unit, shared) or unit


def _attribution(doc: Document, sentence: Span) -> str | None:
    for m in doc.in_span(sentence, ("Person", "Organisation")):
        lead = doc.text[max(sentence.start, m.start - 25):m.start]
        after = doc.text[m.end:m.end + 20]
        if re.search(_ATTRIBUTION.pattern + r"$", lead) or re.match(rf"\s+{SPEECH_VERBS}\b", after):
            return doc.ref(m)
    return None


# whose a figure can be: a body or place, or an event or programme ("the forum attracted 50 participants",
# "the lecture programme has held 108 sessions")
OWNERS = ("Place", "Organisation", "Event", "Initiative")
_FRACTIONS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}


def _value(match: re.Match[str]) -> Decimal | None:
    raw = match.group("num").replace(",", "").lower()
    value = Decimal(_WORD_NUMBERS[raw]) if raw in _WORD_NUMBERS else Decimal(raw)
    if match.group("frac"):  # "one fifth" of all sales: 20 percent
        return value * 100 / _FRACTIONS[match.group("frac").strip().rstrip("s")]
    if match.group("scale"):
        value *= _SCALES[match.group("scale").strip().lower()]
    return value


def _statistic(doc: Document, tree: Tree, sentence: Span, match: re.Match[str], dates: list[DateMention],
               reporter: str | None, previous_unit: str | None, shared: list[str]) -> str | None:
    """One statistic for a number; returns its unit (a later bare number in the sentence shares it:
    "26,000 enterprises ..., among which 5,688 were newly registered")."""
    start, end = sentence.start + match.start(), sentence.start + match.end()
    if any(d.start <= start < d.end for d in dates) or any(m.start <= start < m.end for m in doc.mentions) \
            or _WHOLE_OF_PART.search(doc.text, max(0, start - 60), start):
        return None
    tail = doc.text[end:end + 80]
    lead = doc.text[max(0, start - 12):start]
    if re.match(r"(?:st|nd|rd|th)\b|-\w", tail) or re.search(_NAMED_BEFORE, lead) \
            or re.search(r"\bout of\s+$", lead) or (re.search(r"\b(?:the|both|these|those)\s+$", lead, re.I) and not
                                                     _counted_after_the(match)) \
            or (re.search(r"\band\s+$", lead) and re.match(r"\s+other\b", tail)):
        # "the two sides", "the two countries", "China and seven other countries": a reference to the actors
        # named, not a count
        return None
    value = _value(match)
    if value is None:
        return None
    unit = "percent" if match.group("pct") or match.group("frac") else None
    out_of = re.match(r"\s+out of\s+\w+", tail)  # "Eleven out of thirteen companies": the unit follows
    if out_of:
        tail = tail[out_of.end():]
        tail = re.sub(r"^(\s+(?:[a-z-]+\s+){0,3}?)(?=[a-z-]+s\b)", " ", tail)
    of_total = re.match(r"\s+of\s+(?:[A-Z][\w-]*['’]s\s+|the\s+|its\s+|their\s+)?\d[\d.,]*"
                        r"(?:\s+(?:thousand|million|billion))?(?=\s)", tail)
    if of_total:  # "8 million of Cambodia's 15 million people": people, like the total they are part of
        tail = tail[of_total.end():]
    currency = re.match(r"\s*(%s)\b" % "|".join(_CURRENCIES), tail, re.I)
    if unit is None and currency:
        unit = _CURRENCIES[currency.group(1).lower()]
    if unit is None:
        found = _UNIT.match(tail)
        bare = re.match(r"\s+(?:were|are|was|is|of them|have|had)\b", tail)
        if not found and not (bare and previous_unit):
            return None
        found = found if not bare else None
        words = found.group("unit").split() if found else [previous_unit or ""]
        while words and _STOP.match(words[-1]):
            words.pop()
        cut = next((i for i, w in enumerate(words) if _STOP.match(w) and w not in ("and", "or", "per")), len(words))
        words = words[:cut]
        if not words or words[0] in _NOT_UNITS or words[-1] in _NOT_UNITS:
            return None
        phrase = " ".join(words)
        currency = next((c for w, c in _CURRENCIES.items() if phrase.startswith(w)), None)
        core = [w for w in words if w not in _MODIFIERS]
        unit = currency or " ".join(core[-2:] if len(core) > 1 and not ("and" in core or "per" in core) else core)
        unit = {"tons": "tonnes"}.get(unit, unit)
        if not unit:
            return None
    date = _date_for(doc, sentence, start, dates)
    written = match.group().strip()
    named = written if unit == "percent" and (match.group("pct") or match.group("frac")) else f"{written} {unit}"
    label = f"{named}, {doc.source.slug}, {date.value if date else doc.source.date}"  # never "21.9 percent percent"
    stat = doc.new_entity(label, "Statistic", 0.6)
    number = format(value.normalize(), "f")
    doc.add(stat, "value", number, sentence, "statistic-number", 0.7, literal=True)
    doc.add(stat, "unit", unit, sentence, "statistic-unit", 0.6, literal=True)
    before = doc.text[max(sentence.start, start - 20):start]
    qualifier = next((q for pattern, q in _QUALIFIERS if pattern.search(before)), None)
    if qualifier:  # "over 8 million": a lower bound, not the exact figure
        doc.add(stat, "valueQualifier", qualifier, sentence, "statistic-qualifier", 0.6, literal=True)
    # "so far", "currently", "now": as of the day the article says it; otherwise its month
    present = re.search(r"\b(?:so far|to date|currently|at present|now|as of today)\b", sentence.text, re.I) or \
        _perfect(tree, start, end)  # "the college has established 10 platforms": as of the day it is written
    owners = _refers_to(doc, tree, start, end, reporter) or ((shared[-1],) if shared else ())
    subject = owners[0] if owners else None
    # "The forum attracted over 50 participants": a figure of an event, as of the day it ended (or was held)
    counted = _counted(tree, start, end)
    launch = subject is not None and counted is not None and \
        subject == at_the_launch(doc, governing_verb(counted))  # "introduced during the launch": its first day
    held = _held_on(doc, subject, launch) if subject and not date and not present else None
    # "Eighteen officials attended the seminar": those who attend are counted on the day of the event
    held = held or (_attended_on(doc, tree, start, end) if not date and not present else None)
    # "From 2005 to 2016, trade grew to $31 billion": the figure is the span's end
    said_on = _said_on(doc, sentence, end, dates) if not date and present else None
    as_of = (date.end_value or date.value) if date else held or said_on or \
        (str(doc.source.date) if present else _publication_month(doc))
    doc.add(stat, "asOf", as_of, sentence, "statistic-as-of", 0.55, literal=True)
    if date and date.period:
        doc.add(stat, "period", date.period, sentence, "statistic-period", 0.5, literal=True)
    since = re.search(r"\b[Ss]ince\s+(?:(?:its|their|the)\s+\w+\s+in\s+)?((?:19|20)\d\d)\b", sentence.text)
    if since:
        doc.add(stat, "period", f"since {since.group(1)}", sentence, "statistic-period", 0.5, literal=True)
    if subject:
        shared.append(subject)
    for owner in owners:  # "trade between A and B": the pair's figure, so both are its owners
        doc.add(stat, "refersTo", owner, sentence, "statistic-refers-to", 0.5)
    if reporter:
        doc.add(stat, "reportedBy", reporter, sentence, "statistic-reported-by", 0.5)
    return unit


def _said_on(doc: Document, sentence: Span, after: int, dates: list[DateMention]) -> str | None:
    """"At present, China has signed MoUs with 30 countries, according to X, on October 10": a present
    figure holds on the day its source stated it, when the attribution after it gives that day."""
    attribution = _ATTRIBUTION.search(doc.text, after, sentence.end)
    said = [d for d in dates if attribution is not None and d.start > attribution.start() and
            re.fullmatch(r"\d{4}-\d\d-\d\d", d.value)]
    return said[0].value if said else None


def _attended_on(doc: Document, tree: Tree, start: int, end: int) -> str | None:
    """The day of the event that what is counted attended, joined or took part in (its subject)."""
    counted = _counted(tree, start, end)
    if counted is not None and counted.dep_ == "pobj" and counted.head.dep_ == "prep":  # "officials from 14 countries"
        counted = counted.head.head
    verb = governing_verb(counted) if counted is not None and counted.dep_ == "nsubj" else None
    if verb is None or lemma(verb) not in ("attend", "join", "participate", "take"):
        return None
    objects = [c for c in verb.children if c.dep_ == "dobj"] + list(prepositional(verb, ("in",)))
    events = [m for m in (tree.named(o, ("Event",)) for o in objects) if m is not None]
    return _held_on(doc, doc.ref(events[0])) if events else None


def _counted_after_the(match: re.Match[str]) -> bool:
    """"The 15 webinars under the series": digits after "the" count things; "the two sides" (a word, or a
    number below three) refers to actors already named."""
    return match.group("num")[:1].isdigit() and (_value(match) or 0) >= 3


def _held_on(doc: Document, ref: str, launch: bool = False) -> str | None:
    """The day an event ended, else the day it was held, as the article states it (kg.extract.dated); for
    what its launch presented, the day it began."""
    dates = {f.predicate: f.object for f in doc.facts if f.subject == ref and f.predicate in ("startDate", "endDate")}
    return dates.get("startDate") if launch else dates.get("endDate") or dates.get("startDate")


def _publication_month(doc: Document) -> str:
    return str(doc.source.date)[:7]


def _date_for(doc: Document, sentence: Span, offset: int, dates: list[DateMention]) -> DateMention | None:
    # "since 2020" and "since its launch in 2020" start a period; they are not the day the figure holds on
    usable = [d for d in dates if not re.search(r"\b[Ss]ince\s+(?:(?:its|their|the)\s+\w+\s+(?:in|on)\s+)?$",
                                                doc.text[max(0, d.start - 30):d.start])]
    head = [d for d in usable if d.start - sentence.start < 45 and re.match(r"\s*,", doc.text[d.end:d.end + 2])
            or d.start - sentence.start < 8]
    if head:
        return head[0]
    clause_start = max([sentence.start] + [sentence.start + m.end() for m in re.finditer(r"[,;]", sentence.text)
                                           if sentence.start + m.end() <= offset])
    clause_end = min([sentence.end] + [sentence.start + m.start() for m in re.finditer(r"[,;]", sentence.text)
                                       if sentence.start + m.start() > offset])
    in_clause = [d for d in usable if clause_start <= d.start < clause_end]
    return in_clause[0] if in_clause else None


def _counted(tree: Tree, start: int, end: int):  # type: ignore[no-untyped-def]
    """The noun a number counts ("10 platforms" -> platforms; "8 million of ..." -> million)."""
    span = tree.tokens(start, end)
    if span is None:
        return None
    number = span.root
    if number.dep_ in ("nummod", "compound", "quantmod") and number.head.pos_ in ("NOUN", "PROPN", "NUM"):
        head = number.head
        return head.head if head.dep_ in ("nummod", "compound") and head.head.pos_ == "NOUN" else head
    return number


def _perfect(tree: Tree, start: int, end: int) -> bool:
    counted = _counted(tree, start, end)
    verb = governing_verb(counted) if counted is not None else None
    if verb is not None and verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj", "xcomp"):
        verb = verb.head  # "has held 108 sessions, reaching 80 countries": as of the same day
    return verb is not None and is_perfect(verb)


def _refers_to(doc: Document, tree: Tree, start: int, end: int, reporter: str | None) -> tuple[str, ...]:
    """Whose figure, from the parse: the owner of what is counted ("8 million of Cambodia's 15 million
    people"), else the subject of the verb that has, reaches or makes it ("China has signed MoUs with 30
    countries", "The college has established 10 platforms"), or that subject's owner ("the throughput of
    Zhengzhou Airport was 255,000 tonnes"), else the place the verb happens in ("... were made in China") or
    that the counted things belong to.
    Not the nearest name, not the reporter; none when the sentence does not say. Two owners only for a
    figure of a pair ("trade between A and B")."""
    counted = _counted(tree, start, end)
    if counted is None:
        return ()
    verb = governing_verb(counted)
    subjects = [] if verb is None or counted.dep_ in ("nsubj", "nsubjpass") else \
        agents(verb) or (agents(verb.head) if verb.dep_ in ("advcl", "xcomp", "dep") else [])  # "X opened, attracting 50"
    # an event or programme owns what it attracts, holds or engages: the verb's object, not a noun nested
    # deeper ("includes an exhibition with 100,000 goods": the exhibition's goods)
    by_subject = OWNERS if counted.dep_ == "dobj" else ("Place", "Organisation")
    for token in [*_owners(counted), *subjects, *(o for t in subjects for o in _owners(t))]:
        found = tree.named(token, OWNERS if token not in subjects else by_subject)
        if found is not None and doc.ref(found) != reporter:
            return (doc.ref(found),)
    between = bilateral(doc, tree, [*subjects, *passive_subjects(verb)])
    if between:
        return between
    launched = at_the_launch(doc, verb)
    if launched is not None:
        return (launched,)
    where = ("in", "to") if verb is not None and lemma(verb) == "belong" else ("in",)  # "... belong to China"
    for obj in prepositional(verb, where) if verb is not None else ():
        found = tree.mention(obj, ("Place",))
        if found is not None:
            return (doc.ref(found),)
    return ()


def _owners(noun) -> list:  # type: ignore[no-untyped-def,type-arg]
    """"Cambodia's people", "the throughput of Zhengzhou Airport", "8 million of Cambodia's people", "the
    webinars under the series"."""
    owners = [c for c in noun.children if c.dep_ == "poss"]
    for prep in noun.children:  # "the 15 webinars under the series": the series' webinars
        if prep.dep_ == "prep" and prep.lower_ in ("of", "under"):
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    owners += [pobj, *(p for p in pobj.children if p.dep_ == "poss")]
    return owners
