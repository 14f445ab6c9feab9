"""Posts the title patterns of kg.extract.relations miss, each a construction news writes often:

- an envoy of a country to another: "Chilean Ambassador to China Jorge Heine", "Kenya's Ambassador to the
  UN Ali Omar", "Ali Omar, Kenya's ambassador to the UN,": the post is the sending country's office
  (org:postIn the country);
- a title with a lower-case portfolio and no country: "Li Wei, vice minister of commerce": the post in
  that ministry of the country the article is about (the country it names most up to there);
- an organisation's title with a lower-case field after it: "Amina Mohammed, UN under-secretary-general
  for economic and social affairs": the post in that organisation;
- who chairs or heads a body: "Jack Ma, who also chairs the B20 SME development taskforce";
- a bare title before a person the registry describes by a post with that title: "President Xi Jinping";
- a body's possessive before the title ("Alibaba's founder Jack Ma"), and an appointment ("X was appointed
  chairman of Y", "Y elected X chairman of the board").

A post is never a bare title: with no organisation or country in the text, no post is made.
"""

from __future__ import annotations

import re
from collections import Counter

from kg.extract.bodies import place_of_word
from kg.extract.document import Document
from kg.extract.mentions import TITLE_RE, Mention
from kg.extract.posts import ministry_post, place_ref
from kg.extract.syntax import Tree, lemma, prepositional
from kg.extract.text import Span

_COUNTRY_WORDS = r"(?P<lead>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
_ENVOY_TITLE = (r"\s+(?P<title>(?i:(?:(?:deputy|vice)\s+)?(?:ambassador|special envoy|envoy|permanent representative)))"
                r"\s+to\s+(?P<host>(?:the\s+)?[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})")
_ENVOY = re.compile(rf"{_COUNTRY_WORDS}{_ENVOY_TITLE}\s+$")  # before the name
_ENVOY_AFTER = re.compile(rf",\s+(?:the\s+)?{_COUNTRY_WORDS}{_ENVOY_TITLE}(?=[,.;])")  # in apposition after it
# "X, Deputy Permanent Representative of the Lao PDR to the UN,"
_ENVOY_OF = re.compile(r",\s+(?:the\s+)?(?P<title>(?i:(?:(?:deputy|vice)\s+)?(?:ambassador|special envoy|envoy|"
                       r"permanent representative)))\s+of\s+(?:the\s+)?(?P<lead>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})"
                       r"\s+to\s+(?P<host>(?:the\s+)?[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})(?=[,.;])")
_PORTFOLIO = re.compile(r",\s+(?:the\s+|a\s+)?(?P<adj>[A-Z][a-z]+\s+)?(?P<title>(?i:(?:(?:deputy|vice|assistant|first)\s+)?"
                        r"minister))\s+(?:of|for)\s+(?P<field>(?i:foreign\s+)?[a-z]+(?:\s+and\s+[a-z]+)?)\b"
                        r"(?!\s+(?:of|for)\s+[A-Z])")
_FIELD_TITLE = re.compile(rf"\s+(?P<title>(?:under-)?{TITLE_RE.pattern})(?:\s+(?P<prep>for|of)\s+"
                          r"(?P<field>[a-z][a-z-]*(?:\s+(?:and\s+)?[a-z][a-z-]*){0,5}))?(?=[,.;])")
_CHAIR = {"chair": "Chair", "head": "Head", "lead": "Head"}
_APPOINT = frozenset({"appoint", "name", "elect", "nominate", "reappoint", "re-elect"})
_POSSESSIVE_TITLE = re.compile(rf"['’]s\s+(?:(?:new|former|current)\s+)?(?P<title>{TITLE_RE.pattern})\s+$")
_SMALL = frozenset({"and", "of", "for", "the", "in", "on", "to"})


def apply_roles(doc: Document, tree: Tree, bodies: dict[tuple[int, int], str]) -> None:
    """`bodies`: bodies named without a mention ("the B20 SME development taskforce"), by text span."""
    # a post the text patterns found with no organisation or country ("Deputy Permanent Representative of the
    # Lao PDR", its "to the UN" lost) gives way to one of these rules
    placed = {f.subject for f in doc.facts if f.predicate == "postIn"}
    stated = {(f.subject, f.start) for f in doc.facts if f.predicate == "holds" and f.object in placed}
    for sentence in doc.sentences:
        mentions = doc.in_span(sentence)
        for person in (m for m in mentions if doc.family(m) == "Person"):
            if (doc.ref(person), sentence.start) in stated:
                continue
            for rule in (_envoy, _portfolio_post, _organisation_title, _possessive_title, _known_post):
                before = len(doc.facts)
                if rule(doc, sentence, person, mentions):
                    doc.facts[:before] = [f for f in doc.facts[:before] if not (
                        f.predicate == "holds" and f.subject == doc.ref(person) and f.start == sentence.start and
                        f.object not in placed)]
                    break
        for token in tree.tokens(sentence.start, sentence.end) or ():
            if token.pos_ == "VERB" and lemma(token) in _CHAIR and token.dep_ == "relcl":
                _chairs(tree, sentence, token, bodies)
            if token.pos_ == "VERB" and lemma(token) in _APPOINT:
                _appointed(tree, sentence, token, stated)


def title_case(words: str) -> str:
    """"economic and social affairs" -> "Economic and Social Affairs"; "under-secretary-general" ->
    "Under-Secretary-General"."""
    return " ".join(w if w in _SMALL else "-".join(p[:1].upper() + p[1:] for p in w.split("-"))
                    for w in words.split())


def _envoy(doc: Document, sentence: Span, person: Mention, mentions: list[Mention]) -> bool:
    """"Chilean Ambassador to China Jorge Heine", "Tajikistan's Ambassador to China X", "X, Chile's
    ambassador to China, said"."""
    written = _ENVOY_OF.match(doc.text, person.end, sentence.end)
    found = _ENVOY.search(doc.text[max(sentence.start, person.start - 90):person.start]) or \
        _ENVOY_AFTER.match(doc.text, person.end, sentence.end) or written
    if not found:
        return False
    lead = re.sub(r"['’]s$", "", found.group("lead"))
    place = place_of_word(lead) or place_of_word(lead.split()[-1])
    if place is None or place.kind != "country":
        return False
    country = place_ref(doc, place.name)
    if country is None:
        return False
    title, host = title_case(found.group("title").lower()), found.group("host")
    # a permanent representative to an international organisation speaks for a member of it
    body = next((m for m in mentions if doc.family(m) == "Organisation" and m.text in found.group("host") and
                 (doc.entity(doc.ref(m)) or m).cls.endswith("InternationalOrganisation")), None)
    if "permanent" in title.lower() and body is not None:
        doc.add(country, "memberOf", doc.ref(body), sentence, "permanent-representative-to-body", 0.6)
    if written:  # "Deputy Permanent Representative of the Lao PDR to the UN": the text patterns' post stands
        return False  # (the seeds' curators put it in the country's Permanent Mission, which the text does not name)
    post = doc.new_entity(f"{title} of {place.name} to {host}", "Post", 0.6,
                          (f"{place.name} {title} to {host}", f"{place.name}'s {title} to {host}"))
    doc.add(doc.ref(person), "holds", post, sentence, "envoy-of-country", 0.65)
    doc.add(post, "postIn", country, sentence, "envoy-of-country", 0.65)
    return True


def article_country(doc: Document, before: int):  # type: ignore[no-untyped-def]
    """The country the article names most up to an offset (the latest named on a tie), or None."""
    counts: Counter[str] = Counter()
    last: dict[str, int] = {}
    for m in doc.mentions:
        if m.start < before and m.cls == "Country":
            counts[m.text] += 1
            last[m.text] = m.start
    if not counts:
        return None
    name = max(counts, key=lambda n: (counts[n], last[n]))
    place = place_of_word(name)
    return place if place is not None and place.kind == "country" else None


def _portfolio_post(doc: Document, sentence: Span, person: Mention, mentions: list[Mention]) -> bool:
    """"Li Wei, vice minister of commerce" (the country the article is about), "Li Wei, Chinese vice minister of
    commerce"."""
    found = _PORTFOLIO.match(doc.text, person.end, sentence.end)
    if not found:
        return False
    place = place_of_word(found.group("adj").strip()) if found.group("adj") else article_country(doc, person.start)
    if place is None or place.kind != "country":
        return False
    post = ministry_post(doc, sentence, title_case(found.group("title").lower()), title_case(found.group("field")), place)
    doc.add(doc.ref(person), "holds", post, sentence, "post-portfolio-apposition", 0.6)
    return True


def _organisation_title(doc: Document, sentence: Span, person: Mention, mentions: list[Mention]) -> bool:
    """"Amina Mohammed, UN under-secretary-general for economic and social affairs": the organisation, then
    its title (and the field it is for)."""
    lead = re.match(r",\s+(?:the\s+|an?\s+)?", doc.text[person.end:person.end + 8])
    org = next((m for m in mentions if lead and m.start == person.end + lead.end()), None)
    if org is None or doc.family(org) != "Organisation":
        return False
    found = _FIELD_TITLE.match(doc.text, org.end, sentence.end)
    if not found:
        return False
    entity = doc.entity(doc.ref(org))
    title = title_case(found.group("title").lower())
    if found.group("field"):
        title = f"{title} {found.group('prep')} {title_case(found.group('field'))}"
    label = f"{title} of {entity.label if entity else org.text}"
    post = doc.new_entity(label, "Post", 0.6, (f"{org.text} {title}",))
    doc.add(doc.ref(person), "holds", post, sentence, "organisation-title-apposition", 0.65)
    doc.add(post, "postIn", doc.ref(org), sentence, "organisation-title-apposition", 0.65)
    return True


def _possessive_title(doc: Document, sentence: Span, person: Mention, mentions: list[Mention]) -> bool:
    """"Alibaba's founder Jack Ma", "the SCO's Secretary-General X": the title in the body before "'s"."""
    found = _POSSESSIVE_TITLE.search(doc.text[max(sentence.start, person.start - 60):person.start])
    if not found:
        return False
    at = person.start - len(found.group())
    org = next((m for m in mentions if m.end == at and doc.family(m) == "Organisation"), None)
    if org is None:
        return False
    _post_in(doc, sentence, person, title_case(" ".join(found.group("title").split()).lower()), doc.ref(org),
             "possessive-body-title")
    return True


def _post_in(doc: Document, sentence: Span, person: Mention, title: str, org: str, rule: str) -> None:
    entity = doc.entity(org)
    post = doc.new_entity(f"{title} of {entity.label if entity else org}", "Post", 0.6)
    doc.add(doc.ref(person), "holds", post, sentence, rule, 0.6)
    doc.add(post, "postIn", org, sentence, rule, 0.6)


def _appointed(tree: Tree, sentence: Span, verb, stated: set[tuple[str, int]]) -> None:  # type: ignore[no-untyped-def]
    """"Li Ming was appointed chairman of Alibaba Group", "X was named as director of the SCO", "Alibaba
    elected Li Ming chairman of the board": the person holds that post in that body."""
    doc = tree.doc
    titles = [c for c in verb.children if c.dep_ in ("oprd", "dobj", "attr")] + \
        [t for t in prepositional(verb, ("as",))]
    for title in titles:
        words = " ".join(t.text for t in title.subtree if t.i <= title.i and (t.dep_ in ("compound", "amod") or t == title))
        if not TITLE_RE.search(words) or TITLE_RE.search(words).group().lower() in ("member", "members"):
            continue
        person_tokens = [c for c in verb.children if c.dep_ == "nsubjpass"] or \
            [c for c in title.children if c.dep_ == "compound"] + [c for c in verb.children if c.dep_ == "dobj" and c != title]
        people = [m for t in person_tokens if (m := tree.named(t, ("Person",))) is not None]
        orgs = [m for obj in prepositional(title, ("of", "at")) if (m := tree.named(obj, ("Organisation",))) is not None]
        for person in people[:1]:
            if orgs and (doc.ref(person), sentence.start) not in stated:
                label = " ".join(w for w in words.split() if w.lower() not in {*person.text.lower().split()})
                _post_in(doc, sentence, person, title_case(label.lower()), doc.ref(orgs[0]), "appointed-to-post")
        return


_BARE_TITLE = re.compile(rf"\b(?P<title>{TITLE_RE.pattern})\s+$")


def _known_post(doc: Document, sentence: Span, person: Mention, mentions: list[Mention]) -> bool:
    """"President Xi Jinping": a bare title before a person the registry describes by a post of its own
    ("President of the People's Republic of China") that starts with that title is that post."""
    found = _BARE_TITLE.search(doc.text[max(sentence.start, person.start - 40):person.start])
    entity = doc.entity(doc.ref(person))
    if not found or entity is None or not entity.description:
        return False
    post = doc.gazetteer.lookup(entity.description, "Post", doc.ontology)
    title = " ".join(found.group("title").split()).lower()
    if post is None or not post.label.lower().startswith(title + " "):
        return False
    doc.add(doc.ref(person), "holds", post.ref, sentence, "registry-post-of-person", 0.6)
    return True


def _chairs(tree: Tree, sentence: Span, verb, bodies: dict[tuple[int, int], str]) -> None:  # type: ignore[no-untyped-def]
    """"Jack Ma, who also chairs the B20 taskforce": the relative clause's verb makes the person its chair."""
    doc = tree.doc
    person = tree.mention(verb.head, ("Person",))
    if person is None or not any(c.dep_ == "nsubj" and c.lower_ in ("who", "that") for c in verb.children):
        return
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        named = tree.named(obj, ("Organisation",))
        body = doc.ref(named) if named is not None else next(
            (ref for (start, end), ref in bodies.items() if start <= obj.idx < end), None)
        entity = doc.entity(body) if body else None
        if body is None or entity is None:
            continue
        post = doc.new_entity(f"{_CHAIR[lemma(verb)]} of {entity.label}", "Post", 0.6)
        doc.add(doc.ref(person), "holds", post, sentence, "chairs-body", 0.6)
        doc.add(post, "postIn", body, sentence, "chairs-body", 0.6)
        return
