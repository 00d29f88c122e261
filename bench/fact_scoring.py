"""Scoring claims against human-written atomic facts (RoSE ACUs), and the claim-shape checks.

A fact is *covered* at a threshold t when some claim holds at least t of the fact's content
words (lower-cased words outside a stop list, possessive "'s" dropped): "Brown was shot by a
white police officer" needs 3 of {brown, shot, white, police, officer} at 60%. No stemming:
"announced" does not cover "announcement", for claims and baselines alike, so the
comparison stays fair and the figure stays easy to reproduce by hand.

Everything here is pure: texts in, numbers out. `bench.claim_quality` feeds it a database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


def _wordset(words: str) -> frozenset[str]:
    """A rule table written as one string of space-separated words."""
    return frozenset(words.split())


THRESHOLDS = (0.5, 0.6, 0.7)
HEADLINE_THRESHOLD = 0.6

STOP_WORDS = _wordset(
    "a an the and or but nor so yet for of in on at to from by with without about above "
    "below into onto over under after before since until during between among through "
    "against is are was were be been being am has have had having do does did done will "
    "would shall should can could may might must not no it its it's this that these those "
    "there here he him his she her hers they them their theirs we us our ours i me my "
    "mine you your who whom whose which what when where why how than then as if also just "
    "only very more most much many some any all each both such other own same too s t "
    "said says say"
)
# Words that open a claim that cannot stand alone: "He added ...", "It said ...". Third
# person only: a quotation opening with "I" or "We" is its speaker talking, and the speaker
# is named by the claim's attribution.
PRONOUNS = frozenset(["he", "she", "it", "they", "him", "her", "his", "its", "their", "them"])

# "It" standing for nothing ("It was not immediately clear if ...", "It emerged that ..."):
# the sentence stands alone, so the shape check counts it apart.
DUMMY_IT = re.compile(
    r"^It\s+(?:is|was|has\s+been|had\s+been|will\s+be|would\s+be|remains|remained|seems|"
    r"seemed|appears|appeared|emerged|emerges)\s+(?:not\s+)?(?:[a-z]+\s+)?(?:clear|unclear|"
    r"likely|unlikely|possible|impossible|important|unusual|time|that|to|for|if|whether|"
    r"claimed|reported|said|understood|believed|thought|expected|feared|known)\b"
)
_WORD = re.compile(r"[a-z0-9]+(?:[’'][a-z]+)?")
_LEADING_PUNCTUATION = re.compile(r"^[\W_]+")


def content_words(text: str) -> frozenset[str]:
    words = set()
    for word in _WORD.findall(text.lower()):
        word = word.removesuffix("'s").removesuffix("’s")
        if word not in STOP_WORDS:
            words.add(word)
    return frozenset(words)


def covers(fact: frozenset[str], text: frozenset[str], threshold: float) -> bool:
    return bool(fact) and len(fact & text) >= threshold * len(fact) - 1e-9


def starts_with_pronoun(text: str) -> bool:
    """'He added ...', '"They ..."': the first word is a bare personal pronoun."""
    first = _LEADING_PUNCTUATION.sub("", text).split(" ", 1)[0]
    return first.lower().rstrip(",’'") in PRONOUNS


def starts_with_dummy_it(text: str) -> bool:
    return DUMMY_IT.match(_LEADING_PUNCTUATION.sub("", text)) is not None


def has_unbalanced_quotes(text: str) -> bool:
    """Double quotation marks that cannot pair up. Straight marks pair with either curly
    one, since copy often mixes them ("“We will go," he said")."""
    opening, closing, straight = text.count("“"), text.count("”"), text.count('"')
    return (opening + closing + straight) % 2 == 1 or abs(opening - closing) > straight


@dataclass
class SystemScore:
    """One system's figures over a set of articles (a backend's claims, or a baseline)."""

    name: str
    articles: int = 0
    facts: int = 0
    units: int = 0  # claims (or sentences, for a baseline) over the gold articles
    covered: dict[float, int] = field(default_factory=lambda: dict.fromkeys(THRESHOLDS, 0))
    useful_units: int = 0  # units covering at least one fact at the headline threshold

    def add(self, facts: Sequence[str], units: Sequence[str]) -> None:
        fact_words = [w for w in (content_words(f) for f in facts) if w]
        unit_words = [content_words(u) for u in units]
        self.articles += 1
        self.facts += len(fact_words)
        self.units += len(units)
        for threshold in THRESHOLDS:
            self.covered[threshold] += sum(
                any(covers(f, u, threshold) for u in unit_words) for f in fact_words
            )
        self.useful_units += sum(
            any(covers(f, u, HEADLINE_THRESHOLD) for f in fact_words) for u in unit_words
        )

    def recall(self, threshold: float = HEADLINE_THRESHOLD) -> float:
        return self.covered[threshold] / self.facts if self.facts else 0.0

    def as_dict(self) -> dict[str, float | int | str]:
        out: dict[str, float | int | str] = {"name": self.name, "articles": self.articles}
        out["facts"] = self.facts
        for threshold in THRESHOLDS:
            out[f"recall_{round(threshold * 100)}"] = round(self.recall(threshold), 3)
        out["per_article"] = round(self.units / self.articles, 1) if self.articles else 0.0
        out["covering_share"] = round(self.useful_units / self.units, 3) if self.units else 0.0
        return out


@dataclass
class ShapeScore:
    """How many claims cannot stand alone, over every article (gold or not)."""

    claims: int = 0
    pronoun_initial: int = 0  # a third-person pronoun opens the claim ...
    dummy_it: int = 0  # ... of which this many are "It was unclear ..." (no referent needed)
    unbalanced_quotes: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, texts: Iterable[str], keep_examples: int = 0) -> None:
        for text in texts:
            self.claims += 1
            bad = False
            if starts_with_pronoun(text):
                self.pronoun_initial += 1
                self.dummy_it += starts_with_dummy_it(text)
                bad = True
            if has_unbalanced_quotes(text):
                self.unbalanced_quotes += 1
                bad = True
            if bad and len(self.examples) < keep_examples:
                self.examples.append(text)

    def as_dict(self) -> dict[str, float | int]:
        share = (lambda n: round(n / self.claims, 3)) if self.claims else (lambda n: 0.0)
        return {
            "claims": self.claims,
            "pronoun_initial_count": self.pronoun_initial,
            "unbalanced_quotes_count": self.unbalanced_quotes,
            "pronoun_initial": share(self.pronoun_initial),
            "pronoun_initial_needing_referent": share(self.pronoun_initial - self.dummy_it),
            "unbalanced_quotes": share(self.unbalanced_quotes),
        }
