"""Named read-only questions for reports (`stats`, analysis summaries): the SQL stays here."""

from __future__ import annotations

from typing import Any

import sqlite_utils


class Reports:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def _count(self, sql: str, params: list[Any] | None = None) -> int:
        return int(self.db.execute(sql, params or []).fetchone()[0] or 0)

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        return list(self.db.query(sql, params or []))

    def document_count(self) -> int:
        return self._count("SELECT count(*) FROM documents")

    def story_count(self) -> int:
        return self._count("SELECT count(*) FROM stories")

    def link_count(self) -> int:
        return self._count("SELECT count(*) FROM claim_links")

    def open_conflict_count(self, story_id: int | None = None) -> int:
        if story_id is None:
            return self._count("SELECT count(*) FROM conflicts WHERE status = 'open'")
        return self._count(
            "SELECT count(*) FROM conflicts WHERE story_id = ? AND status = 'open'", [story_id]
        )

    def claims_by_kind(self) -> dict[str, int]:
        rows = self._rows(
            "SELECT kind, count(*) AS n FROM claims GROUP BY kind ORDER BY n DESC, kind"
        )
        return {row["kind"]: row["n"] for row in rows}

    def extractions_by_key(self) -> list[dict[str, Any]]:
        """Documents, claims and spend per (backend, model, prompt version, status)."""
        return self._rows(
            "SELECT backend, model, prompt_version, status, count(*) AS documents, "
            "sum(claims) AS claims, sum(dropped_ungrounded) AS dropped_ungrounded, "
            "sum(prompt_tokens) AS prompt_tokens, sum(completion_tokens) AS completion_tokens, "
            "sum(calls) AS calls FROM extractions "
            "GROUP BY backend, model, prompt_version, status ORDER BY backend, model, status"
        )

    def recent_runs(self, limit: int = 10) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT id, backend, model, status, started_at, ended_at, documents_read, "
            "documents_skipped, documents_failed, documents_unchanged, claims_stored, "
            "claims_dropped, prompt_tokens, completion_tokens FROM runs ORDER BY id DESC LIMIT ?",
            [limit],
        )

    def failed_extractions(self, limit: int = 50) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT e.document_id, d.source, e.error FROM extractions e "
            "JOIN documents d ON d.id = e.document_id WHERE e.status = 'failed' "
            "ORDER BY d.source LIMIT ?",
            [limit],
        )

    def reviewer_activity(self) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT reviewer, count(*) AS decisions, max(decided_at) AS last FROM reviews "
            "GROUP BY reviewer ORDER BY decisions DESC"
        )

    def call_tokens(self) -> dict[str, int]:
        """Tokens from the call log: every attempt of every run, failed ones included."""
        row = self.db.execute(
            "SELECT coalesce(sum(prompt_tokens), 0), coalesce(sum(completion_tokens), 0) FROM calls"
        ).fetchone()
        return {"prompt": int(row[0]), "completion": int(row[1])}

    def calls_by_status(self) -> dict[str, int]:
        rows = self._rows("SELECT status, count(*) AS n FROM calls GROUP BY status ORDER BY n DESC")
        return {row["status"]: row["n"] for row in rows}

    def documents_without_claims(self, limit: int = 50) -> list[dict[str, Any]]:
        """Documents an extraction gave no claims at all (status `empty`): a model that
        answered with an empty list or with quotes not in the text, or a text the rules do
        not fit. `batch --retry-empty` asks again."""
        return self._rows(
            "SELECT e.document_id, d.source, length(d.text) AS characters, e.backend, e.model "
            "FROM extractions e JOIN documents d ON d.id = e.document_id "
            "WHERE e.status = 'empty' OR (e.status = 'extracted' AND e.claims = 0 "
            "AND e.dropped_ungrounded = 0) "
            "ORDER BY characters DESC LIMIT ?",
            [limit],
        )
