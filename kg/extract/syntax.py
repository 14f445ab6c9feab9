"""The dependency parse of an article, and the few tree questions relation rules ask of it.

spaCy's tagger and parser (the same `en_core_web_sm` model, kg.extract.model) run once on the Doc
the entity recogniser made, so tokens, offsets and entities stay those of the mentions. The parse is
what ties a date, a place or an organiser to the event it belongs to: "The forum, co-organised by A
and B, was held on 13 October in Tashkent" has every fact on the verbs' arguments, not on whichever
name happens to be nearest.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from kg.extract.document import Document
from kg.extract.mentions import Mention
from kg.extract.model import model_package

# nouns that name an event ("the online forum", "its launching ceremony") and an organisation's kind
EVENT_NOUNS = frozenset({"conference", "forum", "summit", "seminar", "symposium", "workshop", "roundtable",
                         "exhibition", "expo", "ceremony", "meeting", "dialogue", "fair", "festival", "carnival",
                         "webinar", "briefing", "lecture", "session", "event", "training", "series"})
BODY_NOUNS = frozenset({"college", "university", "ministry", "department", "company", "group", "association",
                         "council", "commission", "centre", "center", "chamber", "secretariat", "organisation",
                         "organization", "government", "bureau", "office", "institute", "academy", "committee",
                         "platform", "agency", "bank", "fund", "consulate", "embassy", "zone"})


# the coarse part of speech of Penn tags; spaCy's attribute ruler and lemmatizer would set it and every
# lemma, but they cost as much as the parser itself, and rules ask for the lemma of a few verbs only
_POS_OF_TAG = {"MD": "AUX", "CD": "NUM", "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN",
               "PRP": "PRON", "PRP$": "PRON", "WP": "PRON", "WDT": "PRON", "IN": "ADP", "DT": "DET"}


@lru_cache(maxsize=1)
def _tagger_and_parser():  # type: ignore[no-untyped-def]
    import spacy

    nlp = spacy.load(model_package(), exclude=["ner", "senter"])
    nlp.disable_pipe("attribute_ruler")
    nlp.disable_pipe("lemmatizer")  # kept for lemma(), run on demand
    return nlp


def dependency_parse(doc: Document):  # type: ignore[no-untyped-def]
    """The article's spaCy Doc with tags, coarse parts of speech and dependencies (added in place, once)."""
    parsed = doc.parsed
    if not parsed.has_annotation("DEP"):  # type: ignore[attr-defined]
        for _, component in _tagger_and_parser().pipeline:
            parsed = component(parsed)
        for token in parsed:
            token.pos_ = "VERB" if token.tag_.startswith("VB") else _POS_OF_TAG.get(token.tag_, token.pos_ or "X")
    return parsed


def lemma(token) -> str:  # type: ignore[no-untyped-def]
    """The token's lemma, lower case ("held" -> "hold", "forums" -> "forum"), by spaCy's rule lemmatizer."""
    if not token.lemma_:
        lemmatizer = _tagger_and_parser().get_pipe("lemmatizer")
        token.lemma_ = (lemmatizer.rule_lemmatize(token) or [token.lower_])[0]
    return token.lemma_.lower()


@dataclass
class Tree:
    """An article's parse with its mentions placed on tokens."""

    doc: Document
    parsed: object
    by_token: dict[int, Mention]

    @classmethod
    def of(cls, doc: Document) -> "Tree":
        parsed = dependency_parse(doc)
        by_token: dict[int, Mention] = {}
        for mention in sorted(doc.mentions, key=lambda m: m.end - m.start):  # the smallest mention of a token wins
            span = parsed.char_span(mention.start, mention.end, alignment_mode="expand")  # type: ignore[attr-defined]
            for token in span or ():
                by_token.setdefault(token.i, mention)
        return cls(doc, parsed, by_token)

    def tokens(self, start: int, end: int):  # type: ignore[no-untyped-def]
        return self.parsed.char_span(start, end, alignment_mode="expand")  # type: ignore[attr-defined]

    def mention(self, token, families: tuple[str, ...] = ()) -> Mention | None:  # type: ignore[no-untyped-def]
        """The mention a token is part of (of a family, when given)."""
        found = self.by_token.get(token.i)
        if found is None or (families and self.doc.family(found) not in families):
            return None
        return found

    def named(self, token, families: tuple[str, ...]) -> Mention | None:  # type: ignore[no-untyped-def]
        """The mention a noun phrase headed by `token` names: the token's own, a compound or apposition
        inside the phrase ("the Guangxi college"), or "the college" for the last body so named before."""
        own = self.mention(token, families)
        if own is not None:
            return own
        for child in token.children:
            if child.dep_ in ("compound", "appos", "poss", "amod") and child.i < token.i + 6:
                inner = self.mention(child, families) or \
                    (self._abbreviated(child.text, families, token.idx) if child.dep_ == "compound" else None)
                if inner is not None and child.dep_ != "poss":
                    return inner
        noun = lemma(token)
        wanted = "Event" if noun in EVENT_NOUNS else "Organisation" if noun in BODY_NOUNS else None
        if wanted is None or wanted not in families:
            return None
        earlier = [m for m in self.doc.mentions if m.end <= token.idx and self.doc.family(m) == wanted and
                   noun in m.text.lower()]
        return earlier[-1] if earlier else None

    def _abbreviated(self, short: str, families: tuple[str, ...], before: int) -> Mention | None:
        """"the eWTP initiative": the name spelled out earlier with "(eWTP)" after it, or known by that alias."""
        for mention in reversed([m for m in self.doc.mentions if m.end <= before and self.doc.family(m) in families]):
            entity = self.doc.entity(self.doc.ref(mention))
            if self.doc.text.startswith(f" ({short})", mention.end) or (entity and short in entity.aliases):
                return mention
        return None

    def mention_token(self, mention: Mention):  # type: ignore[no-untyped-def]
        """The head token of a mention's words."""
        span = self.tokens(mention.start, mention.end)
        return span.root if span is not None else None


def with_conjuncts(token) -> list:  # type: ignore[no-untyped-def]
    """"A, B and C": every member of a coordination."""
    return [token, *token.conjuncts] if token.dep_ != "conj" else [token]


def agents(verb) -> list:  # type: ignore[no-untyped-def]
    """Who does it: the subject of an active verb, the "by" phrase of a passive one (with conjuncts)."""
    found = []
    for child in verb.children:
        if child.dep_ in ("nsubj",):
            found += with_conjuncts(child)
        elif child.dep_ == "agent":
            found += [t for pobj in child.children if pobj.dep_ == "pobj" for t in with_conjuncts(pobj)]
    if not found and verb.dep_ == "conj":  # "A opened the forum and addressed it": A does both
        return agents(verb.head)
    return found


_RELATIVE = frozenset({"which", "that", "who", "whom"})


def patients(verb) -> list:  # type: ignore[no-untyped-def]
    """What is done: the object of an active verb, the subject of a passive one, or the noun a participle
    or relative clause describes ("the forum held in Beijing", "the forum, which was held in Beijing"), and
    the name just before a participle ("the 4th Conference (held on 9 November)", which the parser may hang
    on another noun)."""
    found = [t for child in verb.children if child.dep_ in ("dobj", "nsubjpass") for t in with_conjuncts(child)]
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
        found = [verb.head if t.lower_ in _RELATIVE else t for t in found] or [verb.head]
        before = [t for t in verb.doc[max(0, verb.i - 3):verb.i] if not t.is_punct and t.lower_ not in _RELATIVE]
        if verb.dep_ == "acl" and before and before[-1] != verb.head:
            found.append(before[-1])
    if not found and verb.dep_ in ("xcomp", "conj") and verb.head.pos_ == "VERB" and verb.dep_ == "conj":
        found = patients(verb.head)
    return found


def prepositional(token, words: tuple[str, ...]) -> Iterator:  # type: ignore[no-untyped-def]
    """The objects of the token's prepositions among `words` ("held in X", "at X"), with conjuncts."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in words:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    yield from with_conjuncts(pobj)


def clause_prepositional(verb, words: tuple[str, ...]) -> list:  # type: ignore[no-untyped-def,type-arg]
    """Prepositional objects anywhere in the verb's own clause ("spoke about the efforts to develop
    e-commerce at the conference": the parser hangs "at" on "develop"), not in a clause with a subject
    of its own."""
    found = []
    for token in verb.subtree:
        if token.dep_ != "prep" or token.lower_ not in words:
            continue
        clause = token.head
        while clause != verb and not _own_clause(clause):
            clause = clause.head
        if clause == verb:
            found += [t for pobj in token.children if pobj.dep_ == "pobj" for t in with_conjuncts(pobj)]
    return found


def _own_clause(token) -> bool:  # type: ignore[no-untyped-def]
    return token.head == token or token.dep_ in ("relcl", "advcl", "ccomp", "parataxis") or \
        any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)


def governing_verb(token):  # type: ignore[no-untyped-def]
    """The verb whose clause a token is in (itself, when a verb)."""
    current = token
    for _ in range(12):
        if current.pos_ in ("VERB", "AUX") and current.dep_ not in ("amod", "compound"):
            return current
        if current.head == current:
            return None
        current = current.head
    return None


def is_perfect(verb) -> bool:  # type: ignore[no-untyped-def]
    """"has established", "have reached": a state at the time of writing."""
    return any(c.dep_ == "aux" and lemma(c) == "have" for c in verb.children)
