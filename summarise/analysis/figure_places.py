"""Counts of one thing that a place or group tells apart: "the attack in Arlow that left 300
dead has been followed by more than 9,000 dead in Bresk" gives two tolls, not one toll's
history.

A figure's place is read from its claim (`place_of`): a place phrase after the counted thing
("9,000 dead in Bresk", "40 among the crew", "12 on the Arlow side"), else one earlier in its
clause, after any other number ("the attack in Arlow that left 300 dead"). A place alone
changes nothing: reports name places loosely ("in Bresk", "in the Bresk valley"), so a count
of the story's toll with a place is still that toll. Only a claim that gives two different
values of one quantity with different places splits that quantity (`by_place`), across the
whole story: each of its values then joins the place its own report names, and a value whose
report names none joins the place whose values are nearest to it (a reader takes "almost
8,000 have died" for the larger toll, not the one of 300).

Pure: stated figures in, stated figures out.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from summarise.analysis.dates import WEEKDAYS
from summarise.vocabulary import MONTHS

if TYPE_CHECKING:  # figure_facts reads places with `place_of`
    from summarise.analysis.figure_facts import FigureFact
    from summarise.analysis.figure_tracking import StatedFigure

_NAME = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*"
# A place or group: "in Bresk", "in the Bresk valley" (a name), "among civilians", "among
# the crew" (not "among them": a subset), "on the Arlow side".
_PLACE = (
    rf"(?P<place>in\s+(?:the\s+)?{_NAME}"
    r"|among\s+(?!them\b|whom\b|those\b|these\b)(?:the\s+)?[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*)?"
    r"|on\s+the\s+[\w'’-]+\s+side)"
)
# Right after the counted thing, a few words of its clause on ("were killed in Bresk").
_AFTER = re.compile(rf"^(?:\s+(?:[a-z][\w'’-]*)){{0,3}}?\s+{_PLACE}")
# Earlier in the clause, the last one before the figure.
_BEFORE = re.compile(rf"\b{_PLACE}")
_NOT_PLACES = frozenset({*WEEKDAYS, *MONTHS})
_BACK = 80  # characters before a figure searched for its place


def place_of(text: str, at: int, label_end: int, previous_end: int = 0) -> str:
    """The place or group phrase of the figure at text[at:] whose label (number and counted
    thing) ends at `label_end`, as written ("in Bresk"), or "". `previous_end`: where the
    claim's figure before it ends (a place before that is that figure's)."""
    clause_end = re.search(r"[.;:!?](?!\d)|,\s", text[label_end:])
    after = text[label_end : label_end + clause_end.start()] if clause_end else text[label_end:]
    if (found := _AFTER.match(after)) and _is_place(found.group("place")):
        return _normal(found.group("place"))
    start = max(previous_end, at - _BACK)
    before = text[start:at]
    cut = [m.end() for m in re.finditer(r"[.;:!?](?!\d)", before)]
    before = before[cut[-1] :] if cut else before
    places = [m.group("place") for m in _BEFORE.finditer(before) if _is_place(m.group("place"))]
    return _normal(places[-1]) if places else ""


def _is_place(phrase: str) -> bool:
    words = phrase.split()
    name = words[2] if len(words) > 2 and words[1] == "the" else words[1]
    return name.lower().strip("'’s") not in _NOT_PLACES


def _normal(phrase: str) -> str:
    return " ".join(phrase.split())


Key = tuple[str, tuple[str, ...], str]


def by_place(reports: Sequence[StatedFigure]) -> list[StatedFigure]:
    """The reports with each figure of a quantity that some claim splits by place carrying
    that place (`FigureFact.where`), so it is tracked as its own quantity."""
    places = _splits(reports)
    if not places:
        return list(reports)
    out = []
    for report in reports:
        figure = report.figure
        known = places.get(figure.quantity())
        if known is None or figure.role in ("location",):
            out.append(report)
            continue
        where = figure.place if figure.place in known else _nearest(figure, known)
        out.append(replace(report, figure=replace(figure, where=where)))
    return out


def _splits(reports: Sequence[StatedFigure]) -> dict[Key, dict[str, list[float]]]:
    """Quantities one claim gives for two places at once, with each place's values."""
    by_claim: dict[tuple[str, Key], list[FigureFact]] = defaultdict(list)
    for report in reports:
        figure = report.figure
        if figure.counts and not figure.role and not figure.context and report.joint != "range":
            by_claim[(report.claim_id, figure.quantity())].append(figure)
    out: dict[Key, dict[str, list[float]]] = {}
    for (_, key), figures in by_claim.items():
        placed = {f.place for f in figures}
        if len(placed) < 2 or len({f.value for f in figures}) < 2 or not all(placed):
            continue
        found = out.setdefault(key, {})
        for figure in figures:
            found.setdefault(figure.place, []).append(figure.value)
    return out


def _nearest(figure: FigureFact, places: dict[str, list[float]]) -> str:
    """The place whose values are closest to the figure's, by ratio."""
    if figure.value <= 0:
        return min(places)

    def distance(place: str) -> float:
        return min(abs(math.log(figure.value / v)) if v > 0 else math.inf for v in places[place])

    return min(sorted(places), key=distance)
