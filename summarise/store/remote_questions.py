"""Named read-only questions about remote batches and their request lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlite_utils

from summarise.models import ExtractionKey, RemoteBatch, RemoteRequest

# Request states that still wait for a reply.
WAITING = ("pending", "unfinished")


class RemoteQuestions:
    """What the remote tables say; RemoteBatches adds the writes."""

    db: sqlite_utils.Database

    def batches(self, *, statuses: Sequence[str] | None = None) -> list[RemoteBatch]:
        sql, params = "SELECT * FROM remote_batches", list(statuses or [])
        if statuses is not None:
            sql += f" WHERE status IN ({', '.join('?' for _ in params)})"
        return [batch_from_row(row) for row in self.db.query(sql + " ORDER BY id", params)]

    def uncollected(self) -> list[RemoteBatch]:
        """Batches whose replies are not all stored yet (sent, running, or ended)."""
        rows = self.db.query("SELECT * FROM remote_batches WHERE collected_at IS NULL ORDER BY id")
        return [batch_from_row(row) for row in rows]

    def batch(self, reference: str) -> RemoteBatch | None:
        """A batch by its row number or the provider's batch id."""
        rows = list(
            self.db.query(
                "SELECT * FROM remote_batches WHERE batch_id = ? OR CAST(id AS TEXT) = ?",
                [reference, reference],
            )
        )
        return batch_from_row(rows[0]) if rows else None

    def requests(self, row_id: int, *, statuses: Sequence[str] = WAITING) -> list[RemoteRequest]:
        marks = ", ".join("?" for _ in statuses)
        rows = self.db.query(
            f"SELECT * FROM remote_requests WHERE batch = ? AND status IN ({marks}) ORDER BY rowid",
            [row_id, *statuses],
        )
        return [request_from_row(row) for row in rows]

    def request(self, custom_id: str, key: ExtractionKey | None = None) -> RemoteRequest | None:
        """A request by its custom_id (only if made with `key`, when given)."""
        sql, params = "SELECT * FROM remote_requests WHERE custom_id = ?", [custom_id]
        if key is not None:
            sql += " AND backend = ? AND model = ? AND prompt_version = ?"
            params += [key.backend, key.model, key.prompt_version]
        rows = list(self.db.query(sql, params))
        return request_from_row(rows[0]) if rows else None

    def unassigned(self, key: ExtractionKey) -> list[RemoteRequest]:
        """Follow-up requests recorded with a reply but not yet in a batch."""
        rows = self.db.query(
            "SELECT * FROM remote_requests WHERE batch IS NULL AND status = 'pending' "
            "AND backend = ? AND model = ? AND prompt_version = ? ORDER BY rowid",
            [key.backend, key.model, key.prompt_version],
        )
        return [request_from_row(row) for row in rows]

    def unfinished(
        self, key: ExtractionKey, row_ids: Sequence[int] | None = None
    ) -> list[RemoteRequest]:
        """Requests an ended batch left without a reply (of these batches, if given)."""
        sql = (
            "SELECT * FROM remote_requests WHERE status = 'unfinished' AND backend = ? "
            "AND model = ? AND prompt_version = ?"
        )
        params: list[Any] = [key.backend, key.model, key.prompt_version]
        if row_ids is not None:
            sql += f" AND batch IN ({', '.join('?' for _ in row_ids)})"
            params += list(row_ids)
        return [request_from_row(row) for row in self.db.query(sql + " ORDER BY rowid", params)]

    def has_loose_ends(self, key: ExtractionKey) -> bool:
        """Work a collection killed part-way left: documents answered but not yet stored, or
        re-asks recorded but not yet in a batch."""
        return bool(self.ready_documents(key) or self.unassigned(key))

    def has_unfinished(self, row_id: int) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM remote_requests WHERE batch = ? AND status = 'unfinished' LIMIT 1",
            [row_id],
        ).fetchone()
        return row is not None

    def in_flight_documents(self, key: ExtractionKey) -> set[str]:
        """Documents with a request still waiting: submitting them again would pay twice."""
        rows = self.db.execute(
            "SELECT DISTINCT document_id FROM remote_requests WHERE settled = 0 "
            "AND backend = ? AND model = ? AND prompt_version = ?",
            [key.backend, key.model, key.prompt_version],
        ).fetchall()
        return {row[0] for row in rows}

    def ready_documents(self, key: ExtractionKey) -> list[str]:
        """Unsettled documents none of whose requests still waits for a reply."""
        rows = self.db.execute(
            "SELECT document_id FROM remote_requests WHERE settled = 0 AND backend = ? "
            "AND model = ? AND prompt_version = ? GROUP BY document_id "
            "HAVING sum(status IN ('pending', 'unfinished')) = 0 ORDER BY min(rowid)",
            [key.backend, key.model, key.prompt_version],
        ).fetchall()
        return [row[0] for row in rows]

    def document_requests(self, document_id: str, key: ExtractionKey) -> list[RemoteRequest]:
        rows = self.db.query(
            "SELECT * FROM remote_requests WHERE document_id = ? AND backend = ? AND model = ? "
            "AND prompt_version = ? ORDER BY chunk_start, chunk_end, round, rowid",
            [document_id, key.backend, key.model, key.prompt_version],
        )
        return [request_from_row(row) for row in rows]

    def tokens(self, row_id: int) -> tuple[int, int]:
        row = self.db.execute(
            "SELECT coalesce(sum(prompt_tokens), 0), coalesce(sum(completion_tokens), 0) "
            "FROM remote_requests WHERE batch = ?",
            [row_id],
        ).fetchone()
        return int(row[0]), int(row[1])

    def document_tokens(self, document_id: str, key: ExtractionKey) -> tuple[int, int, int]:
        row = self.db.execute(
            "SELECT coalesce(sum(prompt_tokens), 0), coalesce(sum(completion_tokens), 0), "
            "count(*) FROM remote_requests WHERE document_id = ? AND backend = ? AND model = ? "
            "AND prompt_version = ? AND status NOT IN ('cached', 'resubmitted')",
            [document_id, key.backend, key.model, key.prompt_version],
        ).fetchone()
        return int(row[0]), int(row[1]), int(row[2])


def batch_from_row(row: Mapping[str, Any]) -> RemoteBatch:
    return RemoteBatch(
        id=row["id"],
        via=row["via"],
        status=row["status"],
        key=ExtractionKey(row["backend"], row["model"], row["prompt_version"]),
        mode=row["mode"],
        base_url=row["base_url"],
        round=row["round"],
        requests=row["requests"],
        completed=row["completed"],
        failed=row["failed"],
        estimated_tokens=row["estimated_tokens"],
        input_file_id=row["input_file_id"],
        batch_id=row["batch_id"],
        output_file_id=row["output_file_id"],
        error_file_id=row["error_file_id"],
        file_path=row["file_path"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        errors=row["errors"],
        collected_at=row["collected_at"],
    )


def request_from_row(row: Mapping[str, Any]) -> RemoteRequest:
    return RemoteRequest(
        custom_id=row["custom_id"],
        batch=row["batch"],
        document_id=row["document_id"],
        chunk_start=row["chunk_start"],
        chunk_end=row["chunk_end"],
        cache_key=row["cache_key"],
        round=row["round"],
        status=row["status"],
        body=row["body"],
        error=row["error"],
    )
