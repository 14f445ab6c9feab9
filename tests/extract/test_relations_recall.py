"""Rules that recovered relations the dev corpus and the seeds lost (session 6), each on a made-up
sentence run through the whole extractor with the seed registry."""

from __future__ import annotations

from tests.extract.test_issue_errors import _label, _objects, _run, _typed, inputs  # noqa: F401


def test_a_place_of_a_country_s_province_is_in_the_province(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Li Na visited Nanning, capital of south China's Guangxi Zhuang Autonomous Region. "
                              "Liuzhou Trade College in south China's Guangxi Zhuang Autonomous Region trains traders.")
    assert _objects(extraction, "place/nanning", "locatedIn") == {"place/guangxi"}
    college = next(r for r in _typed(extraction) if "liuzhou" in r)
    assert _objects(extraction, college, "locatedIn") == {"place/guangxi"}
    assert _objects(extraction, "place/guangxi", "locatedIn") == {"place/china"}  # "China's Guangxi"


def test_a_present_figure_holds_on_the_day_its_source_stated_it(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "At present, Laos has signed e-commerce agreements with 12 countries, according to "
                              "Ms Vong, vice minister of commerce, on May 10. Currently Laos has 40 platforms.")
    statistics = [r for r, e in extraction.entities.items() if e.cls.endswith("#Statistic")]
    as_of = {next(iter(_objects(extraction, r, "value"))): _objects(extraction, r, "asOf") for r in statistics}
    assert as_of == {"12.0": {"2024-05-10"}, "40.0": {"2024-06-20"}}  # the second: the day the article says it


def test_who_a_relative_clause_names_took_part_not_the_person_before(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The group was created by Secretary-General Ana Lopez, who suggested that it include "
                              "students who earlier took part in the 4th Mekong Youth Forum. Li Ming, who chairs the "
                              "board, attended the 4th Mekong Youth Forum.")
    assert _objects(extraction, "person/ana-lopez", "participatedIn") == set()
    assert _objects(extraction, "person/li-ming", "participatedIn") == {"event/4th-mekong-youth-forum"}


def test_an_event_named_after_a_known_initiative_promotes_it(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The 2024 Hanoi Silk Road E-commerce Fair kicked off on Tuesday.")
    fair = next(r for r in _typed(extraction) if r.startswith("event/"))
    assert _objects(extraction, fair, "promotes") == {"initiative/silk-road-ecommerce"}


def test_a_zone_named_by_its_purpose_is_in_the_place_establishing_it(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The government on Monday gave approval for Hanoi to establish a pilot zone for Mekong "
                              "digital trade cooperation. Laos will set up pilot zones for Mekong digital trade.")
    zones = [r for r, cls in _typed(extraction).items() if cls == "Zone"]
    assert [_label(extraction, inputs, r) for r in zones] == ["Mekong Digital Trade Cooperation Pilot Zone"]
    assert _objects(extraction, zones[0], "locatedIn") == {"place/hanoi"}
    assert _objects(extraction, zones[0], "foundingDate") == {"2024-06-17"}  # approved on that Monday


def test_a_street_of_an_address_is_a_place_in_its_district(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Food fairs will be held at 120 Hanoi Road W. in Ba Dinh District and on Trade Road.")
    streets = [r for r, cls in _typed(extraction).items() if cls == "Venue"]
    assert [_label(extraction, inputs, r) for r in streets] == ["Hanoi Road W"]  # no number, no address: no street
    assert _objects(extraction, streets[0], "locatedIn") == {"place/ba-dinh-district"}


def test_two_people_joined_by_and_both_do_what_the_verb_says(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Vientech launched the Mekong Trade Platform (MTP) on Monday. Tom Lee, chairman of "
                              "Vientech, proposed the MTP in 2019. Lee and Lao Prime Minister Sonexay Siphandone "
                              "jointly unveiled the plaque of the MTP at its launching ceremony.")
    ceremony = next(r for r in _typed(extraction) if r.startswith("event/"))
    assert {s for s in ("person/tom-lee", "person/sonexay-siphandone")
            if ceremony in _objects(extraction, s, "participatedIn")} == {"person/tom-lee", "person/sonexay-siphandone"}


def test_a_post_of_an_acronym_is_also_named_after_the_body_s_full_name(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "In her video message, Ms. Ana Lopez, Director of UNOSSC, highlighted e-commerce.")
    post = next(iter(_objects(extraction, "person/ana-lopez", "holds")))
    names = {_label(extraction, inputs, post), *extraction.entities[post].aliases}
    assert "Director of the United Nations Office for South-South Cooperation" in names
    assert _objects(extraction, post, "postIn") == {"org/unossc"}


def test_a_bare_state_council_after_a_china_zone_is_china_s(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "China (Nanning) Digital Trade Pilot Zone was approved by the State Council in 2019.")
    assert "org/state-council-of-china" in _typed(extraction)


def test_a_zone_is_in_the_city_its_name_brackets(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "China (Nanning) Digital Trade Pilot Zone was approved by the State Council in 2019.")
    zone = next(r for r, cls in _typed(extraction).items() if cls == "Zone")
    assert _objects(extraction, zone, "locatedIn") == {"place/nanning"}


def test_a_group_named_by_its_owner_and_purpose_is_one_body(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The Mekong Youth group was set up in 2019. In 2004, an ASEAN special working group "
                              "for e-commerce was created.")
    groups = {_label(extraction, inputs, r): r for r in _typed(extraction) if r.startswith("org/")}
    assert _objects(extraction, groups["ASEAN special working group for e-commerce"], "foundingDate") == {"2004"}
    assert _objects(extraction, groups["Mekong Youth Group"], "foundingDate") == {"2019"}


def test_the_count_of_a_series_parts_is_a_figure_of_the_series(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Between 4 May and 6 June 2023, the Mekong Trade Club organized a series of webinars on "
                              "digital trade. The 12 webinars under the series engaged 40 speakers. The two sides met.")
    statistics = [r for r, e in extraction.entities.items() if e.cls.endswith("#Statistic")]
    owned = {next(iter(_objects(extraction, r, "value"))): _objects(extraction, r, "refersTo") for r in statistics}
    assert owned == {"12.0": {"event/webinar-series-on-digital-trade"}, "40.0": {"event/webinar-series-on-digital-trade"}}


def test_those_who_attend_an_event_are_counted_on_its_day(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "24 July 2023 – A capacity development seminar on digital trade opened in Hanoi today. "
                              "Eighteen officials from 14 developing countries attended the seminar.", date="2023-07-26")
    statistics = [r for r, e in extraction.entities.items() if e.cls.endswith("#Statistic")]
    assert {next(iter(_objects(extraction, r, "value"))): _objects(extraction, r, "asOf") for r in statistics} == \
        {"18.0": {"2023-07-24"}, "14.0": {"2023-07-24"}}


def test_two_countries_under_their_strategic_partnership_are_partners(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Under the deal, Laos and Vietnam will step up trade under the comprehensive strategic "
                              "partnership. Laos, Vietnam and Cambodia met under the strategic partnership.")
    partners = {(s, o) for s in ("place/lao-pdr", "place/vietnam", "place/cambodia")
                for o in _objects(extraction, s, "cooperatesWith")}
    assert partners == {("place/lao-pdr", "place/vietnam")}  # three countries: whose partnership is not said


def test_a_speaker_quoted_before_any_event_is_named_speaks_to_the_reporter(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Trade will grow fast, Ana Lopez, Lao Ambassador to China, told reporters. The Mekong "
                              "Trade Forum opened in Hanoi on Monday. The forum drew many firms. Trade will grow, said "
                              "Tom Lee, chairman of Vientech.")
    assert _objects(extraction, "person/ana-lopez", "spokeAt") == set()
    assert _objects(extraction, "person/tom-lee", "spokeAt") == {"event/mekong-trade-forum"}
