"""Numbers written in words: "Twelve people", "two dozen", "a hundred", "forty-five".

The summary re-reads claim text with this so that a figure written out counts like one
written in digits, whichever extractor produced the claim. Written by hand: the libraries
that parse number words (word2number, text2num) either raise on ordinary prose around the
number or need a language model; we need "find every run in a sentence", which is small.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000}
BIG = {"billion": 1_000_000_000}
_ALL = {**UNITS, **TENS, **SCALES, **BIG}
_WORD = r"(?:" + "|".join(sorted(_ALL, key=len, reverse=True)) + r")"
# A run of number words ("two hundred and fifty", "forty-five"), optionally opened by "a"
# ("a hundred", "a dozen": only before a scale word).
_RUN = re.compile(
    r"\b(?:(?P<article>an?)\s+(?=(?:dozen|hundred|thousand|million)\b))?"
    + _WORD
    + r"(?:(?:\s+and\s+|\s+|-)"
    + _WORD
    + r")*\b",
    re.IGNORECASE,
)
# "one" alone is a pronoun far more often than a count ("one of the hostages").
_NOT_ALONE = frozenset({"one", "zero"})


@dataclass(frozen=True)
class SpelledNumber:
    start: int
    end: int
    raw: str
    value: float


def spelled_numbers(text: str) -> list[SpelledNumber]:
    """Every number written in words in `text`, in order."""
    out: list[SpelledNumber] = []
    for m in _RUN.finditer(text):
        words = re.split(r"[\s-]+", m.group(0).lower())
        if words[0] in ("a", "an"):
            words[0] = "one"
        words = [w for w in words if w != "and"]
        if len(words) == 1 and words[0] in _NOT_ALONE:
            continue
        if all(w in SCALES or w in BIG for w in words) and not m.group("article"):
            continue  # "million" of "1.9 million": the digits' figure, not a number of its own
        value = _value(words)
        if value is not None:
            out.append(SpelledNumber(m.start(), m.end(), m.group(0), value))
    return out


def _value(words: list[str]) -> float | None:
    total = 0
    current = 0
    seen = False
    for word in words:
        if word in UNITS or word in TENS:
            current += UNITS.get(word, 0) + TENS.get(word, 0)
            seen = True
        elif word == "dozen":
            current = (current or 1) * 12
            seen = True
        elif word == "hundred":
            current = (current or 1) * 100
            seen = True
        elif word in ("thousand", "million", "billion"):
            total += (current or 1) * _ALL[word]
            current = 0
            seen = True
        else:
            return None
    return float(total + current) if seen else None
