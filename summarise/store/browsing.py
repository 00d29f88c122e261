"""Reading the call log and the review history for people: `summarise logs` (every model
request, newest first, as `llm logs` shows them) and `summarise history` (every decision by
reviewer and time). Read-only questions; nothing here writes."""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlite_utils

from summarise.store.connection import explain

_CALL_COLUMNS = (
    "c.id, c.run_id, c.document_id, d.source AS document_source, c.chunk_start, c.chunk_end, "
    "c.attempt, c.model, c.mode, c.base_url, c.status, c.http_status, c.finish_reason, "
    "c.prompt_tokens, c.completion_tokens, c.tokens_estimated, c.latency_ms, c.error, "
    "c.started_at, c.finished_at, c.pricing"
)


class Browsing:
    def __init__(self, db: sqlite_utils.Database, path: str) -> None:
        self.db = db
        self.path = path

    def calls(
        self,
        *,
        limit: int | None = 20,
        run_id: int | None = None,
        query: str | None = None,
        full: bool = False,
    ) -> list[dict[str, Any]]:
        """Model calls, newest first: of one run, and/or whose request, reply, error,
        model or document name contains `query` (case-insensitive)."""
        where, params = [], []
        if run_id is not None:
            where.append("c.run_id = ?")
            params.append(run_id)
        if query:
            pattern = (
                "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
            where.append(
                "("
                + " OR ".join(
                    f"{column} LIKE ? ESCAPE '\\'"
                    for column in ("c.request", "c.response", "c.error", "c.model", "d.source")
                )
                + ")"
            )
            params += [pattern] * 5
        columns = _CALL_COLUMNS + (", c.request, c.response" if full else "")
        sql = (
            f"SELECT {columns} FROM calls c LEFT JOIN documents d ON d.id = c.document_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY c.id DESC"
            + (" LIMIT ?" if limit else "")
        )
        return self._rows(sql, [*params, limit] if limit else params)

    def call(self, call_id: int) -> dict[str, Any] | None:
        """One call with its request and reply bodies."""
        rows = self._rows(
            f"SELECT {_CALL_COLUMNS}, c.request, c.response FROM calls c "
            "LEFT JOIN documents d ON d.id = c.document_id WHERE c.id = ?",
            [call_id],
        )
        return rows[0] if rows else None

    def decisions(
        self,
        *,
        reviewer: str | None = None,
        since: str | None = None,
        claim_id: str | None = None,
        limit: int | None = 50,
    ) -> list[dict[str, Any]]:
        """Review decisions, newest first: by one reviewer, decided at or after `since`
        (an ISO 8601 timestamp or date, compared in UTC), of one claim (an id prefix)."""
        where, params = [], []
        if reviewer is not None:
            where.append("r.reviewer = ?")
            params.append(reviewer)
        if since is not None:
            where.append("r.decided_at >= ?")
            params.append(since)
        if claim_id is not None:
            where.append("r.claim_id LIKE ? ESCAPE '\\'")
            params.append(_literal(claim_id) + "%")
        sql = (
            "SELECT r.id, r.decided_at, r.reviewer, r.action, r.claim_id, c.document_id, "
            "d.source AS document_source, r.status_before, r.status_after, r.text_before, "
            "coalesce(r.text_after, r.text_before) AS text_after, r.reason, r.undoes, r.group_id "
            "FROM reviews r "
            "JOIN claims c ON c.id = r.claim_id JOIN documents d ON d.id = c.document_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY r.id DESC"
            + (" LIMIT ?" if limit else "")
        )
        return self._rows(sql, [*params, limit] if limit else params)

    def _rows(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        try:
            cursor = self.db.execute(sql, params)
        except sqlite3.OperationalError as exc:
            raise explain(exc, self.path) from exc
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _literal(text: str) -> str:
    """`text` matched as itself by LIKE ... ESCAPE '\\' (no wildcards)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
