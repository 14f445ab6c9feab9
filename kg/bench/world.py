"""The pool of entities a synthetic corpus talks about: places, organisations,
posts, people, series, initiatives and metrics, and how they hang together.

Shaped like the seed data: places nest (venue in city in province in country),
organisations nest (a ministry's bureaus, the UN's offices), every post is in
one organisation and every person holds one post. Deterministic from the
`random.Random` it is given. Classes are asked of the ontology by name.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from kg.claims import Entity
from kg.namespaces import slugify
from kg.ontology import Ontology

_ONSETS = ("b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "x", "y", "z",
           "ch", "sh", "zh", "qi", "li", "ta", "ka")
_NUCLEI = ("a", "e", "i", "o", "u", "ai", "ao", "ei", "ia", "ou", "an", "en", "in", "ong", "ang", "ui")
_SURNAMES = ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Ivanov", "Karimov",
             "Nazarov", "Al-Khatib", "Silva", "Okafor", "Mensah", "Kovac", "Haddad", "Suleimenov", "Tanaka",
             "Nguyen", "Rahman", "Petrova", "Sato", "Ali", "Osei", "Diallo", "Moreau", "Novak")
_TOPICS = ("Commerce", "Trade", "Digital Economy", "Logistics", "Customs", "Finance", "Transport",
           "Development", "Industry", "Foreign Affairs", "Agriculture", "Tourism", "Innovation")
_UNITS = ("countries", "CNY", "USD", "tonnes", "percent", "enterprises", "parcels", "containers", "trains")
_SERIES_KINDS = (("Conference", "Conference"), ("Forum", "Forum"), ("Summit", "Summit"),
                 ("Seminar", "Seminar"), ("Exhibition", "Expo"), ("RoundTable", "Round Table"))


def word(rng: random.Random, syllables: int = 2) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_NUCLEI) for _ in range(syllables)).capitalize()


@dataclass
class World:
    """Entities by ref, the structure between them, and the pools stories draw from."""

    ontology: Ontology
    rng: random.Random
    entities: dict[str, Entity] = field(default_factory=dict)
    located_in: dict[str, str] = field(default_factory=dict)  # place or organisation -> place
    part_of: dict[str, str] = field(default_factory=dict)  # organisation -> parent organisation
    post_in: dict[str, str] = field(default_factory=dict)  # post -> organisation
    holds: dict[str, str] = field(default_factory=dict)  # person -> post
    pools: dict[str, list[str]] = field(default_factory=dict)  # pool name -> refs
    series_kind: dict[str, str] = field(default_factory=dict)  # series -> event class local name
    editions: dict[str, int] = field(default_factory=dict)  # series -> editions so far

    def new(self, kind: str, cls: str, label: str, pool: str | None = None, aliases: tuple[str, ...] = (),
            description: str | None = None) -> str:
        """Register an entity with a fresh slug; returns its ref ("kind/slug")."""
        base = f"{kind}/{slugify(label)}"
        ref, n = base, 1
        while ref in self.entities:
            n += 1
            ref = f"{base}-{n}"
        line = len(self.entities) * 4 + 2  # where it would stand in a registry file
        self.entities[ref] = Entity(ref, self.ontology.resolve_class(cls), label, aliases, description,
                                    origin=f"sources/curated/entities.yaml#L{line}")
        if pool:
            self.pools.setdefault(pool, []).append(ref)
        return ref

    def label(self, ref: str) -> str:
        return self.entities[ref].label

    def pick(self, pool: str) -> str:
        """A member of a pool, skewed towards the first ones (a few hubs, a long tail)."""
        members = self.pools[pool]
        return members[min(int(self.rng.paretovariate(1.2)) - 1, len(members) - 1) if self.rng.random() < 0.5
                       else self.rng.randrange(len(members))]

    def chain(self, ref: str, links: dict[str, str]) -> list[tuple[str, str]]:
        """(child, parent) pairs from `ref` up a hierarchy."""
        pairs = []
        while ref in links:
            pairs.append((ref, links[ref]))
            ref = links[ref]
        return pairs


def make_world(ontology: Ontology, rng: random.Random, n_sources: int) -> World:
    """A world sized for `n_sources` articles (pools grow with the corpus, hubs stay)."""
    world = World(ontology, rng)
    scale = max(1, n_sources)
    _places(world, scale)
    _organisations(world, scale)
    _people(world, scale)
    for i in range(max(3, scale // 3)):
        cls, noun = _SERIES_KINDS[i % len(_SERIES_KINDS)]
        ref = world.new("series", "EventSeries", f"{word(rng)} {rng.choice(_TOPICS)} {noun}", "series")
        world.series_kind[ref] = cls
    for _ in range(max(4, scale // 8)):
        world.new("initiative", "Initiative", f"{word(rng)} {rng.choice(_TOPICS)} Initiative", "initiative")
    for _ in range(max(5, scale // 2)):
        unit = rng.choice(_UNITS)
        world.new("metric", "Metric", f"{rng.choice(_TOPICS)} {unit} of {word(rng, 3)}", "metric",
                  description=f"measured in {unit}")
    return world


def _places(world: World, scale: int) -> None:
    rng = world.rng
    for name in ("Asia", "Europe", "Africa", "Central Asia", "Latin America"):
        world.new("place", "Region", name, "region")
    for _ in range(min(60, 8 + scale // 4)):
        country = world.new("place", "Country", word(rng, 3), "country")
        world.located_in[country] = rng.choice(world.pools["region"])
    for _ in range(4 + scale // 2):
        province = world.new("place", "Province", f"{word(rng)} Province", "province")
        world.located_in[province] = world.pick("country")
    for _ in range(6 + scale):
        city = world.new("place", "City", word(rng), "city")
        world.located_in[city] = world.pick("province")
    for _ in range(6 + scale):
        city = world.pick("city")
        venue = world.new("place", "Venue", f"{world.label(city)} {word(rng)} Convention Center", "venue")
        world.located_in[venue] = city


def _organisations(world: World, scale: int) -> None:
    rng = world.rng
    un = world.new("org", "InternationalOrganisation", "United Nations", "intl", aliases=("UN",))
    for _ in range(2 + scale // 10):
        office = world.new("org", "InternationalOrganisation", f"United Nations Office for {rng.choice(_TOPICS)}",
                           "intl")
        world.part_of[office] = un
    for _ in range(2 + scale // 20):
        world.new("org", "InternationalOrganisation", f"{word(rng)} Cooperation Organisation", "intl")
    for _ in range(4 + scale // 2):
        country = world.pick("country")
        ministry = world.new("org", "GovernmentBody", f"Ministry of {rng.choice(_TOPICS)} of {world.label(country)}",
                             "gov")
        world.located_in[ministry] = country
        for _ in range(rng.randrange(0, 4)):
            bureau = world.new("org", "GovernmentBody", f"{world.label(ministry)} {rng.choice(_TOPICS)} Bureau",
                               "gov")
            world.part_of[bureau] = ministry
    for _ in range(4 + scale // 2):
        company = world.new("org", "Company", f"{word(rng)} {rng.choice(_TOPICS)} Co.", "company")
        world.located_in[company] = world.pick("city")
    for _ in range(3 + scale // 10):
        world.new("org", "MediaOrganisation", f"{world.label(world.pick('city'))} Daily", "media")
    for _ in range(2 + scale // 10):
        city = world.pick("city")
        zone = world.new("org", "Zone", f"{world.label(city)} Cross-border E-commerce Pilot Zone", "zone")
        world.located_in[zone] = city
    world.pools["org"] = [r for p in ("gov", "intl", "company", "zone") for r in world.pools[p]]


def _people(world: World, scale: int) -> None:
    rng = world.rng
    for _ in range(10 + 3 * scale):
        org = world.pick("org")
        public = org in world.pools["gov"] or org in world.pools["intl"]
        title = rng.choice(("Director", "Deputy Director", "Minister", "Secretary-General", "Vice President",
                            "Chairman", "Head")) if public else rng.choice(("CEO", "President", "Manager"))
        post = world.new("post", "Post", f"{title} of {world.label(org)}", "post")
        world.post_in[post] = org
        name = f"{rng.choice(_SURNAMES)} {word(rng)}"
        person = world.new("person", "Official" if public else "Person", name, "person",
                           aliases=(f"Mr. {name}",) if rng.random() < 0.3 else (),
                           description=f"{title} of {world.label(org)}")
        world.holds[person] = post
