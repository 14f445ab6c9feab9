"""The named queries answer as a reader of the seed articles would (issue 12, item 4): each wrong answer
the issue lists, on the seed data."""

from __future__ import annotations

from kg.api import run_named
from kg.settings import Settings
from kg.store.base import Store

NOROV = "Vladimir Norov"


def rows(store: Store, settings: Settings, name: str, **params: str) -> list[dict[str, str]]:
    result = run_named(store, name, params, settings)
    return [{v: ("" if t is None else str(t)) for v, t in zip(result.variables, row)} for row in result.rows]


def test_long_yongtu_holds_his_two_conference_chairs(store: Store, built: Settings) -> None:
    # "Long Yongtu, co-chairman of the Global Development Conference and Chairman of the Global
    # Cross-border E-commerce Conference": posts at event series, not in organisations.
    posts = {(r["post"], r["organisation"]) for r in rows(store, built, "posts_held") if r["name"] == "Long Yongtu"}
    assert posts == {("Co-chairman of the Global Development Conference", "Global Development Conference"),
                     ("Chairman of the Global Cross-border E-commerce Conference",
                      "Global Cross-border E-commerce Conference")}
    speakers = {r["post"] for r in rows(store, built, "speakers_at_event", event="event/gcbec-2021")
                if r["name"] == "Long Yongtu"}
    assert "Chairman of the Global Cross-border E-commerce Conference" in speakers


def test_a_statistic_about_china_and_the_us_is_one_answer_about_both(store: Store, built: Settings) -> None:
    # "11 out of 13 world leading e-commerce companies belong to China and the US": not 11 for each.
    for query in ("statistics", "statistics_time_series"):
        elevens = [r for r in rows(store, built, query) if r["value"] == "11"]
        assert [r["about"] for r in elevens] == ["China and United States"], (query, elevens)
    series = rows(store, built, "statistic_time_series",
                  metric="metric/countries-with-ecommerce-cooperation-mechanisms-with-china")
    assert [(r["asOf"], r["value"]) for r in series] == [("2020-09", "22"), ("2021-04", "22"), ("2023-07", "28")]


def test_who_met_whom_leaves_out_a_video_message(store: Store, built: Settings) -> None:
    # "In her video message, Ms. Dima Al-Khatib, Director of UNOSSC, highlighted ...": she addressed
    # the seminar; she did not meet the people there.
    pairs = rows(store, built, "who_met_whom")
    assert not [p for p in pairs if "Dima Al-Khatib" in (p["nameA"], p["nameB"])]
    assert {("Diao Jiandong", "Lei Hao")} <= {(p["nameA"], p["nameB"]) for p in pairs}
    speakers = {r["name"]: r["remote"] for r in rows(store, built, "speakers_at_event",
                                                      event="event/south-south-cbec-seminar-2023")}
    assert speakers["Dima Al-Khatib"] == "true" and speakers["Lei Hao"] == "false"
    roles = {(r["actorName"], r["role"]) for r in rows(store, built, "event_roles")}
    assert ("Dima Al-Khatib", "spoke remotely at") in roles and ("Dima Al-Khatib", "spoke at") not in roles


def test_post_holders_on_date_takes_a_year_or_a_month(store: Store, built: Settings) -> None:
    # Norov is known as SCO Secretary-General from a source of 27 May 2021.
    def holders(date: str) -> list[str]:
        return [r["name"] for r in rows(store, built, "post_holders_on_date", post="post/sco-secretary-general",
                                        date=date)]
    assert holders("2021") == [NOROV]  # any time in 2021
    assert holders("2021-05") == [NOROV]  # any time in May 2021
    assert holders("2021-05-27") == [NOROV]
    assert holders("2021-05-26") == [] and holders("2021-04") == [] and holders("2020") == []
