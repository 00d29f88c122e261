"""Putting claims in the order things happened.

A claim's event date is the first date it states ("on November 24", "on Tuesday" read
against its document's publication date), else its document's date, else its story's
reference date: so later developments read after earlier ones. Dates given as background
("since the October 7 attacks") do not date the claim.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from summarise.analysis.dates import Precision, find_dates

_BACKGROUND = re.compile(r"\b(?:since|before|prior to|until)\s+(?:\w+\s+){0,6}$", re.IGNORECASE)

T = TypeVar("T")


class DateBasis(StrEnum):
    STATED = "stated"  # the claim says when
    DOCUMENT = "document"  # the document's publication date
    STORY = "story"  # the story's reference date (the document has none)
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class EventDate:
    when: date | None
    basis: DateBasis
    raw: str | None = None  # the words that gave the date, when stated


def event_date(text: str, published: date | None, story_reference: date | None = None) -> EventDate:
    reference = published or story_reference
    for mention in find_dates(text, reference):
        if mention.range_end or mention.resolved is None or mention.precision != Precision.DAY:
            continue  # "last month" orders nothing finer than the document date does
        if _BACKGROUND.search(text[max(0, mention.start - 40) : mention.start]):
            continue
        return EventDate(mention.resolved, DateBasis.STATED, mention.raw)
    if published is not None:
        return EventDate(published, DateBasis.DOCUMENT)
    if story_reference is not None:
        return EventDate(story_reference, DateBasis.STORY)
    return EventDate(None, DateBasis.UNKNOWN)


def ordered(
    items: Sequence[T],
    when: Callable[[T], EventDate],
    tie_break: Callable[[T], tuple[str, int]],
) -> list[T]:
    """Items by event date (undated last), then document and position for equal dates."""
    return sorted(items, key=lambda item: (when(item).when or date.max, *tie_break(item)))
