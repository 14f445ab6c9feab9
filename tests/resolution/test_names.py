"""Name comparison: the variants the sources really use, and the near misses that must not match."""

from __future__ import annotations

import pytest

from kg.resolution.names import bracketed_acronyms, compare, name_of, normalise, ordinal_number


@pytest.mark.parametrize(("a", "b", "why"), [
    ("Long Yongtu", "Yongtu Long", "another order"),
    ("Mr Yongtu", "Long Yongtu", "honorific"),
    ("Mr. Mu", "Mu Jingchuan", "honorific"),
    ("Xi Jin-ping", "Xi Jinping", "spacing or hyphens"),
    ("Jinping Xi", "Xi Jin Ping", "another order and spacing"),
    ("V. Norov", "Vladimir Norov", "initials"),
    ("Norov V.", "Vladimir Norov", "initials"),
    ("Vladimir Norow", "Vladimir Norov", "similar spelling"),
    ("SCO", "Shanghai Cooperation Organisation", "acronym"),
    ("Ms. Dima Al-Khatib", "Dima Al Khatib", "same name"),
    ("Dr. Müller", "Mueller", None),
])
def test_variants_of_one_name_match(a: str, b: str, why: str | None) -> None:
    verdict = compare(name_of(a), name_of(b))
    if why is None:
        return  # umlaut spelled out: not claimed (documented limitation), only must not crash
    assert verdict is not None, (a, b)
    assert verdict[0] >= 0.8 and why in verdict[1]
    assert compare(name_of(b), name_of(a)) is not None  # symmetric


@pytest.mark.parametrize(("a", "b"), [
    ("4th Global Cross-border E-commerce Conference", "5th Global Cross-border E-commerce Conference"),
    ("GCBEC 2020", "GCBEC 2021"),
    ("Secretary-General of the SCO", "Deputy Secretary-General of the SCO"),
    ("Wang Wen", "Wang Wei"),
    ("Lei Hao", "Hao Lei Zhang"),
    ("Mr. Mu", "Mo Jingchuan"),
])
def test_different_things_do_not_match(a: str, b: str) -> None:
    assert compare(name_of(a), name_of(b)) is None


def test_honorifics_are_stripped_but_remembered() -> None:
    name = name_of("H.E. Mr. Vladimir Norov")
    assert name.tokens == ("vladimir", "norov")
    assert name.addressed
    assert not name_of("Vladimir Norov").addressed


@pytest.mark.parametrize(("a", "b"), [
    ("Sixth Global Cross-border E-commerce Conference", "6th Global Cross-border E-commerce Conference"),
    ("the 6th Global Conference on Cross-Border E-Commerce", "6 Global Cross-border E-commerce Conference"),
    ("Shanghai Cooperation Organisation (SCO)", "Shanghai Cooperation Organization"),
    ("Ministry of Commerce of the People's Republic of China", "Ministry of Commerce of China"),
    ("Ministry of Industry and Trade of the Republic of Tajikistan", "Ministry of Industry and Trade of Tajikistan"),
    ("the Memorandum of Understanding on E-commerce Cooperation", "MoU on e-commerce cooperation"),
    ("H.E. Mr. Vladimir Norov", "Vladimir Norov"),
    ("the Twenty-first Century Maritime Silk Road", "21st Century Maritime Silk Road"),
])
def test_normalise_gives_every_written_form_one_key(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)
    assert compare(name_of(a), name_of(b)) is not None


@pytest.mark.parametrize(("a", "b"), [
    ("Sixth Global Cross-border E-commerce Conference", "Fifth Global Cross-border E-commerce Conference"),
    ("Ministry of Commerce of China", "Ministry of Commerce of Cambodia"),
    ("Mr. Teo", "Mr. Tan"),
])
def test_normalise_keeps_different_names_apart(a: str, b: str) -> None:
    assert normalise(a) != normalise(b)


def test_bracketed_acronyms_and_ordinals() -> None:
    assert bracketed_acronyms("Shanghai Cooperation Organisation (SCO)") == ("SCO",)
    assert bracketed_acronyms("Academy (China) for Officials (AIBO)") == ("AIBO",)
    assert [ordinal_number(w) for w in ("Sixth", "6th", "twenty-first", "east", "Six")] == [6, 6, 21, None, None]
