"""Schema changes as an ordered list, each recorded in the database once applied.

Append new migrations at the end; never edit or reorder one that has shipped, so an older
database always upgrades by running only what it has not seen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[sqlite_utils.Database], None]


def _m001_initial(db: sqlite_utils.Database) -> None:
    db["documents"].create(
        {
            "id": str,
            "source": str,
            "title": str,
            "published": str,
            "text": str,
            "encoding": str,
            "boilerplate_removed": int,
            "char_count": int,
            "ingested_at": str,
        },
        pk="id",
        not_null={"source", "text", "ingested_at"},
    )
    db["runs"].create(
        {
            "id": int,
            "backend": str,
            "model": str,
            "prompt_version": str,
            "status": str,
            "pid": int,
            "started_at": str,
            "ended_at": str,
            "inputs": str,
            "documents_read": int,
            "documents_skipped": int,
            "documents_failed": int,
            "documents_unchanged": int,
            "claims_stored": int,
            "claims_dropped": int,
            "prompt_tokens": int,
            "completion_tokens": int,
            "errors": str,
        },
        pk="id",
        not_null={"backend", "model", "prompt_version", "status", "started_at"},
        defaults={
            "documents_read": 0,
            "documents_skipped": 0,
            "documents_failed": 0,
            "documents_unchanged": 0,
            "claims_stored": 0,
            "claims_dropped": 0,
            "prompt_tokens": 0,
            "completion_tokens": 0,
            "errors": "[]",
        },
    )
    db["extractions"].create(
        {
            "document_id": str,
            "backend": str,
            "model": str,
            "prompt_version": str,
            "status": str,
            "error": str,
            "run_id": int,
            "claims": int,
            "dropped_ungrounded": int,
            "prompt_tokens": int,
            "completion_tokens": int,
            "calls": int,
            "extracted_at": str,
        },
        pk=("document_id", "backend", "model", "prompt_version"),
        foreign_keys=[("document_id", "documents", "id"), ("run_id", "runs", "id")],
        not_null={"status", "extracted_at"},
        defaults={
            "claims": 0,
            "dropped_ungrounded": 0,
            "prompt_tokens": 0,
            "completion_tokens": 0,
            "calls": 0,
        },
    )
    db["claims"].create(
        {
            "id": str,
            "document_id": str,
            "text": str,
            "original_text": str,
            "quote": str,
            "quote_start": int,
            "quote_end": int,
            "kind": str,
            "attribution": str,
            "figures": str,
            "backend": str,
            "model": str,
            "prompt_version": str,
            "run_id": int,
            "created_at": str,
            "status": str,
            "version": int,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("run_id", "runs", "id")],
        not_null={
            "document_id",
            "text",
            "quote",
            "quote_start",
            "quote_end",
            "kind",
            "status",
            "version",
            "created_at",
        },
        defaults={"status": "pending", "version": 0, "figures": "[]"},
    )
    db["reviews"].create(
        {
            "id": int,
            "claim_id": str,
            "reviewer": str,
            "action": str,
            "decided_at": str,
            "status_before": str,
            "status_after": str,
            "text_before": str,
            "text_after": str,
            "reason": str,
            "undoes": int,
            "quote_start_before": int,
            "quote_end_before": int,
            "quote_start_after": int,
            "quote_end_after": int,
        },
        pk="id",
        foreign_keys=[("claim_id", "claims", "id"), ("undoes", "reviews", "id")],
        not_null={"claim_id", "reviewer", "action", "decided_at", "status_before", "status_after"},
    )
    db["claims"].create_index(["status"])
    db["claims"].create_index(["document_id", "quote_start"])
    db["claims"].create_index(["kind"])
    db["reviews"].create_index(["claim_id"])
    db["reviews"].create_index(["decided_at"])
    db["extractions"].create_index(["run_id"])


def _m002_model_calls(db: sqlite_utils.Database) -> None:
    # Every model request attempt, as the `llm` CLI logs them: what was asked and answered.
    db["calls"].create(
        {
            "id": int,
            "run_id": int,
            "document_id": str,
            "chunk_start": int,
            "chunk_end": int,
            "attempt": int,
            "transport_attempt": int,
            "request_hash": str,
            "model": str,
            "mode": str,
            "base_url": str,
            "prompt_version": str,
            "status": str,
            "http_status": int,
            "finish_reason": str,
            "prompt_tokens": int,
            "completion_tokens": int,
            "tokens_estimated": int,
            "latency_ms": float,
            "validation_error": str,
            "error": str,
            "request": str,
            "response": str,
            "started_at": str,
        },
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
        not_null={"document_id", "request_hash", "model", "mode", "status", "started_at"},
        defaults={"prompt_tokens": 0, "completion_tokens": 0, "tokens_estimated": 0},
    )
    db["calls"].create_index(["run_id"])
    db["calls"].create_index(["document_id"])
    db["calls"].create_index(["request_hash"])
    # Validated answers by (document span, model, mode, prompt version, schema version).
    db["response_cache"].create(
        {
            "key": str,
            "document_id": str,
            "chunk_start": int,
            "chunk_end": int,
            "model": str,
            "mode": str,
            "prompt_version": str,
            "schema_version": str,
            "payload": str,
            "prompt_tokens": int,
            "completion_tokens": int,
            "created_at": str,
        },
        pk="key",
        not_null={"document_id", "model", "mode", "payload", "created_at"},
    )
    db["response_cache"].create_index(["document_id"])


MIGRATIONS: list[Migration] = [
    Migration("001_initial", _m001_initial),
    Migration("002_model_calls", _m002_model_calls),
]

MIGRATIONS_TABLE = "_summarise_migrations"


def applied(db: sqlite_utils.Database) -> list[str]:
    if not db[MIGRATIONS_TABLE].exists():
        return []
    return [row["name"] for row in db[MIGRATIONS_TABLE].rows_where(order_by="id")]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply every migration the database has not recorded; return the names applied.

    Each migration and its record commit together, so a crash mid-upgrade leaves the
    database at the previous version, never between two.
    """
    done = set(applied(db))
    ran: list[str] = []
    for migration in MIGRATIONS:
        if migration.name in done:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            if not db[MIGRATIONS_TABLE].exists():
                db.execute(
                    f"CREATE TABLE [{MIGRATIONS_TABLE}] (id INTEGER PRIMARY KEY, "
                    "name TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL)"
                )
            # Another process may have migrated between our check and our lock.
            if migration.name in applied(db):
                db.execute("COMMIT")
                continue
            migration.apply(db)
            db.execute(
                f"INSERT INTO [{MIGRATIONS_TABLE}] (name, applied_at) VALUES (?, ?)",
                [migration.name, datetime.now(UTC).isoformat()],
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        ran.append(migration.name)
    return ran
