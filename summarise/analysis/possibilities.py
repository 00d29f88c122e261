"""A possibility beside a fact: a plan, condition or expectation and a report told as done.

The lower gate of `corroboration.TfidfMatcher` links two claims sharing three words that are
not names ("the councils", "first", "joint"). When one claim tells what may happen and the
other what did, three shared words are often only the story's topic: "the councils' first
joint ferry is expected next spring" and "the councils opened their first joint bus depot"
are two facts. A plan and what came of it still share something beyond the topic:
the day ("the ballot would close on Thursday" / "Thursday's ballot") or the voice (the mayor's
"it is unfair" / the mayor called the levy "unfair" but said she could accept another).
"""

from __future__ import annotations

import re

from summarise.analysis.claim_facts import ClaimFacts
from summarise.analysis.dates import Precision

_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)


def possible_and_told(first: ClaimFacts, second: ClaimFacts) -> bool:
    """One claim tells a possibility (`ClaimFacts.hypothetical`) and the other does not, and
    they give no day and no voice in common to tie the plan to what came of it."""
    if first.hypothetical == second.hypothetical:
        return False
    return not (one_day(first, second) or one_voice(first, second))


def one_day(first: ClaimFacts, second: ClaimFacts) -> bool:
    """Both give one day: the same explicit date, the same weekday as written (possessives
    too: "Thursday's vote" / "on Thursday"), or dates that resolve to the same calendar day."""
    mine = {d.month_day for d in first.dates if d.explicit}
    if mine & {d.month_day for d in second.dates if d.explicit}:
        return True
    if _weekdays(first.text) & _weekdays(second.text):
        return True
    days = {d.resolved for d in first.dates if d.resolved and d.precision is Precision.DAY}
    return bool(days & {d.resolved for d in second.dates if d.precision is Precision.DAY})


def one_voice(first: ClaimFacts, second: ClaimFacts) -> bool:
    """The same speaker, or the one claim's speaker named in the other, which credits nobody
    ("'It is unfair,' the mayor said" / "the mayor called the levy 'unfair'")."""
    if first.speaker & second.speaker:
        return True
    if first.speaker and second.speaker:
        return False
    lone = first.speaker or second.speaker
    named = {w for e in first.entities | second.entities for w in e.lower().split()}
    return bool(lone & named)


def _weekdays(text: str) -> frozenset[str]:
    return frozenset(m.group(0).lower() for m in _WEEKDAY.finditer(text))
