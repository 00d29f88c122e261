"""Reviewers' decisions at the point level: structure fixes (merge, split, move, headline)
kept by claim id, and accepting or rejecting a point's claims as one undoable unit.

A structure decision is one row of `point_decisions` and one decision group, so `u` takes it
back through the same undo-by-unit as a bulk accept (store/undo.py marks it undone). Its
group's kind is "bulk": migration 006's CHECK allows only "settlement" and "bulk", and
rebuilding a table every review table refers to is not worth a label; `point_decisions`
says which groups are structure decisions. The
analysis layer (analysis/point_decisions.py) applies the ones in force after point merging.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import sqlite_utils

from summarise.models import ClaimStatus, Review, ReviewAction, StructureDecision
from summarise.store import claim_keyed
from summarise.store.connection import explain, now, write_transaction
from summarise.store.decisions import (
    InvalidDecision,
    StaleDecision,
    decide_in_transaction,
    start_group,
)

KINDS = ("merge", "split", "move", "headline")
NEEDS_TARGET = ("merge", "move")


class PointDecisions:
    def __init__(self, db: sqlite_utils.Database, path: str) -> None:
        self.db = db
        self.path = path

    def record(
        self,
        kind: str,
        claim_id: str,
        *,
        reviewer: str,
        target_claim_id: str | None = None,
        label: str | None = None,
    ) -> int:
        """Store one structure decision as its own decision group; returns the group id."""
        if kind not in KINDS:
            raise InvalidDecision(f"unknown point decision {kind!r} (one of {', '.join(KINDS)})")
        if (kind in NEEDS_TARGET) != (target_claim_id is not None):
            needs = "needs" if kind in NEEDS_TARGET else "takes no"
            raise InvalidDecision(f"a {kind} decision {needs} second claim")
        if target_claim_id == claim_id:
            raise InvalidDecision(f"a {kind} needs two different claims")
        try:
            with write_transaction(self.db, self.path):
                group = start_group(
                    self.db, reviewer, "bulk", label or f"{kind} of claim {claim_id}"
                )
                self.db.execute(
                    "INSERT INTO point_decisions (group_id, reviewer, created_at, kind, claim_id, "
                    "target_claim_id) VALUES (?, ?, ?, ?, ?, ?)",
                    [group, reviewer, now(), kind, claim_id, target_claim_id],
                )
        except sqlite3.OperationalError as exc:
            raise explain(exc, self.path, db=self.db) from exc
        return group

    def in_force(self, claim_ids: Sequence[str]) -> list[StructureDecision]:
        """Decisions not undone that name any of these claims, oldest first (a later one
        overrides an earlier one when both are applied in order)."""
        columns = (
            "id",
            "kind",
            "claim_id",
            "target_claim_id",
            "reviewer",
            "created_at",
            "group_id",
        )
        rows = claim_keyed.in_force(self.db, "point_decisions", columns, claim_ids)
        return [StructureDecision(*row) for row in rows]

    def decide_claims(
        self,
        claims: Sequence[tuple[str, int]],
        action: ReviewAction,
        *,
        reviewer: str,
        label: str,
        reason: str | None = None,
    ) -> tuple[int, list[Review]]:
        """Accept or reject the pending ones of (claim id, version shown) as one undoable
        group (a point's decision): claims decided before they were shown are passed over;
        one changed since it was shown refuses the whole group (StaleDecision)."""
        if action not in (ReviewAction.ACCEPT, ReviewAction.REJECT):
            raise InvalidDecision(f"a point can be accepted or rejected, not {action.value}")
        try:
            with write_transaction(self.db, self.path):
                group = start_group(self.db, reviewer, "bulk", label)
                reviews = []
                for claim_id, version in claims:
                    row = self.db.execute(
                        "SELECT status, version FROM claims WHERE id = ?", [claim_id]
                    ).fetchone()
                    # Changed since shown (or gone): refuse all, as a bulk accept does.
                    if row is None or row[1] != version:
                        raise StaleDecision(claim_id, version, row[1] if row else None)
                    if row[0] != ClaimStatus.PENDING.value:
                        continue
                    reviews.append(
                        decide_in_transaction(
                            self.db,
                            claim_id,
                            action,
                            reviewer=reviewer,
                            expected_version=version,
                            reason=reason,
                            group_id=group,
                        )
                    )
                if not reviews:
                    raise InvalidDecision("no pending claims in this point")
        except sqlite3.OperationalError as exc:
            raise explain(exc, self.path, db=self.db) from exc
        return group, reviews


def mark_undone(db: sqlite_utils.Database, group_id: int, stamp: str) -> None:
    """Inside undo_group's transaction: the group's structure decisions no longer apply."""
    db.execute(
        "UPDATE point_decisions SET undone_at = ? WHERE group_id = ? AND undone_at IS NULL",
        [stamp, group_id],
    )
