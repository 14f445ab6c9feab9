"""Time: who held a post on a date, officials' posts with dates and sources, statistics as
time series, with each date at the precision the source states."""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.api import run_named

METRIC = "Countries with bilateral e-commerce cooperation mechanisms with China"
XSD = "http://www.w3.org/2001/XMLSchema#"
G_YEAR, G_YEAR_MONTH, DATE = (URIRef(XSD + t) for t in ("gYear", "gYearMonth", "date"))
SCO_POST = "Secretary-General of the Shanghai Cooperation Organisation"


def test_each_statistic_is_a_time_series_with_dates_at_their_precision(store, built) -> None:  # type: ignore[no-untyped-def]
    rows = [r for r in run_named(store, "statistics_time_series", {}, built).records() if str(r["metric"]) == METRIC]
    assert [str(r["asOf"]) for r in rows] == ["2020-09", "2021-04", "2023-07"]
    assert [int(str(r["value"])) for r in rows] == [22, 22, 28]
    july_2023 = rows[-1]
    assert july_2023["asOf"] == Literal("2023-07", datatype=G_YEAR_MONTH)
    assert str(july_2023["precision"]) == "month"
    assert "28 countries" in str(july_2023["quote"])
    assert all(str(r["about"]) == "China" for r in rows)


def test_year_and_day_precision_are_kept_too(store, built) -> None:  # type: ignore[no-untyped-def]
    rows = run_named(store, "statistics_time_series", {}, built).records()
    by_precision = {str(r["precision"]): r["asOf"] for r in rows}
    assert by_precision["year"].datatype == G_YEAR and len(str(by_precision["year"])) == 4
    assert by_precision["day"].datatype == DATE


def test_who_held_the_sco_post_on_a_date(store, built) -> None:  # type: ignore[no-untyped-def]
    later = run_named(store, "post_holders_on_date", {"post": SCO_POST, "date": "2021-12-31"}, built).records()
    assert [str(r["name"]) for r in later] == ["Vladimir Norov"]
    assert str(later[0]["asOf"]) == "2021-05-27"  # known as of the source's date
    before = run_named(store, "post_holders_on_date", {"post": SCO_POST, "date": "2020-01-01"}, built)
    assert before.rows == ()  # no source of that time says who held it


def test_officials_posts_come_with_dates_and_sources_and_only_officials(store, built) -> None:  # type: ignore[no-untyped-def]
    rows = run_named(store, "official_posts", {}, built).records()
    norov = [r for r in rows if str(r["name"]) == "Vladimir Norov"]
    assert [str(r["post"]) for r in norov] == [SCO_POST]
    assert str(norov[0]["organisation"]) == "Shanghai Cooperation Organisation"
    assert norov[0]["asOf"] == Literal("2021-05-27", datatype=DATE)
    assert "SCO Secretary-General" in str(norov[0]["source"]) and "Vladimir Norov" in str(norov[0]["quote"])
    names = {str(r["name"]) for r in rows}
    assert {"Xu Liyi", "Xi Jinping"} <= names
    assert "Lu Shanwen" not in names  # an intern at a newspaper holds a post but is no official
