"""Key figures (tracked quantities with their history) and conflicts weighed by sources."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from summarise.analysis import figure_decisions
from summarise.analysis.dates import report_dates_of
from summarise.analysis.figure_reports import figures_in_reports
from summarise.analysis.figure_tracking import StatedFigure, TrackedQuantity, track
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
        for figure in facts[claim.id]:
            out.append(
                StatedFigure(
                    claim.id,
                    claim.document_id,
                    figure,
                    published[claim.document_id],
                    order[claim.document_id],
                    context.supports[claim.id],
                    story_id,
                )
            )
    return out


def key_figures(
    context: StoryContext,
    points: Sequence[Point],
    earlier: Sequence[StatedFigure] = (),
) -> list[KeyFigure]:
    """The story's tracked quantities: every one that changed or is disputed, then those
    stated by more than one source or by a key point, up to KEY_FIGURES in all.
    Quantities carried from the story this one follows count when they changed."""
    # Reviewers' figure decisions: around tracking, every build (analysis/figure_decisions).
    fixes = context.figure_decisions
    reports, names = figure_decisions.restate(reports_of(context), fixes)
    mine = {r.figure.quantity() for r in reports}
    carried = [r for r in earlier if r.figure.quantity() in mine]

    tracked = figure_decisions.adjust(track([*carried, *reports], context.copies), fixes, names)
    ref_of = {c: p.ref for p in points for c in p.claim_ids}
    key_refs = {p.ref for p in points[:10]}
    out: list[KeyFigure] = []
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
        if not quantity.changed:
            if quantity.sources < 2 and not (set(refs) & key_refs):
                continue
            if len(out) >= KEY_FIGURES:
                break  # changed and disputed quantities come first (see track)
        out.append(_key_figure(quantity, refs))
    return out


def _key_figure(quantity: TrackedQuantity, refs: list[str]) -> KeyFigure:
    return KeyFigure(
        subject=quantity.subject,
        latest=quantity.latest.label,
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
