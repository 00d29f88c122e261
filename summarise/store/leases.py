"""Soft leases: which reviewer has which claim on screen, so a team does not collide.

A lease is advisory: it never blocks a decision, it only lets `n` and the list pass over a
claim a colleague is looking at. It expires by itself (a reviewer whose terminal died holds
nothing for longer than LEASE_SECONDS), is renewed while the claim stays on screen, and is
released when the reviewer moves on or quits.
"""

from __future__ import annotations

import sqlite3
import time

import sqlite_utils

from summarise.store.connection import StoreError, explain, write_transaction

# Long enough to survive a slow decision, short enough that a dead session frees its claim
# quickly; the screen renews every LEASE_SECONDS / 3.
LEASE_SECONDS = 30.0


class LeaseStore:
    def __init__(self, db: sqlite_utils.Database, path: str) -> None:
        self.db = db
        self.path = path

    def take(self, claim_id: str, reviewer: str, *, seconds: float = LEASE_SECONDS) -> str | None:
        """Lease `claim_id` to `reviewer` (dropping their other lease) unless another
        reviewer holds a live lease on it; returns that other reviewer, or None when taken."""
        stamp = time.time()
        try:
            with write_transaction(self.db, self.path):
                row = self.db.execute(
                    "SELECT reviewer FROM claim_leases WHERE claim_id = ? AND reviewer != ? "
                    "AND expires_at > ?",
                    [claim_id, reviewer, stamp],
                ).fetchone()
                if row is not None:
                    return str(row[0])
                self.db.execute(
                    "DELETE FROM claim_leases WHERE reviewer = ? AND claim_id != ?",
                    [reviewer, claim_id],
                )
                self.db.execute(
                    "INSERT OR REPLACE INTO claim_leases (claim_id, reviewer, expires_at) "
                    "VALUES (?, ?, ?)",
                    [claim_id, reviewer, stamp + seconds],
                )
        except sqlite3.OperationalError as exc:
            raise explain(exc, self.path, db=self.db) from exc
        except sqlite3.IntegrityError as exc:  # the claim was deleted by a rerun meanwhile
            raise StoreError(f"claim {claim_id} is gone: {exc}") from exc
        return None

    def release(self, reviewer: str) -> None:
        try:
            with write_transaction(self.db, self.path):
                self.db.execute("DELETE FROM claim_leases WHERE reviewer = ?", [reviewer])
        except sqlite3.OperationalError as exc:
            raise explain(exc, self.path, db=self.db) from exc

    def holders(self, claim_ids: list[str], reviewer: str) -> dict[str, str]:
        """claim id -> the other reviewer holding a live lease on it, for the given claims."""
        if not claim_ids:
            return {}
        marks = ", ".join("?" for _ in claim_ids)
        rows = self.db.execute(
            f"SELECT claim_id, reviewer FROM claim_leases WHERE claim_id IN ({marks}) "
            "AND reviewer != ? AND expires_at > ?",
            [*claim_ids, reviewer, time.time()],
        ).fetchall()
        return {row[0]: row[1] for row in rows}

    def held_by_others(self, reviewer: str) -> int:
        return int(
            self.db.execute(
                "SELECT count(*) FROM claim_leases WHERE reviewer != ? AND expires_at > ?",
                [reviewer, time.time()],
            ).fetchone()[0]
        )
