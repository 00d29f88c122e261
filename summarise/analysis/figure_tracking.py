"""Figures as tracked quantities: what each counts, and how its value moved over time.

Every figure of a story's accepted claims is keyed by what it measures (`FigureFact.quantity`:
the counted noun phrase, synonyms folded, and what happened to the things counted), so
"staff and students" and "students" are two quantities. Values are never split by size: a
rising toll from 3 to 40 is one quantity, and so is a dispute between 900 and 2,600.

Reports of one quantity are put in time order by their report's date (`published`, resolved
from datelines by analysis.dates). Reports of one day are one time. An undated report is
placed by the batch order it came in: after the dated reports before it and before those
after it, as a time of its own (it is shown undated, and never set against a dated value).

- Sources reporting at the same time with different values disagree: while the latest
  reports disagree the quantity is disputed (conflict detection records it for review).
- A later report with a new value is an update: it leads, and the earlier values become its
  history ("injured: 40 (up from 25, 31 reported earlier)"), even when it falls.
- A value a claim gives as the earlier one ("down to four from five", "up from 25") is not a
  new statement of it; one it says was wrong ("revised ... from five", "an earlier version
  said") is struck from the history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from summarise.analysis.claim_facts import ACTIONS, FigureFact, same_value
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
        return noun
    return f"{noun} {PAST_TENSE[action]}"


Copies = Callable[[Sequence[str]], Sequence[tuple[int, int]]]
Slot = tuple[date, int, int]  # (date, 0 dated / 1 undated, undated run); see _slots


def track(reports: Sequence[StatedFigure], copies: Copies) -> list[TrackedQuantity]:
    """Quantities reported at least once with something counted, most sources first.

    `copies` gives, for a list of claim ids, the index pairs that are one copy (see
    `sources.distinct_sources`)."""
    by_quantity: dict[tuple[str, tuple[str, ...], str], list[StatedFigure]] = defaultdict(list)
    for report in reports:
        if report.figure.counts:
            by_quantity[report.figure.quantity()].append(report)
    slots = _slots(reports)
    out = []
    for _, group in sorted(by_quantity.items()):
        tracked = _track_one(group, copies, slots)
        if tracked is not None:
            out.append(tracked)
    return sorted(out, key=lambda q: (not q.changed, -q.sources, -len(q.history), q.subject))


def _slots(reports: Sequence[StatedFigure]) -> dict[str, Slot]:
    """Each document's place in time. Dated: its date. Undated: just after the latest dated
    document before it in batch order (or before all when none is), one slot per run of
    undated documents between two dated ones."""
    documents = sorted({(r.order, r.document_id, r.published) for r in reports})
    out: dict[str, Slot] = {}
    last = date.min
    run = 0
    for _, document_id, published in documents:
        if published is not None:
            last = max(last, published)
            run += 1
            out[document_id] = (published, 0, 0)
        else:
            out[document_id] = (last, 1, run)
    return out


def _track_one(
    reports: list[StatedFigure], copies: Copies, slots: dict[str, Slot]
) -> TrackedQuantity | None:
    struck = {r.figure.value for r in reports if r.figure.role == "corrected"}
    stated = [r for r in reports if not r.figure.role and r.figure.value not in struck]
    if not stated:
        return None
    times = sorted({slots[r.document_id] for r in stated})
    steps: list[Step] = []
    step_times: list[Slot] = []
    for moment in times:
        at = [r for r in stated if slots[r.document_id] == moment]
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
            is_range = len({r.figure.value for r in group}) > 1
            steps.append(
                Step(
                    value=group[-1].figure.value if is_range else group[0].figure.value,
                    label=range_label
                    if is_range
                    else max(set(raw_labels), key=lambda v: (raw_labels.count(v), v)),
                    reported=moment[0] if moment[1] == 0 else None,
                    reports=tuple(group),
                    sources=distinct_sources(supports, copies([r.claim_id for r in group])),
                )
            )
            step_times.append(moment)
    last = [s for s, moment in zip(steps, step_times, strict=True) if moment == times[-1]]
    latest = max(last, key=lambda s: (s.sources, len(s.reports), s.value))
    # Disputed: the latest reports disagree. An earlier disagreement that a later report
    # settled is history, not a dispute.
    changed = len({s.value for s in steps}) > 1
    status = "disputed" if len(last) > 1 else ("updated" if changed else "stable")
    return TrackedQuantity(subject(latest.reports[0].figure), status, latest, tuple(steps))
