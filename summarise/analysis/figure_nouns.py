"""What a number with no noun after it counts, read from the words before it: "the number
of miners hurt ... to five", "the death toll ... to six", "Cancelled operations have reached
1,050", "a limit of 70"; and what happened to the noun so named ("the number of people taken
ill ... to 340").

Pure, on plain text; used by `figure_facts`.
"""

from __future__ import annotations

import re

from summarise.analysis.figure_actions import action_near
from summarise.analysis.terms import normalise
from summarise.vocabulary import wordset

# A counted "noun" that is what happened to them: "30 injured", "five dead" count people.
STATE_NOUNS = frozenset(
    normalise(w)
    for w in wordset("injured wounded dead killed hurt missing evacuated displaced charged")
)
# "the number of miners hurt ... to five", "the death toll ... to six": what a
# number with no noun after it counts.
_NUMBER_OF = re.compile(
    r"\b(?:number|count|total|tally)\s+of\s+(?P<noun>[a-z][a-z\-]*"
    r"(?:\s+(?!(?:was|is|has|his|this|its|as)\b)(?:[a-z][a-z\-]*s|dead|injured|wounded|"
    r"missing|displaced|evacuated|killed|hurt|homeless|detained|arrested)\b)?)"
    r"[^.;:]{0,60}$",
)
# A rule or whole named before its number: "a speed limit of 70", "a population of 1.2
# million" (`figure_roles` makes it a capacity: never the story's count).
_WHOLE_OF = re.compile(
    r"\b(?P<noun>limit|capacity|population|workforce|membership|maximum|ceiling|cap)"
    r"\s+of\s+(?:(?:some|about|around|up to|more than|nearly)\s+)?$",
    re.IGNORECASE,
)
# The counted noun as the subject of a verb that gives its value: "Cancelled operations have
# reached 1,050", "arrests rose to 44" (what happened, "cancelled", is read by the actions).
_SUBJECT_REACHED = re.compile(
    r"\b(?P<noun>[a-z][a-z\-]*s)\s+(?:have\s+|has\s+|had\s+)?(?:now\s+)?"
    r"(?:reached|risen\s+to|rose\s+to|climbed\s+to|grown\s+to|grew\s+to|stood\s+at|"
    r"stand\s+at|stands\s+at|totalled|totaled|numbered|fallen\s+to|fell\s+to)\s+"
    r"(?:(?:some|about|around|nearly|more\s+than|at\s+least|almost)\s+)?$",
    re.IGNORECASE,
)
_TOLL = re.compile(r"\b(?:death|casualty)\s+toll\b[^.;:]{0,90}$", re.IGNORECASE)


def counted_before(text: str, at: int) -> str:
    """What a number with no noun after it counts, from the words before it."""
    before = text[max(0, at - 100) : at]
    if m := _NUMBER_OF.search(before):
        noun = m.group("noun").split()
        # "the number of miners killed": the miners are counted, killing is what happened
        # ("the number of confirmed dead" counts the dead).
        if len(noun) == 2 and normalise(noun[1]) in STATE_NOUNS and not noun[0].endswith("ed"):
            return noun[0]
        return " ".join(noun)
    if _TOLL.search(before):
        return "dead"
    if m := _SUBJECT_REACHED.search(before):
        return m.group("noun").lower()  # "Cancelled operations have reached 1,050"
    if m := _WHOLE_OF.search(before):
        return m.group("noun").lower()  # "a limit of 70": the limit is what the number is
    return ""


def named_action(text: str, at: int) -> str | None:
    """What happened to what "the number of X ..." before a number names: read at X."""
    start = max(0, at - 100)
    if m := _NUMBER_OF.search(text[start:at]):
        return action_near(text, start + m.start("noun"), len(m.group("noun")))
    return None
