"""What an extractor states about a figure beyond its words, applied to the figures analysis
reads from the claim's text (`figure_facts`).

A model extractor may say, per figure (`models.Figure`), which earlier value it corrects and
which numbers a total is the sum of (its as-of day is used where reports are put in time
order: `output/summary/figures.reports_of`). Here:

  * `corrects`: the earlier value is struck ("corrected": it stays in a quantity's history
    but never leads or disputes), whether the claim's text states it as a figure of its own
    or only the model named it;
  * `parts`: figures of the claim that are those parts count as parts, not as statements of
    the total ("19 sailors and 3 officers" next to their total, 22).

Empty fields (the regex backend, or a model that gave none) change nothing: the roles read
from the claim's own words ("revised down to 8 from 11", "19 sailors and 3 officers")
remain the fallback for both backends, and a model's field never clears a role the text
gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from summarise.backends.regex.figures import find_figures

if TYPE_CHECKING:  # figure_facts applies this module: importing it back would be a cycle
    from summarise.analysis.figure_facts import FigureFact
    from summarise.models import Figure

PARTS_TOLERANCE = 0.005  # parts given as rounded numbers still make their total


def apply_stated(facts: Sequence[FigureFact], figures: Sequence[Figure]) -> list[FigureFact]:
    """`facts` with the roles the extractor's fields give (see the module docstring)."""
    out = list(facts)
    for figure in figures:
        if figure.corrects:
            out = _strike(out, figure)
        if len(figure.parts) > 1 and _sums_to(figure.parts, figure.value):
            out = _as_parts(out, figure)
    return out


def _number(text: str) -> float | None:
    """The number a value as written states ("11", "eleven", "1.2 million")."""
    found = find_figures(text)
    if found:
        return found[0].value
    try:
        return float(text.replace(",", "").strip())
    except ValueError:
        return None


def _strike(facts: list[FigureFact], figure: Figure) -> list[FigureFact]:
    wrong = _number(figure.corrects)
    if wrong is None or wrong == figure.value:
        return facts
    for index, fact in enumerate(facts):
        if fact.value == wrong and fact.role in ("", "earlier"):
            facts[index] = replace(fact, role="corrected")
            return facts
        if fact.value == wrong and fact.role == "corrected":
            return facts
    # Named only by the model: struck as a value of what the correcting figure counts.
    model = next((f for f in facts if f.raw == figure.raw and f.value == figure.value), None)
    if model is None:
        return facts
    struck = replace(
        model, value=wrong, raw=figure.corrects.strip(), qualifier="", role="corrected"
    )
    return [*facts, struck]


def _sums_to(parts: Sequence[float], total: float) -> bool:
    return abs(sum(parts) - total) <= PARTS_TOLERANCE * max(abs(total), 1.0)


def _as_parts(facts: list[FigureFact], figure: Figure) -> list[FigureFact]:
    remaining = list(figure.parts)
    for index, fact in enumerate(facts):
        if fact.value in remaining and not fact.role and fact.raw != figure.raw:
            facts[index] = replace(fact, role="part")
            remaining.remove(fact.value)
    return facts
