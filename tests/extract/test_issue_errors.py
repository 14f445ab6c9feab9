"""One test per extraction error named in issue #11, each on a short made-up article (or a seed
sentence), run through the whole extractor (spaCy model, rules, linking) with the seed registry."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib.namespace import RDF

from kg.build import load_inputs
from kg.extract import Extraction, Gazetteer, extract_source
from kg.extract.text import normalise
from kg.literals import date_literal
from kg.namespaces import Ids
from kg.settings import load_settings
from kg.sources import Source
from tests.conftest import REPO

SETTINGS = load_settings({"KG_ROOT": str(REPO)})
IDS = Ids(SETTINGS.base_iri)


@pytest.fixture(scope="module")
def inputs():  # type: ignore[no-untyped-def]
    return load_inputs(SETTINGS)


def _article(text: str, date: str = "2024-06-20", slug: str = "made-up") -> Source:
    return Source(slug=slug, title="A made-up article", publisher="test", publisher_id=None,
                  date=date_literal(date), url=None, language="en", text=text,
                  text_file=Path(f"{slug}.txt"), meta_file=Path(f"{slug}.meta.yaml"))


def _run(inputs, text: str, date: str = "2024-06-20", registry: bool = True) -> Extraction:  # type: ignore[no-untyped-def]
    gazetteer = Gazetteer.build(inputs.entities if registry else {})
    return extract_source(_article(text, date), gazetteer, inputs.ontology, IDS)


def _facts(extraction: Extraction) -> set[tuple[str, str, str]]:
    return {(IDS.ref_of(str(c.subject)) or "", c.predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1],
             IDS.ref_of(str(c.object)) or str(c.object)) for c in extraction.claims if c.predicate != RDF.type}


def _objects(extraction: Extraction, subject: str, predicate: str) -> set[str]:
    """What the article says `subject` is `predicate` of (refs, or literals' lexical forms)."""
    return {o for s, p, o in _facts(extraction) if s == subject and p == predicate}


def _typed(extraction: Extraction) -> dict[str, str]:
    """entity ref -> class local name, for every entity the article names."""
    return {IDS.ref_of(str(c.subject)) or "": str(c.object).rsplit("#", 1)[-1]
            for c in extraction.claims if c.predicate == RDF.type}


def _label(extraction: Extraction, inputs, ref: str) -> str:  # type: ignore[no-untyped-def]
    entity = extraction.entities.get(ref) or inputs.entities[ref]
    return entity.label


def _names(extraction: Extraction, inputs, ref: str) -> set[str]:  # type: ignore[no-untyped-def]
    entity = extraction.entities.get(ref) or inputs.entities[ref]
    return {normalise(n) for n in (entity.label, *entity.aliases)}


def test_mou_is_an_agreement_not_an_organisation(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Laos and China signed an MOU on e-commerce cooperation in Vientiane on Monday.")
    typed = _typed(extraction)
    assert not [r for r, cls in typed.items() if cls.endswith("Organisation") and "mou" in r]
    assert any(cls == "Agreement" for cls in typed.values())


def test_two_sides_and_percent_are_not_statistics_of_words(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The two sides agreed to deepen cooperation. Exports grew by 21.9 percent in 2023.")
    statistics = [e for e in extraction.entities.values() if e.cls.endswith("#Statistic")]
    assert not any("side" in e.label for e in statistics)
    assert statistics and not any("percent percent" in e.label for e in statistics)
    values = {o for s, p, o in _facts(extraction) if p == "value"}
    assert {Decimal(v) for v in values} == {Decimal("21.9")}


def test_every_minister_holds_a_post_in_their_own_ministry(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Minister Li for Commerce of Laos met Cambodian Minister of Commerce Pan Sorasak "
                              "in Vientiane on Monday. Intern Wang Lei reported.")
    facts = _facts(extraction)
    holds = {s: o for s, p, o in facts if p == "holds"}
    assert "post/minister" not in holds.values() and "post/intern" not in holds.values()
    li, pan = next(s for s in holds if s.endswith("/li")), next(s for s in holds if "pan" in s)
    assert holds[li] != holds[pan]
    orgs = {s: o for s, p, o in facts if p == "postIn"}
    assert normalise(_label(extraction, inputs, orgs[holds[li]])) == "ministry of commerce of laos"
    assert normalise(_label(extraction, inputs, orgs[holds[pan]])) == "ministry of commerce of cambodia"


def test_a_province_and_its_full_name_are_one_province(inputs) -> None:  # type: ignore[no-untyped-def]
    text = ("The college is in south China's Guangxi Zhuang Autonomous Region. Guangxi has opened ten platforms, "
            "and the Guangxi Autonomous Region plans more.")
    extraction = _run(inputs, text, registry=False)
    provinces = {r for r, cls in _typed(extraction).items() if cls == "Province"}
    assert len(provinces) == 1
    linked = _run(inputs, "Zhengzhou is the capital of Henan Sheng. Henan has 99 million people.")
    assert {r for r, cls in _typed(linked).items() if cls == "Province"} == {"place/henan"}  # the registry's


def test_an_expo_is_an_exhibition_not_a_forum(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The 20th China-ASEAN Expo opened in Nanning on Sunday.")
    classes = {cls for r, cls in _typed(extraction).items() if r.startswith("event/")}
    assert classes == {"Exhibition"}


def test_an_edition_written_with_an_ordinal_word_joins_its_series(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The Sixth Global Cross-border E-commerce Conference opened in Zhengzhou on Monday.")
    facts = _facts(extraction)
    edition = next(s for s, p, o in facts if p == "partOfSeries" and o == "series/gcbec")
    assert (edition, "edition", "6") in facts and edition != "series/gcbec"


MADE_UP = ("The 2024 Silk Road Trade Forum opened in Nanning on Monday. The forum was hosted by the Department of "
           "Commerce of Guangxi Zhuang Autonomous Region in partnership with the Laos National Chamber of Commerce. "
           "On the sidelines of the forum, a Digital Trade Roundtable was held. Minister Li for Commerce of Laos "
           "spoke at the forum. Guangxi handled 30 million parcels in 2023, the department said. Delegates praised "
           "the Silk Road Trade Forum.")


def test_one_event_one_id(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The Sixth Silk Road Trade Forum opened in Nanning on Monday. Delegates from 30 "
                              "countries attended the 6th Silk Road Trade Forum. The China-Laos Trade Fair 2024 "
                              "closed on Friday; the 2024 China-Laos Trade Fair drew 500 companies.")
    events = {r: cls for r, cls in _typed(extraction).items() if r.startswith("event/")}
    assert sorted(events.values()) == ["Exhibition", "Forum"], events
    assert len(_run(inputs, MADE_UP).entities.keys() & {r for r, c in _typed(_run(inputs, MADE_UP)).items()
                                                          if c == "Forum"}) == 1


def test_hosted_by_partnership_and_sidelines(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, MADE_UP)
    facts = _facts(extraction)
    forum = next(r for r, cls in _typed(extraction).items() if cls == "Forum")
    hosts = [s for s, p, o in facts if p == "hosted" and o == forum]
    assert len(hosts) == 1 and "department of commerce of guangxi" in _names(extraction, inputs, hosts[0])
    partners = [s for s, p, o in facts if p == "partnerIn" and o == forum]
    assert len(partners) == 1 and "laos national chamber of commerce" in _names(extraction, inputs, partners[0])
    assert any(p == "sidelineOf" and o == forum and s.startswith("event/") for s, p, o in facts)


def test_a_ministers_post_and_speech(inputs) -> None:  # type: ignore[no-untyped-def]
    facts = _facts(_run(inputs, MADE_UP))
    li = next(s for s, p, o in facts if p == "holds" and s.startswith("person/li"))
    assert any(s == li and p == "spokeAt" for s, p, o in facts)


def test_statistic_dated_by_its_own_year_and_attached_to_what_it_measures(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, MADE_UP)
    facts = _facts(extraction)
    stat = next(s for s, p, o in facts if p == "value" and Decimal(o) == 30_000_000)
    assert (stat, "asOf", "2023") in facts  # not the publication month 2024-06
    assert (stat, "refersTo", "place/guangxi") in facts  # not the department that reported it


def test_a_figure_said_to_hold_so_far_is_as_of_the_publication_day(inputs) -> None:  # type: ignore[no-untyped-def]
    facts = _facts(_run(inputs, "So far, 30 countries have signed e-commerce agreements with China. "
                                "Laos opened 12 warehouses.", date="2023-10-24"))
    as_of = {o for s, p, o in facts if p == "asOf"}
    assert as_of == {"2023-10-24", "2023-10"}  # "so far": that day; no date at all: the publication month
