"""Figures of a report's claims read together, in the report's order: a number that says
only that it is "the figure", "the number" or "the count" ("the union put the number at
140", "the true figure was almost 900") counts what the same value counted earlier in the
story counts (in its own report first, then in any report of the story), else what the
report's last counted figure before it counts, as a reader takes it. A claim that opens by
saying what was just said was wrong ("That was wrong by ten: ...") strikes the counts of the
claim before it.

Pure: claims in, facts out; each claim's own reading is `figure_facts.figures_of`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from summarise.analysis.figure_facts import FigureFact, counting_as, figures_of
from summarise.backends.regex.figures import ORDINALS
from summarise.models import Claim

_ORDINAL_WORDS = frozenset({"first", *ORDINALS})
# How many claims back an antecedent may be: "the figure" refers to what was just said.
REACH = 3


def figures_in_reports(claims: Iterable[Claim]) -> dict[str, tuple[FigureFact, ...]]:
    """Each claim's figures (by claim id), "the figure"-style numbers resolved against the
    figures stated before them in the same report."""
    by_document: dict[str, list[Claim]] = defaultdict(list)
    own: dict[str, tuple[FigureFact, ...]] = {}
    # Values the story's reports state as counts of something: "the company said the figure
    # was 95" restates the 95 staff another report gave, before anything counted near it.
    stated: dict[float, FigureFact] = {}
    for claim in claims:
        by_document[claim.document_id].append(claim)
        own[claim.id] = figures_of(claim)
        for fact in own[claim.id]:
            if _antecedent(fact) and not fact.anaphor:
                stated.setdefault(fact.value, fact)
    out: dict[str, tuple[FigureFact, ...]] = {}
    for document_claims in by_document.values():
        document_claims.sort(key=lambda c: (c.quote_start, c.id))
        recent: list[tuple[int, FigureFact]] = []  # (claim index, counted figure)
        for index, claim in enumerate(document_claims):
            facts: list[FigureFact] = []
            for fact in own[claim.id]:
                if fact.anaphor and not fact.counts:
                    # "The inquiry's figure is 19" restates the report's 19, however far
                    # back; otherwise "the figure" is what was just counted.
                    same = [f for _, f in recent if f.value == fact.value]
                    if fact.value in stated:
                        same = same or [stated[fact.value]]
                    near = [f for i, f in recent if index - i <= REACH]
                    if same or near:
                        fact = counting_as(fact, (same or near)[-1])
                if _antecedent(fact):
                    recent.append((index, fact))
                facts.append(fact)
            # (What the claims before it counted: its own parts are no count "just given".)
            earlier = [f for i, f in recent if i < index]
            out[claim.id] = tuple(_breakdown(claim.text, facts, earlier))
            if index and _WRONG_BEFORE.match(claim.text):
                before = document_claims[index - 1].id
                out[before] = _struck(out[before])
    return out


# "That was wrong by ten: ...", "This figure was incorrect.": the claim just before gave a
# count its own report now says was wrong.
_WRONG_BEFORE = re.compile(
    r"^\s*(?:that|this|the|it)\b(?:\s+[a-z]+){0,2}?\s+(?:was|is|had\s+been|has\s+been)\s+"
    r"(?:wrong|incorrect|mistaken|inaccurate|an\s+error|a\s+mistake|not\s+(?:right|correct))\b",
    re.IGNORECASE,
)


def _struck(facts: tuple[FigureFact, ...]) -> tuple[FigureFact, ...]:
    """The counts of a claim the next one says were wrong: corrected values, kept in the
    history but never leading nor disputing."""
    return tuple(replace(f, role="corrected") if _antecedent(f) else f for f in facts)


# "Of those, 51 were students and 12 were ...", "Of the dead, 12 were women and five were
# men": a breakdown of the count just given.
_BREAKDOWN = re.compile(
    r"^\s*(?:of|among)\s+(?:those|them|these|whom|the\s+(?:dead|injured|wounded|victims|missing|"
    r"survivors|arrested|detained|rescued))\b",
    re.IGNORECASE,
)


def _breakdown(text: str, facts: list[FigureFact], before: list[FigureFact]) -> list[FigureFact]:
    """A claim opening "Of those," whose values sum to the count just before it states that
    count again in parts: the parts are parts, and their sum is a statement of the count."""
    values = [f for f in facts if not f.role and not f.context and not f.duration]
    if len(values) < 2 or not before or not _BREAKDOWN.match(text):
        return facts
    total = sum(f.value for f in values)
    model = before[-1]
    if total != model.value:
        return facts
    parts = {id(f) for f in values}
    whole = replace(
        counting_as(values[0], model),
        value=total,
        raw=f"{total:,.0f}" if total == int(total) else f"{total:,}",  # the sum, as a value
        subset=False,
        anaphor=False,
        qualifier="",
        approximate=False,
    )
    return [replace(f, role="part") if id(f) in parts else f for f in facts] + [whole]


def _antecedent(fact: FigureFact) -> bool:
    """A figure "the figure" may refer to: a stated count of something, not a part,
    subset, capacity, other time or duration, nor an ordinal ("the first death", "a sixth
    worker died" tell of one person; "the real number was closer to 600" is a count)."""
    return (
        bool(fact.counts)
        and fact.raw.lower() not in _ORDINAL_WORDS
        and not fact.role
        and not fact.context
        and not fact.subset
        and not fact.duration
    )
