"""Conflicts between claims, and how reviewers settle them.

A resolution is one transaction: the `conflict_resolutions` row, the claims' status changes
(each with its `reviews` row, as any decision) and the conflict's new status commit together
or not at all. Recomputing conflicts keeps every conflict whose claims still disagree, with
its id and resolution; a resolved conflict that is no longer detected is kept as `obsolete`
so its record stays.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import sqlite_utils

from summarise.models import (
    ClaimStatus,
    ConflictInput,
    ConflictMemberRecord,
    ConflictRecord,
    FigureCorrection,
    RejectReason,
    Resolution,
    ResolutionRecord,
    ReviewAction,
)
from summarise.store.connection import StoreError, now, write_transaction
from summarise.store.decisions import (
    InvalidDecision,
    StaleDecision,
    decide_in_transaction,
    start_group,
)


class UnknownConflict(StoreError):
    pass


class ConflictStore:
    def __init__(self, db: sqlite_utils.Database, path: str) -> None:
        self.db = db
        self.path = path

    # -- recomputation ------------------------------------------------------------------

    def sync(
        self, detected: Sequence[ConflictInput], story_ids: Sequence[int] | None = None
    ) -> None:
        """Make the table match `detected`, keeping ids and resolutions of those that persist.
        With `story_ids`, only conflicts of those stories are compared (the others were not
        recomputed); a detected conflict stored under another story is found by its key."""
        stamp = now()
        wanted = {c.key: c for c in detected}
        with write_transaction(self.db, self.path):
            if story_ids is None:
                rows = self.db.query("SELECT id, key, status FROM conflicts")
            else:
                scope = sorted(set(story_ids))
                marks = ",".join("?" * len(scope))
                rows = self.db.query(
                    # A story regrouping dissolved leaves its conflicts without one.
                    "SELECT id, key, status FROM conflicts "
                    f"WHERE story_id IN ({marks}) OR story_id IS NULL",
                    scope,
                )
            existing = {row["key"]: row for row in rows}
            if story_ids is not None:
                for key in wanted.keys() - existing.keys():
                    for row in self.db.query(
                        "SELECT id, key, status FROM conflicts WHERE key = ?", [key]
                    ):
                        existing[key] = row
            # An open conflict whose settlement was undone keeps its record (it is referenced).
            settled_before = {
                row["conflict_id"]
                for row in self.db.query("SELECT DISTINCT conflict_id FROM conflict_resolutions")
            }
            for key, row in existing.items():
                if key in wanted:
                    continue
                if row["status"] == "open" and row["id"] not in settled_before:
                    self.db.execute("DELETE FROM conflicts WHERE id = ?", [row["id"]])
                else:
                    self.db.execute(
                        "UPDATE conflicts SET status = 'obsolete', updated_at = ? WHERE id = ?",
                        [stamp, row["id"]],
                    )
            for key, conflict in wanted.items():
                if key in existing:
                    self.db.execute(
                        "UPDATE conflicts SET story_id = ?, status = CASE WHEN status != "
                        "'obsolete' THEN status WHEN EXISTS (SELECT 1 FROM conflict_resolutions "
                        "WHERE conflict_id = conflicts.id AND undone_at IS NULL) THEN 'resolved' "
                        "ELSE 'open' END WHERE id = ?",
                        [conflict.story_id, existing[key]["id"]],
                    )
                    continue
                cursor = self.db.execute(
                    "INSERT INTO conflicts (key, story_id, kind, subject, status, detected_at, "
                    "updated_at) VALUES (?, ?, ?, ?, 'open', ?, ?)",
                    [key, conflict.story_id, conflict.kind, conflict.subject, stamp, stamp],
                )
                self.db.conn.executemany(
                    "INSERT OR IGNORE INTO conflict_claims (conflict_id, claim_id, value, "
                    "value_key) VALUES (?, ?, ?, ?)",
                    [(cursor.lastrowid, *member) for member in conflict.members],
                )

    # -- reading ------------------------------------------------------------------------

    def list(
        self,
        *,
        status: str | None = None,
        story_id: int | None = None,
        claim_id: str | None = None,
        after: int | None = None,
        limit: int | None = None,
    ) -> list[ConflictRecord]:
        """Conflicts (newest detection last), filtered by status, story or member claim; with
        `after` and `limit`, a page of them: the first `limit` with an id above `after`."""
        clauses, params = ["1"], []
        if after is not None:
            clauses.append("c.id > ?")
            params.append(after)
        if status:
            clauses.append("c.status = ?")
            params.append(status)
        if story_id is not None:
            clauses.append("c.story_id = ?")
            params.append(story_id)
        if claim_id:
            clauses.append("c.id IN (SELECT conflict_id FROM conflict_claims WHERE claim_id = ?)")
            params.append(claim_id)
        rows = list(
            self.db.query(
                f"SELECT c.* FROM conflicts c WHERE {' AND '.join(clauses)} ORDER BY c.id"
                + (f" LIMIT {int(limit)}" if limit is not None else ""),
                params,
            )
        )
        return [self._record(row) for row in rows]

    def for_claim(self, claim_id: str) -> list[ConflictRecord]:
        return self.list(claim_id=claim_id)

    def get(self, conflict_id: int) -> ConflictRecord | None:
        rows = list(self.db.query("SELECT * FROM conflicts WHERE id = ?", [conflict_id]))
        return self._record(rows[0]) if rows else None

    def resolutions(self, conflict_id: int | None = None) -> list[ResolutionRecord]:
        sql, params = "SELECT * FROM conflict_resolutions", []
        if conflict_id is not None:
            sql, params = sql + " WHERE conflict_id = ?", [conflict_id]
        return [_resolution(r) for r in self.db.query(sql + " ORDER BY id", params)]

    def _record(self, row: Mapping[str, Any]) -> ConflictRecord:
        members = [
            ConflictMemberRecord(
                claim_id=m["claim_id"],
                document_id=m["document_id"],
                document_source=m["source"],
                value=m["value"],
                value_key=m["value_key"],
                status=m["status"],
                version=m["version"],
                text=m["text"],
                quote=m["quote"],
                document_title=m["title"],
                document_published=m["published"],
                reviewed_by=m["reviewed_by"],
            )
            for m in self.db.query(
                "SELECT cc.claim_id, cc.value, cc.value_key, cl.document_id, cl.status, "
                "cl.version, cl.text, cl.quote, d.source, d.title, d.published, "
                "(SELECT reviewer FROM reviews r WHERE r.claim_id = cl.id ORDER BY r.id DESC "
                "LIMIT 1) AS reviewed_by FROM conflict_claims cc "
                "JOIN claims cl ON cl.id = cc.claim_id JOIN documents d ON d.id = cl.document_id "
                "WHERE cc.conflict_id = ? ORDER BY d.source, cl.quote_start, cc.value",
                [row["id"]],
            )
        ]
        latest = list(
            self.db.query(
                "SELECT * FROM conflict_resolutions WHERE conflict_id = ? AND undone_at IS NULL "
                "ORDER BY id DESC LIMIT 1",
                [row["id"]],
            )
        )
        return ConflictRecord(
            id=row["id"],
            key=row["key"],
            story_id=row["story_id"],
            kind=row["kind"],
            subject=row["subject"],
            status=row["status"],
            members=members,
            resolution=_resolution(latest[0]) if latest else None,
        )

    # -- settling -----------------------------------------------------------------------

    def resolve(
        self,
        conflict_id: int,
        action: Resolution,
        *,
        reviewer: str,
        claim_id: str | None = None,
        note: str | None = None,
        expected_versions: Mapping[str, int] | None = None,
        correct: Sequence[str] = (),
    ) -> ResolutionRecord:
        """Settle an open conflict as one undoable action (a decision group).

        `pick` needs a claim whose value is right: every pending claim stating that value is
        accepted; a claim stating another value is rejected ("wrong"), unless it is listed in
        `correct`: then it keeps its status and carries a figure correction (this figure is
        wrong, the picked value is right), which the summary applies. `keep_both` accepts
        every pending claim of the conflict; `reject` rejects every claim of it.
        `expected_versions` (claim id -> version as shown) makes the whole settlement fail if
        any of those claims changed meanwhile."""
        with write_transaction(self.db, self.path):
            conflict = self.get(conflict_id)
            if conflict is None:
                raise UnknownConflict(f"no conflict {conflict_id} (see `summarise conflicts`)")
            if conflict.status != "open":
                raise InvalidDecision(f"conflict {conflict_id} is {conflict.status}, not open")
            # Every claim as shown, not only those this resolution changes: a claim another
            # reviewer decided meanwhile means the reviewer chose on a stale picture.
            for member in conflict.members:
                shown = (expected_versions or {}).get(member.claim_id, member.version)
                if shown != member.version:
                    raise StaleDecision(member.claim_id, shown, member.version)
            changes, corrections = _planned_changes(conflict, action, claim_id, set(correct))
            reason = (
                f"{RejectReason.WRONG.value} (conflict {conflict_id}: {conflict.subject})"
                if action is not Resolution.KEEP_BOTH
                else None
            )
            group = start_group(
                self.db,
                reviewer,
                "settlement",
                f"settlement of conflict {conflict_id} ({conflict.subject})",
            )
            versions = {m.claim_id: m.version for m in conflict.members}
            reviews = [
                decide_in_transaction(
                    self.db,
                    member,
                    decision,
                    reviewer=reviewer,
                    expected_version=versions[member],
                    reason=reason if decision is ReviewAction.REJECT else None,
                    group_id=group,
                ).id
                for member, decision in changes
            ]
            stamp = now()
            resolutions = self.db.table("conflict_resolutions").insert(
                {
                    "conflict_id": conflict_id,
                    "action": action.value,
                    "claim_id": claim_id,
                    "reviewer": reviewer,
                    "decided_at": stamp,
                    "note": note,
                    "reviews": json.dumps(reviews),
                    "group_id": group,
                }
            )
            resolution_id = int(resolutions.last_rowid or 0)
            self.db.conn.executemany(
                "INSERT INTO figure_corrections (claim_id, conflict_id, resolution_id, "
                "wrong_value, right_value, reviewer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (claim, conflict_id, resolution_id, wrong, right, reviewer, stamp)
                    for claim, wrong, right in corrections
                ],
            )
            self.db.table("conflicts").update(
                conflict_id, {"status": "resolved", "updated_at": stamp}
            )
        return ResolutionRecord(
            id=resolution_id,
            conflict_id=conflict_id,
            action=action.value,
            claim_id=claim_id,
            reviewer=reviewer,
            decided_at=stamp,
            note=note,
            reviews=[r for r in reviews if r is not None],
            group_id=group,
            corrections=[
                FigureCorrection(claim, conflict_id, wrong, right, reviewer)
                for claim, wrong, right in corrections
            ],
        )

    def corrections(self, claim_ids: Sequence[str] | None = None) -> list[FigureCorrection]:
        """Figure corrections in force (their settlement not undone), for these claims or all."""
        sql = (
            "SELECT claim_id, conflict_id, wrong_value, right_value, reviewer "
            "FROM figure_corrections WHERE undone_at IS NULL"
        )
        if claim_ids is None:
            return [FigureCorrection(*row) for row in self.db.execute(sql + " ORDER BY id")]
        ids = list(claim_ids)
        out: list[FigureCorrection] = []
        # In slices: SQLite caps the number of parameters of one statement.
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ", ".join("?" for _ in part)
            rows = self.db.execute(f"{sql} AND claim_id IN ({marks}) ORDER BY id", part)
            out += [FigureCorrection(*row) for row in rows]
        return out


def _planned_changes(
    conflict: ConflictRecord, action: Resolution, claim_id: str | None, correct: set[str]
) -> tuple[list[tuple[str, ReviewAction]], list[tuple[str, str, str]]]:
    """(claim, decision) for every claim whose status the resolution changes, each once; and
    (claim, wrong value, right value) for every claim kept with its figure corrected."""
    statuses = {m.claim_id: m.status for m in conflict.members}
    wanted: dict[str, ReviewAction] = {}
    corrections: list[tuple[str, str, str]] = []
    if action is Resolution.PICK:
        picked = [m for m in conflict.members if m.claim_id == claim_id]
        if not picked:
            raise InvalidDecision(f"claim {claim_id} is not part of conflict {conflict.id}")
        right = {m.value_key for m in picked}
        wanted[picked[0].claim_id] = ReviewAction.ACCEPT
        for member in conflict.members:
            if member.value_key in right:
                # Every claim stating the picked value is right too.
                if member.status == ClaimStatus.PENDING.value:
                    wanted.setdefault(member.claim_id, ReviewAction.ACCEPT)
            elif member.claim_id in correct:
                corrections.append((member.claim_id, member.value, picked[0].value))
            else:
                wanted.setdefault(member.claim_id, ReviewAction.REJECT)
    elif claim_id is not None or correct:
        raise InvalidDecision(f"{action.value} takes no claim; only pick does")
    elif action is Resolution.KEEP_BOTH:
        for member in conflict.members:
            if member.status == ClaimStatus.PENDING.value:
                wanted[member.claim_id] = ReviewAction.ACCEPT
    else:
        for member in conflict.members:
            wanted[member.claim_id] = ReviewAction.REJECT
    after = {ReviewAction.ACCEPT: "accepted", ReviewAction.REJECT: "rejected"}
    changes = [
        (claim, decision)
        for claim, decision in sorted(wanted.items())
        if statuses[claim] != after[decision]
    ]
    return changes, sorted(set(corrections))


def _resolution(row: Mapping[str, Any]) -> ResolutionRecord:
    return ResolutionRecord(
        id=row["id"],
        conflict_id=row["conflict_id"],
        action=row["action"],
        claim_id=row["claim_id"],
        reviewer=row["reviewer"],
        decided_at=row["decided_at"],
        note=row["note"],
        reviews=json.loads(row["reviews"] or "[]"),
        group_id=row.get("group_id"),
        undone_at=row.get("undone_at"),
    )
