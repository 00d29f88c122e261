"""Undo by unit: a single decision, or a decision group (a conflict settlement, a bulk
accept) taken back whole in one transaction.

Undoing a settlement reopens its conflict, marks its resolution and figure corrections
undone and restores every claim it changed, so `conflicts` and `claims` never disagree.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import sqlite_utils

from summarise.models import Figure, Review
from summarise.store import figure_decisions, point_decisions
from summarise.store.connection import explain, now, write_transaction
from summarise.store.decisions import InvalidDecision, StaleDecision, undo_in_transaction


@dataclass(frozen=True)
class UndoUnit:
    """What one `u` takes back: a group (group_id set), or one review (review_id and the
    claim version it left, so a later change by anyone refuses the undo)."""

    label: str
    group_id: int | None = None
    review_id: int | None = None
    version_after: int | None = None
    claim_id: str | None = None
    # An edit's figures before it, so its undo puts them back as they were (counted noun,
    # qualifier and all); None when the unit changed no figures or came from another session.
    figures_before: tuple[Figure, ...] | None = None


def undo_group(db: sqlite_utils.Database, path: str, group_id: int, reviewer: str) -> list[Review]:
    """Undo every review of the group (newest first) and whatever the group settled; refuse
    the whole group (StaleDecision) if any of its claims was decided again since."""
    with write_transaction(db, path):
        row = db.execute(
            "SELECT undone_at FROM decision_groups WHERE id = ?", [group_id]
        ).fetchone()
        if row is None:
            raise InvalidDecision(f"no decision group {group_id} to undo")
        if row[0] is not None:
            raise InvalidDecision(f"decision group {group_id} was already undone")
        ids = [
            r[0]
            for r in db.execute(
                "SELECT id FROM reviews WHERE group_id = ? AND action != 'undo' ORDER BY id DESC",
                [group_id],
            )
        ]
        undone = [
            undo_in_transaction(db, review_id, reviewer=reviewer, group_id=group_id)
            for review_id in ids
        ]
        stamp = now()
        try:
            db.execute("UPDATE decision_groups SET undone_at = ? WHERE id = ?", [stamp, group_id])
            point_decisions.mark_undone(db, group_id, stamp)
            figure_decisions.mark_undone(db, group_id, stamp)
            conflicts = [
                r[0]
                for r in db.execute(
                    "SELECT conflict_id FROM conflict_resolutions WHERE group_id = ?", [group_id]
                )
            ]
            db.execute(
                "UPDATE figure_corrections SET undone_at = ? WHERE resolution_id IN "
                "(SELECT id FROM conflict_resolutions WHERE group_id = ?)",
                [stamp, group_id],
            )
            db.execute(
                "UPDATE conflict_resolutions SET undone_at = ? WHERE group_id = ?",
                [stamp, group_id],
            )
            for conflict_id in conflicts:
                db.execute(
                    "UPDATE conflicts SET status = 'open', updated_at = ? "
                    "WHERE id = ? AND status = 'resolved'",
                    [stamp, conflict_id],
                )
        except sqlite3.OperationalError as exc:
            raise explain(exc, path, db=db) from exc
    return undone


def undoable_units(db: sqlite_utils.Database, reviewer: str, limit: int) -> list[UndoUnit]:
    """This reviewer's units not yet undone, newest first: groups not undone, and single
    decisions still the last word on their claim (with the version they left)."""
    rows = db.execute(
        "SELECT r.id, r.group_id, r.claim_id, c.version, g.label, "
        "(SELECT max(id) FROM reviews later WHERE later.claim_id = r.claim_id) AS latest "
        "FROM reviews r JOIN claims c ON c.id = r.claim_id "
        "LEFT JOIN decision_groups g ON g.id = r.group_id "
        "WHERE r.reviewer = ? AND r.action != 'undo' AND g.undone_at IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.undoes = r.id) "
        "ORDER BY r.id DESC LIMIT ?",
        [reviewer, limit * 4],
    ).fetchall()
    units: list[UndoUnit] = []
    seen_groups: set[int] = set()
    for review_id, group_id, claim_id, version, label, latest in rows:
        if group_id is not None:
            if group_id not in seen_groups:
                seen_groups.add(group_id)
                units.append(UndoUnit(label or f"group {group_id}", group_id=group_id))
        elif latest == review_id:
            units.append(
                UndoUnit(
                    f"claim {claim_id}",
                    review_id=review_id,
                    version_after=version,
                    claim_id=claim_id,
                )
            )
        if len(units) >= limit:
            break
    # Settlements that changed no claim (keep both, all already accepted) have no review.
    empty = db.execute(
        "SELECT g.id, g.label FROM decision_groups g WHERE g.reviewer = ? AND g.undone_at IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM reviews WHERE group_id = g.id) ORDER BY g.id DESC LIMIT ?",
        [reviewer, limit],
    ).fetchall()
    if empty:
        stamps = {u.group_id: u for u in units}
        for group_id, label in empty:
            if group_id not in stamps:
                units.append(UndoUnit(label, group_id=group_id))
        # Newest first across both kinds: groups by their first review, which is later than
        # any review before it; an empty group sorts by its id among the groups.
        units.sort(key=lambda u: _order(db, u), reverse=True)
    return units[:limit]


def _order(db: sqlite_utils.Database, unit: UndoUnit) -> str:
    if unit.group_id is not None:
        row = db.execute(
            "SELECT created_at FROM decision_groups WHERE id = ?", [unit.group_id]
        ).fetchone()
    else:
        row = db.execute("SELECT decided_at FROM reviews WHERE id = ?", [unit.review_id]).fetchone()
    return str(row[0]) if row else ""


__all__ = ["StaleDecision", "UndoUnit", "undo_group", "undoable_units"]
