"""Relations of events and initiatives (kg.extract.clauses, kg.extract.dated, kg.extract.statistics), each
rule on sentences written for the test and run through the whole extractor with the seed registry: when an
event ran, where it was held and by whom, who attended it, when an initiative or a body began, and whose a
figure is."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kg.extract.dates import find_dates
from tests.extract.test_issue_errors import _facts, _run, _typed, inputs  # noqa: F401 - the fixture


def _of_class(extraction, cls: str) -> str:  # type: ignore[no-untyped-def]
    return next(r for r, c in _typed(extraction).items() if c == cls)


def _event(inputs, text: str, cls: str, date: str = "2024-06-20") -> tuple[set[tuple[str, str, str]], str]:  # type: ignore[no-untyped-def]
    """The facts of a made-up article and the one entity of class `cls` it names."""
    extraction = _run(inputs, text, date=date)
    return _facts(extraction), _of_class(extraction, cls)


def _objects(facts: set[tuple[str, str, str]], subject: str, predicate: str) -> set[str]:
    return {o for s, p, o in facts if s == subject and p == predicate}


def _statistic(facts: set[tuple[str, str, str]], value: int) -> str:
    return next(s for s, p, o in facts if p == "value" and Decimal(o) == value)


def test_between_two_days_of_two_months_is_one_span() -> None:
    found = find_dates("Between 14 August and 4 December 2020, the office ran it.", 0, dt.date(2021, 1, 5))
    assert [(d.value, d.end_value) for d in found] == [("2020-08-14", "2020-12-04")]
    found = find_dates("It ran from December 20, 2019 to January 3, 2020.", 0, dt.date(2021, 1, 5))
    assert [(d.value, d.end_value) for d in found] == [("2019-12-20", "2020-01-03")]
    assert len(find_dates("between 5 May and 1 April 2020", 0, dt.date(2021, 1, 5))) == 2  # no backwards span


def test_an_event_organised_between_two_days_starts_and_ends(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Between 14 August and 4 December 2020, Alibaba and Cainiao jointly organised the "
                              "Silk Road Webinar Week.", date="2021-01-05")
    facts = _facts(extraction)
    week = next(s for s, p, o in facts if p == "startDate")
    assert _objects(facts, week, "startDate") == {"2020-08-14"}
    assert _objects(facts, week, "endDate") == {"2020-12-04"}
    assert {s for s, p, o in facts if p == "organised" and o == week} == {"org/alibaba", "org/cainiao"}


def test_initiatives_and_bodies_begin_when_proposed_launched_or_approved(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The Digital Trade Initiative was proposed by Alibaba in 2016. Laos and Thailand "
                              "co-launched the Mekong Digital Economy Initiative on Dec. 3 at the ongoing Mekong "
                              "Digital Summit. The State Council approved the Nanning Cross-border E-commerce "
                              "Comprehensive Pilot Zone in 2018. The Digital Trade Initiative was launched in "
                              "Vientiane on Wednesday.", date="2024-12-05")
    facts = _facts(extraction)
    assert _objects(facts, "initiative/digital-trade-initiative", "startDate") == {"2016"}  # the first beginning
    # "Dec. 3" stays in its sentence; the summit was already under way that day: no start date of its own
    assert _objects(facts, "initiative/mekong-digital-economy-initiative", "startDate") == {"2024-12-03"}
    summit = _of_class(extraction, "Summit")
    assert not _objects(facts, summit, "startDate")
    zone = _of_class(extraction, "Zone")
    assert _objects(facts, zone, "foundingDate") == {"2018"}


def test_approval_given_to_set_up_a_zone_dates_the_zone_not_an_initiative_in_its_name(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The State Council on Monday gave approval for Guangxi to establish the Nanning "
                              "Cross-border Trade Pilot Zone. On Tuesday it gave approval for Yunnan to set up the "
                              "Kunming Silk Road E-commerce Pilot Zone.", date="2024-10-24")
    facts = _facts(extraction)
    assert _objects(facts, _of_class(extraction, "Zone"), "foundingDate") == {"2024-10-21"}
    assert not [f for f in facts if f[1] == "startDate"]  # never "Silk Road E-commerce" begun that Tuesday


def test_here_is_the_dateline_city(inputs) -> None:  # type: ignore[no-untyped-def]
    facts, forum = _event(inputs, "NANNING, June 19 (Xinhua) -- Traders from Laos and Vietnam met at the Silk Road "
                                  "Trade Forum held here Tuesday.", "Forum", date="2024-06-19")
    assert _objects(facts, forum, "heldIn") == {"place/nanning"}
    assert _objects(facts, forum, "startDate") == {"2024-06-18"}  # the Tuesday before the dateline


def test_a_country_that_plans_to_hold_an_event_in_a_city_organises_it_there(inputs) -> None:  # type: ignore[no-untyped-def]
    facts, roundtable = _event(inputs, "Kazakhstan plans to hold the Astana Digital Roundtable on trade in Astana "
                                       "this year.", "RoundTable", date="2024-03-02")
    assert _objects(facts, roundtable, "heldIn") == {"place/astana"}
    assert ("place/kazakhstan", "organised", roundtable) in facts
    assert _objects(facts, roundtable, "startDate") == {"2024"}


@pytest.mark.parametrize("text", [
    "The Silk Road Trade Forum, attended by Alibaba, was held in Nanning.",
    "Laos has offered holding the Vientiane Digital Forum in Vientiane this year.",  # a proposal, not a plan
])
def test_a_held_or_offered_event_names_no_holder(inputs, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not [f for f in _facts(_run(inputs, text)) if f[1] == "organised"]


def test_the_host_city_of_an_event_is_where_it_was_held(inputs) -> None:  # type: ignore[no-untyped-def]
    facts, expo = _event(inputs, "Based in Kunming, the host city of the Kunming Tea Expo, the company sells tea.",
                         "Exhibition")
    assert _objects(facts, expo, "heldIn") == {"place/kunming"}


@pytest.mark.parametrize("text, event_class, people", [
    # the signing is on the sidelines of the summit: the leaders who witnessed it were there
    ("On 5 May, Xi Jinping and Thongloun Sisoulith witnessed the signing of the accord on expanding trade between "
     "the two countries on the sidelines of the Mekong Digital Summit in Vientiane, Laos.", "Summit",
     {"person/xi-jinping", "person/thongloun-sisoulith"}),
    ("Jack Ma and Paul Kagame jointly unveiled a plaque at the Kigali Digital Hub Launch Ceremony.", "Ceremony",
     {"person/jack-ma", "person/paul-kagame"}),
])
def test_people_who_witness_or_unveil_something_at_an_event_attended_it(inputs, text: str, event_class: str,  # type: ignore[no-untyped-def]
                                                                        people: set[str]) -> None:
    extraction = _run(inputs, text, date="2024-05-09")
    event = _of_class(extraction, event_class)
    assert {s for s, p, o in _facts(extraction) if p == "participatedIn" and o == event} == people


def test_a_witnessed_signing_dates_the_agreement(inputs) -> None:  # type: ignore[no-untyped-def]
    facts, agreement = _event(inputs, "On Monday, the two ministers witnessed the signing of the Memorandum of "
                                      "Understanding on E-commerce Cooperation.", "Agreement", date="2024-05-09")
    assert _objects(facts, agreement, "signedOn") == {"2024-05-06"}


def test_an_event_owns_the_participants_it_attracted_as_of_its_day(inputs) -> None:  # type: ignore[no-untyped-def]
    facts, forum = _event(inputs, "The 2024 Silk Road Trade Forum was held on 13 October in Nanning. The forum "
                                  "attracted over 50 participants from Laos and Cambodia.", "Forum", date="2024-10-20")
    participants = _statistic(facts, 50)
    assert _objects(facts, participants, "refersTo") == {forum}  # not Laos, nearer
    assert _objects(facts, participants, "asOf") == {"2024-10-13"}  # the forum's day, not "2024" of its name


def test_a_themed_forum_owns_what_it_attracted(inputs) -> None:  # type: ignore[no-untyped-def]
    # the small parser reads "themed" as the sentence's verb and "attracted" as hanging from it
    facts, forum = _event(inputs, 'The Silk Road Trade Forum was held in Nanning on Monday. The forum, themed "Silk '
                                  'Road Trade Ahead," attracted over 50 participants from Laos.', "Forum")
    assert _objects(facts, _statistic(facts, 50), "refersTo") == {forum}


def test_a_programme_owns_the_sessions_it_has_held_as_of_the_day_written(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Since its launch in 2021, the Silk Road Online Lectures programme has held 96 "
                              "sessions, reaching learners in more than 60 countries.", date="2025-03-14")
    facts = _facts(extraction)
    sessions, countries = _statistic(facts, 96), _statistic(facts, 60)
    programme = next(iter(_objects(facts, sessions, "refersTo")))
    assert "lectures" in programme
    for figure in (sessions, countries):
        assert _objects(facts, figure, "asOf") == {"2025-03-14"}  # "since its launch in 2021" starts a period
    assert _objects(facts, sessions, "period") == {"since 2021"}


def test_a_figure_nested_under_an_event_object_is_not_the_events(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The 2024 Silk Road Trade Forum includes an exhibition with over 9,000 goods.",
                      date="2024-10-20")
    facts = _facts(extraction)
    assert not _objects(facts, _statistic(facts, 9000), "refersTo")


def test_the_abbreviation_before_a_noun_names_the_initiative_spelled_out_before(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Cainiao unveiled the Digital Parcel Initiative (dPI) in Hangzhou on Monday. The dPI "
                              "scheme was proposed by Jack Ma in 2019.", date="2024-05-09")
    facts = _facts(extraction)
    network = next(s for s, p, o in facts if p == "startDate")
    assert _objects(facts, network, "startDate") == {"2019"}  # proposed first, unveiled in one more city later
    assert ("person/jack-ma", "promotes", network) in facts


@pytest.mark.parametrize("text", [
    "Ambassador Li Ming told the Nanning Trade Briefing on Tuesday that trade grew.",
    # the parser hangs the day on the participle describing the briefing
    "Ambassador Li Ming told the Nanning Trade Briefing devoted to his country's chairmanship on Tuesday.",
])
def test_a_speech_to_a_briefing_on_a_day_dates_the_briefing(inputs, text: str) -> None:  # type: ignore[no-untyped-def]
    facts, briefing = _event(inputs, text, "Event", date="2024-05-09")
    assert _objects(facts, briefing, "startDate") == {"2024-05-07"}


def test_two_agreements_approved_together_are_both_dated(inputs) -> None:  # type: ignore[no-untyped-def]
    facts = _facts(_run(inputs, "In 2019, the member countries approved the Memorandum of Understanding on Digital "
                                "Trade Cooperation and the Memorandum of Understanding on Customs Cooperation."))
    assert {s: o for s, p, o in facts if p == "signedOn"} == {
        "agreement/memorandum-of-understanding-on-digital-trade-cooperation": "2019",
        "agreement/memorandum-of-understanding-on-customs-cooperation": "2019"}


def test_a_figure_over_a_span_of_years_holds_at_its_end(inputs) -> None:  # type: ignore[no-untyped-def]
    facts = _facts(_run(inputs, "From 2013 to 2023, Laos's exports to China rose to 4 billion dollars.",
                        date="2024-03-02"))
    assert _objects(facts, _statistic(facts, 4_000_000_000), "asOf") == {"2023"}


def test_the_two_sides_of_a_signing_are_the_two_named_before(inputs) -> None:  # type: ignore[no-untyped-def]
    facts = _facts(_run(inputs, "Alibaba and the government of Laos launched the Digital Parcel Initiative on "
                                "Wednesday. Jack Ma unveiled a plaque at the launch ceremony, which also witnessed "
                                "the signing of the Memorandum of Understanding on Tourism between the two sides.",
                        date="2024-05-09"))
    mou = "agreement/memorandum-of-understanding-on-tourism"
    assert {s for s, p, o in facts if p == "partyTo" and o == mou} == {"org/alibaba", "place/lao-pdr"}  # not Ma


def test_a_launch_ceremony_is_on_the_day_of_the_launch_not_of_the_proposal(inputs) -> None:  # type: ignore[no-untyped-def]
    facts, ceremony = _event(inputs, "The Digital Parcel Initiative was proposed by Jack Ma in 2019. Cainiao "
                                     "launched the Digital Parcel Initiative in Laos on Wednesday. Jack Ma spoke at "
                                     "the Digital Parcel Initiative Launching Ceremony.", "Ceremony", date="2024-05-09")
    assert _objects(facts, ceremony, "startDate") == {"2024-05-08"}
    assert _objects(facts, "initiative/digital-parcel-initiative", "startDate") == {"2019"}


def test_members_who_wrap_up_their_summit_are_of_the_organiser(inputs) -> None:  # type: ignore[no-untyped-def]
    facts, summit = _event(inputs, "The statement came after SCO members wrapped up their Tashkent Summit on "
                                   "Monday.", "Summit", date="2024-05-09")
    assert ("org/sco", "organised", summit) in facts
    assert _objects(facts, summit, "endDate") == {"2024-05-06"}


def test_and_n_other_countries_are_the_actors_not_a_figure(inputs) -> None:  # type: ignore[no-untyped-def]
    facts = _facts(_run(inputs, "Laos and seven other countries co-launched the Mekong Digital Economy Initiative."))
    assert not [f for f in facts if f[1] == "value"]
