"""When a report was published, and by whom, from what its opening lines say.

`read_report_date(text)` looks at the lines before the body of a news report:

  * `Published: 2032-03-09` / `Updated: March 9, 2032` lines, the colon optional ("Updated
    5 September 2032"; an update is the report's time: its figures are as of then, so the
    latest of the two wins);
  * a line holding only a written date ("March 9, 2032", "9 March 2032", "2032-03-09");
  * a wire dateline opening the body: "KINGSMERE, March 8 (Northline News Agency) —",
    "ASHFORD BAY, Aug. 10, 2031 (Example Wire) —" or undated "ASHFORD BAY (Example Wire) —". Its
    agency or outlet is recorded, and `body_start` is where the report's own words begin,
    so extractors keep the dateline out of claim text (offsets into the text stay exact).

A dateline usually gives month and day without a year. The year is NOT guessed here (no
clock, no file time: a copied file's time says nothing about the report): the month and day
are kept as `month_day`, and analysis resolves the year against the story's other reports
(`summarise.analysis.dates.resolve_report_dates`). A report with no date at all stays undated.

The formats are few and fixed, so a small reader over the shared month table does the job
exactly; a general parser (dateparser, dateutil) would also accept free text such as "May"
or "Sunday" as today's date, which is the guess this module must not make.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# The month names a dateline uses (ingest sits below the shared vocabulary module).
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        ),
        start=1,
    )
    for name in names.split()
}

_MONTH = "|".join(sorted((m.title() for m in MONTHS), key=len, reverse=True))
_WRITTEN = (
    r"(?:(?P<mname>" + _MONTH + r")\.?\s+(?P<mday>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<myear>\d{4}))?"
    r"|(?P<dday>\d{1,2})\s+(?P<dname>" + _MONTH + r")\.?(?:,?\s+(?P<dyear>\d{4}))?"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))"
)
_STAMP = re.compile(
    r"^[ \t]*(?P<kind>Published|Updated|Posted|Last updated|Date)(?:\s*:|\s+on)?\s*"
    + _WRITTEN
    + r"\b[^\n]{0,30}$",  # a time or zone may follow; a sentence may not
    re.IGNORECASE | re.MULTILINE,
)
_BARE_DATE = re.compile(r"^[ \t]*(?:[A-Z][a-z]+day,?\s+)?" + _WRITTEN + r"[ \t]*$", re.MULTILINE)
# PLACE[, State.][, DATE] (OUTLET) — ; the place is upper case (a wire dateline), one to four
# words, optionally with a state or country abbreviation ("WEST PALM BEACH, Fla. —").
_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z.'\-]+(?:[ \t]+[A-Z][A-Z.'\-]+){0,3})"
    r"(?P<region>,[ \t]*[A-Z][a-z]{1,4}\.)?"
    r"(?:,[ \t]*" + _WRITTEN + r")?"
    r"[ \t]*(?:\((?P<outlet>[^()\n]{2,60})\))?[ \t]*(?P<dash>[—–―]|--?)[ \t]*",
    re.MULTILINE,
)
_HEADER_LINES = 6  # a stamp or dateline further down is part of the story, not its header


@dataclass(frozen=True)
class ReportDate:
    published: date | None = None
    month_day: tuple[int, int] | None = None  # a dateline's month and day, year unknown
    outlet: str | None = None
    body_start: int = 0  # where the report's own words begin (after header and dateline)


def read_report_date(text: str) -> ReportDate:
    """The publication date, dateline outlet and body start `text`'s header gives."""
    header_end = _header_end(text)
    header = text[:header_end]
    published: date | None = None
    body_start = 0
    for m in _STAMP.finditer(header):
        when = _written(m)
        if isinstance(when, date) and (published is None or when > published):
            published = when
        body_start = max(body_start, m.end())
    if published is None:
        for m in _BARE_DATE.finditer(header):
            when = _written(m)
            if isinstance(when, date):
                published = when
                body_start = max(body_start, m.end())
                break
    month_day: tuple[int, int] | None = None
    outlet: str | None = None
    dateline = _DATELINE.search(text, 0, header_end)
    if dateline is not None and (
        dateline.group("outlet")
        or dateline.group("mname")
        or dateline.group("dname")
        or dateline.group("iso")
        # A place alone ("WASHINGTON —") only before a true dash: an upper-case word and a
        # hyphen ("NATO - the alliance") is too often the text itself.
        or (dateline.group("dash") in "—–―" and len(dateline.group("place")) > 2)
    ):
        when = _written(dateline)
        if isinstance(when, date):
            published = published or when
        elif isinstance(when, tuple):
            month_day = when
        outlet = " ".join(dateline.group("outlet").split()) if dateline.group("outlet") else None
        body_start = dateline.end()
    if published is not None:
        month_day = None
    return ReportDate(published, month_day, outlet, body_start)


def _header_end(text: str) -> int:
    """The end of the first `_HEADER_LINES` non-blank lines plus the next line's start (a
    dateline opens the first paragraph)."""
    seen = 0
    position = 0
    for line in text.splitlines(keepends=True):
        position += len(line)
        if line.strip():
            seen += 1
            if seen >= _HEADER_LINES:
                break
    return position


def _written(m: re.Match[str]) -> date | tuple[int, int] | None:
    """A date match as a date, as (month, day) when it has no year, or None if invalid."""
    try:
        if m.group("iso"):
            return date.fromisoformat(m.group("iso"))
        if m.group("mname"):
            name, day, year = m.group("mname"), m.group("mday"), m.group("myear")
        elif m.group("dname"):
            name, day, year = m.group("dname"), m.group("dday"), m.group("dyear")
        else:
            return None
        month = MONTHS[name.lower()]
        if year:
            return date(int(year), month, int(day))
        date(2000, month, int(day))  # a real day of that month (leap year allowed)
        return (month, int(day))
    except (ValueError, KeyError):
        return None
