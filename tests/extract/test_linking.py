"""Linking: every written form of a registry entity finds it (label, alias, honorific, article,
ordinal word, bracketed acronym, long country name, spelling), and inside one article a short or
later mention ("the conference", "the MoU", "Mr. Teo") is the entity named first."""

from __future__ import annotations

import pytest

from tests.extract.test_issue_errors import _facts, _run, _typed, inputs  # noqa: F401  (the shared fixture)


def _refs(extraction) -> set[str]:  # type: ignore[no-untyped-def]
    return set(_typed(extraction))


@pytest.mark.parametrize(("text", "ref"), [
    ("Vladimir Norov opened the meeting.", "person/vladimir-norov"),  # label
    ("H.E. Mr. Vladimir Norov opened the meeting.", "person/vladimir-norov"),  # honorifics
    ("The MOFCOM official spoke.", "org/mofcom"),  # alias
    ("Officials of the Ministry of Commerce of China attended.", "org/mofcom"),  # short country name
    ("Officials of the Ministry of Commerce of the People's Republic of China attended.", "org/mofcom"),
    ("Officials of China's Ministry of Commerce attended.", "org/mofcom"),  # possessive: "X of China"
    ("Officials of the Chinese Ministry of Commerce attended.", "org/mofcom"),  # adjective
    ("The Shanghai Cooperation Organization (SCO) met in Moscow.", "org/sco"),  # spelling, bracketed acronym
    ("The Fifth Global Cross-border E-commerce Conference opened.", "event/gcbec-2021"),  # ordinal word
    ("The 5th Global Conference on Cross-Border E-Commerce opened.", "event/gcbec-2021"),  # "Conference on X"
    ("Delegates from the Lao People's Democratic Republic attended.", "place/lao-pdr"),
    ("Delegates from Laos attended.", "place/lao-pdr"),  # a gazetteer name of the registry's place
])
def test_every_written_form_links_to_the_registry_entity(inputs, text: str, ref: str) -> None:  # type: ignore[no-untyped-def]
    assert ref in _refs(_run(inputs, text))


def test_later_short_mentions_are_the_entity_named_first(inputs) -> None:  # type: ignore[no-untyped-def]
    text = ("Singapore's Senior Minister Teo Chee Hean opened the ASEAN Digital Trade Conference in Nanning on "
            "Monday. Cambodia and Laos signed a Memorandum of Understanding on Digital Trade at the conference. "
            "Mr. Teo said the MoU would help small firms.")
    extraction = _run(inputs, text, registry=False)
    typed = _typed(extraction)
    assert [r for r, c in typed.items() if c == "Person"] == ["person/teo-chee-hean"]
    assert len([r for r, c in typed.items() if c == "Conference"]) == 1
    agreements = [r for r, c in typed.items() if c == "Agreement"]
    assert len(agreements) == 1
    facts = _facts(extraction)
    assert ("person/teo-chee-hean", "spokeAt", next(r for r, c in typed.items() if c == "Conference")) in facts
    assert {s for s, p, o in facts if p == "partyTo" and o == agreements[0]} >= {"place/cambodia", "place/laos"}
