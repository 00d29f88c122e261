"""The review side of the database beyond single decisions: bulk decisions, undo by unit,
who decided what, and where a reviewer stopped."""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from summarise.models import Review
from summarise.store import decisions, undo
from summarise.store.undo import UndoUnit


class ReviewLog:
    def __init__(self, db: sqlite_utils.Database, path: str) -> None:
        self.db = db
        self.path = path

    def accept_all(
        self, claims: Sequence[tuple[str, int]], *, reviewer: str, label: str
    ) -> tuple[int, list[Review]]:
        """Accept the pending ones of (claim id, version shown) as one undoable group."""
        return decisions.accept_all(self.db, claims, reviewer=reviewer, label=label)

    def undo_group(self, group_id: int, *, reviewer: str) -> list[Review]:
        return undo.undo_group(self.db, self.path, group_id, reviewer)

    def undoable_units(self, reviewer: str, limit: int) -> list[UndoUnit]:
        return undo.undoable_units(self.db, reviewer, limit)

    def last_decision(self, claim_id: str) -> tuple[str, str, str] | None:
        """(reviewer, action, decided_at) of the claim's latest review, or None."""
        row = self.db.execute(
            "SELECT reviewer, action, decided_at FROM reviews WHERE claim_id = ? "
            "ORDER BY id DESC LIMIT 1",
            [claim_id],
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def last_decisions(self, document_id: str) -> dict[str, tuple[str, str, str, str | None]]:
        """claim id -> (reviewer, decided_at, action, reason) of the latest decision on each
        decided claim of one document (one query, for a streamed export)."""
        rows = self.db.execute(
            "SELECT r.claim_id, r.reviewer, r.decided_at, r.action, r.reason FROM reviews r "
            "JOIN claims c ON c.id = r.claim_id WHERE c.document_id = ? "
            "AND r.id = (SELECT max(id) FROM reviews WHERE claim_id = r.claim_id)",
            [document_id],
        )
        return {row[0]: (row[1], row[2], row[3], row[4]) for row in rows}

    def last_claim_of(self, reviewer: str) -> str | None:
        """The claim this reviewer decided last (to reopen the review where they stopped)."""
        row = self.db.execute(
            "SELECT claim_id FROM reviews WHERE reviewer = ? ORDER BY id DESC LIMIT 1",
            [reviewer],
        ).fetchone()
        return row[0] if row else None

    def document_names(self, document_ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """Document id -> (name, date) for lists and dialogs: the title, else the text's
        first line (usually the headline), else the file name; the date as YYYY-MM-DD or ""."""
        out: dict[str, tuple[str, str]] = {}
        ids = list(document_ids)
        # In slices: SQLite caps the number of parameters of one statement.
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ", ".join("?" for _ in part)
            rows = self.db.execute(
                "SELECT id, source, title, published, substr(text, 1, 200) FROM documents "
                f"WHERE id IN ({marks})",
                part,
            )
            out.update({row[0]: document_name(*row[1:]) for row in rows})
        return out

    def pending_of_document(self, document_id: str) -> list[tuple[str, int]]:
        return [
            (row[0], row[1])
            for row in self.db.execute(
                "SELECT id, version FROM claims WHERE document_id = ? AND status = 'pending' "
                "ORDER BY rowid",
                [document_id],
            )
        ]


def document_name(
    source: str, title: str | None, published: str | None, opening: str | None = None
) -> tuple[str, str]:
    headline = next((line.strip() for line in (opening or "").splitlines() if line.strip()), "")
    name = (title or "").strip() or headline or source.replace("\\", "/").rsplit("/", 1)[-1]
    return name, (published or "")[:10]


__all__ = ["ReviewLog", "UndoUnit", "document_name"]
