"""`kg dedupe` across the written forms of one name: ordinal words and numerals, long and short country
names, bracketed acronyms, honorifics; and never across classes that cannot be one entity."""

from __future__ import annotations

import pytest

from kg.claims import Entity
from kg.ontology import load_ontology
from kg.resolution import propose
from kg.settings import load_settings
from tests.conftest import REPO


@pytest.fixture(scope="module")
def ontology():  # type: ignore[no-untyped-def]
    return load_ontology(load_settings({"KG_ROOT": str(REPO)}).ontology_file)


def _pairs(ontology, *entities: tuple[str, str, str]) -> set[frozenset[str]]:  # type: ignore[no-untyped-def]
    registry = {ref: Entity(ref, ontology.resolve_class(cls), label) for ref, cls, label in entities}
    return {frozenset({p.first, p.second}) for p in propose(registry, ontology)}


@pytest.mark.parametrize("first, second", [
    (("event/first-pamir-expo", "Exhibition", "First Pamir International Trade Expo"),
     ("event/1st-pamir-expo", "Exhibition", "1st Pamir International Trade Expo")),
    (("org/mofcom-prc", "GovernmentBody", "Ministry of Commerce of the People's Republic of China"),
     ("org/mofcom", "GovernmentBody", "Ministry of Commerce of China")),
    (("org/mofcom-long", "GovernmentBody", "Ministry of Commerce (MOFCOM)"),
     ("org/mofcom-short", "GovernmentBody", "MOFCOM")),
    (("person/dima-al-khatib", "Official", "Dima Al-Khatib"),
     ("person/ms-dima-al-khatib", "Person", "Ms. Dima Al-Khatib")),
    (("person/lei-hao", "Official", "Lei Hao"), ("person/he-lei-hao", "Person", "H.E. Mr. Lei Hao")),
])
def test_forms_of_one_name_are_proposed(ontology, first, second) -> None:  # type: ignore[no-untyped-def]
    assert _pairs(ontology, first, second) == {frozenset({first[0], second[0]})}


@pytest.mark.parametrize("first, second", [
    (("event/fifth-gcbec", "Conference", "Fifth Global Cross-border E-commerce Conference"),
     ("event/4th-gcbec", "Conference", "4th Global Cross-border E-commerce Conference")),
    (("event/gcbec-forum", "Forum", "Global Cross-border E-commerce Conference"),
     ("event/gcbec", "Conference", "Global Cross-border E-commerce Conference")),
    (("place/china", "Country", "China"), ("org/china", "GovernmentBody", "China")),
])
def test_different_things_are_not_proposed(ontology, first, second) -> None:  # type: ignore[no-untyped-def]
    assert _pairs(ontology, first, second) == set()
