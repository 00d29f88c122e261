"""Figures as tracked quantities: what each counts, and how its value moved over time.

Every figure of a story's accepted claims is keyed by what it measures (`FigureFact.quantity`:
the counted noun phrase, synonyms folded, and what happened to the things counted), so
"staff and students" and "students" are two quantities. Values are never split by size: a
rising toll from 3 to 40 is one quantity, and so is a dispute between 700 and 1,900.

Reports of one quantity are put in time order by their report's date (`published`, resolved
from datelines by analysis.dates). Reports of one day are one time. An undated report is
placed by what it says, never by a guess: when it gives a dated report's value as the earlier
one ("down from a peak of 2,900") it comes after that report (`place_undated`), and is shown
undated; otherwise it is taken as of the quantity's latest dated report, so a value it
differs on is a dispute, never a step in a trend.

- Sources reporting at the same time with different values disagree: while the latest
  reports disagree the quantity is disputed (conflict detection records it for review).
- A later report with a new value is an update: it leads, and the earlier values become its
  history ("injured: 40 (up from 25, 31 reported earlier)"), even when it falls.
- A value a claim gives as the earlier one ("down to six from seven", "up from 25") is not a
  new statement of it; one it says was wrong ("revised ... from five", "an earlier version
  said") is struck from the history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from summarise.analysis.figure_facts import ACTIONS, FigureFact, same_value
from summarise.analysis.sources import Support, distinct_sources
from summarise.vocabulary import PAST_TENSE


@dataclass(frozen=True)
class StatedFigure:
    """One claim's statement of a figure: which value, from which document, and when."""

    claim_id: str
    document_id: str
    figure: FigureFact
    published: date | None
    order: int  # the document's place in batch order
    support: Support
    story_id: int | None = None  # an earlier story's report, carried into a follow-up


@dataclass(frozen=True)
class Step:
    """One value at one time: the reports stating it."""

    value: float
    label: str
    reported: date | None
    reports: tuple[StatedFigure, ...]
    sources: int


@dataclass(frozen=True)
class TrackedQuantity:
    subject: str
    status: str  # stable | updated | disputed
    latest: Step
    history: tuple[Step, ...]  # oldest first

    @property
    def sources(self) -> int:
        return max(step.sources for step in self.history)

    @property
    def changed(self) -> bool:
        return self.status != "stable"


def label(figure: FigureFact) -> str:
    return f"{figure.qualifier} {figure.raw}".strip()


def subject(figure: FigureFact) -> str:
    noun = figure.counts
    action = figure.action
    if not action or any(w.lower() in ACTIONS for w in noun.split()):
        named = noun
    else:
        named = f"{noun} {PAST_TENSE[action]}"
    # Another quantity than the story's count says so: "homes destroyed (another time)".
    return f"{named} ({_CONTEXT_NAMES[figure.context]})" if figure.context else named


_CONTEXT_NAMES = {"capacity": "capacity", "plan": "planned", "other": "another time"}


Copies = Callable[[Sequence[str]], Sequence[tuple[int, int]]]
Slot = tuple[date, int]  # (date, 0 dated / 1 undated but placed after it); see _slots


def track(reports: Sequence[StatedFigure], copies: Copies) -> list[TrackedQuantity]:
    """Quantities reported at least once with something counted, most sources first.

    `copies` gives, for a list of claim ids, the index pairs that are one copy (see
    `sources.distinct_sources`)."""
    by_quantity: dict[tuple[str, tuple[str, ...], str], list[StatedFigure]] = defaultdict(list)
    for report in reports:
        if report.figure.counts and not report.figure.duration:
            by_quantity[report.figure.quantity()].append(report)
    slots = _slots(reports)
    out = []
    for _, group in sorted(by_quantity.items()):
        tracked = _track_one(group, copies, slots)
        if tracked is not None:
            out.append(tracked)
    return sorted(out, key=display_order)


def display_order(q: TrackedQuantity) -> tuple[bool, bool, int, int, str]:
    """Changed quantities first, then by sources; another quantity than the story's own (a
    capacity, a plan, another year's count) after all of the story's own: context, not news."""
    return (
        bool(q.latest.reports[0].figure.context),
        not q.changed,
        -q.sources,
        -len(q.history),
        q.subject,
    )


def place_undated(
    figures: Iterable[tuple[str, FigureFact]], published: Mapping[str, date | None]
) -> dict[str, date]:
    """Undated documents that give a dated document's value as the earlier one ("down from
    a peak of 2,900"): each placed after the latest such document's date."""
    figures = list(figures)
    stated: dict[float, set[date]] = defaultdict(set)
    for document_id, figure in figures:
        when = published.get(document_id)
        if when is not None and not figure.role:
            stated[figure.value].add(when)
    out: dict[str, date] = {}
    for document_id, figure in figures:
        before = figure.role in _BEFORE
        if published.get(document_id) is None and before and stated.get(figure.value):
            latest = max(stated[figure.value])
            out[document_id] = max(out.get(document_id, latest), latest)
    return out


# Roles that give a value as one stated before (not a capacity, plan or place).
_BEFORE = frozenset({"earlier", "corrected"})


def _slots(reports: Sequence[StatedFigure]) -> dict[str, Slot | None]:
    """Each document's place in time: its date, just after the dated report it follows
    (see `place_undated`), or None (undated: as of each quantity's latest dated report)."""
    published = {r.document_id: r.published for r in reports}
    after = place_undated(((r.document_id, r.figure) for r in reports), published)
    out: dict[str, Slot | None] = {}
    for document_id, when in published.items():
        if when is not None:
            out[document_id] = (when, 0)
        elif document_id in after:
            out[document_id] = (after[document_id], 1)
        else:
            out[document_id] = None
    return out


def _track_one(
    reports: list[StatedFigure], copies: Copies, slots: dict[str, Slot]
) -> TrackedQuantity | None:
    struck = {r.figure.value for r in reports if r.figure.role == "corrected"}
    stated = [r for r in reports if not r.figure.role]
    if not stated:
        return None
    known = sorted({t for r in stated if (t := slots[r.document_id]) is not None})
    latest_dated = max((t for t in known if t[1] == 0), default=None)

    def slot(report: StatedFigure) -> Slot | None:
        return slots[report.document_id] or latest_dated

    times = sorted({t for r in stated if (t := slot(r)) is not None}) or [None]
    steps: list[Step] = []
    step_times: list[Slot | None] = []
    for moment in times:
        at = [r for r in stated if slot(r) == moment]
        range_label = ""
        values: list[list[StatedFigure]] = []
        for report in sorted(at, key=lambda r: (r.order, r.claim_id)):
            for group in values:
                if same_value(group[0].figure, report.figure):
                    group.append(report)
                    break
            else:
                values.append([report])
        if len(values) > 1 and len({r.claim_id for r in at}) == 1:
            # One claim giving two values ("between 30 and 40") states a range, not a dispute.
            ordered = sorted(at, key=lambda r: r.figure.value)
            range_label = f"{label(ordered[0].figure)}–{ordered[-1].figure.raw}"
            values = [ordered]
        for group in sorted(values, key=lambda g: g[0].figure.value):
            supports = [r.support for r in group]
            raw_labels = [label(r.figure) for r in group]
            # A range ("between 30 and 40") when one claim gave the values; hedged values
            # taken as one ("nearly 20,000", "more than 19,600") show the most stated label,
            # never an empty one.
            is_range = bool(range_label) and len({r.figure.value for r in group}) > 1
            common = max(set(raw_labels), key=lambda v: (raw_labels.count(v), v))
            steps.append(
                Step(
                    value=group[-1].figure.value
                    if is_range
                    else next(r.figure.value for r in group if label(r.figure) == common),
                    label=range_label if is_range else common,
                    # Undated reports are placed, but shown undated.
                    reported=moment[0] if moment and any(r.published for r in group) else None,
                    reports=tuple(group),
                    sources=distinct_sources(supports, copies([r.claim_id for r in group])),
                )
            )
            step_times.append(moment)
    # A struck value stays in the history (it was reported) but never leads or disputes.
    standing = [s.value not in struck for s in steps]
    if not any(standing):
        standing = [True] * len(steps)
    final = times[-1]
    if not standing[-1] or step_times[-1] != final:
        final = [m for m, ok in zip(step_times, standing, strict=True) if ok][-1]
    last = [
        s
        for s, moment, ok in zip(steps, step_times, standing, strict=True)
        if moment == final and ok
    ]
    latest = max(last, key=lambda s: (s.sources, len(s.reports), s.value))
    # Disputed: the latest reports disagree. An earlier disagreement that a later report
    # settled is history, not a dispute.
    changed = len({s.value for s in steps}) > 1 or bool(struck)  # a correction is news
    # Only different reports dispute: two values in one report count two things.
    disputed = len({r.document_id for s in last for r in s.reports}) > 1 and len(last) > 1
    status = "disputed" if disputed else ("updated" if changed else "stable")
    return TrackedQuantity(subject(latest.reports[0].figure), status, latest, tuple(steps))
