"""Relations stated over lists and between named things: members and partners listed in one
sentence ("The SCO member-countries are Russia, India, ..."), the signatories of an agreement
("Cambodia and China signed a MoU", "inked between A and B"), initiatives part of or under another
("an important measure under the Belt and Road Initiative") and events or bodies named after the
initiative they promote ("the Silk Road E-commerce Carnival"). Each is a named rule over the
sentence's words and mentions, never proximity across sentences.
"""

from __future__ import annotations

import re

from kg.extract.document import Document
from kg.extract.gazetteer import family_of
from kg.extract.mentions import Mention
from kg.extract.text import Span, normalise

_SIGNING = re.compile(r"\b(?:signed|inked|sign|signing of|concluded)\b")
_MEMBERS = re.compile(r"\bmember(?:s|-countries|-states| countries| states)?\b", re.I)
_PARTNERS = re.compile(r"\b(?:dialogue )?partners?\b", re.I)
_UNDER = re.compile(r"\b(?:(?:an?\s+)?(?:important\s+|essential\s+|key\s+)?(?:part|measure|component|pillar)\s+of|under)"
                    r"\s+(?:the\s+)?$")


def apply_coordination(doc: Document) -> None:
    agreement: str | None = None
    for sentence in doc.sentences:
        mentions = doc.in_span(sentence)
        _listed(doc, sentence, mentions)
        _partnership(doc, sentence, mentions)
        agreement = _signatories(doc, sentence, mentions, agreement)
        _under(doc, sentence, mentions)
    _named_after(doc)


def _countries(doc: Document, mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.cls == "Country" or (doc.entity(doc.ref(m)) and
                                                             doc.entity(doc.ref(m)).cls.endswith("#Country"))]


_PARTNERSHIP = re.compile(r"\b(?:strategic|cooperative|comprehensive|all-round|all-weather)\s+(?:[\w-]+\s+){0,2}"
                          r"partnership\b")


def _partnership(doc: Document, sentence: Span, mentions: list[Mention]) -> None:
    """"China and Cambodia will step up cooperation ... under the comprehensive strategic partnership": the
    two countries the sentence joins by "and" are partners (the first named is the subject)."""
    countries = _countries(doc, mentions)
    if not _PARTNERSHIP.search(sentence.text):
        return
    for first, second in zip(countries, countries[1:]):
        if re.fullmatch(r"\s+and\s+", doc.text[first.end:second.start]) and doc.ref(first) != doc.ref(second) and \
                len({doc.ref(c) for c in countries}) == 2:
            doc.add(doc.ref(first), "cooperatesWith", doc.ref(second), sentence, "strategic-partnership", 0.6)


def _listed(doc: Document, sentence: Span, mentions: list[Mention]) -> None:
    """Three or more countries listed with an organisation and "members" or "partners"."""
    countries = _countries(doc, mentions)
    orgs = [m for m in mentions if doc.family(m) == "Organisation"]
    if len(countries) < 3 or not orgs:
        return
    text = sentence.text
    org = orgs[0]
    for rule, pattern, predicate in (("listed-members", _MEMBERS, "memberOf"),
                                     ("listed-partners", _PARTNERS, "cooperatesWith")):
        keyword = pattern.search(text)
        if keyword and not (rule == "listed-members" and re.search(r"\bobserver", text, re.I)):
            for country in countries:
                doc.add(doc.ref(country), predicate, doc.ref(org), sentence, rule, 0.6)
            return


def _signatories(doc: Document, sentence: Span, mentions: list[Mention], last: str | None) -> str | None:
    """The parties of an agreement signed in the sentence (or of the one named last: "the deal")."""
    agreements = [m for m in mentions if doc.family(m) == "Agreement"]
    current = doc.ref(agreements[0]) if agreements else last
    verb = _SIGNING.search(sentence.text)
    if verb is None or current is None:
        return current
    at = sentence.start + verb.start()
    between = re.search(r"\bbetween\b", sentence.text[verb.end():])
    if between:
        start = sentence.start + verb.end() + between.end()
        parties = [m for m in mentions if m.start >= start and doc.family(m) in ("Person", "Organisation")]
        if any(doc.family(m) == "Person" for m in parties):
            # "between Cambodian Commerce Ministry Secretary of State Kem Sithan and ...": the people sign,
            # the ministry in a title only says whose official each is
            parties = [m for m in parties if doc.family(m) == "Person"]
        if not parties:
            parties = [m for m in _countries(doc, mentions) if m.start >= start]
    else:
        parties = [m for m in mentions if m.end <= at and (doc.family(m) in ("Person", "Organisation") or
                                                          m in _countries(doc, mentions))]
    parties = parties[:4]
    if len(parties) >= 2:
        for party in parties:
            doc.add(doc.ref(party), "partyTo", current, sentence, "signed-agreement", 0.6)
    return current


def _under(doc: Document, sentence: Span, mentions: list[Mention]) -> None:
    """"X, ... part of / a measure under the Y": initiative X is part of initiative Y."""
    initiatives = [m for m in mentions if doc.family(m) == "Initiative"]
    for inner, outer in zip(initiatives, initiatives[1:]):
        if _UNDER.search(doc.text[max(sentence.start, outer.start - 40):outer.start]):
            doc.add(doc.ref(inner), "partOfInitiative", doc.ref(outer), sentence, "initiative-part-of", 0.55)
    for outer in initiatives[:1]:  # "As an important measure under the BRI, the Silk Road e-commerce ..."
        after = [m for m in initiatives if m.start > outer.end]
        if after and _UNDER.search(doc.text[max(sentence.start, outer.start - 40):outer.start]) and \
                re.match(r"[^,]*,", doc.text[outer.end:after[0].start]):
            doc.add(doc.ref(after[0]), "partOfInitiative", doc.ref(outer), sentence, "initiative-part-of", 0.55)


def _named_after(doc: Document) -> None:
    """An event or body whose name holds an initiative's name promotes that initiative: one the article
    names, or one the registry knows ("the 2024 Shanghai Silk Road E-commerce Carnival", where the text
    names Silk Road E-commerce only inside the carnival's name)."""
    names: dict[str, str] = {}
    for mention in doc.mentions:
        if doc.family(mention) == "Initiative":
            entity = doc.entity(doc.ref(mention))
            for name in (mention.text, *((entity.label, *entity.aliases) if entity else ())):
                if len(normalise(name).split()) >= 2:
                    names.setdefault(normalise(name), doc.ref(mention))
    for entity in doc.gazetteer.entities.values():
        if family_of(entity.cls, doc.ontology) == "Initiative":
            for name in (entity.label, *entity.aliases):
                if len(normalise(name).split()) >= 2:
                    names.setdefault(normalise(name), entity.ref)
    for mention in doc.mentions:
        if doc.family(mention) not in ("Event", "Organisation"):
            continue
        key = f" {normalise(mention.text)} "
        for name, initiative in names.items():
            if f" {name} " in key and name != key.strip():
                sentence = next(s for s in doc.sentences if s.start <= mention.start < s.end)
                doc.add(doc.ref(mention), "promotes", initiative, sentence, "named-after-initiative", 0.6)
                break
