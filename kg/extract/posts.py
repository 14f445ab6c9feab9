"""Posts of state officials named by a title and a country: "Chinese Vice Minister of Commerce Wang
Bingnan", "Minister Li for Commerce of Laos", "Chilean President Michelle Bachelet".

A post is never a bare title: a minister's post is in the ministry of that portfolio of that country
("Ministry of Commerce of Laos", linked to the registry or minted once per article); a head of
state's or an ambassador's post carries the country in its label. Without a country no post is made.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg import gazetteer as places
from kg.extract.bodies import place_of_word
from kg.extract.document import Document
from kg.extract.text import Span, normalise

if TYPE_CHECKING:
    from kg.extract.mentions import Mention
    from kg.extract.syntax import Tree

_PORTFOLIO = re.compile(r"^(?P<title>.*?Minister)\s+(?:of|for)\s+(?P<field>[A-Z][a-z]+(?:\s+(?:and\s+)?[A-Z][a-z]+)?)$")
_AFTER_NAME = re.compile(r"^\s+for\s+(?P<field>[A-Z][a-z]+(?:\s+and\s+[A-Z][a-z]+)?)\s+of\s+(?:the\s+)?"
                         r"(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")
_BEFORE_TITLE = re.compile(r"(?P<place>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)(?:['’]s)?\s+$")


def state_post(doc: Document, sentence: Span, person_ref: str, person_end: int, title: str,
               title_start: int) -> str | None:
    """The post for "<Country adjective> <title> <Name>" or "<title> <Name> for <Field> of <Country>"."""
    title = " ".join(title.split())
    # "Prime Minister", "Foreign Minister": the word before "Minister" is part of the title
    before = re.search(r"\b(Prime|Foreign)\s+$", doc.text[max(sentence.start, title_start - 10):title_start])
    if before and title == "Minister":
        title_start -= len(before.group())
        title = "Prime Minister" if before.group(1) == "Prime" else "Minister of Foreign Affairs"
    place: places.Place | None = None
    field: str | None = None
    after = _AFTER_NAME.match(doc.text[person_end:sentence.end])
    if after:
        place, field = place_of_word(after.group("place")), after.group("field")
    if place is None:
        lead = _BEFORE_TITLE.search(doc.text[max(sentence.start, title_start - 30):title_start])
        place = place_of_word(lead.group("place")) if lead else None
    if place is None:
        return None
    portfolio = _PORTFOLIO.match(title)
    if portfolio or (field and title.endswith("Minister")):
        field = field or portfolio.group("field")  # type: ignore[union-attr]
        title = portfolio.group("title") if portfolio else title
        post = ministry_post(doc, sentence, title, field, place)
    else:  # a head of state's or government's post is the country's own office (org:postIn a country)
        post = doc.new_entity(f"{title} of {place.name}", "Post", 0.55)
        country = place_ref(doc, place.name)
        if country is not None and place.kind == "country":
            doc.add(post, "postIn", country, sentence, "post-of-state-country", 0.6)
    doc.add(person_ref, "holds", post, sentence, "post-of-state", 0.6)
    return post


def ministry_post(doc: Document, sentence: Span, title: str, field: str, place: places.Place) -> str:
    """"Vice Minister" of "Commerce" in China: the post in the "Ministry of Commerce of China" (the
    registry's, or minted once per article), stated with its org:postIn."""
    ministry = f"Ministry of {field} of {place.name}"
    linked = doc.gazetteer.lookup(ministry, "Organisation", doc.ontology)
    org = linked.ref if linked else doc.new_entity(ministry, "GovernmentBody", 0.6)
    label = f"{title} of {field}"
    post = doc.new_entity(f"{label} at the {ministry}", "Post", 0.6, (f"{place.name}'s {label}",))
    doc.add(post, "postIn", org, sentence, "post-of-state-minister", 0.6)
    return post


_CLASS_OF_KIND = {"country": "Country", "province": "Province", "city": "City", "region": "Region"}


def place_ref(doc: Document, name: str) -> str | None:
    """The place a name inside another name stands for: the one the article names so, the registry's, or
    the gazetteer's (a new entity, as a mention of it would make, with every name the gazetteer knows:
    "Republic of Chile" for Chile)."""
    known = next((doc.ref(m) for m in doc.mentions if doc.family(m) == "Place" and normalise(m.text) == normalise(name)),
                 None)
    if known is not None:
        return known
    registered = doc.gazetteer.lookup(name, "Place", doc.ontology)
    if registered is not None:
        return registered.ref
    place = places.lookup(name)
    return doc.new_entity(place.name, _CLASS_OF_KIND[place.kind], 0.6) if place is not None else None


def appositive_posts(doc: Document, tree: "Tree") -> None:
    """"Jack Ma, founder of Chinese e-commerce giant Alibaba", "Wang Shubin, Party head of Guangxi ... College":
    a title in apposition to a person, with the organisation its "of"/"at" phrase names (through descriptive
    words the text patterns cannot skip). Only where the text patterns found no post for that person there."""
    from kg.extract.mentions import TITLE_RE
    from kg.extract.syntax import prepositional

    # a post the text patterns found with no organisation ("chairman of Kazakhstan's Chamber ...": "Chairman
    # of Kazakhstan") gives way to the one the parse finds; a post with its organisation stands
    placed = {f.subject for f in doc.facts if f.predicate == "postIn"}
    held: dict[tuple[str, int], list[str]] = {}  # (person, sentence) -> labels of the placed posts stated
    for f in doc.facts:
        if f.predicate == "holds" and f.object in placed and (entity := doc.entity(f.object)) is not None:
            held.setdefault((f.subject, f.start), []).append(entity.label.lower())
    for sentence in doc.sentences:
        for person in doc.in_span(sentence, ("Person",)):
            head = tree.mention_token(person)
            if head is None:
                continue
            for appos in (c for c in head.children if c.dep_ == "appos"):
                # "founder and executive chairman of Alibaba": each title of a coordination, in the body
                # named by the "of" phrase of any of them
                titles = [appos, *appos.conjuncts]
                org = next((found for t in titles for obj in prepositional(t, ("of", "at"))
                            if (found := _body_named(tree, obj)) is not None), None)
                if org is None:
                    continue
                for title in titles:
                    words = [t for t in title.subtree if t.i <= title.i and t.dep_ in ("compound", "amod") or t == title]
                    title_text = " ".join(t.text for t in words)
                    # "deputy consul general": a title word among the words of the apposition's head
                    known = held.get((doc.ref(person), sentence.start), [])
                    if not TITLE_RE.search(title_text) or any(k.startswith(title_text.lower()) for k in known):
                        continue
                    if known and title is appos:  # the text patterns placed the first title's post already
                        continue
                    entity = doc.entity(doc.ref(org))
                    label = f"{title_text[:1].upper() + title_text[1:]} of {entity.label if entity else org.text}"
                    post = doc.new_entity(label, "Post", 0.6)
                    doc.facts[:] = [f for f in doc.facts if not (
                        f.predicate == "holds" and f.subject == doc.ref(person) and f.start == sentence.start and
                        f.object not in placed)]
                    doc.add(doc.ref(person), "holds", post, sentence, "post-apposition-parse", 0.7)
                    doc.add(post, "postIn", doc.ref(org), sentence, "post-apposition-parse", 0.7)
                    placed.add(post)


def _body_named(tree: "Tree", obj) -> Mention | None:  # type: ignore[no-untyped-def]
    """The organisation an "of"/"at" object names: its own, or one in apposition to it."""
    return tree.named(obj, ("Organisation",)) or next(
        (tree.mention(c, ("Organisation",)) for c in obj.children
         if c.dep_ == "appos" and tree.mention(c, ("Organisation",))), None)
