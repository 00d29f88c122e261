"""The `runs` table: one row per batch, and marking batches whose process died as interrupted."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from summarise.models import ExtractionKey
from summarise.store.calls import mark_lost
from summarise.store.connection import now


@dataclass(frozen=True)
class RunCounts:
    documents_read: int = 0
    documents_skipped: int = 0
    documents_failed: int = 0
    documents_unchanged: int = 0
    claims_stored: int = 0
    claims_dropped: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


def start(
    db: sqlite_utils.Database,
    *,
    key: ExtractionKey,
    inputs: Sequence[str],
) -> int:
    """Record a new running batch (inside the caller's write transaction)."""
    mark_dead_runs_interrupted(db)
    mark_lost(db)
    runs = db.table("runs").insert(
        {
            "backend": key.backend,
            "model": key.model,
            "prompt_version": key.prompt_version,
            "status": "running",
            "pid": os.getpid(),
            "started_at": now(),
            "inputs": json.dumps(list(inputs)),
        }
    )
    return int(runs.last_rowid or 0)


def finish(
    db: sqlite_utils.Database,
    run_id: int,
    counts: RunCounts,
    *,
    status: str,
    errors: Sequence[dict[str, str]],
) -> None:
    db.table("runs").update(
        run_id,
        {
            "status": status,
            "ended_at": now(),
            "errors": json.dumps(list(errors), ensure_ascii=False),
            **counts.__dict__,
        },
    )


def mark_dead_runs_interrupted(db: sqlite_utils.Database) -> None:
    for run_id, pid in db.execute("SELECT id, pid FROM runs WHERE status = 'running'").fetchall():
        if pid is None or not _process_alive(pid) or pid == os.getpid():
            db.execute(
                "UPDATE runs SET status = 'interrupted', ended_at = coalesce(ended_at, ?) "
                "WHERE id = ?",
                [now(), run_id],
            )


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
