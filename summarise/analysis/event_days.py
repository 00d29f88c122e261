"""The same event on the same day: one fact however differently two reports word it.

"Porters walked off the job on Friday" and "the stoppage began on Friday, June 4" share
almost no word, yet state one fact: a strike, on one day. Two reports give the day in their
own terms (a weekday read against each report's own date, or a calendar date), and
`dates.find_dates` resolves both to a calendar day, so the day is compared, not the words.

An event mention is a word of one of a few news event concepts (`paraphrase.stem`: a crash or
derailment, a strike or walkout, a fire, a resignation, a vote, a closure or reopening, a
collapse, an explosion, an avalanche, an earthquake, a landslide, a capsizing or sinking, an
eruption, an evacuation) with a
day-precise resolved date close to it in the same clause (`NEAR` characters, no sentence or
clause break between): the date must belong to the event, not to another part of the
sentence. Deaths, injuries and arrests are not event concepts here: a story of one attack
holds many of them on one day, and their counts, not their day, say whether two are one.

Two strikes on one day in two places are two facts: claims that both name people or places
and have no name in common (`other_names`) are not one event, however the day agrees.

"Closed until Monday" states when it reopens: a closure with "until" before its date is
read as a reopening on that date (and a suspension as a resumption), so "the ring road stays
shut until Monday" and "the ring road reopens on Monday" are one event, not opposite deeds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from summarise.analysis.claim_facts import ClaimFacts
from summarise.analysis.dates import DateMention, Precision
from summarise.analysis.paraphrase import STRIKE_PHRASES, stem
from summarise.vocabulary import wordset

# Concepts (as `paraphrase.stem` names them) that name one event a story is about.
EVENT_CONCEPTS = frozenset(
    {"~crash", "~strike", "~fire", "~resign", "~vote", "~close", "~reopen", "suspend"}
    | {"collaps", "explos", "avalanch", "earthquak", "landslid", "capsiz", "sink", "erupt"}
    | {"~evacu"}
)
# Stems of one event that the stemmer leaves apart ("exploded" / "explosion", "sank").
_SAME_EVENT = {"explod": "explos", "blast": "explos", "sank": "sink", "sunk": "sink"}
# A closure "until" a date is the reopening on it.
UNTIL_MEANS = {"~close": "~reopen", "suspend": "~reopen"}
NEAR = 40  # characters between an event word and its date
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_BREAK = re.compile(r"[.;:!?]|,\s+(?:and|but|while|as|after|before|when)\b|\s-{1,2}\s|—")
_UNTIL = re.compile(r"\buntil\b|\btill\b", re.IGNORECASE)


@dataclass(frozen=True)
class EventDay:
    concept: str
    day: date


def event_days(claim: ClaimFacts) -> frozenset[EventDay]:
    """Each event concept of the claim with the resolved day its nearest date gives it."""
    days = [
        d for d in claim.dates if d.resolved and d.precision is Precision.DAY and not d.range_end
    ]
    if not days:
        return frozenset()
    text = STRIKE_PHRASES.sub(lambda m: " " * (len(m.group(0)) - 6) + "strike", claim.text)
    found: set[EventDay] = set()
    for match in _WORD.finditer(text):
        concept = stem(match.group(0).lower().replace("’", "'"))
        concept = _SAME_EVENT.get(concept, concept)
        if concept not in EVENT_CONCEPTS:
            continue
        mention = _nearest(text, match.start(), match.end(), days)
        if mention is None or mention.resolved is None:
            continue
        if concept in UNTIL_MEANS and _UNTIL.search(text[match.end() : mention.start]):
            concept = UNTIL_MEANS[concept]
        found.add(EventDay(concept, mention.resolved))
    return frozenset(found)


def _nearest(text: str, start: int, end: int, days: list[DateMention]) -> DateMention | None:
    """The date closest to the word, within `NEAR` characters and the same clause."""
    best: tuple[int, DateMention] | None = None
    for mention in days:
        if mention.start >= end:
            between = text[end : mention.start]
        elif mention.end <= start:
            between = text[mention.end : start]
        else:
            continue
        if len(between) > NEAR or _BREAK.search(between):
            continue
        if best is None or len(between) < best[0]:
            best = (len(between), mention)
    return best[1] if best else None


def same_event_day(first: ClaimFacts, second: ClaimFacts) -> frozenset[EventDay]:
    """The events both claims tell on the same resolved day."""
    return event_days(first) & event_days(second)


# Capitalised words that name a time, not who or where.
_TIME_NAMES = wordset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december"
)


def other_names(first: ClaimFacts, second: ClaimFacts) -> bool:
    """Both name someone or somewhere (days and months aside) and no name word is shared:
    another place's or another actor's event on the same day."""

    def names(claim: ClaimFacts) -> frozenset[str]:
        return frozenset(
            w for e in claim.entities for w in e.split() if w not in _TIME_NAMES and len(w) > 2
        )

    mine, theirs = names(first), names(second)
    return bool(mine and theirs and not mine & theirs)
