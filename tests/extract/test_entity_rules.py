"""The general entity rules that raised the dev corpus scores, each on a made-up sentence through the
whole extractor (model, rules, linking): what a name's span is, how it is split, typed and labelled."""

from __future__ import annotations

import pytest

from tests.extract.test_issue_errors import _run, _typed, inputs  # noqa: F401 - inputs is a fixture


def _names(extraction) -> dict[str, tuple[str, set[str]]]:  # type: ignore[no-untyped-def]
    """label -> (class, aliases) of every entity the article names (registry ones by their label)."""
    from tests.extract.test_issue_errors import SETTINGS  # noqa: F401 - same registry as _run

    typed = _typed(extraction)
    found = {}
    for ref, cls in typed.items():
        entity = extraction.entities.get(ref)
        if entity is not None:
            found[entity.label] = (cls, set(entity.aliases))
        else:
            found[ref] = (cls, set())
    return found


def test_a_day_after_a_name_and_a_preposition_before_it_are_not_part_of_it(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "The Pamir Trade Daily on Tuesday reported the plan. Under the Pamir Accord, "
                                "both sides cut tariffs."))
    assert "Pamir Trade Daily" in names and not any("Tuesday" in n for n in names)
    assert not any(n.startswith("Under") for n in names)


def test_a_name_holding_people_s_stays_whole(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "He met the Standing Committee of the Hunan Provincial People's Congress in Changsha."))
    assert any(n.endswith("Hunan Provincial People's Congress") for n in names), names


def test_a_mission_keeps_its_city_and_a_long_country_name_gets_its_short_form(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "A reception was given by the Consulate General of the Republic of Kazakhstan "
                                "in Guangzhou."))
    label = "Consulate General of the Republic of Kazakhstan in Guangzhou"
    assert label in names and "Consulate General of Kazakhstan in Guangzhou" in names[label][1]


def test_in_before_a_non_place_is_part_of_the_name(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "The Hubei Association of Trade in Services opened an office."))
    assert "Hubei Association of Trade in Services" in names


def test_two_bodies_joined_by_and_the_are_two(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "The Silk Road Cities Project and the Hubei Association of Trade in Services "
                                "signed a letter."))
    assert "Hubei Association of Trade in Services" in names
    assert not any(" and the " in n for n in names), names


def test_a_place_in_brackets_inside_a_zone_name_belongs_to_it(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "China (Hefei) Cross-border E-commerce Comprehensive Pilot Zone was approved in 2016."))
    assert "China (Hefei) Cross-border E-commerce Comprehensive Pilot Zone" in names, names


def test_a_body_s_term_is_part_of_its_name(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "Li Wei, a member of the 13th Hunan Provincial Committee, spoke."))
    assert "13th Hunan Provincial Committee" in names, names


def test_an_acronym_spelled_out_as_a_notion_is_no_organisation(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "Digital and green transition (DGT) matters, he said. The DGT needs money. "
                                "Small firms (SME) and FTA rules were discussed."))
    assert not {"DGT", "SME", "FTA"} & set(names), names


def test_a_leading_acronym_the_registry_knows_is_spelled_out_as_an_alias(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "The SCO Business Council met in Tashkent."))
    assert any("Shanghai Cooperation Organisation Business Council" in aliases or
               "Shanghai Cooperation Organization Business Council" in aliases
               for label, (_, aliases) in names.items() if label == "SCO Business Council"), names


@pytest.mark.parametrize("text, label, cls", [
    ("The Pamir Electronic Trade Platform (PETP) was launched in 2019.", "Pamir Electronic Trade Platform",
     "Initiative"),
    ("The Hangzhou Leaders' Communique Tashkent Summit was adopted.", "Hangzhou Leaders' Communique Tashkent Summit",
     "Agreement"),
])
def test_heads_type_platforms_and_communiques(inputs, text: str, label: str, cls: str) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, text))
    assert names.get(label, ("", set()))[0] == cls, names


def test_a_bare_silk_road_is_no_initiative_but_a_named_one_is(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "Goods from Silk Road partner countries were shown beside the Digital Silk Road "
                                "pavilion.", registry=False))
    assert names.get("Silk Road", ("", set()))[0] != "Initiative"
    assert any(cls == "Initiative" and "Digital Silk Road" in label for label, (cls, _) in names.items()), names


def test_a_bare_body_in_the_title_is_the_one_the_article_names_in_full(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Ministry of Digital Trade approves the plan\n\nThe Ministry of Digital Trade of "
                              "Kazakhstan on Monday approved a pilot zone in Almaty.", registry=False)
    bodies = {e.label for e in extraction.entities.values() if "Digital Trade" in e.label}
    assert bodies == {"Ministry of Digital Trade of Kazakhstan"}, bodies
