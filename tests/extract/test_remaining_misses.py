"""The misses left after session 6, each on a made-up sentence run through the whole extractor
(spaCy model, rules, linking) with the seed registry: irregular demonyms, "the two countries",
a longer name linked through a shorter entry's alias."""

from __future__ import annotations

from kg.gazetteer import country_of_adjective
from tests.extract.test_issue_errors import _objects, _run, _typed, inputs  # noqa: F401


def test_irregular_demonyms_name_their_countries() -> None:
    irregular = {"French": "France", "Dutch": "The Netherlands", "Swiss": "Switzerland", "Filipino": "Philippines",
                 "Emirati": "United Arab Emirates", "Lao": "Laos", "Greek": "Greece", "Spanish": "Spain"}
    assert {word: getattr(country_of_adjective(word), "name", None) for word in irregular} == irregular
    # an ambiguous adjective still names no country: a wrong one is worse than none
    assert country_of_adjective("Korean") is None


def test_a_french_president_holds_a_post_of_france(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "French President Marie Dubois attended the trade forum in Lyon.")
    posts = _objects(extraction, "person/marie-dubois", "holds")
    assert {p for post in posts for p in _objects(extraction, post, "postIn")} == {"place/france"}


def test_a_swiss_ministry_is_the_ministry_of_switzerland(inputs) -> None:  # type: ignore[no-untyped-def]
    extraction = _run(inputs, "The Swiss Ministry of Economy signed a trade deal with Vietnam in Hanoi on Monday.")
    assert any(ref.startswith("org/") and "switzerland" in ref for ref in _typed(extraction))
