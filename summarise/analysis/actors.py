"""Who a claim names as doing something: named actors two reports share however each writes them.

Outlets title and capitalise the same people differently ("Inspector Tova Renn met" / "Tova
Renn, the county's inspector, Met With ..." in a headline), so comparing whole capitalised runs
misses them. An actor here is one capitalised run (`ClaimFacts.entities`), and two claims
share it when a word of it that is not a title is a word of a name in the other claim.
"""

from __future__ import annotations

from summarise.analysis.claim_facts import ClaimFacts
from summarise.vocabulary import wordset

_TITLE_WORDS = wordset(
    "the mr mrs ms dr president leader director secretary minister chief prime general "
    "senator governor spokesman spokeswoman officials official inspector mayor"
)


def shared_actors(first: ClaimFacts, second: ClaimFacts) -> int:
    """How many named actors both claims name, counted on the side naming fewer: an actor
    is one capitalised run, and it is shared when a word of it (not a title) is a word of a
    name in the other claim, so "Osk Palander" meets "Fenlow Mayor Osk Palander"."""

    def name_words(claim: ClaimFacts) -> dict[str, frozenset[str]]:
        runs = [
            e for e in claim.entities if not any(e != o and e in o.split() for o in claim.entities)
        ]
        return {
            e: frozenset(w for w in e.split() if len(w) > 2 and w not in _TITLE_WORDS) for e in runs
        }

    mine, theirs = name_words(first), name_words(second)
    mine_all = frozenset().union(*mine.values()) if mine else frozenset()
    theirs_all = frozenset().union(*theirs.values()) if theirs else frozenset()
    return min(
        sum(bool(words & theirs_all) for words in mine.values()),
        sum(bool(words & mine_all) for words in theirs.values()),
    )
