"""Synthetic corpora in the shape of the real one, for benchmarks.

Articles are written sentence by sentence; every sentence is the quote of the
facts it states, so each claim points at an exact substring of its source, as
curated claims do. The result is plain kg.claims.Entity/Claim and
kg.sources.Source objects, which kg.graph.assemble turns into the very same
named graphs, identity triples and claim records that `kg build` makes.
Deterministic: the same seed and size give the same corpus.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from kg.bench.world import World, word
from kg.claims import Claim, Entity
from kg.literals import date_literal, typed_literal
from kg.namespaces import Ids
from kg.ontology import Ontology, PropertyInfo
from kg.sources import Source

_THEMES = ("Digital Silk Road", "Connectivity and Shared Growth", "Win-win Cooperation", "Trade Facilitation")
_RULE = "speaker-list"  # the name extracted claims carry, as a rule of kg.extract would


@dataclass(frozen=True)
class Corpus:
    entities: dict[str, Entity]
    sources: dict[str, Source]
    claims: tuple[Claim, ...]


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class Article:
    """One source being written: its text grows by sentences, each with its facts."""

    def __init__(self, world: World, ids: Ids, slug: str, properties: dict[str, PropertyInfo]) -> None:
        self.world, self.ids, self.slug, self.properties = world, ids, slug, properties
        self.text = ""
        self.claims: list[Claim] = []
        self.stated: set[tuple[str, str, str]] = set()

    def say(self, sentence: str, facts: list[tuple[str, str, str]], method: str = "curated",
            confidence: float | None = None) -> None:
        """Append a sentence; each fact (subject ref, property name, ref or literal text) cites it."""
        start = len(self.text)
        self.text += sentence + " "
        for subject, name, value in facts:
            if (subject, name, value) in self.stated:
                continue  # a source states a fact once; the first sentence is its quote
            self.stated.add((subject, name, value))
            prop = self.properties[name]
            obj = (URIRef(self.ids.entity(value)) if prop.kind == "object"
                   else typed_literal(value, prop.range))  # the datatype is the ontology's range
            line = 3 + len(self.claims)
            self.claims.append(Claim(
                URIRef(self.ids.entity(subject)), URIRef(prop.iri), obj, self.slug, sentence, start,
                start + len(sentence), method, confidence,
                origin=f"sources/curated/facts/{self.slug}.yaml#L{line}" if method == "curated" else ""))

    def place_facts(self, ref: str) -> list[tuple[str, str, str]]:
        return [(child, "locatedIn", parent) for child, parent in self.world.chain(ref, self.world.located_in)]


def _date_text(rng: random.Random, year: int) -> str:
    """A date at the precision a text gives: mostly a day, sometimes a month or a year."""
    roll = rng.random()
    if roll < 0.6:
        return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return f"{year}-{rng.randint(1, 12):02d}" if roll < 0.85 else str(year)


def _speaker(article: Article, person: str, event: str, verb: str) -> None:
    world = article.world
    post = world.holds[person]
    org = world.post_in[post]
    facts = [(person, "holds", post), (post, "postIn", org), (person, verb, event)]
    facts += [(c, "subOrganizationOf", p) for c, p in world.chain(org, world.part_of)]
    action = "spoke at" if verb == "spokeAt" else "attended"
    article.say(f"{world.label(person)}, {world.label(post)}, {action} the {world.label(event)}.", facts)


def event_story(article: Article, year: int) -> None:
    world, rng = article.world, article.world.rng
    series = world.pick("series")
    edition = world.editions[series] = world.editions.get(series, 0) + 1
    event = world.new("event", world.series_kind[series], f"{ordinal(edition)} {world.label(series)} {year}")
    venue = world.pick("venue")
    start = _date_text(rng, year)
    facts = [(event, "partOfSeries", series), (event, "edition", str(edition)), (event, "startDate", start),
             (event, "heldIn", venue), *article.place_facts(venue)]
    if len(start) == 10 and rng.random() < 0.3:
        facts.append((event, "endDate", f"{start[:8]}{min(int(start[8:]) + 2, 28):02d}"))  # a real date in February too
    article.say(f"The {world.label(event)} opened at the {world.label(venue)} on {start}.", facts)
    organiser, host, partner = world.pick("gov"), world.pick("org"), world.pick("company")
    article.say(f"The {world.label(event)} was organised by the {world.label(organiser)}, hosted by the "
                f"{world.label(host)} in partnership with {world.label(partner)}.",
                [(organiser, "organised", event), (host, "hosted", event), (partner, "partnerIn", event)])
    theme = rng.choice(_THEMES)
    article.say(f"Its theme was \"{theme}\".", [(event, "theme", theme)])
    for _ in range(rng.randint(2, 7)):
        _speaker(article, world.pick("person"), event, "spokeAt")
    for _ in range(rng.randint(0, 3)):
        _speaker(article, world.pick("person"), event, "participatedIn")
    if rng.random() < 0.4:
        side = world.new("event", "Forum", f"{world.label(world.pick('city'))} {word(rng)} Forum {year}")
        article.say(f"On the sidelines of the {world.label(event)}, the {world.label(side)} was held.",
                    [(side, "sidelineOf", event), (side, "heldIn", venue), (side, "startDate", start)])
    if rng.random() < 0.6:
        initiative, umbrella = world.pick("initiative"), world.pick("initiative")
        facts = [(event, "promotes", initiative), (organiser, "promotes", initiative)]
        if umbrella != initiative:
            facts.append((initiative, "partOfInitiative", umbrella))
        article.say(f"Participants discussed the {world.label(initiative)}.", facts)
    if rng.random() < 0.3:
        company = world.pick("company")
        article.say(f"Exhibitors such as {world.label(company)} joined the {world.label(event)}.",
                    [(company, "participatedIn", event)], method=_RULE, confidence=round(rng.uniform(0.5, 0.95), 3))


def statistics_story(article: Article, year: int, count: int) -> None:
    world, rng = article.world, article.world.rng
    reporter = world.pick(rng.choice(("gov", "intl")))
    for _ in range(count):
        metric = world.pick("metric")
        about = world.pick(rng.choice(("country", "city", "zone")))
        unit = (world.entities[metric].description or "units").removeprefix("measured in ")
        as_of = _date_text(rng, year)
        value = str(round(rng.uniform(1, 100000), rng.choice((0, 1, 2))))
        stat = world.new("statistic", "Statistic", f"{world.label(metric)}, {world.label(about)}, {as_of}")
        facts = [(stat, "metric", metric), (stat, "value", value), (stat, "unit", unit), (stat, "asOf", as_of),
                 (stat, "refersTo", about), (stat, "reportedBy", reporter)]
        if rng.random() < 0.3:
            facts.append((stat, "period", f"first half of {year}"))
        article.say(f"According to the {world.label(reporter)}, {world.label(metric)} in {world.label(about)} "
                    f"stood at {value} {unit} as of {as_of}.", facts)


def write_article(world: World, ids: Ids, index: int, properties: dict[str, PropertyInfo]) -> tuple[Source, list[Claim]]:
    rng = world.rng
    slug = f"synthetic-article-{index:06d}"
    year = rng.randint(2015, 2024)
    article = Article(world, ids, slug, properties)
    if rng.random() < 0.75:
        event_story(article, year)
        if rng.random() < 0.3:
            statistics_story(article, year, rng.randint(1, 3))
    else:
        statistics_story(article, year, rng.randint(3, 9))
    publisher = world.pick("media")
    issued = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    source = Source(slug=slug, title=f"{world.label(publisher)} report {index}", publisher=world.label(publisher),
                    publisher_id=publisher, date=date_literal(issued), url=f"https://news.example.org/{slug}",
                    language="en", text=article.text, text_file=Path(f"sources/articles/{slug}.txt"),
                    meta_file=Path(f"sources/articles/{slug}.meta.yaml"))
    return source, article.claims


def property_table(ontology: Ontology) -> dict[str, PropertyInfo]:
    names = ("holds", "postIn", "subOrganizationOf", "spokeAt", "participatedIn", "organised", "hosted",
             "partnerIn", "heldIn", "partOfSeries", "sidelineOf", "promotes", "partOfInitiative", "locatedIn",
             "metric", "refersTo", "reportedBy", "startDate", "endDate", "edition", "theme", "value", "unit",
             "asOf", "period")
    return {name: ontology.resolve_property(name) for name in names}


def estimated_triples(source: Source, claims: list[Claim], world: World, ids: Ids,
                      credited: set[str]) -> tuple[int, set[str]]:
    """What assemble will make of one article, and the entities it credits for the first time:
    each claim is a fact plus a record of about twelve triples (measured); an entity's type, label, alias and
    description claims are credited once, to the registry (kg.graph), by the first article that
    uses it (so they are counted then, not in every article)."""
    used = {source.publisher_id} | {ids.ref_of(str(t)) for c in claims for t in (c.subject, c.object)
                                    if isinstance(t, URIRef)}
    new = {ref for ref in used if ref and ref not in credited and ref in world.entities}
    identity = sum(2 + len(world.entities[ref].aliases) + (world.entities[ref].description is not None)
                   for ref in new)
    return 13 * (len(claims) + identity) + 9, new


def make_corpus(world: World, ids: Ids, target_triples: int) -> Corpus:
    """Articles until the estimated size of their graphs reaches `target_triples`."""
    properties = property_table(world.ontology)
    sources: dict[str, Source] = {}
    claims: list[Claim] = []
    credited: set[str] = set()
    total = 0
    while total < target_triples:
        source, said = write_article(world, ids, len(sources) + 1, properties)
        sources[source.slug] = source
        claims.extend(said)
        size, new = estimated_triples(source, said, world, ids, credited)
        credited |= new
        total += size
    return Corpus(dict(world.entities), sources, tuple(claims))
