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
  Sources are reports, and within one report its named speakers: "the guild said 2,400 ...
  the harbour authority said 1,500" is a dispute, as is one sentence giving two values of one
  quantity that is not a range ("2,900 were out, according to the guild; the authority puts
  it at 1,700").
- A later report with a new value is an update: it leads, and the earlier values become its
  history ("injured: 40 (up from 25, 31 reported earlier)"), even when it falls.
- A value a claim gives as the earlier one ("down to six from seven", "up from 25") is not a
  new statement of it; one it says was wrong ("revised ... from five", "an earlier version
  said") is struck from the history.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import combinations

from summarise.analysis.claim_facts import giver_of, speaker_of
from summarise.analysis.figure_facts import ACTIONS, FigureFact, same_value
from summarise.analysis.sources import Support, distinct_sources
from summarise.analysis.terms import content_words
from summarise.backends.regex.figures import ORDINALS
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
    speaker: frozenset[str] = frozenset()  # who the claim says gives it (claim_facts.speaker_of)
    # How this claim's values of one quantity relate (`joint_of`): "range" ("between 30 and
    # 40"), "sides" (two voices in one sentence: "2,900, the guild said; the authority says
    # 1,700"), or "" (two things the sentence tells apart).
    joint: str = ""
    # The day the value holds for when the extractor says so (a model's `Figure.as_of`: "by
    # Tuesday night" in Thursday's report); None: its report's time.
    as_of: date | None = None


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
    # A span of time is not what happened: "ten weeks of fighting killed ..." names weeks.
    if not action or figure.duration or any(w.lower() in ACTIONS for w in noun.split()):
        named = noun
    else:
        named = f"{noun} {PAST_TENSE[action]}"
    if figure.where:
        named = f"{named} {figure.where}"  # "dead in Bresk": a place tells two counts apart
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
        figure = report.figure
        if not figure.counts or figure.trivial:
            continue
        by_quantity[figure.quantity()].append(report)
        if figure.role == "part" and figure.head:
            # A part is also its own quantity ("87 passengers" of "87 passengers and five
            # crew"): the breakdown is shown, never compared with the total.
            own = replace(figure, role="", subset=True)
            by_quantity[own.quantity()].append(replace(report, figure=own))
    slots = _slots(reports)
    out = []
    for _, group in sorted(by_quantity.items()):
        tracked = _track_one(_without_parts(group), copies, slots)
        if tracked is not None:
            out.append(tracked)
    return sorted(out, key=display_order)


def display_order(q: TrackedQuantity) -> tuple[bool, bool, int, int, str]:
    """Changed quantities first, then by sources; another quantity than the story's own (a
    capacity, a plan, another year's count) after all of the story's own: context, not news."""
    return (
        bool(q.latest.reports[0].figure.context) or q.latest.reports[0].figure.duration,
        not q.changed,
        -q.sources,
        -len(q.history),
        q.subject,
    )


MAX_PARTS = 6  # values of one quantity in one claim searched for parts of a total


def _without_parts(reports: list[StatedFigure]) -> list[StatedFigure]:
    """Parts summed before comparing with a total: where one claim gives a quantity's total
    and two or more values that sum to it ("23 protesters were arrested: 17 students, 6
    farmers", however joined), the summands are parts, not statements of the quantity."""
    by_claim: dict[str, list[StatedFigure]] = defaultdict(list)
    for report in reports:
        if not report.figure.role:
            by_claim[report.claim_id].append(report)
    parts: set[int] = set()
    for stated in by_claim.values():
        if not 3 <= len(stated) <= MAX_PARTS:
            continue
        for total in stated:
            others = [r for r in stated if r is not total]
            for size in range(len(others), 1, -1):
                found = next(
                    (
                        combo
                        for combo in combinations(others, size)
                        if sum(r.figure.value for r in combo) == total.figure.value
                    ),
                    None,
                )
                if found:
                    parts |= {id(r) for r in found}
                    break
    if not parts:
        return reports
    return [
        replace(r, figure=replace(r.figure, role="part")) if id(r) in parts else r for r in reports
    ]


def place_undated(
    figures: Iterable[tuple[str, FigureFact]], published: Mapping[str, date | None]
) -> dict[str, date]:
    """Undated documents that give a dated document's value as the earlier one ("down from
    a peak of 2,900"), or state by an ordinal a running total higher than a dated document's
    ("the second death" after "the first death"): each placed after the latest such
    document's date."""
    figures = list(figures)
    stated: dict[float, set[date]] = defaultdict(set)
    for document_id, figure in figures:
        when = published.get(document_id)
        if when is not None and not figure.role:
            stated[figure.value].add(when)
    # A running total an ordinal states ("the second person to die") comes after every dated
    # report of a smaller total of that quantity ("the first death").
    totals: dict[tuple[str, tuple[str, ...], str], list[tuple[float, date]]] = defaultdict(list)
    for document_id, figure in figures:
        when = published.get(document_id)
        if when is not None and not figure.role and figure.counts and not figure.lowered:
            # (A toll revised down, "to 19" after "a twentieth victim", is no smaller total
            # the ordinal followed.)
            totals[figure.quantity()].append((figure.value, when))
    out: dict[str, date] = {}
    latest = max((w for w in published.values() if w is not None), default=None)
    for document_id, figure in figures:
        if published.get(document_id) is not None:
            continue
        after: list[date] = []
        if figure.role in _BEFORE and stated.get(figure.value):
            after.append(max(stated[figure.value]))
        elif figure.role == "corrected" and latest is not None:
            # A correction of a value no dated report states ("revised down to 18 from 21",
            # the 21 undated too) comes after what it corrects, which is as of the latest
            # dated report: the corrected value leads, it does not dispute.
            after.append(latest)
        if _running_total(figure) and not figure.role:
            after += [w for v, w in totals.get(figure.quantity(), []) if v < figure.value]
        if after:
            out[document_id] = max(out.get(document_id, max(after)), max(after))
    return out


def _running_total(figure: FigureFact) -> bool:
    """An ordinal that states a running total: "a sixth worker died", "the second death"; or
    a count of what has happened over the whole event so far ("360 operations cancelled
    during the strike", "in all"), which only grows."""
    if not figure.counts:
        return False
    return figure.raw.lower() in ORDINALS or (figure.whole_event and figure.action in _GROWS)


# What, once it has happened, stays happened: a count of it over the event only rises.
_GROWS = frozenset({"kill", "cancel", "arrest", "charge", "injure", "ill", "rescue", "release"})


# Roles that give a value as one stated before (not a capacity, plan or place).
_BEFORE = frozenset({"earlier", "corrected"})


def _slots(reports: Sequence[StatedFigure]) -> dict[str, Slot | None]:
    published = {r.document_id: r.published for r in reports}
    return report_slots(((r.document_id, r.figure) for r in reports), published)


def report_slots(
    figures: Iterable[tuple[str, FigureFact]], published: Mapping[str, date | None]
) -> dict[str, Slot | None]:
    """Each document's place in time: its date, just after the dated report it follows
    (see `place_undated`), or None (undated: as of each quantity's latest dated report).
    Two documents are at one time only when their slots are equal: an undated report placed
    after a dated one is never at that report's time. Conflict detection uses the same slots,
    so what the summary shows as an update is never listed as a dispute."""
    after = place_undated(figures, published)
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

    def own(report: StatedFigure) -> Slot | None:
        return (report.as_of, 0) if report.as_of else slots[report.document_id]

    known = sorted({t for r in stated if (t := own(r)) is not None})
    latest_dated = max((t for t in known if t[1] == 0), default=None)

    def slot(report: StatedFigure) -> Slot | None:
        return own(report) or latest_dated

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
        one_claim = len({r.claim_id for r in at}) == 1
        if len(values) > 1 and one_claim and any(r.joint == "range" for r in at):
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
            # The most stated label; on a tie an exact value ("23") before a hedged one
            # ("nearly two dozen"): the number an editor can sign.
            exact = {label(r.figure) for r in group if not r.figure.qualifier}
            common = max(set(raw_labels), key=lambda v: (raw_labels.count(v), v in exact, v))
            steps.append(
                Step(
                    value=group[-1].figure.value
                    if is_range
                    else next(r.figure.value for r in group if label(r.figure) == common),
                    label=range_label if is_range else common,
                    # Undated reports are placed, but shown undated.
                    reported=moment[0]
                    if moment and any(r.published or r.as_of for r in group)
                    else None,
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
    # Disputed: the latest reports disagree, or an earlier disagreement stands because every
    # later report only repeats one of its sides ("the union, which says 2,300 are out").
    # One that a later report moved past with a new value is history, not a dispute.
    changed = len({s.value for s in steps}) > 1 or bool(struck)  # a correction is news
    # Another quantity than the story's count (a capacity, a plan, another time's figure)
    # gathers values of things the story tells apart ("carries 80", "employs 600"): never
    # a dispute.
    context = bool(latest.reports[0].figure.context)
    disputed = not context and (
        (len(last) > 1 and _disagree(last))
        or standing_dispute(
            [(m, s) for s, m, ok in zip(steps, step_times, standing, strict=True) if ok]
        )
    )
    status = "disputed" if disputed else ("updated" if changed else "stable")
    return TrackedQuantity(subject(latest.reports[0].figure), status, latest, tuple(steps))


def standing_dispute(timed: Sequence[tuple[Slot | None, Step]]) -> bool:
    """Whether a disagreement at one time still stands at the latest: every report after it
    repeats one of its sides. A value outside the sides moves the story past it (an
    update); a new disagreement replaces it."""
    sides: list[Step] = []
    moments = sorted({m for m, _ in timed if m is not None})
    for moment in moments:
        at = [s for m, s in timed if m == moment]
        if len(at) > 1 and _disagree(at):
            sides = at
        elif sides and not all(_repeats(step, sides) for step in at):
            sides = []
    return bool(sides)


def _repeats(step: Step, sides: Sequence[Step]) -> bool:
    figure = step.reports[0].figure
    return any(same_value(side.reports[0].figure, figure) for side in sides)


def _disagree(steps: Sequence[Step]) -> bool:
    """Whether different values at one time come from different sources: different reports,
    different named speakers of one report, or one claim giving two values that are not a
    range. Two values in one report from one (or no named) speaker across its sentences count
    two things the report tells apart, not a disagreement."""
    reports = [r for s in steps for r in s.reports]
    if len({r.document_id for r in reports}) > 1:
        return True
    # Named speakers of one report dispute only a count of something that happened (killed,
    # on strike, arrested): a bare measure ("kilometres") in two sentences of one report is
    # more often two things (a speed and a limit) than two voices.
    speakers = [
        frozenset().union(*(r.speaker for r in s.reports))
        for s in steps
        if all(r.figure.action for r in s.reports)
    ]
    named = [who for who in speakers if who]
    if any(different_voices(a, b) for i, a in enumerate(named) for b in named[i + 1 :]):
        return True
    by_claim: dict[str, set[float]] = defaultdict(set)
    for step in steps:
        for r in step.reports:
            if r.joint == "sides":
                by_claim[r.claim_id].add(step.value)
    return any(len(v) > 1 for v in by_claim.values())


_WORD_NUMBERS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    "eighty|ninety|hundred|dozen"
)
_NUMBER = rf"\d[\d,.]*|(?:{_WORD_NUMBERS})(?:-(?:{_WORD_NUMBERS}))?"
# "between 30 and 40", "30 to 40", "30-40". ("rose from 3 to 5" is not one: its first value
# is the earlier one, figure_facts' role "earlier".)
_RANGE = re.compile(
    rf"\bbetween\s+(?:{_NUMBER})\s+and\s+(?:{_NUMBER})\b"
    r"|(?<!from\s)\b\d[\d,.]*\s*(?:to|-|–)\s*\d[\d,.]*",
    re.IGNORECASE,
)
# Who gives a figure: two of these in one sentence are two voices ("according to the guild
# ...; the authority puts it at ...").
_VOICE = re.compile(
    r"\b(?:said|says|say|according\s+to|maintained|maintains|insisted|insists|claimed|claims|"
    r"(?<!an\s)estimated|estimates|repeated|repeats|reiterated|"
    r"puts?\s+(?:the|its|their)\s+(?:[\w'’-]+\s+){1,4}?at)\b",
    re.IGNORECASE,
)


_PRONOUN = re.compile(r"^\s*(?:he|she|they|it|we|i|this|that|the source|sources?)\b", re.I)


def voice_of(attribution: str | None, text: str = "") -> frozenset[str]:
    """Who gives a figure, as words to tell two voices of one report apart: the names in the
    attribution (claim_facts.speaker_of), else its content words ("the harbour authority"),
    else the subject that puts a figure at a value ("the families' group put the figure at
    21"), else nothing (a pronoun or no attribution: unknown, never a second voice)."""
    attribution = attribution or giver_of(text)
    named = speaker_of(attribution)
    if named or not attribution or _PRONOUN.match(attribution):
        return named
    return frozenset(content_words(attribution))


def different_voices(first: frozenset[str], second: frozenset[str]) -> bool:
    """Two known speakers who are not one: neither names a part of the other ("Ghazi Hamad"
    and "Hamad" are one; "the Vellan guild" and "the Vellan authority" are two)."""
    return bool(first and second) and not (first <= second or second <= first)


def joint_of(text: str) -> str:
    """How one claim's values of one quantity relate: "range", "sides" or "" (see
    `StatedFigure.joint`). Read from the sentence's wording, not its numbers."""
    if _RANGE.search(text):
        return "range"
    if len(_VOICE.findall(text)) >= 2:
        return "sides"
    return ""
