"""The synthesis contract shared by the model call and the summary: what a synthesis may say.

A synthesis sentence is shown only if every point it cites is one of the story's accepted
key points, and every number and date in it appears in the points it cites. Pure and
dependency-free, so the summary checks cached and fresh answers with the same rules the
model's reply is validated (and re-asked) with.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

MAX_WORDS = 120
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_MONTH_DAY = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+(\d{1,2})\b|\b(\d{1,2})\s+(January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\b"
)
_NUMBER_WORDS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SynthesisPoint:
    ref: str
    text: str
    sources: int = 1


def numbers_in(text: str) -> set[str]:
    """Digits (separators dropped), month-day dates and number words a text states."""
    found = {m.group(0).replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)}
    for m in _MONTH_DAY.finditer(text):
        month = m.group(1) or m.group(4)
        day = m.group(2) or m.group(3)
        found.add(f"{month} {int(day)}")
        found.discard(day)
    found |= {w.lower() for w in _NUMBER_WORDS.findall(text)}
    return found


def check(
    sentences: Sequence[tuple[str, Sequence[str]]], points: Sequence[SynthesisPoint]
) -> list[str]:
    """What is wrong with a synthesis (empty: it may be shown)."""
    by_ref = {p.ref: p for p in points}
    problems: list[str] = []
    if not sentences:
        problems.append("the synthesis has no sentences")
    words = sum(len(text.split()) for text, _ in sentences)
    if words > MAX_WORDS:
        problems.append(f"the synthesis has {words} words; at most {MAX_WORDS} are allowed")
    for number, (text, refs) in enumerate(sentences, start=1):
        if not refs:
            problems.append(f"sentence {number} cites no point")
            continue
        unknown = [r for r in refs if r not in by_ref]
        if unknown:
            problems.append(
                f"sentence {number} cites {', '.join(unknown)}: not an accepted key point "
                f"(cite only: {', '.join(by_ref)})"
            )
            continue
        allowed: set[str] = set()
        for ref in refs:
            allowed |= numbers_in(by_ref[ref].text)
        unsupported = sorted(numbers_in(text) - allowed)
        if unsupported:
            problems.append(
                f"sentence {number} states {', '.join(unsupported)}, which the points it cites "
                f"({', '.join(refs)}) do not"
            )
    return problems
