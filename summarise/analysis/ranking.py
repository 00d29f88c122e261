"""Ranking a story's points: which come first as key points (explained in docs/summary.md).

News first: what the story's reports lead with and headline outranks how many outlets carry an
incidental fact (a point told in the lede of most reports and in their headlines is the event).

score = HEADLINE × headline overlap   share of a report headline's words the point states (best)
      + LEDE   × lede share           share of the story's reports that tell it in their lede
      + LEAD   × (1 - position)       how early in its articles the fact is told (0 = first)
      + SOURCE × min(sources, MAX_SOURCES)  independent sources (agency copies count once)
      + FIGURE × states a figure      a number the story tracks
      + RECENT × recency              0 for the oldest event date in the story, 1 the newest
      - BACKGROUND × is background    context, not news
      - DISPUTED × minority value     a value most sources contradict

Ties: earlier position, then claim id, so the order never depends on input order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

HEADLINE = 2.0
LEDE = 1.5
LEAD = 1.0
SOURCE = 0.5
MAX_SOURCES = 4  # beyond this, more outlets repeating a fact say little about its news value
LEDE_POSITION = 0.12  # a claim starting in the first eighth of its report is in the lede
FIGURE = 0.5
RECENT = 0.5
BACKGROUND = 1.0
DISPUTED = 1.0
KEY_POINTS = 10


@dataclass(frozen=True)
class Rankable:
    id: str
    sources: int
    position: float  # 0..1: the earliest relative offset of any of its claims in its document
    has_figure: bool
    event_date: date | None
    background: bool
    disputed: bool
    headline_overlap: float = 0.0  # 0..1: the best share of a report headline's words it states
    lede_share: float = 0.0  # 0..1: share of the story's reports telling it in their lede


def scores(items: Sequence[Rankable]) -> dict[str, float]:
    dates = sorted({i.event_date for i in items if i.event_date is not None})
    span = (dates[-1] - dates[0]).days if len(dates) > 1 else 0
    out: dict[str, float] = {}
    for item in items:
        recency = 0.0
        if span and item.event_date is not None:
            recency = (item.event_date - dates[0]).days / span
        out[item.id] = round(
            HEADLINE * item.headline_overlap
            + LEDE * item.lede_share
            + SOURCE * min(item.sources, MAX_SOURCES)
            + LEAD * (1.0 - item.position)
            + FIGURE * item.has_figure
            + RECENT * recency
            - BACKGROUND * item.background
            - DISPUTED * item.disputed,
            4,
        )
    return out


def ranked(items: Sequence[Rankable]) -> list[str]:
    """Ids, best first."""
    score = scores(items)
    return [i.id for i in sorted(items, key=lambda i: (-score[i.id], i.position, i.id))]
