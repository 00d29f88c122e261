"""Event verbs in a claim, by lemma, each with whether the claim reports it done or planned.

Two reports of one event may share few words ("Haniyeh arrived in Cairo" / "the Hamas chief
landed in Cairo on Wednesday, Haniyeh said"), so the matcher links them on the event verb and
the names they share. But a meeting that "will" happen and one that happened share the verb
and the names too; so each mention of an event verb carries its aspect:

- ``planned``: a modal or plan word governs it ("will meet", "plans to visit", "agreed to
  meet", "is expected to arrive"), or it is an infinitive ("to meet");
- ``done``: a past form ("met", "arrived", "has visited");
- ``unknown``: anything else ("the meeting", "meets"), which links with neither.

A tiny table of irregular forms ("met" -> "meet", "held" -> "hold") and the shared suffix
stripper (``terms.normalise``) give the lemma; no stemming library is needed for a closed
list of a few dozen verbs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from summarise.analysis.terms import normalise, tokens
from summarise.vocabulary import wordset

Aspect = Literal["done", "planned", "unknown"]

# Irregular past forms of the event verbs: form -> lemma.
IRREGULAR = {
    "met": "meet",
    "held": "hold",
    "flew": "fly",
    "flown": "fly",
    "went": "go",
    "gone": "go",
    "withdrew": "withdraw",
    "withdrawn": "withdraw",
    "came": "come",
    "began": "begin",
    "begun": "begin",
    "struck": "strike",
    "fled": "flee",
    "won": "win",
    "lost": "lose",
    "left": "leave",
}

# Lemmas of verbs that name an event (as normalised by `terms.normalise`).
EVENT_LEMMAS = frozenset(
    normalise(w)
    for w in wordset(
        "arrive travel land meet visit veto vote approve sign announce arrest resign elect "
        "suspend delay impose postpone invade withdraw indict charge convict sentence fly "
        "launch release kill strike"
    )
)

# Words that make the event verb after them a plan, an offer or a possibility.
PLAN_CUES = wordset(
    "will would could might may should shall set expected plans plan planned planning "
    "going poised scheduled due intends intend hopes hope wants want agreed offered "
    "proposed ready prepared 'll to"
)
PLAN_WINDOW = 4  # tokens before the verb in which a plan cue governs it
PERFECT = wordset("has have had having")


@dataclass(frozen=True)
class EventMention:
    lemma: str
    aspect: Aspect


def lemma(word: str) -> str:
    """The lemma of a (lower-case) word: irregular table first, then the suffix stripper."""
    return IRREGULAR.get(word) or normalise(word)


def _is_past(word: str) -> bool:
    return word in IRREGULAR or word.endswith("ed")


def event_mentions(text: str) -> frozenset[EventMention]:
    """Every event verb of `text` with its aspect."""
    words = tokens(text)
    found: set[EventMention] = set()
    for index, word in enumerate(words):
        base = lemma(word)
        if base not in EVENT_LEMMAS:
            continue
        before = words[max(0, index - PLAN_WINDOW) : index]
        # A sentence break inside the window ends what governs the verb.
        for cut, token in enumerate(reversed(before)):
            if token in ".;:!?":
                before = before[len(before) - cut :]
                break
        aspect: Aspect
        if PLAN_CUES & set(before) and not PERFECT & set(before[-2:]):
            aspect = "planned"
        elif _is_past(word) or (word.endswith("en") and PERFECT & set(before)):
            aspect = "done"
        else:
            aspect = "unknown"
        found.add(EventMention(base, aspect))
    return frozenset(found)


def same_event_aspect(first: str, second: str) -> frozenset[str]:
    """Event lemmas both texts report with the same known aspect (both done or both planned)."""
    mine = {(m.lemma, m.aspect) for m in event_mentions(first) if m.aspect != "unknown"}
    theirs = {(m.lemma, m.aspect) for m in event_mentions(second) if m.aspect != "unknown"}
    return frozenset(lemma for lemma, _ in mine & theirs)


def aspects_clash(first: str, second: str) -> bool:
    """One reports as done an event the other only plans ("met" / "will meet")."""
    mine = _aspects(first)
    theirs = _aspects(second)
    for name in mine.keys() & theirs.keys():
        a, b = mine[name], theirs[name]
        if (a == {"planned"} and "done" in b) or (b == {"planned"} and "done" in a):
            return True
    return False


def _aspects(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for mention in event_mentions(text):
        if mention.aspect != "unknown":
            out.setdefault(mention.lemma, set()).add(mention.aspect)
    return out
