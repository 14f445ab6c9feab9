"""Events, agreements and initiatives named as the text names them, and later mentions linked to them:
one made-up sentence (or seed sentence) per rule, through the whole extractor (model, rules, linking)."""

from __future__ import annotations

import pytest
from rdflib.namespace import RDF

from tests.extract.test_entity_rules import _names
from tests.extract.test_issue_errors import IDS, _run, inputs  # noqa: F401 - inputs is a fixture


def _typed_quotes(extraction) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    """entity label -> the words of every typed mention of it."""
    labels = {ref: e.label for ref, e in extraction.entities.items()}
    found: dict[str, set[str]] = {}
    for claim in extraction.claims:
        if claim.predicate == RDF.type:
            ref = IDS.ref_of(str(claim.subject)) or ""
            found.setdefault(labels.get(ref, ref), set()).add(claim.quote)
    return found


def _referred(inputs, text: str, words: str) -> str | None:  # type: ignore[no-untyped-def]
    """The label of the entity the first mention written as these words refers to."""
    from kg.extract import Gazetteer
    from kg.extract.document import Document
    from tests.extract.test_issue_errors import _article

    doc = Document(_article(text), inputs.ontology, Gazetteer.build(inputs.entities))
    mention = next(m for m in doc.mentions if m.text == words)
    entity = doc.entity(doc.ref(mention))
    return entity.label if entity else None


def test_a_glued_ordinal_is_the_edition_and_the_name_gets_its_space(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "Students spoke at the 3rdNova Youth Forum, which was held in Almaty."))
    assert "3rd Nova Youth Forum" in names, names
    assert not any(n.startswith("3rdNova") for n in names)


def test_a_place_s_edition_is_also_the_place_named_edition(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "One of the key events of Almaty's 4th Apple Blossom Festival, the fair drew crowds."))
    label = "4th Almaty Apple Blossom Festival"
    assert label in names and "4th Apple Blossom Festival" in names[label][1], names


def test_a_place_named_summit_is_the_numbered_summit_the_place_hosted(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Leaders wrapped up their Osh summit on Monday. Based in Osh, the host city of the "
                              "7th CSTO summit, the firm grew fast.")
    names = _names(extraction)
    events = {label: aliases for label, (cls, aliases) in names.items() if cls == "Summit"}
    assert set(events) == {"7th CSTO Summit"} and "Osh summit" in events["7th CSTO Summit"], names


def test_a_named_event_with_a_lower_case_head_after_an_article(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "Kazakhstan has offered holding an SCO Trade forum in Astana next year."))
    assert names.get("SCO Trade Forum", ("", set()))[0] == "Forum", names


def test_a_roundtable_the_text_says_will_be_held_is_named_by_its_topic(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Uzbekistan plans to hold a roundtable in Samarkand this year on the issues of "
                              "logistics, payments and customs, he added.")
    names = _names(extraction)
    assert names.get("Roundtable on logistics, payments and customs", ("", set()))[0] == "RoundTable", names
    # the type claim quotes every word the name is made of
    assert _typed_quotes(extraction)["Roundtable on logistics, payments and customs"] == {
        "roundtable in Samarkand this year on the issues of logistics, payments and customs"}


def test_a_series_of_webinars_is_one_event_and_the_series_refers_to_it(inputs) -> None:  # type: ignore[no-untyped-def]
    text = ("The Pamir Institute organized a series of webinars focusing on Digital Trade for Mountain Cities. "
            "The series was co-organized by the Osh Chamber of Commerce.")
    extraction = _run(inputs, text)
    label = "Webinar series on Digital Trade for Mountain Cities"
    assert _names(extraction).get(label, ("", set()))[0] == "Seminar", _names(extraction)
    assert _referred(inputs, text, "The series") == label


def test_its_launching_ceremony_is_the_ceremony_of_the_name_before(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "The Pamir Exchange (ePIX) opened in May. The mayor unveiled the logo of the ePIX "
                                "at its launching ceremony, which drew 200 guests."))
    assert names.get("ePIX launching ceremony", ("", set()))[0] == "Ceremony", names


def test_a_described_event_takes_its_quoted_title_and_later_mentions_follow(inputs) -> None:  # type: ignore[no-untyped-def]
    text = ("Traders met at an online trade forum held here Tuesday. The forum, themed \"Pamir Routes: Trade "
            "Beyond Borders,\" drew 40 firms. The online forum was co-organized by the Pamir Institute.")
    extraction = _run(inputs, text)
    label = "Pamir Routes: Trade Beyond Borders online trade forum"
    names = _names(extraction)
    assert label in names and "Pamir Routes: Trade Beyond Borders" in names[label][1], names
    assert not any(n.lower() == "online trade forum" for n in names)
    assert _referred(inputs, text, "The online forum") == label


def test_a_seminar_titled_is_known_by_its_title(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "The college held a seminar titled \"Digital Bazaars\" in Osh on Monday."))
    assert names.get("Digital Bazaars seminar", ("", set()))[0] == "Seminar", names


def test_the_next_forum_is_not_the_forum_named_before(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The 2nd Pamir Trade Forum opened in Osh. The next forum will be held in Khorog.")
    quotes = _typed_quotes(extraction)
    assert not any("next forum" in q for qs in quotes.values() for q in qs), quotes


def test_a_described_initiative_is_the_named_one_holding_its_words(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Five countries co-launched a green trade cooperation initiative on May 3. According "
                              "to the Pamir Green Trade Cooperation Initiative, they will cut tariffs.")
    initiatives = {label for label, (cls, _) in _names(extraction).items() if cls == "Initiative"}
    assert initiatives == {"Pamir Green Trade Cooperation Initiative"}, initiatives
    assert "green trade cooperation initiative" in _typed_quotes(extraction)["Pamir Green Trade Cooperation Initiative"]


def test_an_abbreviation_in_lower_case_first_used_alone_later(inputs) -> None:  # type: ignore[no-untyped-def]
    text = "The group launched the Pamir Exchange Platform (ePEP) in May. The ePEP links traders in Osh."
    assert _referred(inputs, text, "ePEP") == "Pamir Exchange Platform"


def test_an_mou_two_parties_signed_is_named_after_them_and_its_topic(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Laos and Thailand signed a Memorandum of Understanding (MoU) on digital trade "
                              "here on Monday. Under the MoU, both will train officials.")
    names = _names(extraction)
    label = "Laos-Thailand Memorandum of Understanding on digital trade"
    assert _typed_quotes(extraction)[label] == {
        "Laos and Thailand signed a Memorandum of Understanding (MoU) on digital trade"}
    assert label in names and {"Thailand-Laos Memorandum of Understanding on digital trade",
                               "Thailand-Laos MoU on digital trade"} <= names[label][1], names
    assert "Memorandum of Understanding" not in names and "MoU" not in names[label][1]  # "MoU" names every MoU


def test_the_deal_upgrading_an_agreement_and_the_protocol_of_upgrading_it_are_one(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The deal upgrading the Laos-Thailand Free Trade Agreement was signed in May. "
                              "Officials hailed the protocol. The protocol of upgrading the FTA covers e-commerce.")
    agreements = {label: aliases for label, (cls, aliases) in _names(extraction).items() if cls == "Agreement"}
    label = "Deal upgrading the Laos-Thailand Free Trade Agreement"
    assert set(agreements) == {label, "Laos-Thailand Free Trade Agreement"}, agreements
    assert "Protocol upgrading the Laos-Thailand Free Trade Agreement" in agreements[label]


def test_a_declaration_named_after_a_place(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "After the meeting, a Tashkent declaration and other documents were approved."))
    assert names.get("Tashkent declaration", ("", set()))[0] == "Agreement", names


def test_a_document_between_member_states_is_an_agreement_and_a_concept_an_initiative(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "In 2018, the CSTO Youth Incubator Development Concept was developed; in 2019, the "
                                "members approved the Programme for Digital Trade Between the CSTO Member States."))
    assert names.get("CSTO Youth Incubator Development Concept", ("", set()))[0] == "Initiative", names
    assert names.get("Programme for Digital Trade Between the CSTO Member States", ("", set()))[0] == "Agreement", names


def test_a_possessive_owner_is_also_part_of_a_document_s_name(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "The B20's Digital Trade Charter, published on Tuesday, names small firms."))
    assert "B20 Digital Trade Charter" in names.get("Digital Trade Charter", ("", set()))[1], names


def test_a_quoted_part_of_an_initiative_s_name_belongs_to_it(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "According to \"The Silk Road\" Green Finance Cooperation Initiative, the countries "
                                "will invest more."))
    assert names.get("Silk Road Green Finance Cooperation Initiative", ("", set()))[0] == "Initiative", names


def test_the_capitalised_words_of_a_title_name_no_entity_of_their_own(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "Firms met at an online trade forum held here Tuesday. The forum, themed \"Roads "
                                "of the Pamir Digital Plan,\" drew 40 firms."))
    assert "Roads of the Pamir Digital Plan online trade forum" in names, names
    assert not any(label.endswith("Pamir Digital Plan") for label in names), names


def test_a_pilot_project_the_text_says_was_launched_is_an_initiative(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "In 2021, a pilot project of bonded parcel returns has been launched in Osh."))
    assert names.get("Pilot project of bonded parcel returns", ("", set()))[0] == "Initiative", names


@pytest.mark.parametrize("text", [
    "The Cambodian side proposed holding a Chinese forum in Phnom Penh next year.",
    "The Cambodian side proposed holding an Asian forum in Phnom Penh next year.",
    "The two ministers will hold a meeting on Monday in Osh.",
    "They held a meeting on the sidelines of the 2nd Pamir Trade Forum.",
])
def test_descriptions_that_name_no_event(inputs, text: str) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, text))
    assert not any(label in ("Chinese Forum", "Asian Forum", "Meeting on Monday") or label.startswith("Meeting on the")
                   for label in names), names


def test_a_described_seminar_s_topic_goes_on_through_a_lower_case_in(inputs) -> None:  # type: ignore[no-untyped-def]
    # a seed sentence (unossc-china-seminar-cbec-2023)
    names = _names(_run(inputs, "24 July 2023 – A capacity development seminar on South-South cooperation in "
                                "cross-border e-commerce for poverty eradication and global sustainable development "
                                "opened in Beijing today.", registry=False))
    assert "Capacity development seminar on South-South cooperation in cross-border e-commerce" in names, names


def test_a_headline_verb_separates_two_names(inputs) -> None:  # type: ignore[no-untyped-def]
    # the seed headline of unossc-china-seminar-cbec-2023, then a sentence of its own
    names = _names(_run(inputs, "UNOSSC and China Conduct Seminar Series on South-South Cooperation in Cross-border "
                                "E-commerce\n\nThe seminar opened in Beijing.", registry=False))
    assert names.get("Seminar Series on South-South Cooperation in Cross-border E-commerce",
                     ("", set()))[0] == "EventSeries", names
    assert not any("Conduct" in label for label in names), names


def _themes(extraction) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    labels = {ref: e.label for ref, e in extraction.entities.items()}
    found: dict[str, set[str]] = {}
    for claim in extraction.claims:
        if str(claim.predicate).endswith("#theme"):
            found.setdefault(labels.get(IDS.ref_of(str(claim.subject)) or "", ""), set()).add(str(claim.object))
    return found


def test_a_described_roundtable_keeps_its_whole_list_of_topics_as_its_theme(inputs) -> None:  # type: ignore[no-untyped-def]
    # a seed sentence (sco-secretary-general-gcbec-2021)
    extraction = _run(inputs, "In conclusion, he invited the interested parties to take part in the roundtable on "
                              "digital economy, e-commerce and innovation that will take place on 23-24 June 2021 in "
                              "Dushanbe.", registry=False)
    label = "Roundtable on digital economy, e-commerce and innovation"
    assert _themes(extraction).get(label) == {"digital economy, e-commerce and innovation"}, _themes(extraction)


@pytest.mark.parametrize("text, event", [
    ("With the theme of \"Roads and Rails,\" the Pamir Digital Trade Forum was held on Tuesday in Osh.",
     "Pamir Digital Trade Forum"),
    ("Firms met at an online trade forum held here Tuesday. The forum, themed \"Roads and Rails,\" drew 40 firms.",
     "Roads and Rails online trade forum"),
])
def test_a_quoted_theme_belongs_to_its_event(inputs, text: str, event: str) -> None:  # type: ignore[no-untyped-def]
    assert _themes(_run(inputs, text)).get(event) == {"Roads and Rails"}, _themes(_run(inputs, text))


def test_a_new_name_with_a_lower_case_group_head_is_the_group(inputs) -> None:  # type: ignore[no-untyped-def]
    names = _names(_run(inputs, "On 14 May, members of the CSTO Model group spoke at the 2nd Pamir Trade Forum, "
                                "which was held at the CSTO Secretariat.", registry=False))
    assert "CSTO Model Group" in names and "CSTO Model" not in names, names
