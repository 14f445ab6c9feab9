"""Extraction at scale: N synthetic news articles (1,000 by default) extracted on one core and on every
core (kg.extract.parallel), in the same run, with the project's registry as gazetteer; and the real
articles (the seeds, plus a corpus folder such as the rebuilt dev corpus) after start-up.

The synthetic articles read like the seeds: dated events with ordinals, officials with titles of
organisations, places, agreements, statistics with units and dates, some names from the registry and
some never seen, about 2,500 characters each, half of their sentences without a name. Seeded: the same seed gives the same articles.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import XSD

from kg.build import Inputs, load_inputs
from kg.extract import Gazetteer
from kg.extract.gazetteer import family_of
from kg.extract.parallel import Refused, extract_many, worker_count
from kg.namespaces import Ids
from kg.settings import Settings
from kg.sources import Source

SECONDS_TARGET = 180.0  # 1,000 articles in under 3 minutes
CORPUS_SECONDS_TARGET = 10.0  # the seeds and the dev corpus (19 articles) in under 10 s after start-up

_FIRST = ("Li", "Wang", "Zhang", "Chen", "Amina", "Oleg", "Nurlan", "Sokha", "Maria", "Ahmed", "Dilnoza", "Kofi")
_LAST = ("Wei", "Jun", "Hao", "Ming", "Karimova", "Petrov", "Seitkali", "Chea", "Silva", "Hassan", "Rahimova", "Mensah")
_TITLES = ("Director", "Deputy Director", "Vice Minister", "Secretary-General", "Chairman", "President")
_BODIES = ("Department of Commerce of {p}", "Ministry of Trade of {c}", "{c} Chamber of Commerce",
           "E-commerce Association of {p}", "{p} Cross-border E-commerce Comprehensive Pilot Zone")
_EVENTS = ("Global Cross-border E-commerce Conference", "China-{c} E-commerce Forum", "Silk Road E-commerce Expo",
           "Digital Economy Summit of {c}", "{p} Online Shopping Festival")
_ORDINALS = ("First", "Second", "Third", "4th", "5th", "Sixth", "7th", "Eighth", "9th", "10th")
_FILLER = (  # what news articles mostly are: sentences without a name in them
    "Participants exchanged views on logistics, payment systems and customs clearance for small businesses.",
    "Experts said that digital trade would remain an important driver of growth in the coming years.",
    "The organisers said the event would be held every year and would be open to more partners.",
    "Several companies presented their platforms and discussed ways to reach consumers in new markets.",
    "Officials called for closer cooperation on standards, data flows and the training of young professionals.",
    "The discussions also covered rural e-commerce, live-streaming sales and the role of small producers.",
    "Many of the products on display were agricultural goods, handicrafts and food from partner countries.",
    "According to the organisers, the online sessions attracted a large audience from several regions.",
)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


@dataclass(frozen=True)
class ExtractionResult:
    articles: int
    characters: int
    workers: int
    one_core_s: float | None
    all_cores_s: float | None
    candidates: int  # facts extracted, all cores (the same on one core: checked)
    corpus_articles: int = 0  # the real articles timed after start-up
    corpus_s: float | None = None
    status: str = "ok"
    error: str | None = None

    @property
    def speed_up(self) -> float | None:
        return self.one_core_s / self.all_cores_s if self.one_core_s and self.all_cores_s else None


def synthetic_articles(count: int, inputs: Inputs, seed: int = 1) -> dict[str, Source]:
    """`count` articles as Sources (in memory, never written), named bench-article-NNNN."""
    rng = random.Random(seed)
    names = {family: sorted(e.label for e in inputs.entities.values() if family_of(e.cls, inputs.ontology) == family)
             for family in ("Person", "Place", "Organisation", "Initiative")}
    template = next(iter(inputs.sources.values()))
    articles = {}
    for n in range(count):
        year = 2016 + n % 9
        text = "\n\n".join(_paragraph(rng, names, year) for _ in range(6)) + "\n"
        slug = f"bench-article-{n:04d}"
        articles[slug] = replace(template, slug=slug, title=f"Synthetic article {n}", text=text,
                                 date=Literal(f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}", datatype=XSD.date))
    return articles


def _paragraph(rng: random.Random, names: dict[str, list[str]], year: int) -> str:
    country = rng.choice(("Laos", "Kazakhstan", "Cambodia", "Chile", "Rwanda", "Pakistan", "Uzbekistan", "Egypt"))
    province = rng.choice(("Henan", "Guangxi", "Zhejiang", "Yunnan", "Xinjiang", "Hunan"))
    person = rng.choice(names["Person"]) if names["Person"] and rng.random() < 0.4 else \
        f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    body = rng.choice(_BODIES).format(p=province, c=country)
    event = f"the {rng.choice(_ORDINALS)} {rng.choice(_EVENTS).format(p=province, c=country)}"
    place = rng.choice(names["Place"]) if names["Place"] else "Zhengzhou"
    known_org = rng.choice(names["Organisation"]) if names["Organisation"] else body
    initiative = rng.choice(names["Initiative"]) if names["Initiative"] else "the Belt and Road Initiative"
    day, month = rng.randint(1, 28), rng.choice(_MONTHS)
    sentences = [
        f"{event[0].upper()}{event[1:]} was held in {place} on {month} {day}, {year}, hosted by {known_org}.",
        f"{person}, {rng.choice(_TITLES)} of the {body}, spoke at the opening ceremony.",
        f"{country} and China signed a memorandum of understanding on e-commerce cooperation on the sidelines "
        f"of the conference, in partnership with {known_org}.",
        f"In the first half of {year}, cross-border e-commerce trade of {province} reached "
        f"{rng.randint(2, 90)}.{rng.randint(1, 9)} billion yuan, up {rng.randint(2, 40)} percent year on year.",
        f"The forum promotes {initiative} and brought together more than {rng.randint(2, 9)}00 participants "
        f"from {rng.randint(10, 60)} countries.",
    ]
    rng.shuffle(sentences)
    chosen = sentences[:2] + rng.sample(_FILLER, 2)
    rng.shuffle(chosen)
    return " ".join(chosen)


def measure_extraction(count: int, settings: Settings, corpus: Path | None = None, seed: int = 1,
                       workers: int | None = None) -> ExtractionResult:
    """Time `count` synthetic articles on one core, then on every core; then the real articles."""
    inputs = load_inputs(settings)
    ids = Ids(settings.base_iri)
    gazetteer = Gazetteer.build(inputs.entities)
    articles = synthetic_articles(count, inputs, seed)
    cores = worker_count(count, workers)
    timings: list[float] = []
    counts: list[int] = []
    for n in (1, cores):
        started = time.perf_counter()
        results = list(extract_many(articles, gazetteer, inputs.ontology, ids, workers=n))
        timings.append(time.perf_counter() - started)
        counts.append(sum(len(r.claims) for r in results if not isinstance(r, Refused)))
    if counts[0] != counts[1]:
        return ExtractionResult(count, 0, cores, *timings, counts[1], status="error",
                                error=f"one core found {counts[0]} candidates, {cores} cores {counts[1]}")
    real = dict(inputs.sources)
    if corpus is not None:
        real.update(_corpus_sources(corpus, settings))
    started = time.perf_counter()
    list(extract_many(real, gazetteer, inputs.ontology, ids))
    corpus_s = time.perf_counter() - started
    return ExtractionResult(count, sum(len(s.text) for s in articles.values()), cores, timings[0], timings[1],
                            counts[1], len(real), corpus_s)


def _corpus_sources(corpus: Path, settings: Settings) -> dict[str, Source]:
    """A gold corpus's texts (kg.evaluate.gold format) as sources, without ingesting them."""
    from kg.evaluate.gold import read_text
    from kg.literals import date_literal

    template = next(iter(load_inputs(settings).sources.values()))
    sources = {}
    for path in sorted(corpus.glob("*.txt")):
        text = read_text(path)
        sources[f"corpus-{text.name}"] = replace(template, slug=f"corpus-{text.name}", title=text.title,
                                                 text=text.body, date=date_literal(text.date or "2020"))
    return sources


def extraction_lines(result: ExtractionResult) -> list[str]:
    if result.status != "ok":
        return [f"extraction: {result.status}: {result.error}"]
    lines = [f"extraction: {result.articles} synthetic articles ({result.characters:,} characters): one core "
             f"{result.one_core_s:.1f} s, {result.workers} workers {result.all_cores_s:.1f} s "
             f"({result.speed_up:.2f}x); {result.candidates} candidate facts",
             f"target: {result.articles} articles in {result.all_cores_s:.1f} s (target < {SECONDS_TARGET:.0f} s "
             f"at 1,000): {'met' if (result.all_cores_s or 0) < SECONDS_TARGET * result.articles / 1000 else 'MISSED'}"]
    if result.corpus_s is not None:
        verdict = "met" if result.corpus_s < CORPUS_SECONDS_TARGET else "MISSED"
        lines.append(f"target: {result.corpus_articles} real articles extracted in {result.corpus_s:.2f} s after "
                     f"start-up (target < {CORPUS_SECONDS_TARGET:.0f} s for the seeds and the dev corpus): {verdict}")
    return lines

