"""The full names of public bodies that articles name by their country's adjective, a possessive
or nothing at all: "Cambodian Commerce Ministry" and "the Commerce Ministry of Cambodia" are the
"Ministry of Commerce of Cambodia"; "China's State Council" the "State Council of China"; "Henan
Provincial Department of Commerce" the "Department of Commerce of Henan"; a bare "National
Assembly" in an article about Cambodia the "National Assembly of Cambodia" (the country named last).

The full name becomes the entity's label, so bodies link to the registry and across articles; the
words the article wrote stay an alias.
"""

from __future__ import annotations

import re

from kg import gazetteer as places
from kg.extract.gazetteer import class_of_name

_LEVEL = re.compile(r"^(?:Provincial|Municipal|National|Federal|Regional|Central)\s+")
_BEFORE = re.compile(r"(?P<place>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)(?P<possessive>['’]s)?\s+$")
_PLACE_IN_NAME = re.compile(r"\b(?:of|in)\s+(?:the\s+)?(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)")
# Bodies every state has, named bare when the article has said whose they are.
_NATIONAL = re.compile(r"^(?:(?:[A-Z][a-z]+\s+)?Ministry(?:\s+of\s+.+)?|State Council|National Assembly|"
                       r"Council of Ministers|Parliament|Cabinet|Senate|National People's Congress|"
                       r"Chamber of Commerce(?: and Industry)?|(?:[A-Z][a-z]+\s+)?Department(?:\s+of\s+.+)?)$")


def place_of_word(words: str) -> places.Place | None:
    """A country or province named by its name or its adjective ("Chinese", "Henan")."""
    place = places.lookup(words, kinds=["country", "province"])
    if place is None and " " not in words:
        place = places.country_of_adjective(words)
    return place


def _canonical(body: str) -> str:
    """"Commerce Ministry" -> "Ministry of Commerce" (the form registries and the gold write)."""
    match = re.fullmatch(r"(?P<field>[A-Z][a-z]+(?:\s+and\s+[A-Z][a-z]+)?)\s+(?P<head>Ministry|Department|Bureau)",
                         body)
    return f"{match.group('head')} of {match.group('field')}" if match else body


def _names_place(name: str) -> bool:
    """"Ministry of Commerce of China", "Consulate General of Uzbekistan in Shanghai": already whose."""
    return any(place_of_word(m.group("place")) or places.lookup(m.group("place"))
               for m in _PLACE_IN_NAME.finditer(name))


# "the Department of Eurasian Affairs at the Chinese Ministry of Commerce": a unit of the body named after it
_UNIT_OF = re.compile(r"^,?\s+(?:at|of|in|under|within)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+)*?"
                      r"(?:Ministry|Department|Council|Commission|Administration|Office|Bureau|Government|"
                      r"Embassy|Consulate|Committee|Agency|Secretariat|Organi[sz]ation|Union)\b")


def qualified(name: str, before: str, last_place: places.Place | None,
              after: str = "") -> tuple[str, places.Place] | None:
    """The body's full name "X of Place" and the place, when the name, the words before it or the
    article's last named country say whose body it is; None for anything else. A bare body that the
    words after it put inside another ("... at the Chinese Ministry of Commerce") is that body's unit,
    not the last named country's."""
    name = re.sub(r"^[Tt]he\s+", "", name)
    words = name.split()
    for size in (1, 2):  # "Cambodian Commerce Ministry", "Henan Provincial Department of Commerce"
        if len(words) <= size:
            break
        body = _LEVEL.sub("", " ".join(words[size:]))
        place = place_of_word(re.sub(r"['’]s$", "", " ".join(words[:size])))
        if place is not None and class_of_name(body) == "GovernmentBody" and not _names_place(body):
            return f"{_canonical(body)} of {place.name}", place
    if class_of_name(name) != "GovernmentBody" or _names_place(name):
        return None
    lead = _BEFORE.search(before)
    if lead:
        place = place_of_word(lead.group("place"))
        if place is not None:
            return f"{_canonical(name)} of {place.name}", place
    if last_place is not None and _NATIONAL.match(name) and not _UNIT_OF.match(after):
        return f"{_canonical(name)} of {last_place.name}", last_place
    return None


def canonical_alias(name: str) -> str | None:
    """"Department of Commerce of Guangxi Zhuang Autonomous Region" -> "Department of Commerce of
    Guangxi", "Consulate General of the Islamic Republic of Pakistan in Shanghai" -> "Consulate General
    of Pakistan in Shanghai": the body under its place's gazetteer name, so other articles' forms link to it."""
    for of in re.finditer(r"\bof\s+(?:the\s+)?(?=[A-Z])", name):
        words = name[of.end():].split(" ")
        for size in range(len(words), 0, -1):  # the longest run of words that names a country or province
            written = " ".join(words[:size]).rstrip(",")
            place = places.lookup(written, kinds=["country", "province"]) if written[:1].isupper() else None
            if place is not None:
                if place.name == written:
                    break
                return name[:of.start()] + "of " + place.name + name[of.end() + len(written):]
    return None
