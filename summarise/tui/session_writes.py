"""The review session's writes: decisions, bulk accepts, settlements, story changes and
undo by unit. Called off the UI thread (the write queue's worker), one at a time.

ReviewSession's base class, kept apart so each file has one job; it needs the session's
writer connection, reviewer name and undo stack.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Collection
from dataclasses import dataclass

from summarise.backends.regex.refigure import refigure
from summarise.models import (
    ConflictRecord,
    Figure,
    RejectReason,
    Resolution,
    Review,
    ReviewAction,
)
from summarise.store import Store
from summarise.store.undo import UndoUnit

# The issue asks for at least 10; a session remembers this many (older ones stay in `reviews`).
UNDO_DEPTH = 200


@dataclass(frozen=True)
class Decision:
    """What the reviewer asked for, kept whole so a refused one can be retried as it was."""

    claim_id: str
    version: int
    action: ReviewAction
    text: str | None = None
    reason: RejectReason | None = None
    span: tuple[int, int] | None = None


class SessionWrites:
    reviewer: str
    writer: Store
    undo_stack: list[UndoUnit]
    decided: int
    started: float
    _write_lock: threading.Lock

    # -- decisions (thread-safe: called off the UI thread) ---------------------------------

    def decide(self, decision: Decision) -> Review:
        with self._write_lock:
            before, figures = self._figures_of_edit(decision)
            review = self.writer.decide(
                decision.claim_id,
                decision.action,
                reviewer=self.reviewer,
                expected_version=decision.version,
                text=decision.text,
                reason=decision.reason.value if decision.reason else None,
                span=decision.span,
                figures=figures,
            )
            self._push(
                UndoUnit(
                    f"claim {decision.claim_id}",
                    review_id=review.id,
                    version_after=decision.version + 1,
                    claim_id=decision.claim_id,
                    figures_before=before,
                )
            )
            self.decided += 1
        return review

    def accept_all(self, claims: list[tuple[str, int]], label: str) -> int:
        """Accept these (id, version shown) as one undoable action; returns how many."""
        with self._write_lock:
            group, reviews = self.writer.review_log.accept_all(
                claims, reviewer=self.reviewer, label=label
            )
            self._push(UndoUnit(label, group_id=group))
            self.decided += len(reviews)
        return len(reviews)

    def decide_point(
        self,
        claims: list[tuple[str, int]],
        action: ReviewAction,
        label: str,
        reason: RejectReason | None = None,
    ) -> int:
        """Accept or reject a point's (or a story's) pending claims as one undoable action;
        returns how many were decided."""
        with self._write_lock:
            group, reviews = self.writer.point_decisions.decide_claims(
                claims,
                action,
                reviewer=self.reviewer,
                label=label,
                reason=reason.value if reason else None,
            )
            self._push(UndoUnit(label, group_id=group))
            self.decided += len(reviews)
        return len(reviews)

    def fix_structure(self, kind: str, claim_id: str, target: str | None, label: str) -> None:
        """Record a merge, split, move or headline pick, undoable like any other action."""
        with self._write_lock:
            group = self.writer.point_decisions.record(
                kind, claim_id, reviewer=self.reviewer, target_claim_id=target, label=label
            )
            self._push(UndoUnit(label, group_id=group))

    def decide_figure(
        self,
        kind: str,
        story_id: int,
        value: tuple[str, str],
        label: str,
        *,
        target: tuple[str, str] | None = None,
        name: str | None = None,
    ) -> int:
        """Record a figure decision (the `summarise figures` subcommands' store call) on a
        value (claim id, figure as written), undoable like any other action; returns its id."""
        with self._write_lock:
            decision_id = self.writer.figure_decisions.record(
                kind, story_id, *value, reviewer=self.reviewer, target=target, name=name
            )
            decision = self.writer.figure_decisions.get(decision_id)
            if decision is not None:
                self._push(UndoUnit(label, group_id=decision.group_id))
        return decision_id

    def _figures_of_edit(
        self, decision: Decision
    ) -> tuple[tuple[Figure, ...] | None, list[Figure] | None]:
        """An edit's figures before and after: the new text read as extraction reads it, so
        a changed number reaches `claims.figures`, export, the summary and the review screen."""
        if decision.action is not ReviewAction.EDIT or not decision.text:
            return None, None
        claim = self.writer.get_claim(decision.claim_id)
        if claim is None or claim.version != decision.version:
            return None, None  # the store refuses a stale edit: nothing to read
        return tuple(claim.figures), refigure(decision.text.strip(), claim.figures)

    def _figures_after_undo(self, unit: UndoUnit) -> list[Figure] | None:
        """The figures of the text an undo restores: as they were when this session made the
        edit, or (an edit of an earlier session) the restored text read again."""
        if unit.figures_before is not None:
            return list(unit.figures_before)
        if unit.review_id is None or unit.claim_id is None:
            return None
        reviews = self.writer.reviews(unit.claim_id)
        review = next((r for r in reviews if r.id == unit.review_id), None)
        claim = self.writer.get_claim(unit.claim_id)
        if review is None or claim is None or review.text_after == review.text_before:
            return None  # the text did not change: neither did its figures
        return refigure(review.text_before, claim.figures)

    def _push(self, unit: UndoUnit) -> None:
        self.undo_stack.append(unit)
        del self.undo_stack[:-UNDO_DEPTH]

    def undo(self) -> UndoUnit | None:
        """Take back this reviewer's latest action still in force (a decision, or a whole
        settlement or bulk accept); None when there is none.

        A refused undo (a claim changed since) stays on the stack, so the reviewer can see
        why and nothing is silently dropped.
        """
        with self._write_lock:
            if not self.undo_stack:
                return None
            last = self.undo_stack[-1]
            taken_back = 1
            if last.group_id is not None:
                undone = self.writer.review_log.undo_group(last.group_id, reviewer=self.reviewer)
                taken_back = len(undone)
            else:
                self.writer.undo(
                    last.review_id or 0,
                    reviewer=self.reviewer,
                    expected_version=last.version_after or 0,
                    figures=self._figures_after_undo(last),
                )
            self.undo_stack.pop()
            # "you: N" counts decisions in force: an undone one no longer counts (never
            # below zero: the stack may hold decisions of an earlier session).
            self.decided = max(0, self.decided - taken_back)
        return last

    def resolve(
        self,
        conflict: ConflictRecord,
        action: Resolution,
        claim_id: str | None = None,
        correct: Collection[str] = (),
    ) -> None:
        """Settle a conflict as the reviewer saw it, as one undoable action: if any of its
        claims changed since `conflict` was read, StaleDecision is raised and nothing is
        written. Claims in `correct` are kept with their figure marked wrong."""
        with self._write_lock:
            record = self.writer.conflicts.resolve(
                conflict.id,
                action,
                reviewer=self.reviewer,
                claim_id=claim_id,
                expected_versions={m.claim_id: m.version for m in conflict.members},
                correct=sorted(correct),
            )
            self._push(UndoUnit(f"settlement of {conflict.subject}", group_id=record.group_id))
            self.decided += len(record.reviews)

    def move_document(self, document_id: str, story_id: int | None) -> int:
        """Put the document in another story (None: a new one) as a correction regrouping
        keeps; returns the story id."""
        with self._write_lock:
            return self.writer.stories.move_document(document_id, story_id)

    def name_story(self, story_id: int, name: str | None) -> None:
        with self._write_lock:
            self.writer.stories.name_story(story_id, name)

    def drop_undo_of(self, claim_id: str) -> None:
        """Forget undo entries for a claim someone else has since decided."""
        with self._write_lock:
            self.undo_stack = [u for u in self.undo_stack if u.claim_id != claim_id]

    def rate(self) -> tuple[int, float | None]:
        """(decisions this session, decisions per hour), the rate only after the first
        minute, when it starts to mean something."""
        elapsed = time.monotonic() - self.started
        if elapsed < 60:
            return self.decided, None
        return self.decided, self.decided * 3600 / elapsed
