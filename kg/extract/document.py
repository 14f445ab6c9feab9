"""One article being read: its sentences, mentions resolved to entities, and the facts found so far.

Entity linking: a mention links to a registry entity by label or alias (normalised: honorifics,
titles, bracketed abbreviations and spelling variants removed); a short honorific name ("Mr. Mu")
links to the person named in full earlier; an abbreviation in brackets ("(UNOSSC)") becomes an
alias of the name before it; anything else becomes a new entity, one per normalised name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kg.claims import Entity
from kg import gazetteer as places
from kg.extract.bodies import canonical_alias, qualified
from kg.extract.coreference import abbreviation_mentions, anaphora, name_events
from kg.extract.dates import DateMention, find_dates, publication_date
from kg.extract.gazetteer import NOT_ORGANISATIONS, Gazetteer, family_of
from kg.extract.mentions import Mention, find_mentions
from kg.extract.model import parse
from kg.extract.text import Span, normalise, paragraph_starts, sentences
from kg.namespaces import SRK, slugify
from kg.resolution.names import is_acronym
from kg.ontology import Ontology
from kg.sources import Source

KIND_OF_FAMILY = {"Person": "person", "Organisation": "org", "Place": "place", "Event": "event",
                  "EventSeries": "series", "Initiative": "initiative", "Post": "post", "Statistic": "statistic",
                  "Agreement": "agreement", "Report": "report", "Metric": "metric"}
EXTRACTED = "extracted"


def _event_key(name: str) -> str:
    """"China-Laos Trade Fair 2024" and "the 2024 China-Laos Trade Fair" name one edition."""
    key = normalise(name)
    year = re.search(r"\s((?:19|20)\d\d)$", key)
    return f"{year.group(1)} {key[:year.start()]}" if year else key


@dataclass(frozen=True)
class Fact:
    """A found fact before it becomes a Claim: refs, a predicate local name, a quote span."""

    subject: str
    predicate: str
    object: str  # an entity ref or a literal's text
    is_literal: bool
    start: int
    end: int
    rule: str
    confidence: float


@dataclass
class Document:
    source: Source
    ontology: Ontology
    gazetteer: Gazetteer
    published: dt.date = field(init=False)
    sentences: list[Span] = field(init=False)
    paragraphs: list[int] = field(init=False)
    mentions: list[Mention] = field(init=False)
    parsed: object = field(init=False)  # spaCy's Doc of the text
    refs: dict[int, str] = field(default_factory=dict)  # mention start -> entity ref
    new_entities: dict[str, Entity] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)

    def __post_init__(self) -> None:
        text = self.source.text
        self.published = publication_date(str(self.source.date))
        self.sentences = sentences(text)
        self.paragraphs = paragraph_starts(text)
        self.parsed = parse(text)
        self.mentions = name_events(find_mentions(text, self.sentences, self.gazetteer,
                                                  lambda c: family_of(c, self.ontology), self.parsed),
                                    text, self.sentences)
        self._resolve()

    @property
    def text(self) -> str:
        return self.source.text

    # -- entities -------------------------------------------------------------
    def family(self, mention: Mention) -> str:
        return family_of(mention.cls, self.ontology)

    def ref(self, mention: Mention) -> str:
        return self.refs[mention.start]

    def entity(self, ref: str) -> Entity | None:
        return self.new_entities.get(ref) or self.gazetteer.entities.get(ref)

    def _resolve(self) -> None:
        by_key: dict[tuple[str, str], str] = {}
        abbreviations: dict[str, str] = {}
        persons: list[tuple[list[str], str]] = []
        last_place: places.Place | None = None  # the country or province named last: whose a bare body is
        alternates: dict[int, tuple[str, str]] = {}  # "Hongqiao Tiandi, or The Hub,": the second name's start
        for mention in self.mentions:
            family = self.family(mention)
            ref = mention.ref or self._linked(mention, family)
            if ref is None and alternates.get(mention.start, ("", ""))[1] == family:
                ref = alternates[mention.start][0]
                abbreviations[mention.text] = ref  # the other name, wherever the article uses it alone
                self.add_alias(ref, re.sub(r"^[Tt]he\s+", "", mention.text))
            key = (family, _event_key(mention.label) if family == "Event" else normalise(mention.label))
            place = places.lookup(mention.text) if family == "Place" else None
            if place is not None:  # "Guangxi" and "Guangxi Zhuang Autonomous Region": one place
                key = (family, "gazetteer:" + place.name + ":" + (place.iso or place.country or ""))
            if family == "Place" and mention.cls in ("Country", "Province"):
                last_place = places.lookup(mention.text, kinds=["country", "province"]) or last_place
            owner = re.match(r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+\(", mention.text) if family == "Organisation" \
                else None  # "China (Zhengzhou) ... Pilot Zone ... approved by the State Council": China's
            if owner is not None:
                last_place = places.lookup(owner.group(1), kinds=["country"]) or last_place
            body = None if ref or family != "Organisation" else \
                qualified(mention.text, self.text[max(0, mention.start - 30):mention.start], last_place,
                          self.text[mention.end:mention.end + 60])
            if body is not None:
                full, last_place = body
                linked = self.gazetteer.lookup(full, family, self.ontology)
                ref = linked.ref if linked else self.new_entity(full, mention.cls, mention.confidence,
                                                                (re.sub(r"^[Tt]he\s+", "", mention.text),))
            if ref is None and mention.text in abbreviations:
                ref = abbreviations[mention.text]
            if ref is None and mention.rule == "place-context":  # "according to Wang": the person named before
                ref = next((r for words, r in reversed(persons) if mention.text in words), None)
            if ref is None and family == "Person" and " " not in mention.text.strip():
                ref = next((r for words, r in reversed(persons) if mention.text.strip() in words), None)
            if ref is None and family == "Event" and mention.edition is None:
                ref = self._earlier_event(mention, by_key)
            if ref is None:
                alias = (canonical_alias(mention.text) or self._spelled_out(mention.text)) \
                    if family == "Organisation" else None
                linked = self.gazetteer.lookup(alias, family, self.ontology) if alias else None
                ref = (linked.ref if linked else None) or by_key.get(key) or self.new_entity(
                    mention.label, mention.cls, mention.confidence, ((alias,) if alias else ()) + mention.aliases)
            by_key.setdefault(key, ref)
            self.refs[mention.start] = ref
            self._note_alternate(mention, ref, family, alternates)
            for alias in mention.aliases if mention.rule != "anaphora" else ():
                self.add_alias(ref, alias)
            if family == "Person":
                persons.append((mention.text.split(), ref))
            bracket = re.match(r"\s*\(((?:[A-Z]|[a-z](?=[A-Z]))[A-Za-z]{1,9})\)", self.text[mention.end:mention.end + 14])
            if bracket:
                abbreviations[bracket.group(1)] = ref
                if bracket.group(1).lower() not in NOT_ORGANISATIONS:  # "(MoU)" names every MoU, not this one
                    self.add_alias(ref, bracket.group(1))
        self.mentions = anaphora(self.mentions, self.refs, self.text, self.family)
        self.mentions = abbreviation_mentions(self.mentions, self.refs, abbreviations, self.text)
        self._bare_bodies()
        for mention in self.mentions:  # an abbreviation used before it was spelled out ("UNOSSC and China ...")
            full = abbreviations.get(mention.text)
            if full and self.refs[mention.start] != full and self.refs[mention.start] in self.new_entities:
                self.refs[mention.start] = full

    def _note_alternate(self, mention: Mention, ref: str, family: str, alternates: dict[int, tuple[str, str]]) -> None:
        """"X, or Y," names one thing twice (an apposition set off by commas), never "X or Y" (a choice)."""
        alternate = re.match(r",\s+or\s+", self.text[mention.end:mention.end + 8])
        if family not in ("Place", "Organisation") or alternate is None:
            return
        after = next((m for m in self.mentions if m.start == mention.end + alternate.end()), None)
        if after is not None and re.match(r"\s*[,.;)]", self.text[after.end:after.end + 2]):
            alternates[after.start] = (ref, family)

    def _bare_bodies(self) -> None:
        """A bare "State Council" named before the article says whose (in its title) is the one body
        "State Council of X" the article names, when it names exactly one."""
        for mention in self.mentions:
            ref = self.refs[mention.start]
            entity = self.new_entities.get(ref)
            if entity is None or self.family(mention) != "Organisation":
                continue
            prefix = normalise(entity.label) + " of "
            fuller = {e.ref for e in self.new_entities.values() if e.ref != ref and normalise(e.label).startswith(prefix)
                      and family_of(e.cls, self.ontology) == "Organisation"}
            fuller |= {r for m in self.mentions if (r := self.refs[m.start]) in self.gazetteer.entities
                       and normalise(self.gazetteer.entities[r].label).startswith(prefix)}
            if len(fuller) == 1:
                self.refs[mention.start] = next(iter(fuller))

    def _earlier_event(self, mention: Mention, by_key: dict[tuple[str, str], str]) -> str | None:
        """"the Global Conference" after "the 5th Global Conference on Cross-Border E-Commerce": the same event."""
        words = set(normalise(mention.label).split())
        for (family, name), ref in by_key.items():
            entity = self.new_entities.get(ref)
            if family == "Event" and entity and len(words) >= 2 and words < set(name.split()) \
                    and re.match(r"\d", name):
                return ref
        return None

    def _spelled_out(self, name: str) -> str | None:
        """"UN General Assembly" -> "United Nations General Assembly": a leading acronym the registry knows."""
        first, _, rest = name.partition(" ")
        known = self.gazetteer.lookup(first, "Organisation", self.ontology) if rest and is_acronym(first) else None
        return f"{known.label} {rest}" if known and normalise(known.label) != normalise(first) else None

    def _linked(self, mention: Mention, family: str) -> str | None:
        """The registry entity of a name; for a place, of any name kg.gazetteer gives it ("Guangxi Zhuang
        Autonomous Region" finds the registry's "Guangxi", "Lao PDR" its "Laos")."""
        entity = next((e for e in (self.gazetteer.lookup(n, family, self.ontology)
                                   for n in dict.fromkeys((mention.label, mention.text, *mention.aliases))) if e), None)
        if entity is None and family == "Place":
            place = places.lookup(mention.text)
            entity = next((e for e in (self.gazetteer.lookup(n, family, self.ontology) for n in place.names) if e),
                          None) if place else None
        return entity.ref if entity else None

    def new_entity(self, label: str, cls: str, confidence: float = 0.5, aliases: tuple[str, ...] = ()) -> str:
        """A new entity for a name no registry entry has (reused when minted before in this article)."""
        label = re.sub(r"^the\s+", "", re.sub(r"\s+", " ", label).strip(" ,.;:“”\"'"))
        if label[:1].islower() and not label[1:2].isupper() and cls not in ("Statistic",):  # not "eWTP ..."
            label = label[0].upper() + label[1:]
        kind = KIND_OF_FAMILY.get(family_of(cls, self.ontology), "org")
        if kind == "place":  # the gazetteer's name, and every name it knows, so every article mints one id
            place = places.lookup(label)
            if place is not None:
                aliases = tuple(dict.fromkeys(n for n in (*aliases, label, *place.names) if n != place.name))
                label = place.name
        for entity in self.new_entities.values():
            if entity.ref.startswith(kind + "/") and normalise(entity.label) == normalise(label):
                return entity.ref
        slug = slugify(label)[:60].strip("-") or "unnamed"
        ref, n = f"{kind}/{slug}", 2
        while (ref in self.new_entities) or (ref in self.gazetteer.entities):
            ref, n = f"{kind}/{slug}-{n}", n + 1
        self.new_entities[ref] = Entity(ref, str(SRK) + cls, label, tuple(a for a in aliases if a != label),
                                        origin=f"{EXTRACTED}:{self.source.slug}")
        return ref

    def add_alias(self, ref: str, alias: str) -> None:
        entity = self.new_entities.get(ref)
        if entity and alias != entity.label and alias not in entity.aliases:
            self.new_entities[ref] = Entity(entity.ref, entity.cls, entity.label, tuple(sorted({*entity.aliases, alias})),
                                            entity.description, entity.origin)

    # -- text positions -------------------------------------------------------
    def in_span(self, span: Span, families: tuple[str, ...] = ()) -> list[Mention]:
        return [m for m in self.mentions if span.start <= m.start and m.end <= span.end
                and (not families or self.family(m) in families)]

    def paragraph_of(self, offset: int) -> int:
        return max(i for i, start in enumerate(self.paragraphs) if start <= offset)

    def dates_in(self, span: Span) -> list[DateMention]:
        return find_dates(span.text, span.start, self.published)

    # -- facts ----------------------------------------------------------------
    def add(self, subject: str, predicate: str, obj: str, span: Span, rule: str, confidence: float,
            literal: bool = False) -> None:
        if subject and obj and subject != obj:
            self.facts.append(Fact(subject, predicate, obj, literal, span.start, span.end, rule, confidence))
