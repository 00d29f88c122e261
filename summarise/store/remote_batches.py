"""The `remote_batches` and `remote_requests` tables: work handed to a batch engine.

The database is the only memory between `batch --via batch-api` and `jobs collect`: each
step (files planned, file uploaded, batch created, reply stored, document settled) is its own
transaction, so the process may exit anywhere and the next command carries on from there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from summarise.models import (
    CachedResponse,
    Document,
    Extraction,
    ExtractionKey,
    ModelCall,
)
from summarise.store import extractions
from summarise.store import runs as runs_table
from summarise.store.connection import now, write_transaction
from summarise.store.remote_questions import WAITING, RemoteQuestions
from summarise.store.timestamps import stamp as timestamp

# A batch in one of these states may still change at the provider.
ACTIVE = ("uploading", "uploaded", "validating", "in_progress", "finalizing", "cancelling")
# Provider states after which the output and error files are final.
ENDED = ("completed", "failed", "expired", "cancelled")


class AlreadyResubmitted(ValueError):
    """Requests to resubmit were resubmitted by another command in the meantime."""


@dataclass(frozen=True)
class NewRequest:
    """A request line about to be recorded (with its batch, in one transaction)."""

    custom_id: str
    document_id: str
    chunk_start: int
    chunk_end: int
    cache_key: str
    round: int = 0
    status: str = "pending"
    body: str | None = None


@dataclass
class ReplyRecord:
    """What collecting one reply line stores, all in one transaction."""

    custom_id: str
    status: str  # ok, reasked, failed
    error: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cache: CachedResponse | None = None
    call: ModelCall | None = None
    follow_up: NewRequest | None = None


class RemoteBatches(RemoteQuestions):
    """Named writes of remote batch state, each one transaction (reads: RemoteQuestions)."""

    def __init__(self, db: sqlite_utils.Database, path: str) -> None:
        self.db = db
        self.path = path

    # -- submitting ----------------------------------------------------------------------

    def plan(
        self,
        *,
        via: str,
        key: ExtractionKey,
        mode: str,
        base_url: str | None,
        round: int,
        documents: Iterable[Document],
        requests: Sequence[NewRequest],
        estimated_tokens: int,
        file_path: str | None = None,
        supersedes: Sequence[str] = (),
        adopt: Sequence[str] = (),
        cached: Sequence[NewRequest] = (),
    ) -> int | None:
        """Record a batch (status uploading, or written for a file), its documents and its
        new request lines, take in follow-up requests already recorded (`adopt`, those no
        other batch took first), and mark the requests it replaces `resubmitted`; return its
        row id, or None when there was nothing left to adopt. `cached`: chunks of these
        documents answered by the response cache, recorded with them (in no batch)."""
        stamp = now()
        with self._writing():
            for document in documents:
                extractions.insert_document(self.db, document, stamp)
            batches = self.db.table("remote_batches").insert(
                {
                    "via": via,
                    "status": "written" if via == "batch-file" else "uploading",
                    "backend": key.backend,
                    "model": key.model,
                    "prompt_version": key.prompt_version,
                    "mode": mode,
                    "base_url": base_url,
                    "round": round,
                    "requests": len(requests) + len(adopt),
                    "estimated_tokens": estimated_tokens,
                    "file_path": file_path,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
            row_id = int(batches.last_rowid or 0)
            self._insert_requests(requests, row_id, key, stamp)
            self._insert_requests(cached, None, key, stamp)
            replaced = self._set_status(supersedes, "resubmitted", stamp, only="unfinished")
            if replaced != len(supersedes):
                raise AlreadyResubmitted(
                    "another command resubmitted these requests first; nothing was sent"
                )
            adopted = 0
            for chunk in _chunks(adopt):
                marks = ", ".join("?" for _ in chunk)
                adopted += self.db.execute(
                    f"UPDATE remote_requests SET batch = ? WHERE custom_id IN ({marks}) "
                    "AND batch IS NULL",
                    [row_id, *chunk],
                ).rowcount
            if adopt:
                if not adopted and not requests:
                    # Another collector sent these follow-ups first: no empty batch.
                    self.db.execute("DELETE FROM remote_batches WHERE id = ?", [row_id])
                    return None
                self.db.table("remote_batches").update(
                    row_id, {"requests": len(requests) + adopted}
                )
        return row_id

    def record_cached(
        self, key: ExtractionKey, requests: Sequence[NewRequest], *, documents: Iterable[Document]
    ) -> None:
        """Spans answered from the response cache: part of their document, in no batch."""
        stamp = now()
        with self._writing():
            for document in documents:
                extractions.insert_document(self.db, document, stamp)
            self._insert_requests(requests, None, key, stamp)

    def uploaded(self, row_id: int, file_id: str) -> None:
        self._update(row_id, status="uploaded", input_file_id=file_id)

    def created(self, row_id: int, batch_id: str, status: str) -> None:
        self._update(row_id, status=status, batch_id=batch_id)

    def refreshed(
        self,
        row_id: int,
        *,
        status: str,
        completed: int,
        failed: int,
        output_file_id: str | None,
        error_file_id: str | None,
        errors: str | None,
    ) -> None:
        self._update(
            row_id,
            status=status,
            completed=completed,
            failed=failed,
            output_file_id=output_file_id,
            error_file_id=error_file_id,
            errors=errors,
        )

    def set_status(self, row_id: int, status: str) -> None:
        self._update(row_id, status=status)

    def collected(self, row_id: int) -> None:
        self._update(row_id, collected_at=now())

    # -- collecting ----------------------------------------------------------------------

    def store_reply(self, record: ReplyRecord, *, run_id: int | None) -> bool:
        """Store one reply: the request's outcome, its cached answer, its call-log row and any
        follow-up request, together. False (and nothing written) when the request was
        already answered: collecting a file twice stores nothing twice."""
        stamp = now()
        with self._writing():
            row = self.db.execute(
                "SELECT status, batch FROM remote_requests WHERE custom_id = ?",
                [record.custom_id],
            ).fetchone()
            if row is None or row[0] not in WAITING:
                return False
            self.db.execute(
                "UPDATE remote_requests SET status = ?, error = ?, prompt_tokens = ?, "
                "completion_tokens = ?, updated_at = ? WHERE custom_id = ?",
                [
                    record.status,
                    record.error,
                    record.prompt_tokens,
                    record.completion_tokens,
                    stamp,
                    record.custom_id,
                ],
            )
            if record.cache is not None:
                self._insert_row(
                    "INSERT OR REPLACE",
                    "response_cache",
                    {**record.cache.model_dump(), "created_at": stamp},
                )
            if record.call is not None:
                call = record.call.model_dump()
                call["started_at"] = timestamp(record.call.started_at)
                call["tokens_estimated"] = int(record.call.tokens_estimated)
                call["run_id"] = run_id
                self._insert_row("INSERT", "calls", call)
            if record.follow_up is not None:
                key = self._request_key(record.custom_id)
                self._insert_requests([record.follow_up], None, key, stamp)
        return True

    def mark_unfinished(self, row_id: int) -> int:
        """Requests of an ended batch that got no reply: they wait for a resubmission."""
        with self._writing():
            cursor = self.db.execute(
                "UPDATE remote_requests SET status = 'unfinished', updated_at = ? "
                "WHERE batch = ? AND status = 'pending'",
                [now(), row_id],
            )
            return cursor.rowcount

    def settle(
        self,
        document: Document,
        key: ExtractionKey,
        *,
        extraction: Extraction | None,
        failure: str | None,
        run_id: int | None,
    ) -> int | None:
        """Store a document's extraction (or its failure) and mark its requests settled, in
        one transaction; return how many claims are new, or None when another collector
        settled it first (nothing is written twice)."""
        stamp = now()
        if extraction is not None:
            extractions.check_grounded(document, extraction)
        with self._writing():
            open_requests = self.db.execute(
                "SELECT count(*) FROM remote_requests WHERE document_id = ? AND backend = ? "
                "AND model = ? AND prompt_version = ? AND settled = 0",
                [document.id, key.backend, key.model, key.prompt_version],
            ).fetchone()[0]
            if not open_requests:
                return None
            added = 0
            if extraction is not None:
                # replace: a document is only sent again when it was extracted before with
                # --force, and then its unreviewed claims give way, as in a live --force run.
                added = extractions.store_extraction(
                    self.db, document, extraction, key=key, run_id=run_id, replace=True, stamp=stamp
                )
            else:
                extractions.store_failure(
                    self.db,
                    document,
                    failure,
                    key=key,
                    run_id=run_id,
                    tokens=self.document_tokens(document.id, key),
                    stamp=stamp,
                )
            self.db.execute(
                "UPDATE remote_requests SET settled = 1, updated_at = ? WHERE document_id = ? "
                "AND backend = ? AND model = ? AND prompt_version = ?",
                [stamp, document.id, key.backend, key.model, key.prompt_version],
            )
        return added

    def mark_run_batch_priced(self, run_id: int) -> None:
        with self._writing():
            self.db.table("runs").update(run_id, {"pricing": "batch"})

    @contextmanager
    def together(self) -> Iterator[None]:
        """One transaction for many replies or documents (each write method joins it): a
        commit per reply made collecting 50,000 replies mostly waiting for the disk. A crash
        rolls back only this group, whose replies are collected again next time."""
        with write_transaction(self.db, self.path):
            yield

    def start_run(self, key: ExtractionKey, inputs: Sequence[str]) -> int:
        """A run for a collection (joining the open transaction, if any)."""
        with self._writing():
            return runs_table.start(self.db, key=key, inputs=inputs)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        if self.db.conn.in_transaction:
            yield
            return
        with write_transaction(self.db, self.path):
            yield

    def _request_key(self, custom_id: str) -> ExtractionKey:
        row = self.db.execute(
            "SELECT backend, model, prompt_version FROM remote_requests WHERE custom_id = ?",
            [custom_id],
        ).fetchone()
        return ExtractionKey(row[0], row[1], row[2])

    def _insert_requests(
        self, requests: Sequence[NewRequest], row_id: int | None, key: ExtractionKey, stamp: str
    ) -> None:
        self.db.conn.executemany(
            "INSERT INTO remote_requests (custom_id, batch, document_id, backend, model, "
            "prompt_version, chunk_start, chunk_end, cache_key, round, status, body, "
            "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                [
                    r.custom_id,
                    row_id,
                    r.document_id,
                    key.backend,
                    key.model,
                    key.prompt_version,
                    r.chunk_start,
                    r.chunk_end,
                    r.cache_key,
                    r.round,
                    r.status,
                    r.body,
                    stamp,
                ]
                for r in requests
            ],
        )

    def _set_status(self, custom_ids: Sequence[str], status: str, stamp: str, *, only: str) -> int:
        changed = 0
        for chunk in _chunks(custom_ids):
            marks = ", ".join("?" for _ in chunk)
            changed += self.db.execute(
                f"UPDATE remote_requests SET status = ?, updated_at = ? "
                f"WHERE custom_id IN ({marks}) AND status = ?",
                [status, stamp, *chunk, only],
            ).rowcount
        return changed

    def _update(self, row_id: int, **values: Any) -> None:
        values["updated_at"] = now()
        with self._writing():
            self.db.table("remote_batches").update(row_id, values)

    def _insert_row(self, verb: str, table: str, row: Mapping[str, Any]) -> None:
        # Raw SQL, not the table API: this runs twice per reply when collecting (50,000
        # replies in a group), where table.insert's schema look-up per call adds seconds.
        columns = ", ".join(f"[{c}]" for c in row)
        marks = ", ".join("?" for _ in row)
        self.db.execute(f"{verb} INTO [{table}] ({columns}) VALUES ({marks})", list(row.values()))


def _chunks(items: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    # SQLite caps the number of parameters of one statement.
    for start in range(0, len(items), size):
        yield items[start : start + size]
