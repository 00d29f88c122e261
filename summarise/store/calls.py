"""The model call log and response cache: the store's side of the backends' CallRecorder.

Each write is its own short transaction, so a crash mid-batch keeps every attempt logged and
every answer cached up to that moment: a resumed batch pays for none of them again.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlite_utils

from summarise.models import CachedResponse, ModelCall
from summarise.store.connection import explain, now, write_transaction

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
        self._insert("INSERT OR REPLACE", "response_cache", row)

    def log_call(self, call: ModelCall) -> None:
        row = call.model_dump()
        row["started_at"] = call.started_at.isoformat()
        row["tokens_estimated"] = int(call.tokens_estimated)
        row["run_id"] = self.run_id
        self._insert("INSERT", "calls", row)

    def _insert(self, verb: str, table: str, row: dict[str, Any]) -> None:
        columns = ", ".join(f"[{c}]" for c in row)
        marks = ", ".join("?" for _ in row)
        with write_transaction(self.db, self.path):
            self.db.execute(
                f"{verb} INTO [{table}] ({columns}) VALUES ({marks})", list(row.values())
            )
