"""Dates a sentence states: "October 7", "7 October 2023", "on Tuesday", "last month".

`find_dates(text, reference)` returns every mention with the calendar date it resolves to.
A month and day without a year take the year that puts them on or before the reference date
(with a month's grace, so "December 30" in a piece dated December 28 stays in that year);
weekdays resolve to the most recent such day on or before the reference ("last Saturday":
strictly before; "next Monday": after). Without a reference date only mentions that carry
their own year resolve; the others keep month and day so conflicts can still compare them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from summarise.models import Document
from summarise.vocabulary import MONTHS

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Capitalised month names only: "may" and "march" are also verbs.
_MONTH = r"(?P<month>" + "|".join(sorted((m.title() for m in MONTHS), key=len, reverse=True))
_MONTH += r")\.?"
_MONTH2 = _MONTH.replace("month", "month2")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = _DAY.replace("day", "day2")
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_YEAR2 = _YEAR.replace("year", "year2")
# "October 7(, 2023)" and "7 October( 2023)".
MONTH_DAY_PATTERN = r"\b" + _MONTH + r"\s+" + _DAY + r"\b(?![:.]\d)" + _YEAR
DAY_MONTH_PATTERN = r"\b" + _DAY2 + r"\s+(?:of\s+)?" + _MONTH2 + r"\b" + _YEAR2
WEEKDAY_PATTERN = (
    r"\b(?:(?P<rel>last|this|next|on|late|early|since)\s+)?"
    r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
RELATIVE_PATTERN = r"\b(?P<word>yesterday|today|last month|this month|last week|this week)\b"

_MONTH_DAY = re.compile(MONTH_DAY_PATTERN)
_DAY_MONTH = re.compile(DAY_MONTH_PATTERN)
_WEEKDAY = re.compile(WEEKDAY_PATTERN)
_RELATIVE = re.compile(RELATIVE_PATTERN, re.IGNORECASE)
_RANGE_END = re.compile(r"(?:\bto|\buntil|\btill|\bthrough|[–-])\s*$", re.IGNORECASE)
_GRACE = timedelta(days=31)


class Precision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    raw: str
    explicit: bool = False  # a calendar date written out, not "on Tuesday"
    month: int | None = None
    day: int | None = None
    year: int | None = None  # as written; None when the text gives no year
    resolved: date | None = None
    precision: Precision = Precision.DAY
    range_end: bool = False  # the "to December 1" of "from November 24 to December 1"

    @property
    def month_day(self) -> tuple[int, int] | None:
        return (self.month, self.day) if self.month and self.day else None

    def label(self) -> str:
        if self.resolved and self.precision is Precision.DAY and self.year:
            return self.resolved.isoformat()
        if self.month and self.day:
            return f"{date(2000, self.month, self.day):%B} {self.day}"
        return self.raw


def find_dates(text: str, reference: date | None = None) -> list[DateMention]:
    """Every date `text` mentions, in order of appearance."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern, suffix in ((_MONTH_DAY, ""), (_DAY_MONTH, "2")):
        for m in pattern.finditer(text):
            mention = _calendar(text, m, suffix, reference)
            if mention is not None:
                found.append(mention)
                taken.append((m.start(), m.end()))
    for m in _WEEKDAY.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        found.append(_weekday(m, reference))
    for m in _RELATIVE.finditer(text):
        found.append(_relative(m, reference))
    found.sort(key=lambda d: d.start)
    return found


def resolve_month_day(month: int, day: int, reference: date | None) -> date | None:
    """The date of "<month> <day>" as a reporter on `reference` would mean it."""
    if reference is None:
        return None
    for year in (reference.year + 1, reference.year, reference.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= reference + _GRACE:
            return candidate
    return None


def _calendar(
    text: str, m: re.Match[str], suffix: str, reference: date | None
) -> DateMention | None:
    month = MONTHS[m.group("month" + suffix).lower()]
    day = int(m.group("day" + suffix))
    year_text = m.group("year" + suffix)
    year = int(year_text) if year_text else None
    try:
        resolved = date(year, month, day) if year else resolve_month_day(month, day, reference)
        date(2000, month, day)  # validates the day against the month (leap year allowed)
    except ValueError:
        return None
    before = text[max(0, m.start() - 12) : m.start()]
    return DateMention(
        start=m.start(),
        end=m.end(),
        raw=m.group(0),
        explicit=True,
        month=month,
        day=day,
        year=year,
        resolved=resolved,
        range_end=_RANGE_END.search(before) is not None,
    )


def _weekday(m: re.Match[str], reference: date | None) -> DateMention:
    target = WEEKDAYS.index(m.group("weekday").lower())
    relation = (m.group("rel") or "").lower()
    resolved = None
    if reference is not None:
        back = (reference.weekday() - target) % 7
        if relation == "last" and back == 0:
            back = 7
        resolved = reference - timedelta(days=back)
        if relation == "next":
            resolved = reference + timedelta(days=(target - reference.weekday()) % 7 or 7)
    return DateMention(start=m.start(), end=m.end(), raw=m.group(0), resolved=resolved)


def _relative(m: re.Match[str], reference: date | None) -> DateMention:
    word = m.group("word").lower()
    resolved = None
    precision = Precision.DAY
    if reference is not None:
        if word == "yesterday":
            resolved = reference - timedelta(days=1)
        elif word == "today":
            resolved = reference
        elif word == "last week":
            resolved, precision = reference - timedelta(days=7), Precision.WEEK
        elif word == "this week":
            resolved, precision = reference, Precision.WEEK
        elif word == "last month":
            first = reference.replace(day=1)
            resolved, precision = (first - timedelta(days=1)).replace(day=1), Precision.MONTH
        else:
            resolved, precision = reference.replace(day=1), Precision.MONTH
    return DateMention(
        start=m.start(), end=m.end(), raw=m.group(0), resolved=resolved, precision=precision
    )


def resolve_report_dates(
    published: Mapping[str, date | None], month_days: Mapping[str, str | None]
) -> dict[str, date | None]:
    """Each report's date: its own, or a dateline's month and day ('03-08') in the year that
    puts it nearest the story's dated reports. A story with no dated report leaves them
    undated: a year is never guessed from the clock."""
    dated = [d for d in published.values() if d is not None]
    out: dict[str, date | None] = {}
    for key, own in published.items():
        month_day = month_days.get(key)
        if own is not None or not month_day or not dated:
            out[key] = own
            continue
        month, day = (int(part) for part in month_day.split("-"))
        candidates = []
        for year in sorted({d.year + step for d in dated for step in (-1, 0, 1)}):
            try:
                candidates.append(date(year, month, day))
            except ValueError:
                continue  # February 29 in a common year
        out[key] = (
            min(candidates, key=lambda c: (min(abs((c - d).days) for d in dated), c))
            if candidates
            else None
        )
    return out


def report_dates_of(documents: Sequence[Document]) -> dict[str, date | None]:
    """`resolve_report_dates` for one story's documents, by document id."""
    return resolve_report_dates(
        {d.id: d.published for d in documents}, {d.id: d.dateline_month_day for d in documents}
    )
