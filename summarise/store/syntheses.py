"""The synthesis cache: model-written syntheses by (key points, model, prompt version)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

import sqlite_utils

from summarise.store.connection import explain, now, write_transaction


@dataclass(frozen=True)
class CachedSynthesis:
    key: str
    model: str
    prompt_version: str
    sentences: list[tuple[str, list[str]]]
    prompt_tokens: int
    completion_tokens: int


class SynthesisCache:
    def __init__(self, db: sqlite_utils.Database, path: str) -> None:
        self.db = db
        self.path = path

    def get(self, key: str) -> CachedSynthesis | None:
        try:
            row = self.db.execute(
                "SELECT key, model, prompt_version, sentences, prompt_tokens, completion_tokens "
                "FROM syntheses WHERE key = ?",
                [key],
            ).fetchone()
        except sqlite3.OperationalError as exc:
            raise explain(exc, self.path) from exc
        if row is None:
            return None
        sentences = [(text, list(refs)) for text, refs in json.loads(row[3])]
        return CachedSynthesis(row[0], row[1], row[2], sentences, row[4], row[5])

    def put(
        self,
        entry: CachedSynthesis,
        *,
        story_id: int,
        points_hash: str,
    ) -> None:
        row = {
            "key": entry.key,
            "story_id": story_id,
            "model": entry.model,
            "prompt_version": entry.prompt_version,
            "points_hash": points_hash,
            "sentences": json.dumps(entry.sentences, ensure_ascii=False),
            "prompt_tokens": entry.prompt_tokens,
            "completion_tokens": entry.completion_tokens,
            "created_at": now(),
        }
        with write_transaction(self.db, self.path):
            self.db.table("syntheses").insert(row, replace=True)
