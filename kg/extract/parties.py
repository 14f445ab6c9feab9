"""Parties an agreement's signing names only by reference: "the signing of the MoU between the two sides",
"the deal between the two countries". The two are the last two the article named before: two countries
for "the two countries", two countries or bodies for "the two sides" (or "parties"). Each becomes a party
to the agreement (srk:partyTo), quoted from the sentence that says the two signed."""

from __future__ import annotations

import re

from kg import gazetteer as places
from kg.extract.document import Document
from kg.extract.syntax import Tree, lemma, prepositional

_KINDS = {"country": ("Country",), "side": ("Country", "Organisation"), "party": ("Country", "Organisation")}


def apply_parties(doc: Document) -> None:
    tree = Tree.of(doc)
    for sentence in doc.sentences:
        tokens = tree.tokens(sentence.start, sentence.end)
        for token in tokens if tokens is not None else ():
            if lemma(token) not in ("signing", "deal", "agreement", "memorandum", "mou"):
                continue
            agreement = _agreement(tree, token)
            for two in _between(token) if agreement is not None else ():
                kind = _KINDS.get(lemma(two))
                if kind is None or not any(c.dep_ in ("nummod", "det", "predet") and c.lower_ in ("two", "both")
                                           for c in two.children):
                    continue
                for party in _last_two(doc, two.idx, kind):
                    doc.add(party, "partyTo", agreement, sentence, "signed-between-the-two", 0.55)


def _between(token) -> list:  # type: ignore[no-untyped-def,type-arg]
    """"between the two sides" on the signing or anywhere inside its phrase ("the signing of the deal on
    upgrading the FTA between the two countries": the parser hangs it on "upgrading")."""
    return [pobj for t in token.subtree if t.dep_ == "prep" and t.lower_ == "between"
            for pobj in t.children if pobj.dep_ == "pobj"]


def _agreement(tree: Tree, token) -> str | None:  # type: ignore[no-untyped-def]
    """The agreement signed ("the signing of the MoU") or named by the token itself ("the deal")."""
    own = tree.mention(token, ("Agreement",))
    if own is not None:
        return tree.doc.ref(own)
    for obj in prepositional(token, ("of",)) if lemma(token) == "signing" else ():
        found = tree.mention(obj, ("Agreement",))
        if found is not None:
            return tree.doc.ref(found)
    return None


def _last_two(doc: Document, before: int, kinds: tuple[str, ...]) -> list[str]:
    """The last two distinct countries (or bodies) named before an offset: "the two". A country counts
    however the text names it: as a place, by its adjective ("Chilean Ambassador to China") or inside a
    pair ("the China-Chile Free Trade Agreement"), since "the two countries" refers to those too."""
    named: list[tuple[int, str]] = []
    for mention in (m for m in doc.mentions if m.end <= before):
        entity = doc.entity(doc.ref(mention))
        kind = "Country" if mention.cls == "Country" else doc.family(mention)
        if entity is not None and kind in kinds:
            named.append((mention.start, doc.ref(mention)))
    if "Country" in kinds:
        named.extend(_countries_in_words(doc, before))
    found: list[str] = []
    for _, ref in sorted(named, key=lambda n: -n[0]):
        if ref not in found:
            found.append(ref)
        if len(found) == 2:
            return found
    return []


_WORD = re.compile(r"(?<![\w'’])[A-Z][a-z]+(?![\w'’])")


def _countries_in_words(doc: Document, before: int) -> list[tuple[int, str]]:
    """Countries named by an adjective or inside a hyphenated pair before an offset, with their offsets;
    the ref is the article's own mention of the country where it has one, else the registry's or a new one."""
    found = []
    for word in _WORD.finditer(doc.text, 0, before):
        named = places.lookup(word.group(), kinds=["country"])
        place = named or places.country_of_adjective(word.group())
        if place is None:
            continue
        pair = re.match(r"-[A-Z]", doc.text[word.end():word.end() + 2]) or \
            re.search(r"[A-Z][a-z]+-$", doc.text[max(0, word.start() - 40):word.start()])
        if (named is None or pair) and \
                not any(m.start <= word.start() < m.end and m.cls == "Country" for m in doc.mentions):
            found.append((word.start(), _country_ref(doc, place)))
    return found


def _country_ref(doc: Document, place: places.Place) -> str:
    names = {n.lower() for n in place.names} | {place.name.lower()}
    own = next((doc.ref(m) for m in doc.mentions if m.cls == "Country" and m.text.lower() in names), None)
    if own is not None:
        return own
    registered = next((e for e in (doc.gazetteer.lookup(n, "Place", doc.ontology) for n in place.names) if e), None)
    return registered.ref if registered else doc.new_entity(place.name, "Country")
