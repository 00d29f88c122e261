"""Parts of one count read together: the total two or more parts of a claim make up, and
what a part whose noun is left out counts.

- "141 passengers and 6 crew", "12 nurses and five drivers": kinds of people summed into a
  count of people; "141 postal votes and 8 proxy votes": kinds of one thing (`with_totals`);
- "140 operations at Arden General and 65 at Tolby": the second part leaves its noun out and
  names its own place; each part is tracked at its place (`elided_from`, `part_place`);
- "21 passengers and its driver": one more person named without a number (`and_one_more`);
- "21 injured people remain in hospital and 12 have gone home": two states of one count its
  noun names (`states_of_one_count`);
- "312 delegates voted for the motion and 95 against": the two sides of a vote, whose sum
  is everyone who voted (`sides_of_a_vote`).

Pure, on a claim's text and the facts `figure_facts` read from it (which calls these).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from summarise.analysis.figure_actions import ACTIONS
from summarise.analysis.terms import normalise
from summarise.vocabulary import wordset

if TYPE_CHECKING:  # figure_facts builds the facts and calls these
    from summarise.analysis.figure_facts import FigureFact

# People counted by what they are: one quantity with "people" ("220 people on board" and
# "141 passengers and 6 crew"); the event (action) tells counts of people apart. A subset
# ("including 40 children", "of them, 12 children") is its own quantity (`FigureFact.subset`),
# never a step in the count of everyone.
PERSON_NOUNS = frozenset(
    normalise(w)
    for w in wordset(
        "people persons individuals residents passengers crew civilians adults men "
        "women villagers inhabitants workers members staff employees personnel staffers "
        "households children guests skiers tourists visitors hikers walkers climbers "
        "spectators commuters"
    )
)
PEOPLE = normalise("people")
_PARTS_JOIN = re.compile(r"^\s*(?:,\s*)?and\s+$")

# "140 operations at Arden General and 65 at St Cole's": the second part leaves its noun out
# and names its own place with the first part's preposition.
_ELIDED_JOIN = re.compile(
    r"^\s+(?P<prep>at|in|on|from|across|inside|outside)\s+[^,;.:\d]{1,50}?,?\s+and\s+$"
)


_PART_PLACE = re.compile(
    r"[^\s]+(?:\s+[a-z]+)*?\s+(?P<place>(?:at|in|on|from|across|inside|outside)\s+[^,;.:\d]{1,50}?)"
    r"(?=,?\s+and\s|[,;.:]|$)"
)


def part_place(text: str, at: int) -> str:
    """The place phrase right after a part's number and noun ("in Tolby"), or ""."""
    found = _PART_PLACE.match(text, at) if at >= 0 else None
    if not found:
        return ""
    words = found.group("place").split()
    # The place ends where its clause goes on: "at Marlow General had closed", "... this week".
    end = next((i for i, w in enumerate(words) if i and w in _PLACE_STOPS), len(words))
    return " ".join(words[:end])


_PLACE_STOPS = frozenset(
    wordset("had has have were was are is will would this last next on by since during")
)


def elided_from(text: str, at: int, raw: str, before: list[FigureFact]) -> FigureFact | None:
    """The part before a number that leaves its counted noun out ("... and 65 at St Cole's"),
    when the number is such a part."""
    if not before or not before[-1].counts or before[-1].role:
        return None
    first = before[-1]
    a = text.rfind(first.label(), 0, at)
    join = _ELIDED_JOIN.match(text[a + len(first.label()) : at]) if a >= 0 else None
    if join is None or not text.startswith(f" {join.group('prep')} ", at + len(raw)):
        return None
    return first


# "21 injured people remain in hospital and 12 have gone home": what became of the parts of
# one count its noun names (injured), the second part's noun left out.
_STATE_JOIN = re.compile(r"^\s+(?:[a-z]+\s+){1,5}?and\s+$")
_OWN_VERB = re.compile(r"\s+(?:have|has|had|were|was|are|is)\b")


def states_of_one_count(text: str, facts: list[FigureFact]) -> list[FigureFact]:
    """The count two parts in different states make up, when the first part's noun says
    what happened to all of them ("injured people", "evacuated residents")."""
    out = list(facts)
    for first, second in itertools.pairwise(facts):
        if first.role or second.role or first.context or not first.counts:
            continue
        named = [ACTIONS[w] for w in first.counts.lower().split() if w in ACTIONS]
        a = text.find(first.label())
        b = text.find(second.raw, a + len(first.label())) if a >= 0 else -1
        if not named or b < 0 or not _STATE_JOIN.match(text[a + len(first.label()) : b]):
            continue
        # The second part's noun is left out (what it counts was only inferred), and a verb
        # of its own follows: "... and 12 have gone home".
        if text.startswith(f" {second.counts}", b + len(second.raw)) and second.counts:
            continue
        if not _OWN_VERB.match(text, b + len(second.raw)):
            continue
        out[out.index(second)] = replace(second, role="part")
        out.append(
            replace(
                first,
                value=first.value + second.value,
                raw=f"{first.raw} and {second.raw}",
                action=named[0],
                approximate=first.approximate or second.approximate,
                subset=False,
            )
        )
    return out


# "312 delegates voted for the motion and 95 against": the first side, then the second
# side's number with its noun left out and "against" (or "in favour") after it.
_FOR_JOIN = re.compile(
    r"^\s+(?:[a-z]+\s+){0,3}?(?:for|against|in\s+favou?r\s+of)\b[^,;.:]*?\s+and\s+$"
)
_AGAINST = re.compile(r"\s+(?:against|in\s+favou?r)\b")


def sides_of_a_vote(text: str, facts: list[FigureFact]) -> list[FigureFact]:
    """Both sides of a vote are parts; their sum counts everyone who voted, as the first
    side's noun names them ("312 delegates ... and 95 against": 407 delegates)."""
    out = list(facts)
    for first, second in itertools.pairwise(facts):
        if first.role or second.role or not first.counts:
            continue
        a = text.find(first.label())
        b = text.find(second.raw, a + len(first.label())) if a >= 0 else -1
        if b < 0 or not _FOR_JOIN.match(text[a + len(first.label()) : b]):
            continue
        if not _AGAINST.match(text, b + len(second.raw)):
            continue
        out[out.index(first)] = replace(first, role="part")
        out[out.index(second)] = replace(
            second, role="part", counts=first.counts, head=first.head, modifiers=first.modifiers
        )
        out.append(
            replace(
                first,
                value=first.value + second.value,
                raw=f"{first.raw} and {second.raw}",
                approximate=first.approximate or second.approximate,
            )
        )
    return out


# "21 passengers and its driver": one more person, named without a number.
_AND_ONE = re.compile(
    r"\s+and\s+(?:its|the|their|a|one|his|her)\s+(?P<one>driver|pilot|captain|skipper|"
    r"conductor|guide|teacher|instructor|coach|guard|leader|engineer)\b(?!\s+(?:and|or)\b)",
    re.IGNORECASE,
)


def and_one_more(text: str, facts: list[FigureFact]) -> list[FigureFact]:
    """A count of people with one more named after it ("21 passengers and its driver") is a
    part of the total of both, which the claim states too (22 people)."""
    out = list(facts)
    for i, fact in enumerate(facts):
        if fact.role or fact.head not in _PARTS_OF_PEOPLE:
            continue
        at = text.find(fact.label())
        if at < 0 or not _AND_ONE.match(text, at + len(fact.label())):
            continue
        out[i] = replace(fact, role="part")
        out.append(
            replace(
                fact,
                value=fact.value + 1,
                raw=f"{fact.raw} {fact.counts} and one",
                counts="people",
                head=PEOPLE,
                modifiers=frozenset(),
            )
        )
    return out


def with_totals(text: str, facts: list[FigureFact]) -> list[FigureFact]:
    """Parts of one count of people ("141 passengers and 6 crew") are summed into a total,
    and the parts kept as parts (not statements of the total)."""
    out = list(facts)
    for first, second in itertools.pairwise(facts):
        people = (
            first.head in _PARTS_OF_PEOPLE
            and second.head in _PARTS_OF_PEOPLE
            and first.head != second.head
        )
        # "141 postal votes and 8 proxy votes": kinds of one thing.
        kinds = (
            first.head is not None
            and first.head == second.head
            and first.modifiers != second.modifiers
        )
        if second.elided and not (first.role or second.role):
            out[out.index(first)] = replace(
                first, role="part", action=second.action, where=first.place
            )
            out[out.index(second)] = replace(second, role="part", where=second.place)
            out.append(
                replace(
                    second,
                    value=first.value + second.value,
                    raw=f"{first.raw} and {second.raw}",
                    approximate=first.approximate or second.approximate,
                    elided=False,
                    place="",
                )
            )
            continue
        if not (people or kinds) or first.role or second.role or first.context != second.context:
            continue
        a = text.find(first.label())
        b = text.find(second.raw, a + len(first.label())) if a >= 0 else -1
        if b < 0 or not _PARTS_JOIN.match(text[a + len(first.label()) : b]):
            continue
        # "141 passengers and 6 crew were on board": what happened to the last part
        # happened to all of them.
        action = first.action or second.action
        out[out.index(first)] = replace(first, role="part", action=action)
        out[out.index(second)] = replace(second, role="part", action=action)
        counts = "people" if people else first.counts.split()[-1]
        # "The captives, 12 nurses and five drivers, ...": the parts of a count the
        # clause names just before them.
        if people and (named := _APPOSITION.search(text[max(0, a - 40) : a])):
            counts = named.group("noun")
        head, _ = counted(counts)
        out.append(
            replace(
                first,
                value=first.value + second.value,
                raw=f"{first.raw} {first.counts} and {second.raw} {second.counts}",
                counts=counts,
                head=head,
                modifiers=frozenset(),
                action=action,
                approximate=first.approximate or second.approximate,
            )
        )
    return out


_APPOSITION = re.compile(r"\b(?:the|its|their|all)\s+(?P<noun>[a-z]+s),\s*$", re.IGNORECASE)
# Kinds of people whose counts add up to a count of people ("12 nurses and five
# drivers"), beyond those that fold into "people" on their own.
_PARTS_OF_PEOPLE = PERSON_NOUNS | frozenset(
    normalise(w)
    for w in wordset(
        "soldiers troops officers police policemen firefighters students supporters nurses "
        "doctors teachers miners journalists tourists pilots sailors fishermen pupils "
        "patients protesters demonstrators guards volunteers farmers pilgrims refugees "
        "migrants climbers hikers fans officials contractors engineers technicians "
        "drivers mechanics electricians labourers"
    )
)


def counted(counts: str) -> tuple[str | None, frozenset[str]]:
    parts = counts.split()
    if not parts:
        return None, frozenset()
    last = parts[-1]
    if last[:1].isupper():  # "Israelis": a people, not a noun phrase with a head
        return None, frozenset(normalise(p) for p in parts)
    return normalise(last), frozenset(normalise(p) for p in parts[:-1])
