"""Relation rules, each general (apposition, titles, "X of Y", ordinals, "held in", "hosted by"),
each named: the rule name becomes the claim's method."""

from __future__ import annotations

import re

from kg.extract.arguments import REMOTE as _REMOTE
from kg.extract.clauses import apply_clauses
from kg.extract.document import Document
from kg.extract.parties import apply_parties
from kg.extract.mentions import SPEECH_VERBS, TITLE_RE, Mention
from kg.extract.posts import appositive_posts, place_ref, state_post
from kg.extract.syntax import Tree
from kg.extract.text import Span
from kg.extract.zones import establishing_place
from kg.gazetteer import lookup as places_lookup

ORG_OR_PLACE = ("Organisation", "Place")
_SPEAKING = re.compile(rf"\b(?:{SPEECH_VERBS}|speech|remarks|video message|spoke)\b")
# "Heine told China Daily on Tuesday that ...", "said in an interview": what the person says is said to the
# reporter; a later sentence of theirs that names no event is no speech at the article's main event
_INTERVIEWED = re.compile(r"\s+(?:told\s+(?:the\s+)?(?:[A-Z]|reporters\b|journalists\b)|"
                          r"(?:said\s+)?in an (?:exclusive\s+)?interview\b)")
_POST_AT = re.compile(TITLE_RE.pattern + r"\s+(?:of|at)\s+(?:the\s+)?$")
_ATTENDING = re.compile(r"\b(?:took part in|attended|attends|attend|joined|participated in|participate in)\b")
# "Norov, who suggested that the group include students who earlier took part in X": the students took part
_OTHERS_ATTEND = re.compile(r"\b[a-z]+\s+(?:who|that|which)\s+(?:[a-z]+ly\s+|earlier\s+|also\s+)?$")
_PLACE_RANK = {"Venue": 0, "District": 1, "City": 2, "Province": 3, "Country": 4, "Region": 5}


# rules that pick the nearest event or name: they give way, in a sentence, to what the parse says there
_PROXIMITY = {"speaker-at-event": ("spokeAt", "spokeRemotelyAt"), "speaker-at-event-remote": ("spokeAt", "spokeRemotelyAt"),
              "attended-event": ("participatedIn",)}
_BY_SUBJECT = ("spokeAt", "spokeRemotelyAt", "participatedIn")  # one speaker's event says nothing of another's


def apply_all(doc: Document) -> None:
    apply_clauses(doc)
    from_parse = len(doc.facts)
    main_event = _main_event(doc)
    for sentence in doc.sentences:
        mentions = doc.in_span(sentence)
        _posts(doc, sentence, mentions)
        _event_details(doc, sentence, mentions, main_event)
        _participation(doc, sentence, mentions, main_event)
        _located(doc, sentence, mentions)
    _prefer_parse(doc, from_parse)
    appositive_posts(doc, Tree.of(doc))
    apply_parties(doc)


def _prefer_parse(doc: Document, from_parse: int) -> None:
    """Drop a proximity guess where the parse stated the same relation in the same sentence ("During the Moscow
    summit, Xi stressed": Xi spoke at the summit, not at the article's main conference)."""
    stated = {(f.start, f.predicate, f.subject if f.predicate in _BY_SUBJECT else "") for f in doc.facts[:from_parse]}
    doc.facts[from_parse:] = [
        f for f in doc.facts[from_parse:]
        if not any((f.start, p, f.subject if p in _BY_SUBJECT else "") in stated for p in _PROXIMITY.get(f.rule, ()))]


def _main_event(doc: Document) -> str | None:
    """The event the article is about: the most mentioned one, the earliest on a tie."""
    counts: dict[str, tuple[int, int]] = {}
    for m in doc.mentions:
        if doc.family(m) == "Event":
            n, first = counts.get(doc.ref(m), (0, m.start))
            counts[doc.ref(m)] = (n + 1, first)
    return min(counts, key=lambda r: (-counts[r][0], counts[r][1])) if counts else None


def _after(doc: Document, mention: Mention, limit: int = 200) -> str:
    return doc.text[mention.end:mention.end + limit]


def _posts(doc: Document, sentence: Span, mentions: list[Mention]) -> None:
    """"Name, Title of Org[, Parent Org]" and "Org Title Name": holds, postIn, subOrganizationOf."""
    for person in (m for m in mentions if doc.family(m) == "Person"):
        known_post = next((m for m in mentions if doc.family(m) == "Post" and m.end < person.start and
                           doc.text[m.end:person.start].strip() == ""), None)
        if known_post is not None:  # "SCO Secretary-General Vladimir Norov", the post known by that name
            doc.add(doc.ref(person), "holds", doc.ref(known_post), sentence, "post-title-before-name", 0.8)
            _appositive_posts(doc, sentence, person, mentions)
            continue
        before = doc.text[max(sentence.start, person.start - 60):person.start]
        title = re.search(rf"({TITLE_RE.pattern}(?:\s+(?:of|for)\s+[A-Z][a-z]+(?:\s+and\s+[A-Z][a-z]+)?)?)\s+$", before)
        if title:
            org = next((m for m in mentions if m.end <= person.start - len(title.group()) and
                        doc.text[m.end:person.start - len(title.group())].strip() == "" and
                        doc.family(m) == "Organisation"), None)
            title_text = " ".join(title.group(1).split())
            if org is not None:
                entity = doc.entity(doc.ref(org))
                org_label = entity.label if entity else org.text
                aliases = tuple(dict.fromkeys((f"{org.text} {title_text}", f"{title_text} of {org.text}")))
                post = doc.new_entity(f"{title_text} of {org_label}", "Post", 0.7, aliases)
                doc.add(doc.ref(person), "holds", post, sentence, "post-title-before-name", 0.75)
                doc.add(post, "postIn", doc.ref(org), sentence, "post-title-before-name", 0.75)
            elif not re.fullmatch(r"(?i:reporter|intern|editor|photographer)s?", title_text):
                # "Chinese Vice Minister of Commerce Wang Bingnan": a post of that country's ministry;
                # with no country in sight no post at all, never a bare "Minister" shared by all ministers
                state_post(doc, sentence, doc.ref(person), person.end, title_text, person.start - len(title.group()))
        _appositive_posts(doc, sentence, person, mentions)


def _appositive_posts(doc: Document, sentence: Span, person: Mention, mentions: list[Mention]) -> None:
    position = person.end
    lead = re.match(r",\s+(?:an?\s+|the\s+)?", doc.text[position:position + 12])
    if not lead:
        return
    position += lead.end()
    for _ in range(3):  # "member of X and Secretary of Y"
        title = TITLE_RE.match(doc.text, position)
        if not title or title.end() > sentence.end:
            return
        link = re.match(r"\s+(?:of|at|to|in)\s+(?:the\s+)?(?:[a-z']+\s+)?", doc.text[title.end():title.end() + 30])
        if not link:
            return
        org = next((m for m in mentions if m.start == title.end() + link.end() or
                    (m.start > title.end() and m.start <= title.end() + link.end() + 1)), None)
        # "co-chairman of the Global Development Conference": a post at a conference or its series
        if org is None or doc.family(org) not in (*ORG_OR_PLACE, "Event", "EventSeries"):
            return
        chain = [org]
        while True:  # ", Parent Org" after the organisation (and after its "(ABBR)")
            rest = doc.text[chain[-1].end:chain[-1].end + 16]
            step = re.match(r"(?:\s*\([^)]*\))?,\s+(?:the\s+)?", rest)
            following = next((m for m in mentions if step and m.start == chain[-1].end + step.end()), None)
            if following is None or doc.family(following) != "Organisation":
                break
            chain.append(following)
        label = doc.text[title.start():chain[-1].end]
        entity = doc.entity(doc.ref(org))  # "Director of UNOSSC" is also the "Director of" the office's full name
        full = (f"{title.group()} of the {entity.label}",) if entity and entity.label != org.text else ()
        post = doc.new_entity(label, "Post", 0.7, (doc.text[title.start():org.end], *full))
        doc.add(doc.ref(person), "holds", post, sentence, "post-apposition", 0.8)
        if doc.family(org) == "Organisation":
            doc.add(post, "postIn", doc.ref(org), sentence, "post-apposition", 0.75)
        elif doc.family(org) in ("Event", "EventSeries"):
            doc.add(post, "postAt", doc.ref(org), sentence, "post-apposition-event", 0.7)
        for child, parent in zip(chain, chain[1:]):
            doc.add(doc.ref(child), "subOrganizationOf", doc.ref(parent), sentence, "org-apposition", 0.6)
        conj = re.match(r"(?:\s*\([^)]*\))?\s+and\s+(?:the\s+)?", doc.text[chain[-1].end:chain[-1].end + 20])
        if not conj:
            return
        position = chain[-1].end + conj.end()


def _series_named(doc: Document, series: str) -> bool:
    """Whether the text names a series itself, not only in an edition's name: "the 5th Double Five Shopping
    Festival" says there were others, not what the series is (a festival, a body that holds it, or nothing
    the text states); "the 3rd Silk Road Expo ... the Silk Road Expo, held every year since 2015" names it.
    A series the registry knows is linked wherever an edition names it."""
    editions = [(m.start, m.end) for m in doc.mentions if m.series == series]
    return any(not any(a <= found.start() < b for a, b in editions)
               for found in re.finditer(rf"\b{re.escape(series)}\b", doc.text))


def _event_details(doc: Document, sentence: Span, mentions: list[Mention], main_event: str | None) -> None:
    events = [m for m in mentions if doc.family(m) == "Event"]
    for event in events:
        if event.edition is not None:
            doc.add(doc.ref(event), "edition", str(event.edition), sentence, "event-ordinal", 0.85, literal=True)
        if event.series:
            series = doc.gazetteer.lookup(event.series, "EventSeries", doc.ontology)
            if series is None and not _series_named(doc, event.series):
                continue  # "the 4th World Internet Conference" alone: an edition, with no series the text names
            series_ref = series.ref if series else doc.new_entity(event.series, "EventSeries", 0.6)
            doc.add(doc.ref(event), "partOfSeries", series_ref, sentence, "event-series-name", 0.75)
    sentence_text = doc.text[sentence.start:sentence.end]
    anaphora = re.search(r"\b[Tt]h(?:e|is)\s+(?:\w+\s+)?(seminar|conference|forum|summit|meeting)\b",
                         sentence_text)
    anchors = [(m.start, doc.ref(m)) for m in events]
    main = doc.entity(main_event) if main_event else None
    for event in events:
        if event.rule == "event-place-named":  # "the Moscow summit": held in Moscow
            name = re.sub(r"^the\s+", "", event.text).split()[0]
            place = doc.gazetteer.lookup(name, "Place", doc.ontology)
            doc.add(doc.ref(event), "heldIn", place.ref if place else doc.new_entity(name, "City", 0.5), sentence,
                    "place-named-event", 0.65)
    if anaphora and main and anaphora.group(1) in main.label.lower():
        anchors.append((sentence.start + anaphora.start(), main_event))
    if not anchors:
        return

    def nearest(offset: int) -> str | None:
        before = [a for a in anchors if a[0] <= offset]
        if not before:
            return min(anchors)[1]
        anchor = max(before)
        between = doc.text[anchor[0]:offset]
        # "... the Global Conference ... the summit of the Council that took place on 10 November": another event
        other = re.search(r"\b(?:the|a)\s+(summit|conference|forum|seminar|roundtable|meeting|ceremony|exhibition)\b",
                          between[len(doc.text[anchor[0]:anchor[0] + 1]):])
        entity = doc.entity(anchor[1])
        if other and entity and other.group(1) not in entity.label.lower() and \
                not any(m.start > anchor[0] and m.start < offset for m in events):
            return None
        return anchor[1]

    for m in mentions:
        lead = doc.text[max(sentence.start, m.start - 40):m.start]
        # dates, venues, hosts and organisers come from the parse (kg.extract.clauses)
        if doc.family(m) == "Organisation" and re.search(r"\bin partnership with\s+(?:the\s+)?$", lead):
            doc.add(doc.ref(m), "partnerIn", nearest(m.start) or "", sentence, "in-partnership-with", 0.7)
        elif doc.family(m) == "Organisation" and re.match(r",\s+the\s+organi[sz]ing\b", _after(doc, m, 30)):
            doc.add(doc.ref(m), "organised", nearest(m.start) or "", sentence, "organising-institution", 0.6)
        elif doc.family(m) == "Event" and re.search(r"\bsidelines of\s+(?:the\s+)?$", lead):
            other = [e for e in events if e is not m]
            if other:
                doc.add(doc.ref(other[0]), "sidelineOf", doc.ref(m), sentence, "on-the-sidelines-of", 0.7)
        elif doc.family(m) == "Event" and re.search(r"\bfollow-up to\s+(?:an?\s+|the\s+)?(?:\S+\s+)?$", lead) \
                and main_event and main_event != doc.ref(m):
            doc.add(main_event, "followUpOf", doc.ref(m), sentence, "follow-up-to", 0.6)


def _participation(doc: Document, sentence: Span, mentions: list[Mention], main_event: str | None) -> None:
    sentence_text = doc.text[sentence.start:sentence.end]
    # "X, co-chairman of the Global Development Conference, noted ...": the conference of a post is no
    # occasion of the speech
    events = [m for m in mentions if doc.family(m) == "Event" and not _POST_AT.search(
        doc.text, max(sentence.start, m.start - 60), m.start)]
    if main_event is not None and not any(doc.refs.get(m.start) == main_event for m in doc.mentions
                                          if m.start < sentence.end):
        main_event = None  # a speaker quoted before the article names any event speaks to the reporter
    target = doc.ref(events[0]) if events else main_event
    if target is None:
        return
    at_event = [m for m in events if re.search(r"\b(?:at|in|to|attends?|attended)\s+(?:the\s+)?$",
                                                 doc.text[max(0, m.start - 16):m.start])]
    target = doc.ref(at_event[0]) if at_event else (main_event or target)
    agents = [m for m in mentions if doc.family(m) == "Person"] or \
        [m for m in mentions if doc.family(m) == "Organisation"]
    if not agents:
        return
    subject = agents[0]
    # "According to Ma, the eWTP will help ...": a source cited, not a speaker at the event
    cited = re.search(r"\b[Aa]ccording to\s+(?:[\w.'’-]+\s+){0,4}$", doc.text[sentence.start:subject.start])
    if cited:
        return
    named_here = any(doc.ref(m) == target for m in events)
    if not named_here and any(doc.refs.get(m.start) == doc.ref(subject) and _INTERVIEWED.match(doc.text, m.end)
                              for m in doc.mentions):
        return  # an interviewee's words, not a speech at the event the article reports
    if doc.family(subject) == "Person" and _SPEAKING.search(sentence_text):
        if _REMOTE.search(sentence_text):  # "In her video message, Ms. X highlighted ...": not in the room
            doc.add(doc.ref(subject), "spokeRemotelyAt", target, sentence, "speaker-at-event-remote", 0.6)
        else:
            doc.add(doc.ref(subject), "spokeAt", target, sentence, "speaker-at-event", 0.6)
    elif (attending := _ATTENDING.search(sentence_text)) and subject.start < sentence.start + attending.start() \
            and not _OTHERS_ATTEND.search(doc.text[subject.end:sentence.start + attending.start()]):
        doc.add(doc.ref(subject), "participatedIn", target, sentence, "attended-event", 0.6)


def _met_in(doc: Document, body: Mention, place: Mention) -> bool:
    """"met Henan Airlines in Zhengzhou": the parse hangs "in Zhengzhou" on the verb, not on the body."""
    if doc.family(body) != "Organisation":
        return False
    tree = Tree.of(doc)
    place_token, body_token = tree.mention_token(place), tree.mention_token(body)
    preposition = place_token.head if place_token is not None else None
    return preposition is not None and body_token is not None and preposition.head.pos_ in ("VERB", "AUX") and \
        preposition.head != body_token


_DIRECTION = r"(?:(?:north|south|east|west|central)\w*\s+)?"  # "in south China's ...", ", east China's ..."


def _located(doc: Document, sentence: Span, mentions: list[Mention]) -> None:
    """"X in Y", "X, Y" (a smaller place, then a larger), "X, capital of Y", "Y's X"."""
    places = [m for m in mentions if doc.family(m) in ("Place", "Organisation")]
    for first, second, third in zip(places, places[1:], places[2:] + [None]):
        if doc.family(second) != "Place":
            continue
        between = doc.text[first.end:second.start]
        if third is not None and doc.family(third) == "Place" and \
                re.fullmatch(r"['’]s\s+", doc.text[second.end:third.start]):
            second = third  # "Urumqi, capital of northwest China's Xinjiang ...": in Xinjiang (which is in China)
        smaller = _PLACE_RANK.get(first.cls, 0 if doc.family(first) == "Organisation" else 9)
        larger = _PLACE_RANK.get(second.cls, 9)
        if re.fullmatch(rf"\s+(?:in|based in|located in)\s+(?:the\s+)?{_DIRECTION}", between) and smaller < larger and \
                not _met_in(doc, first, second):
            doc.add(doc.ref(first), "locatedIn", doc.ref(second), sentence, "x-in-place", 0.65)
        elif re.fullmatch(rf",\s+(?:the\s+)?(?:capital of\s+)?{_DIRECTION}", between) \
                and smaller < larger and doc.family(first) == "Place":
            doc.add(doc.ref(first), "locatedIn", doc.ref(second), sentence, "place-comma-place", 0.6)
    for zone in places:  # "China (Zhengzhou) Cross-border E-commerce Comprehensive Pilot Zone": in Zhengzhou
        city = re.search(r"\(([A-Z][\w'’ -]+)\)", zone.text) if zone.cls == "Zone" else None
        where_ref = place_ref(doc, city.group(1)) if city and places_lookup(city.group(1), kinds=["city"]) else None
        if where_ref is not None:
            doc.add(doc.ref(zone), "locatedIn", where_ref, sentence, "place-in-brackets-of-zone", 0.6)
    for zone in places:  # "for Shanghai to establish a pilot zone for X": the zone is in Shanghai
        written = establishing_place(doc.text, zone, sentence)
        where = next((p for p in places if written and doc.family(p) == "Place" and p.text == written), None)
        if where is not None:
            doc.add(doc.ref(zone), "locatedIn", doc.ref(where), sentence, "zone-established-by-place", 0.6)
    for m in places:
        lead = doc.text[max(sentence.start, m.start - 30):m.start]
        possessive = re.search(r"\b([A-Z][a-z]+)['’]s\s+$", lead)
        if possessive and doc.family(m) == "Place":
            country = doc.gazetteer.lookup(possessive.group(1), "Place", doc.ontology)
            ref = country.ref if country else None
            if ref is None:
                owner_mention = next((p for p in places if doc.text[p.start:p.end] == possessive.group(1)), None)
                ref = doc.ref(owner_mention) if owner_mention else None
            if ref:
                doc.add(doc.ref(m), "locatedIn", ref, sentence, "possessive-place", 0.55)
