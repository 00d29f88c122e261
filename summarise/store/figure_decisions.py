"""Reviewers' fixes to tracked figures: mark a value as an update, a dispute or retracted,
move it to another quantity, rename what a quantity counts, merge or split quantities.

Each decision names a value by its claim id and the figure as written, never by a quantity
name or number (both are recomputed on every build), and is its own decision group, so undo
by unit (store/undo.py) takes it back like a bulk accept. The analysis layer
(analysis/figure_decisions.py) applies the ones in force after figure tracking.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import sqlite_utils

from summarise.models import FigureDecision
from summarise.store import claim_keyed
from summarise.store.connection import explain, now, write_transaction
from summarise.store.decisions import InvalidDecision, start_group

KINDS = ("update", "dispute", "retracted", "move", "rename", "merge", "split")
NEEDS_TARGET = ("move", "merge")
NEEDS_NAME = ("rename", "split")
_COLUMNS = (
    "id, kind, story_id, claim_id, figure, target_claim_id, target_figure, name, reviewer, "
    "created_at, group_id"
)


class FigureDecisions:
    def __init__(self, db: sqlite_utils.Database, path: str) -> None:
        self.db = db
        self.path = path

    def record(
        self,
        kind: str,
        story_id: int,
        claim_id: str,
        figure: str,
        *,
        reviewer: str,
        target: tuple[str, str] | None = None,
        name: str | None = None,
    ) -> int:
        """Store one figure decision as its own decision group; returns the decision's id."""
        if kind not in KINDS:
            raise InvalidDecision(f"unknown figure decision {kind!r} (one of {', '.join(KINDS)})")
        if (kind in NEEDS_TARGET) != (target is not None):
            needs = "needs" if kind in NEEDS_TARGET else "takes no"
            raise InvalidDecision(f"a {kind} decision {needs} target quantity")
        if (kind in NEEDS_NAME) != bool(name and name.strip()):
            needs = "needs" if kind in NEEDS_NAME else "takes no"
            raise InvalidDecision(f"a {kind} decision {needs} name")
        if target == (claim_id, figure):
            raise InvalidDecision(f"a {kind} needs two different values")
        target_claim, target_figure = target or (None, None)
        try:
            with write_transaction(self.db, self.path):
                group = start_group(
                    self.db, reviewer, "bulk", f"figure {kind} of {figure} in claim {claim_id}"
                )
                cursor = self.db.execute(
                    "INSERT INTO figure_decisions (group_id, story_id, kind, claim_id, figure, "
                    "target_claim_id, target_figure, name, reviewer, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        group,
                        story_id,
                        kind,
                        claim_id,
                        figure,
                        target_claim,
                        target_figure,
                        name.strip() if name else None,
                        reviewer,
                        now(),
                    ],
                )
                decision_id = int(cursor.lastrowid or 0)
        except sqlite3.OperationalError as exc:
            raise explain(exc, self.path, db=self.db) from exc
        return decision_id

    def get(self, decision_id: int) -> FigureDecision | None:
        row = self.db.execute(
            f"SELECT {_COLUMNS} FROM figure_decisions WHERE id = ? AND undone_at IS NULL",
            [decision_id],
        ).fetchone()
        return FigureDecision(*row) if row else None

    def in_force(self, claim_ids: Sequence[str]) -> list[FigureDecision]:
        """Decisions not undone naming any of these claims, oldest first (a later one
        overrides). By claim, not story number: stories may be renumbered by a rebuild."""
        columns = [c.strip() for c in _COLUMNS.split(",")]
        rows = claim_keyed.in_force(self.db, "figure_decisions", columns, claim_ids)
        return [FigureDecision(*row) for row in rows]


def mark_undone(db: sqlite_utils.Database, group_id: int, stamp: str) -> None:
    """Inside undo_group's transaction: the group's figure decisions no longer apply."""
    if db["figure_decisions"].exists():
        db.execute(
            "UPDATE figure_decisions SET undone_at = ? WHERE group_id = ? AND undone_at IS NULL",
            [stamp, group_id],
        )
