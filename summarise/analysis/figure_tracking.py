"""Figures as tracked quantities: what each counts, and how its value moved over time.

Every figure of a story's accepted claims is keyed by what it measures (`FigureFact.quantity`:
the counted noun phrase, synonyms folded, and what happened to the things counted), so
"staff and students" and "students" are two quantities. Reports of one quantity are put in
time order by their document's publication date; a document without one is taken as
reported with the latest dated report of its batch (the batch order is all we know).

- Sources reporting at the same time with different values disagree: while the latest
  reports disagree the quantity is disputed (conflict detection records it for review).
- A later report with a new value is an update: it leads, and the earlier values become its
  history ("injured: 40 (up from 25, 31 reported earlier)").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from summarise.analysis.claim_facts import ACTIONS, FigureFact, same_value
from summarise.analysis.sources import Support, distinct_sources
from summarise.vocabulary import PAST_TENSE

SAME_TIME_DAYS = 1  # reports this close are contemporaries: different values disagree
# Values of one noun this far apart count different things ("1,200 killed" in the attack,
# "20,000 killed" in the war since): they are tracked as separate quantities.
SPREAD = 2.0


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


def label(figure: FigureFact) -> str:
    return f"{figure.qualifier} {figure.raw}".strip()


def subject(figure: FigureFact) -> str:
    noun = figure.counts
    action = figure.action
    if not action or any(w.lower() in ACTIONS for w in noun.split()):
        return noun
    return f"{noun} {PAST_TENSE[action]}"


Copies = Callable[[Sequence[str]], Sequence[tuple[int, int]]]


def track(reports: Sequence[StatedFigure], copies: Copies) -> list[TrackedQuantity]:
    """Quantities reported at least once with something counted, most sources first.

    `copies` gives, for a list of claim ids, the index pairs that are one copy (see
    `sources.distinct_sources`)."""
    by_quantity: dict[tuple[str, tuple[str, ...], str], list[StatedFigure]] = defaultdict(list)
    for report in reports:
        if report.figure.counts:
            by_quantity[report.figure.quantity()].append(report)
    out = [
        _track_one(cluster, copies)
        for _, group in sorted(by_quantity.items())
        for cluster in _by_magnitude(group)
    ]
    return sorted(out, key=lambda q: (-q.sources, -len(q.history), q.subject))


def _by_magnitude(reports: list[StatedFigure]) -> list[list[StatedFigure]]:
    """Reports split where a value is more than SPREAD times the smallest of its cluster."""
    ordered = sorted(reports, key=lambda r: (r.figure.value, r.claim_id))
    clusters: list[list[StatedFigure]] = []
    for report in ordered:
        base = clusters[-1][0].figure.value if clusters else None
        if base is not None and (base <= 0 or report.figure.value <= SPREAD * base):
            clusters[-1].append(report)
        else:
            clusters.append([report])
    return clusters


def _track_one(reports: list[StatedFigure], copies: Copies) -> TrackedQuantity:
    dated = sorted({r.published for r in reports if r.published is not None})
    latest_date = dated[-1] if dated else None

    def when(report: StatedFigure) -> date | None:
        return report.published or latest_date

    # Times within SAME_TIME_DAYS of each other are one time.
    times: list[date | None] = []
    for day in dated:
        if not times or times[-1] is None or (day - times[-1]).days > SAME_TIME_DAYS:
            times.append(day)
    if not times:
        times = [None]

    def time_of(report: StatedFigure) -> date | None:
        moment = when(report)
        if moment is None:
            return times[-1]
        return max(t for t in times if t is not None and t <= moment)

    steps: list[Step] = []
    step_times: list[date | None] = []
    for moment in times:
        at = [r for r in reports if time_of(r) == moment]
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
                    # Undated reports are placed with the latest dated ones, but shown undated.
                    reported=moment if any(r.published for r in group) else None,
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
