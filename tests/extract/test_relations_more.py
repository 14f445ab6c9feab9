"""Affiliation rules (kg.extract.affiliations) and the signatories of an agreement, each on a short made-up
article run through the whole extractor with the seed registry: where a body is, whose part it is, who
promotes an initiative and who signed with whom."""

from __future__ import annotations

from tests.extract.test_issue_errors import _facts, _objects, _run, _typed, inputs  # noqa: F401 - the fixture


def _ref(extraction, word: str, cls: str = "") -> str:  # type: ignore[no-untyped-def]
    return next(r for r, c in _typed(extraction).items() if word in r and (not cls or c.endswith(cls)))


def test_a_body_named_in_a_city_is_located_there(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The Consulate General of Kazakhstan in Shanghai welcomed the traders on Monday.")
    consulate = _ref(extraction, "consulate")
    assert _objects(extraction, consulate, "locatedIn") == {"place/shanghai"}


def test_a_headquartered_participle_places_its_subject(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Headquartered in Nanning, Cainiao is one of the largest logistics companies. "
                              "Alibaba, a Shanghai-based company, met Henan Airlines in Zhengzhou.")
    assert _objects(extraction, "org/cainiao", "locatedIn") == {"place/nanning"}
    assert "place/shanghai" in _objects(extraction, "org/alibaba", "locatedIn")
    assert "place/zhengzhou" not in _objects(extraction, "org/henan-airlines", "locatedIn")  # where they met


def test_a_body_named_by_its_parent_and_a_body_noun_is_part_of_it(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The Shanghai Cooperation Organisation (SCO) met in Nanning. "
                              "The SCO Secretariat and the SCO Business Club signed nothing.")
    secretariat = _ref(extraction, "secretariat")
    assert _objects(extraction, secretariat, "subOrganizationOf") == {"org/sco"}
    club = [r for r in _typed(extraction) if "club" in r]
    assert all("org/sco" not in _objects(extraction, r, "subOrganizationOf") for r in club)  # no body noun


def test_who_proposed_or_launched_an_initiative_promotes_it(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The Digital Silk Road was proposed by Alibaba, founder of Cainiao, in 2017. "
                              "Cainiao launched the Belt and Road Initiative in Nanning, Henan Airlines said.")
    assert _objects(extraction, "org/alibaba", "promotes") == {"initiative/digital-silk-road"}
    assert _objects(extraction, "org/cainiao", "promotes") == {"initiative/belt-and-road-initiative"}  # not whose founder
    assert not _objects(extraction, "org/henan-airlines", "promotes")  # the speaker promotes nothing


def test_signatories_sign_with_each_other_not_with_the_ministry_in_their_title(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Laos and China signed a Memorandum of Understanding on e-commerce in Vientiane. "
                              "The deal was inked between Lao Commerce Ministry Director Bounmy Vongsa and Chinese "
                              "Vice Minister of Commerce Wang Bingnan.")
    facts = _facts(extraction)
    parties = {s for s, p, o in facts if p == "partyTo"}
    assert not [p for p in parties if p.startswith("org/")], parties  # the ministry only says whose he is
    assert {"place/lao-pdr", "place/china"} <= parties
    assert len([p for p in parties if p.startswith("person/")]) == 2, parties



def test_the_part_phrase_makes_one_event_part_of_another(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The 2024 Nanning Silk Road Carnival opened on Monday. One of the key activities of "
                              "the 5th Nanning Shopping Festival, the carnival attracted 100 traders. The 2024 "
                              "Kashgar Trade Forum, part of the 3rd Kashgar Trade Week, opened on Friday. The 2024 "
                              "Kashgar Trade Forum and the 3rd Kashgar Trade Week were busy.")
    carnival, festival = _ref(extraction, "carnival"), _ref(extraction, "shopping-festival")
    assert _objects(extraction, carnival, "partOfEvent") == {festival}  # "the carnival" is the carnival
    forum, week = _ref(extraction, "trade-forum"), _ref(extraction, "trade-week")
    assert _objects(extraction, forum, "partOfEvent") == {week}
    assert not _objects(extraction, week, "partOfEvent")  # named together is no part


def test_a_member_in_apposition_or_who_joined_is_a_member(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Kazakhstan, a member of the Shanghai Cooperation Organisation, met Cainiao. "
                              "Laos and Rwanda joined the Shanghai Cooperation Organisation in 2020. "
                              "Alibaba joined the 2024 Kashgar Trade Forum.")
    members = {s for s, p, o in _facts(extraction) if p == "memberOf" and o == "org/sco"}
    assert members == {"place/kazakhstan", "place/lao-pdr", "place/rwanda"}, members
    assert not _objects(extraction, "org/alibaba", "memberOf")  # joining an event makes no member
    assert not _objects(extraction, "org/cainiao", "memberOf")


def test_a_citys_event_is_held_there(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Nanning's 5th Silk Road Shopping Festival opened on Monday with Kazakhstan's traders.")
    festival = _ref(extraction, "festival")
    assert _objects(extraction, festival, "heldIn") == {"place/nanning"}


def test_a_source_cited_is_no_speaker(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The 2024 Silk Road Trade Forum opened in Nanning. According to Jack Ma, the forum "
                              "will help traders, he said. Wang Bingnan said the forum will help farmers.")
    speakers = {s for s, p, o in _facts(extraction) if p == "spokeAt"}
    assert "person/jack-ma" not in speakers and any("wang-bingnan" in s for s in speakers), speakers


def test_under_the_framework_of_an_initiative_is_part_of_it(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The 2024 Kashgar Trade Forum, under the framework of the Belt and Road Initiative, "
                              "opened on Friday next to the Digital Silk Road stand.")
    forum = _ref(extraction, "trade-forum")
    assert _objects(extraction, forum, "partOfInitiative") == {"initiative/belt-and-road-initiative"}
