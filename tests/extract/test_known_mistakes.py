"""The extraction mistakes listed for session 6, each on a made-up sentence run through the whole
extractor (spaCy model, rules, linking) with the seed registry: a currency's country, a wire agency's
credit, a month's abbreviation, a day inside a name, a demonym, and a department of another body."""

from __future__ import annotations

from rdflib.namespace import RDF

from kg.extract.text import capitalised_spans, sentences
from kg.gazetteer import country_of_adjective
from tests.extract.test_issue_errors import IDS, _label, _objects, _run, _typed, inputs  # noqa: F401


def _quotes_of(extraction, ref: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {c.quote for c in extraction.claims if c.predicate == RDF.type and IDS.ref_of(str(c.subject)) == ref}


def test_a_currency_s_country_is_no_place_mention(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Trade between Laos and Vietnam reached 2 billion U.S. dollars in 2023, and "
                              "exports to Singapore rose by 40 million Singapore dollars.")
    typed = _typed(extraction)
    assert "place/united-states" not in typed
    assert "place/singapore" in typed  # "exports to Singapore" still names the place
    assert _quotes_of(extraction, "place/singapore") == {"Singapore"}


def test_initials_keep_their_last_full_stop(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The U.S. embassy in Hanoi opened a trade office.")
    assert _quotes_of(extraction, "place/united-states") == {"U.S."}
    spans = capitalised_spans(sentences("It met the U.S. envoy and the U.K.")[0])
    assert [s.text for s in spans] == ["It", "U.S.", "U.K."]


def test_a_wire_agency_in_the_dateline_is_no_place(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "HANOI, May 4 (Xinhua) -- Vietnamese and Lao firms signed a deal on e-commerce here "
                              "on Monday.")
    typed = _typed(extraction)
    assert not [r for r in typed if "xinhua" in r]
    assert typed.get("place/hanoi") == "City"  # the dateline's city is still the place


def test_a_month_abbreviation_before_its_day_ends_no_sentence() -> None:
    text = "The summit opened on Dec. 3 in Hanoi. It closed on Sept. 10, 2021. Trade grew in Dec. The end."
    assert [s.text for s in sentences(text)] == ["The summit opened on Dec. 3 in Hanoi.",
                                                 "It closed on Sept. 10, 2021.", "Trade grew in Dec.", "The end."]


def test_a_date_after_an_abbreviated_month_dates_the_event(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The Mekong Digital Summit opened on Dec. 3 in Hanoi.", date="2024-12-05")
    events = [r for r, cls in _typed(extraction).items() if r.startswith("event/")]
    assert len(events) == 1 and _objects(extraction, events[0], "startDate") == {"2024-12-03"}


def test_a_name_does_not_swallow_the_day_of_a_date(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Ministers attended the Mekong Digital Summit on 5 May in Hanoi, and the Lancang "
                              "Trade Forum on the 12th of June.", date="2024-06-20")
    labels = {_label(extraction, inputs, r) for r in _typed(extraction) if r.startswith("event/")}
    assert labels == {"Mekong Digital Summit", "Lancang Trade Forum"}


def test_demonyms_name_their_countries_by_word_formation() -> None:
    formed = {"Peruvian": "Peru", "Mexican": "Mexico", "Lebanese": "Lebanon", "Ukrainian": "Ukraine",
              "Finnish": "Finland", "Salvadoran": "El Salvador", "Maldivian": "Maldives", "Cambodian": "Cambodia",
              "Uzbek": "Uzbekistan", "Chinese": "China"}
    assert {word: getattr(country_of_adjective(word), "name", None) for word in formed} == formed
    # a continent's or a region's adjective, or a word inside a longer country name, is no country
    assert [country_of_adjective(w) for w in ("African", "Asian", "Korean", "Greater", "United", "Sierra")] == \
        [None] * 6


def test_a_peruvian_president_holds_a_post_of_peru(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Peruvian President Ana Torres attended the forum in Lima.")
    posts = _objects(extraction, "person/ana-torres", "holds")
    assert {p for post in posts for p in _objects(extraction, post, "postIn")} == {"place/peru"}


def test_a_department_of_another_body_is_not_the_last_country_s(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "Kazakhstan's grain exports grew. Li Ming, director of the Department of European "
                              "Affairs at the Chinese Ministry of Commerce, noted at the forum that trade grew. "
                              "The Department of Trade said more.")
    labels = {_label(extraction, inputs, r) for r, cls in _typed(extraction).items() if cls == "GovernmentBody"}
    assert not any("European Affairs of Kazakhstan" in label for label in labels)
    department = next(r for r in _typed(extraction) if "european-affairs" in r)
    assert _objects(extraction, department, "subOrganizationOf") == {"org/mofcom"}
    assert "Department of Trade of Kazakhstan" in labels  # a bare one is still the last named country's
