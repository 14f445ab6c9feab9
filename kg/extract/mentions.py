"""Mentions: where the text names a person, organisation, place, event, series or initiative.

Gazetteer names (the registry's labels and aliases) come first; then capitalised spans typed by
their head words ("... Forum", "... University", "... Province"), the built-in place list and their
context (an honorific or a title before a name, an apposition after it, "held in X").
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.extract.agreements import described_agreements, place_documents, signed_agreements
from kg.extract.events import described_events, owned_ceremonies
from kg.extract.gazetteer import Gazetteer, class_of_name, place_class
from kg.extract.listed import last_of_lists
from kg.extract.mention import EVENT_CLASSES, Mention
from kg.extract.persons import SPEECH_VERBS, TITLE_RE, find_persons
from kg.extract.text import Span, capitalised_spans
from kg.extract.typed_spans import defined_acronyms, typed_span
from kg.extract.zones import described_zones

_QUOTED_PART_KINDS = ("Initiative", "Agreement", *EVENT_CLASSES)
__all__ = ["EVENT_CLASSES", "Mention", "SPEECH_VERBS", "TITLE_RE", "find_mentions"]


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
        persons = find_persons(sentence)
        found.extend(persons)
        found.extend(described_events(sentence))
        found.extend(described_zones(sentence))
        found.extend(_matched(sentence, _STREET, "Venue", "street-address"))
        found.extend(_matched(sentence, _GROUP_FOR, "Organisation", "group-described"))
        found.extend(place_documents(sentence))
        starts = {p.start for p in persons}
        cuts = [(p.start, p.end) for p in persons] + [  # a title just before a name: "SCO Secretary-General Norov"
            (sentence.start + t.start(), sentence.start + t.end()) for t in TITLE_RE.finditer(sentence.text)
            if sentence.start + t.end() + 1 in starts]
        found.extend(defined_acronyms(sentence, model, undefined))
        for span in (p for s in _across_brackets(capitalised_spans(sentence), text) for p in _at_headline_verbs(s)):
            title = TITLE_RE.match(span.text)  # "Vice President of the Academy ...": the title is not the name
            extra = [(span.start, span.start + title.end())] if title else []
            for piece in _cut(span, cuts + extra):
                found.extend(_unquoted(m) for m in typed_span(piece, text, gazetteer)
                             if _plausible(m, model, parsed, text))
    found = [m for m in found if not (m.text in undefined and m.rule in ("acronym", "ner-organisation"))
             and not _currency_or_credit(m, text)]
    kept = _without_overlaps(found)
    ceremonies = [c for sentence in sentences for c in owned_ceremonies(sentence, kept)]
    kept = _without_overlaps(kept + ceremonies + described_agreements(sentences, kept))
    kept = _without_overlaps(kept + _surnames(kept, text))
    kept = _without_overlaps(kept + last_of_lists(kept, text) + _other_names(kept, text))
    return signed_agreements(text, [_with_group(_with_owner(m, text), text) for m in kept])


# "Hongqiao Tiandi, or The Hub, ...": a second name set off by commas (kg.extract.document makes it one entity)
_OR_NAME = re.compile(r",\s+or\s+(?P<name>(?:The\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})(?=\s*[,.;)])")


def _other_names(mentions: list[Mention], text: str) -> list[Mention]:
    found = []
    for mention in mentions:
        other = _OR_NAME.match(text, mention.end) if mention.cls not in ("Person", *EVENT_CLASSES) else None
        if other is not None:
            found.append(Mention(other.start("name"), other.end("name"), other.group("name"), mention.cls, None,
                                 "other-name", 0.6))
    return found


_CURRENCY = re.compile(r"\s*\$|\s+(?:dollars?|yuan|renminbi|euros?|pounds?|rupees?|pesos?|francs?|cents?)\b", re.I)
# "TASHKENT, Oct. 14 (Xinhua) --": the bracket credits the wire agency the text comes from
_CREDIT = re.compile(r"^[A-Z][A-Z .'’-]+,\s+[^()\n]{3,30}?\s*\((?P<credit>[^()\n]{2,30})\)\s*(?:–|—|--|-)\s",
                     re.M)


def _currency_or_credit(mention: Mention, text: str) -> bool:
    """"5 billion U.S. dollars", "US$ 3 million": a place that names a currency is no mention of the place;
    nor is the news agency a dateline credits (a source, like the byline, and no city of that name)."""
    if place_class(mention.text) and _CURRENCY.match(text, mention.end):
        return True
    credit = _CREDIT.search(text[:400])
    return credit is not None and credit.start("credit") <= mention.start and mention.end <= credit.end("credit")


# "558 Nanjing Road E.", "12 Jianguo Avenue": a street of an address (a house number before it) is a place
_STREET = re.compile(r"\b\d{1,5}\s+(?P<name>(?:[A-Z][\w'’-]*\s+){1,3}(?:Road|Street|Avenue|Boulevard|Lane)"
                     r"(?:\s+(?:[NSEW]\.|North|South|East|West)(?![\w]))?)")


# "in 2004, an SCO special working group for e-commerce was created": a group named by its owner and purpose
_GROUP_FOR = re.compile(r"\b(?:an?|the)\s+(?P<name>[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*\s+(?:[a-z]+\s+){1,2}?"
                        r"(?:group|taskforce|task force|committee|team)\s+(?:for|on)\s+[\w-]+"
                        r"(?:\s+(?:and\s+)?(?!was\b|were\b|is\b|has\b|in\b|of\b)[a-z][\w-]*){0,2})")


def _matched(sentence: Span, pattern: re.Pattern[str], cls: str, rule: str) -> list[Mention]:
    """A mention of `cls` for each match's "name" group in the sentence."""
    return [Mention(sentence.start + m.start("name"), sentence.start + m.end("name"), m.group("name"), cls, None, rule,
                    0.6) for m in pattern.finditer(sentence.text)]


def _surnames(mentions: list[Mention], text: str) -> list[Mention]:
    """"Jack Ma ... Ma and Paul Kagame unveiled": a lone word of a person's name, after the article has named
    the person in full, is that person again (the model often misses it; kg.extract.document links it)."""
    found = []
    names = [m for m in mentions if m.cls == "Person" and len(m.text.split()) > 1]
    for person in names:
        for word in {w for w in person.text.split() if len(w) > 1 and w[0].isupper() and w[1:].islower()}:
            for match in re.finditer(rf"(?<![\w'’-])(?<![A-Z][a-z]\s){re.escape(word)}(?![\w'’-])(?!\s+[A-Z])",
                                     text[person.end:]):
                start = person.end + match.start()
                if not any(m.start <= start < m.end for m in mentions):
                    found.append(Mention(start, start + len(word), word, "Person", None, "surname", 0.6))
    return found


_GROUP_HEAD = re.compile(r"\s+(?P<head>group|taskforce|task force|team)\b(?!\s+(?:of|for|on)\b)")


def _with_group(mention: Mention, text: str) -> Mention:
    """"members of the SCO Model group": a new name with a lower-case group head is the "SCO Model Group"
    (a name the registry knows stays as it is: "the Alibaba group" is Alibaba)."""
    head = _GROUP_HEAD.match(text, mention.end)
    if head is None or mention.ref is not None or mention.cls not in ("Organisation", "InternationalOrganisation"):
        return mention
    written = head.group("head")
    return replace(mention, end=head.end(), text=text[mention.start:head.end()],
                   name=f"{mention.label} {written.title()}")


_OWNER = re.compile(r"(?:^|\s)(?P<owner>[A-Z][A-Z0-9&]{1,7}|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)['’]s\s+$")


def _with_owner(mention: Mention, text: str) -> Mention:
    """"The G20's Leaders' Communique" is also the "G20 Leaders' Communique": a document or initiative of
    an acronym or a place takes its owner's name before its own as an alias."""
    owner = _OWNER.search(text[max(0, mention.start - 30):mention.start])
    if mention.cls not in ("Agreement", "Initiative") or owner is None or not (
            owner.group("owner").isupper() or place_class(owner.group("owner"))):
        return mention
    return replace(mention, aliases=(*mention.aliases, f"{owner.group('owner')} {mention.label}"))


def _unquoted(mention: Mention) -> Mention:
    """'"The Belt and Road" Digital Economy ... Initiative' is named without its quotes and leading article."""
    if not re.search(r"[“”\"]", mention.text):
        return mention
    return replace(mention, name=re.sub(r"^[Tt]he\s+", "", re.sub(r"[“”\"]", "", mention.label)).strip())


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
        elif merged and re.fullmatch(r"[”\"]\s+", between) and text[merged[-1].start - 1:merged[-1].start] in "“\"" \
                and class_of_name(span.text) in _QUOTED_PART_KINDS:
            # '"The Belt and Road" Digital Economy International Cooperation Initiative': a quoted part of a name
            merged[-1] = Span(merged[-1].start - 1, span.end, text[merged[-1].start - 1:span.end])
        else:
            merged.append(span)
    return merged


# A headline writes its verb capitalised: "UNOSSC and China Conduct Seminar Series on ..." is two names and a verb.
_HEADLINE_VERB = re.compile(r"\s(?:Conducts?|Holds?|Hosts|Launches|Signs?|Opens|Kicks\s+Off|Approves|Attends|Joins|"
                            r"Unveils|Vows|Urges|Welcomes|Marks|Celebrates|Discusses|Boosts|Promotes|Meets|Calls|"
                            r"Says|Takes|Becomes|Wins|Inks|Starts|Ends|Wraps\s+Up)\s")


def _at_headline_verbs(span: Span) -> list[Span]:
    """The names on either side of a capitalised verb in a headline."""
    verb = _HEADLINE_VERB.search(span.text)
    if verb is None:
        return [span]
    before = Span(span.start, span.start + verb.start(), span.text[:verb.start()])
    after = Span(span.start + verb.end(), span.end, span.text[verb.end():])
    return [before, *_at_headline_verbs(after)]


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
        # (the full stop of "U.S." is the last initial's, not punctuation around the name)
        stripped = re.sub(r"^(?:\W|\b(?:of|the|The|and|for|on|in)\b)+|"
                          r"(?:[^\w.]|(?<!\.[A-Z])\.|\b(?:of|the|and|for|on|in)\b)+$", "", chunk)
        if stripped and (stripped[0].isupper() or re.match(r"(?:19|20)\d\d\s+[A-Z]", stripped)):  # "2024 Silk Road Forum"
            offset = start + chunk.index(stripped)
            result.append(Span(offset, offset + len(stripped), stripped))
    return result


def _names_more(mention: Mention, mentions: list[Mention]) -> bool:
    """A new name that holds a known one as a part: "China Council for the Promotion of International
    Trade" around "China", "Guangxi Zhuang Autonomous Region" around "Guangxi"; an edition around its series."""
    if mention.rule in ("event-name", "event-lower-head", "event-held", "agreement-place-named", "zone-described",
                        "street-address", "group-described"):
        return True
    if mention.rule not in ("head-word", "ner-organisation", "ner-place", "ner-event", "ner-agreement"):
        return False
    inner = [m for m in mentions if m.ref and mention.start <= m.start and m.end <= mention.end and m is not mention]
    return bool(inner) and (all((m.end - m.start) * 2 <= mention.end - mention.start for m in inner)
                            or _owner_and_name(mention, inner))


def _owner_and_name(mention: Mention, inner: list[Mention]) -> bool:
    """"UNOSSC Cities Project": one known name (the owner) written before another known one that ends the
    name is a third thing, the owner's own; a longer name is never the shorter entry its tail is an alias of."""
    first = min(inner, key=lambda m: m.start)
    last = max(inner, key=lambda m: m.end)
    between = mention.text[first.end - mention.start:last.start - mention.start]
    return (first.start == mention.start and last.end == mention.end and first.ref != last.ref
            and first.end < last.start and not between.strip())  # side by side: "A and B" is two names


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the best of overlapping mentions: linked before new, longer before shorter, surer before less sure."""
    kept: list[Mention] = []
    ranked = sorted(mentions, key=lambda m: (m.ref is None and not _names_more(m, mentions),
                                             -(m.end - m.start), -m.confidence, m.start))
    for mention in ranked:
        if all(mention.end <= k.start or k.end <= mention.start for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: (m.start, m.end))
