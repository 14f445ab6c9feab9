"""Relations of people and organisations (kg.extract.posts, roles, parts, units, affiliations), each rule on
short made-up sentences run through the whole extractor with the seed registry: posts in countries and in
organisations named around a title, countries that are members of an initiative, bodies that are parts of
bodies, and who promotes an initiative."""

from __future__ import annotations

from tests.extract.test_issue_errors import _facts, _objects, _run, _typed, inputs  # noqa: F401 - the fixture


def _post(extraction, person: str) -> tuple[str, set[str]]:  # type: ignore[no-untyped-def]
    """The one post the person holds, with where it is."""
    [post] = _objects(extraction, person, "holds")
    return extraction.entities[post].label, _objects(extraction, post, "postIn")


def test_a_head_of_state_holds_a_post_in_the_country(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "On Monday, Chilean President Gabriel Boric and Kenyan President William Ruto met "
                              "in Lima.")
    assert _post(extraction, "person/gabriel-boric") == ("President of Chile", {"place/chile"})
    assert _post(extraction, "person/william-ruto") == ("President of Kenya", {"place/kenya"})
    # the country entity carries its ISO official name, the form posts are often written with, and for an
    # "<Adjective> Republic" ("Rwandese Republic") also "Republic of <Name>"
    assert "Republic of Chile" in extraction.entities["place/chile"].aliases
    rwanda = _run(inputs, "Rwandan President Paul Kagame met traders in Kigali.")
    assert _post(rwanda, "person/paul-kagame") == ("President of Rwanda", {"place/rwanda"})
    assert {"Rwandese Republic", "Republic of Rwanda"} <= set(rwanda.entities["place/rwanda"].aliases)


def test_an_envoy_holds_the_sending_countrys_office(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Trade will grow, said Chilean Ambassador to China Jorge Heine. "
                              "Kazakhstan's Ambassador to China Nurlan Abenov told a briefing in Beijing.")
    label, where = _post(extraction, "person/jorge-heine")
    assert (label, where) == ("Ambassador of Chile to China", {"place/chile"})
    assert "Chile Ambassador to China" in extraction.entities[_objects(extraction, "person/jorge-heine", "holds").pop()].aliases
    assert _post(extraction, "person/nurlan-abenov") == ("Ambassador of Kazakhstan to China", {"place/kazakhstan"})
    after = _run(inputs, "Ali Omar, the Kenyan ambassador to the United Nations, spoke in Nairobi.")
    assert _post(after, "person/ali-omar") == ("Ambassador of Kenya to the United Nations", {"place/kenya"})


def test_a_title_of_a_countrys_body_is_in_that_body_not_in_the_country(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Nurlan Abenov, chairman of Kazakhstan's Chamber of Commerce and Industry, told the "
                              "forum that trade grew.")
    label, where = _post(extraction, "person/nurlan-abenov")
    assert where == {"org/chamber-of-commerce-and-industry-of-kazakhstan"}
    assert label.startswith("Chairman of") and "Chamber of Commerce" in label  # never "Chairman of Kazakhstan"


def test_a_vice_minister_of_a_portfolio_is_in_that_ministry_of_the_articles_country(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Laos and Vietnam opened a border market. Laos will host the fair. "
                              "Sone Phimmasone, vice minister of commerce, said trade grew.")
    label, [ministry] = _post(extraction, "person/sone-phimmasone")
    assert label == "Vice Minister of Commerce at the Ministry of Commerce of Laos"
    assert extraction.entities[ministry].label == "Ministry of Commerce of Laos"  # not of Vietnam, named once
    # with no country in the article there is no ministry to put the post in, and no post
    alone = _run(inputs, "Sone Phimmasone, vice minister of commerce, said trade grew.")
    assert not _objects(alone, "person/sone-phimmasone", "holds")


def test_an_organisations_title_for_a_field_is_in_that_organisation(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Amina Mohammed, UN under-secretary-general for economic and social affairs, "
                              "said trade grew.")
    label, where = _post(extraction, "person/amina-mohammed")
    assert where == {"org/united-nations"}
    assert label.startswith("Under-Secretary-General for Economic and Social Affairs of")


def test_who_chairs_a_body_named_after_its_parent_chairs_a_part_of_it(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The Business 20 (B20) met in Hangzhou. Jack Ma, who also chairs the Business 20 "
                              "(B20) SME development taskforce, spoke there.")
    label, [taskforce] = _post(extraction, "person/jack-ma")
    assert extraction.entities[taskforce].label == "B20 SME development taskforce"
    assert label == "Chair of B20 SME development taskforce"
    assert _objects(extraction, taskforce, "subOrganizationOf") == {"org/business-20"}


def test_a_lower_case_body_named_by_an_acronym_is_part_of_that_body(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The Shanghai Cooperation Organisation (SCO) met in Nanning. In 2004, an SCO special "
                              "working group for e-commerce was created. The SCO held a project in Nanning. The SCO "
                              "project grew.")
    parts = {s for s, p, o in _facts(extraction) if p == "subOrganizationOf" and o == "org/sco"}
    # no "SCO held a project", no "SCO project"
    assert [extraction.entities[p].label for p in parts] == ["SCO special working group for e-commerce"]


def test_a_department_at_a_ministry_is_part_of_it(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Li Ming, director of the Department of European Affairs at the Chinese Ministry of "
                              "Commerce, said so.")
    [department] = [r for r in _typed(extraction) if "department-of-european-affairs" in r]
    assert _objects(extraction, department, "subOrganizationOf") == {"org/mofcom"}
    assert any(a.startswith("Department of European Affairs, Ministry of Commerce")
               for a in extraction.entities[department].aliases)


def test_a_programme_for_a_region_is_part_of_the_programme(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The Silk Road E-Commerce Online Lectures were held in Nanning. The Silk Road "
                              "E-Commerce Online Lectures for ASEAN opened in Nanning.")
    [part] = [r for r in _typed(extraction) if r.endswith("for-asean")]
    whole = part.removesuffix("-for-asean")
    assert _objects(extraction, part, "partOfEvent") == {whole}
    assert not _objects(extraction, whole, "partOfEvent")


def test_countries_that_launch_or_join_an_initiative_together_are_its_members(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Kenya and three other countries co-launched a green trade cooperation initiative on "
                              "Monday in Nairobi. Kenya, Ghana, Peru and Chile agreed to extend their cooperation "
                              "under the Green Trade International Cooperation Initiative. Alibaba and the government "
                              "of Ghana on Tuesday launched the Electronic World Trade Platform (eWTP) in Accra. Laos "
                              "joined the eWTP in 2019. China launched the Digital Silk Road in 2015.")
    green = "initiative/green-trade-international-cooperation-initiative"
    members = {s for s, p, o in _facts(extraction) if p == "memberOf"}
    assert {s for s in members if green in _objects(extraction, s, "memberOf")} == {
        "place/kenya", "place/ghana", "place/peru", "place/chile"}  # "three other countries": the list of four
    ewtp = "initiative/electronic-world-trade-platform"
    assert {s for s in members if ewtp in _objects(extraction, s, "memberOf")} == {"place/ghana", "place/lao-pdr"}
    assert "org/alibaba" not in members  # a company launching it promotes it
    assert ewtp in _objects(extraction, "org/alibaba", "promotes")
    assert "place/china" not in members  # one country launching its own initiative promotes it
    assert _objects(extraction, "place/china", "promotes") == {"initiative/digital-silk-road"}
    assert not _objects(extraction, "place/kenya", "promotes")  # co-launchers are members


def test_who_proposed_an_initiative_by_its_acronym_or_owns_it_promotes_it(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Alibaba and the government of Ghana launched the Electronic World Trade Platform "
                              "(eWTP). The eWTP initiative was proposed by Jack Ma in 2016. The Shanghai Cooperation "
                              "Organisation (SCO) met in Nanning. The leaders welcomed the SCO's interest in trade and "
                              "took note of its initiative on the Digital Silk Road.")
    assert _objects(extraction, "person/jack-ma", "promotes") == {"initiative/electronic-world-trade-platform"}
    assert _objects(extraction, "org/sco", "promotes") == {"initiative/digital-silk-road"}


def test_a_title_of_several_words_in_apposition_is_a_post_in_the_body_after_of(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Imran Khalid, deputy consul general of the Consulate General of Kazakhstan in Shanghai, "
                              "said trade grew.")
    label, [consulate] = _post(extraction, "person/imran-khalid")
    assert label.lower().startswith("deputy consul general of")
    assert extraction.entities[consulate].label == "Consulate General of Kazakhstan in Shanghai"


def test_a_bare_title_before_a_registry_person_is_the_post_the_registry_gives_them(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "On Monday, President Xi Jinping met traders in Beijing.")
    assert _objects(extraction, "person/xi-jinping", "holds") == {"post/president-of-china"}  # the registry's post
    other = _run(inputs, "On Monday, Director Xi Jinping met traders in Beijing.")  # no such post of his
    assert not _objects(other, "person/xi-jinping", "holds")


def test_an_initiative_described_as_under_another_is_part_of_it(inputs) -> None:  # type: ignore[no-untyped-def]
    sentences = ("As an important measure under the Belt and Road Initiative (BRI), the Digital Silk Road has become "
                 "a vital channel for trade.",
                 "The Digital Silk Road, a new cooperation platform for trade under the Belt and Road Initiative, grew.",
                 "The Digital Silk Road is a key programme under the Belt and Road Initiative.")
    for sentence in sentences:
        extraction = _run(inputs, sentence)
        assert _objects(extraction, "initiative/digital-silk-road", "partOfInitiative") == {
            "initiative/belt-and-road-initiative"}, sentence
    # a clause under an initiative says nothing of what its subject is part of
    extraction = _run(inputs, "Under the Belt and Road Initiative, the Digital Silk Road grew.")
    assert not _objects(extraction, "initiative/digital-silk-road", "partOfInitiative")


def test_an_initiative_launched_at_an_event_was_announced_there(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The Electronic World Trade Platform (eWTP) was unveiled at the 2nd China International "
                              "Import Expo in Shanghai. Alibaba promoted the eWTP at its offices in Hangzhou.")
    [expo] = [r for r in _typed(extraction) if r.startswith("event/")]
    assert _objects(extraction, "initiative/electronic-world-trade-platform", "announcedAt") == {expo}


def test_coordinated_titles_are_two_posts_in_the_one_body(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Jack Ma, founder and executive chairman of Alibaba Group, said trade grew.")
    posts = _objects(extraction, "person/jack-ma", "holds")
    assert {extraction.entities[p].label for p in posts} == {"Founder of Alibaba", "Executive chairman of Alibaba"}
    assert all(_objects(extraction, p, "postIn") == {"org/alibaba"} for p in posts)


def test_prime_and_foreign_ministers_and_signing_up(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Vietnamese Prime Minister Pham Minh Chinh met traders in Hanoi. Ghanaian Foreign "
                              "Minister Shirley Botchwey spoke in Accra.")
    assert _post(extraction, "person/pham-minh-chinh") == ("Prime Minister of Vietnam", {"place/vietnam"})
    label, [ministry] = _post(extraction, "person/shirley-botchwey")
    assert extraction.entities[ministry].label == "Ministry of Foreign Affairs of Ghana"
    joined = _run(inputs, "Laos signed up to the Digital Silk Road in 2019. Kenya signed the Digital Silk Road.")
    assert {s for s, p, o in _facts(joined) if p == "memberOf"} == {"place/lao-pdr"}  # signing a text is no joining


def test_a_member_by_predicate_and_a_unit_named_of_its_body(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Kazakhstan became a member of the Shanghai Cooperation Organisation in 2001. Laos is "
                              "a member of the Electronic World Trade Platform. Li Ming, director of the Department of "
                              "Electronic Commerce of the Ministry of Commerce, spoke in Beijing.")
    assert _objects(extraction, "place/kazakhstan", "memberOf") == {"org/sco"}
    assert _objects(extraction, "place/lao-pdr", "memberOf") == {"initiative/electronic-world-trade-platform"}
    [department] = [r for r in _typed(extraction) if r.startswith("org/department-of-electronic-commerce")]
    assert _objects(extraction, department, "subOrganizationOf") == {"org/mofcom"}
    owned = _run(inputs, "The Ministry of Commerce's Department of Electronic Commerce opened an office.")
    [department] = [r for r in _typed(owned) if r.startswith("org/department-of-electronic-commerce")]
    assert _objects(owned, department, "subOrganizationOf") == {"org/mofcom"}


def test_an_event_whose_purpose_is_an_initiative_promotes_it(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The 2nd China International Import Expo aims to advance the Digital Silk Road.")
    [expo] = [r for r in _typed(extraction) if r.startswith("event/")]
    assert _objects(extraction, expo, "promotes") == {"initiative/digital-silk-road"}
    # another subject's clause is its own: the expo opened, Alibaba supports
    other = _run(inputs, "The 2nd China International Import Expo opened in Shanghai, and Alibaba will support the "
                         "Digital Silk Road.")
    [expo] = [r for r in _typed(other) if r.startswith("event/")]
    assert not _objects(other, expo, "promotes")
    # what countries agree to build is the aim of their cooperation, not a promoter's
    agreed = _run(inputs, "China and Laos agreed to extend their cooperation in order to build the Digital Silk Road.")
    assert not {s for s, p, o in _facts(agreed) if p == "promotes" and s.startswith("place/")}


def test_an_appointment_and_a_bodys_possessive_title_are_posts_in_the_body(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Li Ming was appointed chairman of Alibaba Group in 2019. Wang Fang was named as "
                              "director of the Shanghai Cooperation Organisation. Alibaba's founder Jack Ma spoke in "
                              "Hangzhou. Zhao Lei was appointed a member of the Shanghai Cooperation Organisation "
                              "panel.")
    assert _post(extraction, "person/li-ming") == ("Chairman of Alibaba", {"org/alibaba"})
    assert _post(extraction, "person/wang-fang")[1] == {"org/sco"}
    assert _post(extraction, "person/jack-ma") == ("Founder of Alibaba", {"org/alibaba"})
    assert not _objects(extraction, "person/zhao-lei", "holds")  # a member is no post


def test_a_body_described_as_a_unit_of_another_and_a_member_by_as(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Cainiao, a subsidiary of Alibaba, opened a hub in Nanning. The Academy for International "
                              "Business Officials, an institution under the Ministry of Commerce, trains officials. "
                              "China, as a member of the Shanghai Cooperation Organisation, backs the plan.")
    assert _objects(extraction, "org/cainiao", "subOrganizationOf") == {"org/alibaba"}
    assert _objects(extraction, "org/aibo", "subOrganizationOf") == {"org/mofcom"}
    assert _objects(extraction, "place/china", "memberOf") == {"org/sco"}
    # a partner named after a comma is no unit
    partners = _run(inputs, "Cainiao, a partner of Alibaba, opened a hub in Nanning.")
    assert not _objects(partners, "org/cainiao", "subOrganizationOf")


def test_the_country_of_a_permanent_representative_to_a_body_is_its_member(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Ms. Vilayluck Seneduangdeth, Deputy Permanent Representative of the Lao PDR to the UN, "
                              "highlighted the progress.")
    assert _objects(extraction, "place/lao-pdr", "memberOf") == {"org/united-nations"}
    envoy = _run(inputs, "Ali Omar, the Kenyan ambassador to the United Nations, spoke in Nairobi.")
    assert not _objects(envoy, "place/kenya", "memberOf")  # an ambassador says nothing of membership
