"""Dates in text, resolved against the article's publication date and kept at their precision.

"10 May 2021" -> 2021-05-10; "September 2020" -> 2020-09 (never padded); "September 22-24" in an
article of 2020-09-14 -> 2020-09-22 .. 2020-09-24; "last year" -> the year before publication;
"the first half of this year" -> as of June, with the period kept as words; "on Tuesday" -> the last
Tuesday up to the publication day (news reports the days just past).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {m: i + 1 for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"))}
# full names, and the abbreviations news datelines use ("Oct. 14", "Nov 11", "Sept. 3")
_MONTH = r"(?P<%s>January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
_DAY = r"(?P<%s>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<%s>(?:19|20)\d\d)"
_DASH = r"\s*[-–—]\s*"

_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "between 14 August and 4 December 2020", "from August 14 to December 4, 2020": one span, its two ends
    ("dmy-span", re.compile(rf"\b(?:[Bb]etween|[Ff]rom)\s+{_DAY % 'd1'}\s+{_MONTH % 'm1'}(?:,?\s+{_YEAR % 'y1'})?"
                            rf"\s+(?:and|to|until|till)\s+{_DAY % 'd2'}\s+{_MONTH % 'm'},?\s+{_YEAR % 'y'}\b")),
    ("mdy-span", re.compile(rf"\b(?:[Bb]etween|[Ff]rom)\s+{_MONTH % 'm1'}\s+{_DAY % 'd1'}(?:,\s*{_YEAR % 'y1'})?"
                            rf"\s+(?:and|to|until|till)\s+{_MONTH % 'm'}\s+{_DAY % 'd2'},\s*{_YEAR % 'y'}\b")),
    ("year-span", re.compile(rf"\b(?:[Bb]etween|[Ff]rom)\s+{_YEAR % 'y1'}\s+(?:and|to|until|till)\s+{_YEAR % 'y'}\b")),
    ("dmy-range", re.compile(rf"\b{_DAY % 'd1'}{_DASH}{_DAY % 'd2'}\s+{_MONTH % 'm'},?\s+{_YEAR % 'y'}\b")),
    ("mdy-range", re.compile(rf"\b{_MONTH % 'm'}\s+{_DAY % 'd1'}{_DASH}{_DAY % 'd2'},?\s+{_YEAR % 'y'}\b")),
    ("dmy", re.compile(rf"\b{_DAY % 'd1'}\s+{_MONTH % 'm'},?\s+{_YEAR % 'y'}\b")),
    ("mdy", re.compile(rf"\b{_MONTH % 'm'}\s+{_DAY % 'd1'},\s*{_YEAR % 'y'}\b")),
    ("md-range", re.compile(rf"\b{_MONTH % 'm'}\s+{_DAY % 'd1'}{_DASH}{_DAY % 'd2'}\b")),
    ("md", re.compile(rf"\b{_MONTH % 'm'}\s+{_DAY % 'd1'}\b(?!,?\s*\d)")),
    ("dm", re.compile(rf"\b{_DAY % 'd1'}\s+{_MONTH % 'm'}\b(?!,?\s*\d)")),
    ("my", re.compile(rf"\b{_MONTH % 'm'},?\s+{_YEAR % 'y'}\b")),
    ("part-year", re.compile(r"\b(?P<part>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?P<unit>half|quarter)\s+"
                             rf"of\s+(?:{_YEAR % 'y'}|(?P<rel>this|last|next) year)\b", re.I)),
    ("end-of-month", re.compile(rf"\bend of {_MONTH % 'm'}(?:,?\s+{_YEAR % 'y'})?\b", re.I)),
    ("relative-year", re.compile(r"\b(?P<rel>this|last|next) year\b", re.I)),
    ("relative-day", re.compile(r"\b(?P<rel>today|yesterday|tomorrow)\b", re.I)),
    ("relative-weekday", re.compile(r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")),
    # "in 2023," is a year; "2,023" and "2023.5" are not ("parcels in 2023, the department said")
    ("year", re.compile(rf"(?<![\d,.])\b{_YEAR % 'y'}\b(?!\d|[.,]\d|%|\s*(?:percent|yuan|dollars))")),
)
_PART_END_MONTH = {("half", 1): 6, ("half", 2): 12, ("quarter", 1): 3, ("quarter", 2): 6, ("quarter", 3): 9,
                   ("quarter", 4): 12}
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def month_number(name: str) -> int:
    """"September", "Sept." and "Sep" are 9."""
    key = name.rstrip(".").lower()[:3]
    return next(number for month, number in MONTHS.items() if month.startswith(key))


@dataclass(frozen=True)
class DateMention:
    start: int  # offsets in the text
    end: int
    text: str
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    end_value: str | None = None  # the last day of a range
    period: str | None = None  # words for a span ("first half of 2020")
    relative: bool = False  # resolved against the publication date


def find_dates(text: str, offset: int, published: dt.date) -> list[DateMention]:
    """Every date expression in `text` (which starts at `offset` in the article), longest first wins."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for form, pattern in _FORMS:
        for match in pattern.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            mention = _resolve(form, match, published)
            if mention is None:
                continue
            taken.append((match.start(), match.end()))
            found.append(DateMention(offset + match.start(), offset + match.end(), match.group(),
                                     mention[0], mention[1], mention[2], form.startswith("relative") or
                                     form in ("md", "md-range", "dm") or bool(match.groupdict().get("rel"))))
    return sorted(found, key=lambda d: d.start)


def _resolve(form: str, match: re.Match[str], published: dt.date) -> tuple[str, str | None, str | None] | None:
    groups = match.groupdict()
    year = int(groups["y"]) if groups.get("y") else published.year
    month = month_number(groups["m"]) if groups.get("m") else None
    try:
        if form in ("dmy-range", "mdy-range", "md-range"):
            first = dt.date(year, month, int(groups["d1"]))  # type: ignore[arg-type]
            last = dt.date(year, month, int(groups["d2"]))  # type: ignore[arg-type]
            return first.isoformat(), last.isoformat(), None
        if form in ("dmy-span", "mdy-span"):  # the first end's year, when unsaid, is the last end's
            first_year = int(groups["y1"]) if groups.get("y1") else year
            first = dt.date(first_year, month_number(groups["m1"]), int(groups["d1"]))
            last = dt.date(year, month, int(groups["d2"]))  # type: ignore[arg-type]
            return (first.isoformat(), last.isoformat(), None) if first < last else None
        if form in ("dmy", "mdy", "md", "dm"):
            return dt.date(year, month, int(groups["d1"])).isoformat(), None, None  # type: ignore[arg-type]
    except ValueError:
        return None
    if form == "year-span":  # "from 2005 to 2016"
        return (groups["y1"], groups["y"], None) if int(groups["y1"]) < year else None
    if form == "my":
        return f"{year:04d}-{month:02d}", None, None
    if form == "part-year":
        year = _relative_year(groups.get("rel"), year, published)
        part, unit = _ORDINAL[groups["part"].lower()], groups["unit"].lower()
        end_month = _PART_END_MONTH.get((unit, part))
        if end_month is None:
            return None
        return f"{year:04d}-{end_month:02d}", None, f"{groups['part'].lower()} {unit} of {year}"
    if form == "end-of-month":
        return f"{year:04d}-{month:02d}", None, None
    if form == "relative-year":
        return f"{_relative_year(groups['rel'], year, published):04d}", None, None
    if form == "relative-day":
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[groups["rel"].lower()]
        return (published + dt.timedelta(days=shift)).isoformat(), None, None
    if form == "relative-weekday":  # news reports the days just past: the last such day up to publication
        weekday = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday").index(
            groups["wd"].lower())
        return (published - dt.timedelta(days=(published.weekday() - weekday) % 7)).isoformat(), None, None
    if form == "year":
        return f"{year:04d}", None, None
    return None


def _relative_year(rel: str | None, year: int, published: dt.date) -> int:
    if not rel:
        return year
    return published.year + {"this": 0, "last": -1, "next": 1}[rel.lower()]


def publication_date(lexical: str) -> dt.date:
    """The source's date (2021-05-27, 2020-09 or 2020) as a day to count from."""
    parts = [int(p) for p in lexical.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


_DATELINE = re.compile(r"^(?:[A-Z][A-Z .'’-]+,\s+)?(?P<date>[A-Z0-9][\w .,]{3,24}?)\s*(?:\([^)\n]{1,30}\)\s*)?"
                       r"(?:–|—|--|-|/[A-Z]+/\.)\s", re.M)


def dateline(text: str, published: dt.date) -> dt.date | None:
    """The day an article's dateline gives ("24 July 2023 – A seminar opened ... today", "TASHKENT, Oct. 14
    (Xinhua) --"): what its "today" and weekdays count from, when it differs from the publication date."""
    for match in _DATELINE.finditer(text[:400]):
        found = find_dates(match.group("date"), 0, published)
        if len(found) == 1 and found[0].text == match.group("date").strip(" .,") and \
                re.fullmatch(r"\d{4}-\d\d-\d\d", found[0].value):
            return dt.date.fromisoformat(found[0].value)
    return None
