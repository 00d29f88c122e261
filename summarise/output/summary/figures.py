"""Key figures (tracked quantities with their history) and conflicts weighed by sources.

Every tracked quantity is a key figure of the built summary (the JSON has them all): first
every one that changed or is disputed, then those stated by more than one source or by a key
point, then the rest, marked `minor`. A brief summary shows every changed or disputed one and
then the others up to KEY_FIGURES in all (`shown_figures`); `--detail full` shows all.
A figure's `latest` reads as a number ("a ninth patient" leads as 9); its reports keep
the words as written."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from summarise.analysis import figure_decisions
from summarise.analysis.claim_facts import giver_of
from summarise.analysis.dates import report_dates_of
from summarise.analysis.figure_places import by_place
from summarise.analysis.figure_reports import figures_in_reports
from summarise.analysis.figure_tracking import (
    StatedFigure,
    Step,
    TrackedQuantity,
    joint_of,
    label,
    track,
    voice_of,
)
from summarise.models import ClaimStatus, ConflictRecord
from summarise.output.summary.model import (
    ConflictSummary,
    ConflictValue,
    FigureReport,
    KeyFigure,
    Point,
)
from summarise.output.summary.points import StoryContext

KEY_FIGURES = 6


def reports_of(context: StoryContext, story_id: int | None = None) -> list[StatedFigure]:
    # Batch order: the order of the reports' file names, the order a user fed them in.
    order = {
        d.id: i
        for i, d in enumerate(sorted(context.documents.values(), key=lambda d: (d.source, d.id)))
    }
    published = report_dates_of(list(context.documents.values()))
    out: list[StatedFigure] = []
    facts = figures_in_reports(context.accepted.values())
    for claim in context.accepted.values():
        figures = facts[claim.id]
        speaker = voice_of(claim.attribution, claim.text)
        joint = joint_of(claim.text) if len(figures) > 1 else ""
        report_date = published[claim.document_id]
        as_of = {f.raw: day for f in claim.figures if (day := as_of_day(f.as_of, report_date))}
        for figure in figures:
            out.append(
                StatedFigure(
                    claim.id,
                    claim.document_id,
                    figure,
                    report_date,
                    order[claim.document_id],
                    context.supports[claim.id],
                    story_id,
                    speaker,
                    joint,
                    as_of.get(figure.raw),
                )
            )
    return out


def as_of_day(text: str, report_date: date | None) -> date | None:
    """The day an extractor says a value holds for (`Figure.as_of`), when it is a real date
    no later than its report: a value is never placed after the report that states it."""
    if not text:
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return None
    return day if report_date is None or day <= report_date else None


def key_figures(
    context: StoryContext,
    points: Sequence[Point],
    earlier: Sequence[StatedFigure] = (),
    own: Sequence[StatedFigure] | None = None,
) -> list[KeyFigure]:
    """The story's tracked quantities: every one that changed or is disputed, then those
    stated by more than one source or by a key point, then the rest (`minor`).
    Quantities carried from the story this one follows count when they changed. `own`: the
    story's `reports_of(context)` when the caller has them already."""
    # Reviewers' figure decisions: around tracking, every build (analysis/figure_decisions).
    fixes = context.figure_decisions
    stated = reports_of(context) if own is None else list(own)
    # Counts a place tells apart, across this story and the one it follows (figure_places).
    placed = by_place([*earlier, *stated])
    earlier, stated = placed[: len(earlier)], placed[len(earlier) :]
    reports, names = figure_decisions.restate(stated, fixes)
    mine = {r.figure.quantity() for r in reports}
    carried = [r for r in earlier if r.figure.quantity() in mine]

    tracked = figure_decisions.adjust(track([*carried, *reports], context.copies), fixes, names)
    ref_of = {c: p.ref for p in points for c in p.claim_ids}
    key_refs = {p.ref for p in points[:10]}
    out: list[KeyFigure] = []
    minor: list[KeyFigure] = []
    for quantity in tracked:
        refs = sorted(
            {
                ref_of[r.claim_id]
                for s in quantity.history
                for r in s.reports
                if r.claim_id in ref_of
            },
            key=lambda ref: int(ref[1:]),
        )
        # A duration or an age ("lasted 19 days", "22 years old") is context, never a key
        # figure, however often it is stated or changed.
        timespan = quantity.latest.reports[0].figure.duration
        if timespan or (
            not quantity.changed and quantity.sources < 2 and not (set(refs) & key_refs)
        ):
            minor.append(_key_figure(quantity, refs, context, minor=True))
        else:
            out.append(_key_figure(quantity, refs, context))  # changed ones first (see track)
    return out + minor


def shown_figures(figures: Sequence[KeyFigure], limit: int | None = KEY_FIGURES) -> list[KeyFigure]:
    """What a summary shows of a story's key figures: every one that changed or is disputed,
    then the others that are not minor up to `limit` figures in all; None: every one."""
    if limit is None:
        return list(figures)
    changed = [f for f in figures if f.status != "stable" and not f.minor]
    rest = [f for f in figures if f.status == "stable" and not f.minor]
    return changed + rest[: max(0, limit - len(changed))]


def as_number(step: Step) -> str:
    """A step's value as a number with its qualifier ("more than 2,000" for "more than two
    thousand", "9" for "a ninth"); a value written with digits, or a range, as written."""
    if any(ch.isdigit() for ch in step.label) or "–" in step.label:
        return step.label
    figure = next((r.figure for r in step.reports if label(r.figure) == step.label), None)
    if figure is None:
        return step.label
    value = step.value
    number = f"{value:,.0f}" if value == int(value) else f"{value:,}"
    unit = " percent" if figure.raw.lower().endswith(("percent", "per cent")) else ""
    return f"{figure.qualifier} {number}{unit}".strip()


def said_by(step: Step, context: StoryContext) -> list[str]:
    """Who gives a value, as written: the attributions of its claims, else the outlets of
    their reports (a dispute is shown with who says what)."""
    speakers: dict[str, None] = {}
    outlets: dict[str, None] = {}
    for report in step.reports:
        claim = context.accepted.get(report.claim_id)
        if claim is None:
            continue  # carried from the story this one follows
        # "The club put the entry at 1,300": the subject gives the figure (giver_of).
        who = (claim.attribution or "").strip() or giver_of(claim.text)
        if who:
            speakers[who] = None
        document = context.documents.get(claim.document_id)
        if document is not None and document.outlet:
            outlets[document.outlet] = None
    return list(speakers or outlets)


def _key_figure(
    quantity: TrackedQuantity, refs: list[str], context: StoryContext, minor: bool = False
) -> KeyFigure:
    return KeyFigure(
        subject=quantity.subject,
        latest=as_number(quantity.latest),
        minor=minor,
        status=quantity.status,  # type: ignore[arg-type]
        history=[
            FigureReport(
                value=step.label,
                number=step.value,
                reported=step.reported,
                sources=step.sources,
                documents=len({r.document_id for r in step.reports}),
                claim_ids=sorted({r.claim_id for r in step.reports}),
                story_id=step.reports[0].story_id,
                leads=step is quantity.latest,
                said_by=said_by(step, context),
            )
            for step in quantity.history
        ],
        point_refs=refs,
    )


def weigh_conflicts(
    conflicts: Sequence[ConflictRecord], context: StoryContext
) -> tuple[list[ConflictSummary], list[ConflictSummary], int, dict[str, list[int]]]:
    """(unresolved, kept with attribution, awaiting review, claim id -> conflicts in which it
    holds a minority value). Only accepted claims are shown or counted."""
    unresolved: list[ConflictSummary] = []
    differing: list[ConflictSummary] = []
    minority: dict[str, list[int]] = {}
    awaiting = 0
    for conflict in conflicts:
        pending = sum(1 for m in conflict.members if m.status == ClaimStatus.PENDING.value)
        grouped: dict[str, list[str]] = {}
        stated: dict[str, str] = {}
        for member in conflict.members:
            if member.claim_id not in context.accepted:
                continue  # never show what is not accepted
            stated.setdefault(member.value_key, member.value)
            grouped.setdefault(member.value_key, []).append(member.claim_id)
        values = [
            ConflictValue(
                value=stated[key],
                sources=context.sources(claims),
                documents=len({context.accepted[c].document_id for c in claims}),
                dates=sorted({d for c in claims if (d := _published(context, c)) is not None}),
                citations=[context.citation(context.accepted[c]) for c in claims],
            )
            for key, claims in grouped.items()
        ]
        values.sort(key=lambda v: (-v.sources, -v.documents, v.value))
        if values:
            top = values[0].sources
            leaders = [v for v in values if v.sources == top]
            for value in values:
                value.majority = len(leaders) == 1 and value.sources == top
        summary = ConflictSummary(
            id=conflict.id,
            kind=conflict.kind,  # type: ignore[arg-type]
            subject=conflict.subject,
            values=values,
            pending_claims=pending,
        )
        if conflict.status == "open":
            if len(values) > 1:
                unresolved.append(summary)
                # Only the minority is flagged: with a clear majority, its points stand.
                for value, key in zip(values, _keys(values, grouped, stated), strict=True):
                    if not value.majority:
                        for claim_id in grouped[key]:
                            minority.setdefault(claim_id, []).append(conflict.id)
            elif pending:
                awaiting += 1
        elif (
            conflict.status == "resolved"
            and conflict.resolution is not None
            and conflict.resolution.action == "keep_both"
            and values
        ):
            differing.append(summary)
    return unresolved, differing, awaiting, minority


def _keys(
    values: list[ConflictValue], grouped: dict[str, list[str]], stated: dict[str, str]
) -> list[str]:
    by_first = {grouped[k][0]: k for k in grouped}
    return [by_first[v.citations[0].claim_id] for v in values]


def _published(context: StoryContext, claim_id: str) -> date | None:
    return context.documents[context.accepted[claim_id].document_id].published
