"""Relation rules over the dependency parse (kg.extract.clauses, kg.extract.statistics), each on a short
made-up article run through the whole extractor with the seed registry: what a verb governs is stated,
what merely stands nearby is not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kg.extract.dates import dateline, find_dates
from tests.extract.test_issue_errors import _facts, _names, _run, _typed, inputs  # noqa: F401 - the fixture

FORUM = "The 2024 Silk Road Trade Forum"


def _forum(extraction) -> str:  # type: ignore[no-untyped-def]
    return next(r for r, cls in _typed(extraction).items() if cls == "Forum")


def _subjects(extraction, predicate: str, obj: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {s for s, p, o in _facts(extraction) if p == predicate and o == obj}


def test_every_body_of_a_co_organised_by_list_organised_the_event(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, f"{FORUM} opened in Nanning on Monday. The forum was co-organised by Henan Airlines, "
                              "the Shanghai Cooperation Organisation, Cainiao and Henan Business Daily.")
    organisers = _subjects(extraction, "organised", _forum(extraction))
    assert organisers == {"org/henan-airlines", "org/sco", "org/cainiao", "org/henan-business-daily"}, organisers


def test_active_organisers_and_a_partner_who_is_no_host(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, f"Alibaba and Cainiao jointly organised the 2024 Silk Road Trade Forum in Nanning. "
                              "The forum was hosted by Henan Airlines in partnership with JD.com.")
    forum = _forum(extraction)
    assert _subjects(extraction, "organised", forum) == {"org/alibaba", "org/cainiao"}
    assert _subjects(extraction, "hosted", forum) == {"org/henan-airlines"}  # the partner hosts nothing
    assert _subjects(extraction, "partnerIn", forum) == {"org/jd-com"}


def test_held_on_a_day_in_a_city_and_a_year_stays_a_year(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, f"{FORUM} was held on 12 May 2024 in Nanning. The 1st Silk Road Trade Forum "
                              "was held in 2019 in Kunming.")
    facts = _facts(extraction)
    dates = {(s, o) for s, p, o in facts if p == "startDate"}
    assert {o for _, o in dates} == {"2024-05-12", "2019"}  # the year is not padded to a day
    assert len({s for s, _ in dates}) == 2
    assert {o for s, p, o in facts if p == "heldIn"} >= {"place/nanning"}


def test_a_year_of_parcels_or_in_a_name_dates_no_event(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, f"{FORUM} opened in Nanning. Guangxi handled 30 million parcels in 2023, "
                              "the department said.", date="2024-06-20")
    facts = _facts(extraction)
    assert not [f for f in facts if f[1] in ("startDate", "endDate")]  # neither "2023" nor the "2024" of its name
    stat = next(s for s, p, o in facts if p == "value" and Decimal(o) == 30_000_000)
    assert (stat, "asOf", "2023") in facts


def test_kicked_off_on_a_weekday_at_a_venue_and_runs_through_a_day(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The 2024 Shanghai Silk Road Carnival kicked off on Tuesday at Hongqiao Tiandi "
                              "and will run through May 17.", date="2024-05-07")
    facts = _facts(extraction)
    carnival = next(s for s, p, o in facts if p == "startDate")
    assert (carnival, "startDate", "2024-05-07") in facts  # the Tuesday of the publication week
    assert (carnival, "endDate", "2024-05-17") in facts
    assert any(s == carnival and p == "heldIn" for s, p, o in facts)


def test_a_statistic_belongs_to_the_subject_not_the_nearest_name(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "China has signed e-commerce agreements with 30 countries, including Laos and "
                              "Cambodia.", date="2023-10-24")
    facts = _facts(extraction)
    stat = next(s for s, p, o in facts if p == "value" and Decimal(o) == 30)
    assert {o for s, p, o in facts if s == stat and p == "refersTo"} == {"place/china"}  # not Laos, nearer
    assert (stat, "asOf", "2023-10-24") in facts  # "has signed": as of the day it is written


def test_a_possessor_owns_the_figure_and_an_unsaid_owner_is_left_out(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "According to the Ministry of Posts of Cambodia, over 8 million of Cambodia's 15 "
                              "million people have access to the Internet. Exports rose to 12 billion dollars, "
                              "Laos and Vietnam reported.", date="2017-11-10")
    facts = _facts(extraction)
    eight = next(s for s, p, o in facts if p == "value" and Decimal(o) == 8_000_000)
    assert {o for s, p, o in facts if s == eight and p == "refersTo"} == {"place/cambodia"}
    twelve = next(s for s, p, o in facts if p == "value" and Decimal(o) == 12_000_000_000)
    assert not [o for s, p, o in facts if s == twelve and p == "refersTo"]  # the sentence does not say whose


def test_a_speaker_at_another_event_is_not_a_speaker_at_the_main_one(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, f"{FORUM} opened in Nanning on Monday. {FORUM} drew 500 delegates. During the "
                              "Moscow summit, Chinese President Xi Jinping stressed that trade matters.")
    facts = _facts(extraction)
    forum = _forum(extraction)
    xi = {o for s, p, o in facts if s == "person/xi-jinping" and p == "spokeAt"}
    assert forum not in xi and len(xi) == 1, xi


def test_a_video_message_is_a_remote_speech(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, f"{FORUM} opened in Nanning on Monday. Dima Al-Khatib addressed the forum by "
                              "video message. Wang Lei spoke at the forum about online platforms.")
    facts = _facts(extraction)
    forum = _forum(extraction)
    remote = {s for s, p, o in facts if p == "spokeRemotelyAt" and o == forum}
    in_room = {s for s, p, o in facts if p == "spokeAt" and o == forum}
    assert [r for r in remote if r.startswith("person/dima")] and not [r for r in in_room if r.startswith("person/dima")]
    assert [r for r in in_room if r.startswith("person/wang")]  # "online platforms" are no video link
    assert not [r for r in remote if r.startswith("person/wang")]


def test_on_the_sidelines_of_an_event_its_witnesses_attended_it(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "On the sidelines of the 2024 Silk Road Trade Forum, Chinese President Xi Jinping "
                              "and Chilean President Michelle Bachelet witnessed the signing of the agreement.")
    forum = _forum(extraction)
    attended = _subjects(extraction, "participatedIn", forum)
    assert {"person/xi-jinping", "person/michelle-bachelet"} == attended, attended


def test_a_dateline_sets_the_day_today_means() -> None:
    published = dt.date(2023, 7, 26)
    assert dateline("Title\n\n24 July 2023 – A seminar opened in Beijing today.", published) == dt.date(2023, 7, 24)
    assert dateline("Title\n\nTASHKENT, Oct. 14 (Xinhua) -- Businesses met.", published) == dt.date(2023, 10, 14)
    assert dateline("Title\n\nThe seminar opened - said a delegate.", published) is None
    assert [d.value for d in find_dates("On Nov 11 and on Dec. 3, 2017", 0, published)] == ["2023-11-11",
                                                                                           "2017-12-03"]


def test_one_start_date_the_most_precise(inputs) -> None:  # type: ignore[no-untyped-def]
    facts = _facts(_run(inputs, "Last year, during the Moscow summit, the SCO heads of state stressed trade. The "
                                "Moscow summit was held on 10 November 2020.", date="2021-05-27"))
    starts = {(s, o) for s, p, o in facts if p == "startDate"}
    assert len(starts) == 1 and {o for _, o in starts} == {"2020-11-10"}, starts  # not 2020 beside it


def test_a_title_in_apposition_is_a_post_in_the_organisation_it_names(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The eWTP was proposed by Jack Ma, founder of Chinese e-commerce giant Alibaba, "
                              "in 2016.")
    facts = _facts(extraction)
    post = next(o for s, p, o in facts if s == "person/jack-ma" and p == "holds")
    assert (post, "postIn", "org/alibaba") in facts
    assert _names(extraction, inputs, post) & {"founder of alibaba"}
