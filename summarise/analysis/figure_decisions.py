"""Reviewers' figure decisions applied to a story's stated figures and tracked quantities,
in the order they were made, so a later decision wins.

Applied every time a summary or `summarise figures` is built, around figure tracking, so
they survive `stories --rebuild` and new documents: each names a value by claim id and the
figure as written, not a quantity name. A decision naming a value that is not there
(rejected, re-extracted away) is passed over; it applies again if the value comes back.

- Before tracking (`restate`): a moved value takes the target value's quantity, a merged
  quantity's values take the target's, a split value gets a quantity of its own, and a
  retracted value is struck (kept in the history, never leading or disputing).
- After tracking (`adjust`): renames (kept by quantity key as of the rename), and marks of
  update (the value leads, the quantity is
  updated) or dispute (the quantity is disputed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from summarise.analysis.figure_facts import FigureFact, counting_as, figures_of
from summarise.analysis.figure_tracking import StatedFigure, TrackedQuantity, display_order, label
from summarise.models import Claim, FigureDecision

Key = tuple[str, str]  # (claim id, figure as written)
Quantity = tuple[str, tuple[str, ...], str]  # FigureFact.quantity()


def as_written(claim: Claim | None, shown: str, number: float) -> str | None:
    """The figure as written in `claim` that a tracked value shown as `shown` came from (how
    decisions name a value), or None when the claim states none."""
    if claim is None:
        return None
    facts = figures_of(claim)
    for fact in facts:
        if label(fact) == shown:
            return fact.raw
    return next((f.raw for f in facts if f.value == number), None)


def key_of(report: StatedFigure) -> Key:
    return (report.claim_id, report.figure.raw)


def _own(figure: FigureFact, name: str) -> FigureFact:
    # A head no extracted noun has (it holds a space-free marker), so the split value's
    # quantity is never folded into another by synonyms or people nouns.
    return replace(
        figure,
        counts=name,
        head=f"~split~{name}",
        modifiers=frozenset(),
        action=None,
        event_day="",
        context="",
    )


def restate(
    reports: Sequence[StatedFigure], decisions: Sequence[FigureDecision]
) -> tuple[list[StatedFigure], dict[Quantity, str]]:
    """The reports after moves, merges, splits and retractions, and the reviewers' names of
    quantities (by quantity key, so a name follows its quantity through later merges)."""
    out = list(reports)
    names: dict[Quantity, str] = {}
    for decision in decisions:
        here = [i for i, r in enumerate(out) if key_of(r) == (decision.claim_id, decision.figure)]
        if not here:
            continue
        target = next(
            (
                r.figure
                for r in out
                if key_of(r) == (decision.target_claim_id, decision.target_figure)
            ),
            None,
        )
        if decision.kind == "move" and target is not None:
            for i in here:
                out[i] = replace(out[i], figure=counting_as(out[i].figure, target))
        elif decision.kind == "merge" and target is not None:
            gone = out[here[0]].figure.quantity()
            out = [
                replace(r, figure=counting_as(r.figure, target))
                if r.figure.quantity() == gone
                else r
                for r in out
            ]
        elif decision.kind == "split" and decision.name:
            for i in here:
                out[i] = replace(out[i], figure=_own(out[i].figure, decision.name))
        elif decision.kind == "rename" and decision.name:
            names[out[here[0]].figure.quantity()] = decision.name
        elif decision.kind == "retracted":
            # A struck copy beside the stated one: the value stays in the history, as a
            # correction in the text would leave it, but never leads.
            out.extend(
                replace(out[i], figure=replace(out[i].figure, role="corrected")) for i in here
            )
    return out, names


def adjust(
    tracked: Sequence[TrackedQuantity],
    decisions: Sequence[FigureDecision],
    names: dict[Quantity, str],
) -> list[TrackedQuantity]:
    """The quantities after renames (`names`, from `restate`) and marks of update or
    dispute."""
    out = [
        replace(q, subject=names.get(q.latest.reports[0].figure.quantity(), q.subject))
        for q in tracked
    ]
    for decision in decisions:
        if decision.kind not in ("update", "dispute"):
            continue
        wanted = (decision.claim_id, decision.figure)
        for n, quantity in enumerate(out):
            step = next(
                (s for s in quantity.history if any(key_of(r) == wanted for r in s.reports)),
                None,
            )
            if step is None:
                continue
            if decision.kind == "update":
                out[n] = replace(quantity, status="updated", latest=step)
            elif decision.kind == "dispute" and len(quantity.history) > 1:
                out[n] = replace(quantity, status="disputed")
            break
    return sorted(out, key=display_order)
