"""The model call log and response cache: the store's side of the backends' CallRecorder.

Each write is its own short transaction, so a crash mid-batch keeps every attempt logged and
every answer cached up to that moment: a resumed batch pays for none of them again. A request
is logged as `sent` before it leaves the process and completed when it ends; rows a killed
process left `sent` are marked `lost` when the next batch starts (`mark_lost`).
"""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlite_utils

from summarise.models import CachedResponse, ModelCall
from summarise.store.connection import explain, now, write_transaction
from summarise.store.timestamps import stamp

_CACHE_COLUMNS = tuple(CachedResponse.model_fields)


class CallLog:
    """A CallRecorder bound to one run (None for look-ups outside a run, e.g. --dry-run)."""

    def __init__(self, db: sqlite_utils.Database, path: str, run_id: int | None) -> None:
        self.db = db
        self.path = path
        self.run_id = run_id

    def cached_response(self, key: str) -> CachedResponse | None:
        try:
            row = self.db.execute(
                f"SELECT {', '.join(_CACHE_COLUMNS)} FROM response_cache WHERE key = ?", [key]
            ).fetchone()
        except sqlite3.OperationalError as exc:
            raise explain(exc, self.path) from exc
        return CachedResponse(**dict(zip(_CACHE_COLUMNS, row, strict=True))) if row else None

    def cache_response(self, entry: CachedResponse) -> None:
        row = {**entry.model_dump(), "created_at": now()}
        self._insert("response_cache", row, replace=True)

    def log_call(self, call: ModelCall) -> None:
        self._insert("calls", self._row(call))

    def requests_per_chunk(self, model: str) -> tuple[float, int] | None:
        """How many requests a chunk has taken with `model` (re-asks and resends included),
        over the chunks the call log has seen: (ratio, chunks), or None before any."""
        try:
            requests, chunks = self.db.execute(
                "SELECT count(*), count(DISTINCT document_id || ':' || chunk_start || ':' || "
                "chunk_end) FROM calls WHERE model = ? AND status NOT IN ('sent', 'lost', "
                "'cancelled')",
                [model],
            ).fetchone()
        except sqlite3.OperationalError as exc:
            raise explain(exc, self.path) from exc
        return (requests / chunks, chunks) if chunks else None

    def call_sent(self, call: ModelCall) -> int:
        """Log a request about to leave the process; its row id, to complete it by."""
        return self._insert("calls", self._row(call))

    def call_done(self, row_id: int, call: ModelCall) -> None:
        """Complete a `sent` row with how the request ended."""
        row = self._row(call)
        row["finished_at"] = now()
        with write_transaction(self.db, self.path):
            self.db.table("calls").update(row_id, row)

    def _row(self, call: ModelCall) -> dict[str, Any]:
        row = call.model_dump()
        row["started_at"] = stamp(call.started_at)
        row["tokens_estimated"] = int(call.tokens_estimated)
        row["run_id"] = self.run_id
        return row

    def _insert(self, table: str, row: dict[str, Any], *, replace: bool = False) -> int:
        # The table API: one write per model call, whose round trip dwarfs its schema look-up.
        with write_transaction(self.db, self.path):
            inserted = self.db.table(table).insert(row, replace=replace)
        return int(inserted.last_rowid or 0)


def mark_lost(db: sqlite_utils.Database) -> int:
    """Mark `lost` the calls left `sent` by runs that are no longer running (their process
    was killed mid-request: the server may have answered, nobody read it). Runs inside the
    caller's write transaction, after dead runs were marked interrupted."""
    cursor = db.execute(
        "UPDATE calls SET status = 'lost', finished_at = coalesce(finished_at, ?), "
        "error = coalesce(error, 'the process ended before the reply was read') "
        "WHERE status = 'sent' AND (run_id IS NULL OR run_id IN "
        "(SELECT id FROM runs WHERE status != 'running'))",
        [now()],
    )
    return cursor.rowcount
