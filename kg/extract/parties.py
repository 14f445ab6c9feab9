"""Parties an agreement's signing names only by reference: "the signing of the MoU between the two sides",
"the deal between the two countries". The two are the last two the article named before: two countries
for "the two countries", two countries or bodies for "the two sides" (or "parties"). Each becomes a party
to the agreement (srk:partyTo), quoted from the sentence that says the two signed."""

from __future__ import annotations

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
                if kind is None or not any(c.dep_ == "nummod" and c.lower_ == "two" for c in two.children):
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
    """The last two distinct countries (or bodies) named before an offset: "the two"."""
    found: list[str] = []
    for mention in sorted((m for m in doc.mentions if m.end <= before), key=lambda m: -m.start):
        entity = doc.entity(doc.ref(mention))
        kind = "Country" if mention.cls == "Country" else doc.family(mention)
        if entity is not None and kind in kinds and doc.ref(mention) not in found:
            found.append(doc.ref(mention))
        if len(found) == 2:
            return found
    return []
