"""Stories (groups of documents), the user's corrections to them, and corroboration links.

Automatic assignments are rewritten by each regrouping; assignments made by a user
(`assigned_by = 'user'`) and user-given story names are never touched by it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

import sqlite_utils
from sqlite_utils.db import NotFoundError

from summarise.models import LinkRecord, PlannedStory, StoryRecord
from summarise.store.connection import StoreError, now, write_transaction


class UnknownStory(StoreError):
    pass


class StoryStore:
    def __init__(self, db: sqlite_utils.Database, path: str) -> None:
        self.db = db
        self.path = path

    # -- reading ------------------------------------------------------------------------

    def list(self) -> list[StoryRecord]:
        rows = self.db.query(
            "SELECT s.*, count(ds.document_id) AS documents, "
            "sum(ds.assigned_by = 'user') AS corrected FROM stories s "
            "LEFT JOIN document_stories ds ON ds.story_id = s.id GROUP BY s.id "
            "ORDER BY coalesce(s.first_published, '9999'), s.id"
        )
        return [_story(row) for row in rows]

    def get(self, story_id: int) -> StoryRecord | None:
        # One story by its key (the review screen asks on every cursor move).
        rows = list(
            self.db.query(
                "SELECT s.*, count(ds.document_id) AS documents, "
                "sum(ds.assigned_by = 'user') AS corrected FROM stories s "
                "LEFT JOIN document_stories ds ON ds.story_id = s.id WHERE s.id = ? "
                "GROUP BY s.id",
                [story_id],
            )
        )
        return _story(rows[0]) if rows else None

    def require(self, story_id: int) -> StoryRecord:
        story = self.get(story_id)
        if story is None:
            raise UnknownStory(f"no story {story_id} (see `summarise stories`)")
        return story

    def assignments(self) -> dict[str, tuple[int, str]]:
        """document id -> (story id, 'auto' | 'user')."""
        return {
            row["document_id"]: (row["story_id"], row["assigned_by"])
            for row in self.db.query("SELECT * FROM document_stories")
        }

    def placed_by_user(self, document_id: str) -> bool:
        row = self.db.execute(
            "SELECT assigned_by FROM document_stories WHERE document_id = ?", [document_id]
        ).fetchone()
        return bool(row) and row[0] == "user"

    def documents_of(self, story_id: int) -> list[str]:
        return [
            row["document_id"]
            for row in self.db.query(
                "SELECT document_id FROM document_stories WHERE story_id = ? ORDER BY document_id",
                [story_id],
            )
        ]

    def story_of(self, document_id: str) -> int | None:
        row = self.db.execute(
            "SELECT story_id FROM document_stories WHERE document_id = ?", [document_id]
        ).fetchone()
        return row[0] if row else None

    # -- regrouping ---------------------------------------------------------------------

    def save_grouping(
        self, plan: Sequence[PlannedStory], scope: Sequence[str] | None = None
    ) -> list[int]:
        """Replace the automatic assignments of the documents in `scope` (None: every one)
        with `plan` in one transaction; return the story id of each planned story. Stories
        left with no documents and no user name go."""
        stamp = now()
        with write_transaction(self.db, self.path):
            if scope is None:
                self.db.execute("DELETE FROM document_stories WHERE assigned_by = 'auto'")
            else:
                self.db.conn.executemany(
                    "DELETE FROM document_stories WHERE assigned_by = 'auto' AND document_id = ?",
                    [(doc,) for doc in scope],
                )
            ids: list[int] = []
            for story in plan:
                if story.story_id is None:
                    cursor = self.db.execute(
                        "INSERT INTO stories (title, created_at, updated_at) VALUES (?, ?, ?)",
                        [story.title, stamp, stamp],
                    )
                    ids.append(int(cursor.lastrowid or 0))
                else:
                    self.db.execute(
                        "UPDATE stories SET title = ?, updated_at = ? WHERE id = ?",
                        [story.title, stamp, story.story_id],
                    )
                    ids.append(story.story_id)
                self.db.conn.executemany(
                    "INSERT INTO document_stories (document_id, story_id, assigned_by, "
                    "assigned_at) VALUES (?, ?, 'auto', ?)",
                    [(doc, ids[-1], stamp) for doc in story.documents],
                )
            for story, story_id in zip(plan, ids, strict=True):
                follows = ids[story.follows_index] if story.follows_index is not None else None
                self.db.execute("UPDATE stories SET follows = ? WHERE id = ?", [follows, story_id])
            self._drop_empty()
            self._refresh_dates(None if scope is None else ids)
        return ids

    def _refresh_dates(self, story_ids: Sequence[int] | None = None) -> None:
        """Each story's date range (of `story_ids`, None: every story) from all its documents,
        the user-placed ones included."""
        if story_ids is not None:
            for story_id in story_ids:
                self.db.execute(
                    "UPDATE stories SET first_published = (SELECT min(d.published) FROM "
                    "document_stories ds JOIN documents d ON d.id = ds.document_id WHERE "
                    "ds.story_id = stories.id), last_published = (SELECT max(d.published) FROM "
                    "document_stories ds JOIN documents d ON d.id = ds.document_id WHERE "
                    "ds.story_id = stories.id) WHERE id = ?",
                    [story_id],
                )
            return
        self.db.execute(
            "UPDATE stories SET "
            "first_published = (SELECT min(d.published) FROM document_stories ds JOIN documents d "
            "ON d.id = ds.document_id WHERE ds.story_id = stories.id), "
            "last_published = (SELECT max(d.published) FROM document_stories ds JOIN documents d "
            "ON d.id = ds.document_id WHERE ds.story_id = stories.id)"
        )

    def _drop_empty(self) -> None:
        self.db.execute(
            "DELETE FROM stories WHERE name IS NULL "
            "AND id NOT IN (SELECT story_id FROM document_stories)"
        )

    # -- user corrections ---------------------------------------------------------------

    def move_document(self, document_id: str, story_id: int | None) -> int:
        """Put a document in a story (None: a new story of its own) as a user correction that
        every later regrouping keeps. Returns the story id."""
        stamp = now()
        with write_transaction(self.db, self.path):
            row = self.db.execute(
                "SELECT title, published FROM documents WHERE id = ?", [document_id]
            ).fetchone()
            if row is None:
                raise StoreError(f"no document {document_id}")
            if story_id is None:
                title = row[0] or f"Story of {document_id}"
                cursor = self.db.execute(
                    "INSERT INTO stories (title, first_published, last_published, created_at, "
                    "updated_at) VALUES (?, ?, ?, ?, ?)",
                    [title, row[1], row[1], stamp, stamp],
                )
                story_id = int(cursor.lastrowid or 0)
            elif not self.db.execute("SELECT 1 FROM stories WHERE id = ?", [story_id]).fetchone():
                raise UnknownStory(f"no story {story_id} (see `summarise stories`)")
            self.db.execute(
                "INSERT OR REPLACE INTO document_stories (document_id, story_id, assigned_by, "
                "assigned_at) VALUES (?, ?, 'user', ?)",
                [document_id, story_id, stamp],
            )
            self._forget_fingerprint()
            self._drop_empty()
            self._refresh_dates()
        return story_id

    def name_story(self, story_id: int, name: str | None) -> None:
        """Give a story a name of the user's choosing (None or blank: back to automatic)."""
        clean = name.strip() if name and name.strip() else None
        with write_transaction(self.db, self.path):
            try:
                self.db.table("stories").update(story_id, {"name": clean, "updated_at": now()})
            except NotFoundError:
                raise UnknownStory(f"no story {story_id} (see `summarise stories`)") from None

    # -- corroboration links ------------------------------------------------------------

    def replace_links(
        self, links: Iterable[LinkRecord], documents: Sequence[str] | None = None
    ) -> int:
        """Replace the links between claims of `documents` (None: every link) with `links`."""
        rows = [(link.first, link.second, link.score, link.matcher) for link in links]
        with write_transaction(self.db, self.path):
            if documents is None:
                self.db.execute("DELETE FROM claim_links")
            else:
                self.db.conn.executemany(
                    "DELETE FROM claim_links WHERE first_claim IN "
                    "(SELECT id FROM claims WHERE document_id = ?)",
                    [(doc,) for doc in documents],
                )
            self.db.conn.executemany(
                "INSERT OR REPLACE INTO claim_links (first_claim, second_claim, score, matcher) "
                "VALUES (?, ?, ?, ?)",
                rows,
            )
        return len(rows)

    def links(self, claim_id: str | None = None) -> list[LinkRecord]:
        sql, params = "SELECT * FROM claim_links", []
        if claim_id:
            sql += " WHERE first_claim = ? OR second_claim = ?"
            params = [claim_id, claim_id]
        return [
            LinkRecord(r["first_claim"], r["second_claim"], r["score"], r["matcher"])
            for r in self.db.query(sql + " ORDER BY first_claim, second_claim", params)
        ]

    def links_of_documents(self, documents: Sequence[str]) -> list[LinkRecord]:
        """Links whose first claim belongs to one of `documents` (a story's, say)."""
        out: list[LinkRecord] = []
        for start in range(0, len(documents), 500):
            chunk = list(documents[start : start + 500])
            marks = ",".join("?" * len(chunk))
            out += [
                LinkRecord(r["first_claim"], r["second_claim"], r["score"], r["matcher"])
                for r in self.db.query(
                    "SELECT l.* FROM claim_links l JOIN claims c ON c.id = l.first_claim "
                    f"WHERE c.document_id IN ({marks})",
                    chunk,
                )
            ]
        return sorted(out, key=lambda link: (link.first, link.second))

    # -- when analysis last ran ---------------------------------------------------------

    def fingerprint(self) -> str:
        """Changes whenever documents, claims (text included) or user corrections change.

        Accepting or rejecting a claim changes nothing the analysis reads, so only decisions
        that rewrote a claim's text or moved its quote count: otherwise every decision would
        make the next command recompute the whole database.
        """
        parts: list[Any] = [
            *self.db.execute("SELECT count(*), coalesce(max(rowid), 0) FROM documents").fetchone(),
            *self.db.execute("SELECT count(*), coalesce(max(rowid), 0) FROM claims").fetchone(),
            *self.db.execute(
                "SELECT count(*), coalesce(max(id), 0) FROM reviews "
                "WHERE (text_after IS NOT NULL AND text_after IS NOT text_before) "
                "OR quote_start_after IS NOT NULL"
            ).fetchone(),
            *self.db.execute(
                "SELECT count(*), coalesce(max(assigned_at), '') FROM document_stories "
                "WHERE assigned_by = 'user'"
            ).fetchone(),
        ]
        return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]

    def analysed_fingerprint(self) -> str | None:
        row = self.db.execute(
            "SELECT value FROM analysis_state WHERE key = 'fingerprint'"
        ).fetchone()
        return row[0] if row else None

    def record_analysis(self, fingerprint: str) -> None:
        with write_transaction(self.db, self.path):
            self.db.execute(
                "INSERT OR REPLACE INTO analysis_state (key, value) VALUES ('fingerprint', ?)",
                [fingerprint],
            )
            self.db.execute(
                "INSERT OR REPLACE INTO analysis_state (key, value) VALUES ('analysed_at', ?)",
                [now()],
            )

    def analysed_state(self, key: str) -> str | None:
        """A value the last analysis recorded (`record_state`), or `analysed_at`."""
        stored = key if key == "analysed_at" else "state:" + key
        row = self.db.execute("SELECT value FROM analysis_state WHERE key = ?", [stored]).fetchone()
        return row[0] if row else None

    def record_state(self, key: str, value: str) -> None:
        with write_transaction(self.db, self.path):
            self.db.execute(
                "INSERT OR REPLACE INTO analysis_state (key, value) VALUES (?, ?)",
                ["state:" + key if key not in ("analysed_at",) else key, value],
            )

    def _forget_fingerprint(self) -> None:
        self.db.execute("DELETE FROM analysis_state WHERE key = 'fingerprint'")


def _story(row: dict[str, Any]) -> StoryRecord:
    return StoryRecord(
        id=row["id"],
        title=row["title"],
        name=row["name"],
        follows=row["follows"],
        first_published=row["first_published"],
        last_published=row["last_published"],
        documents=row["documents"] or 0,
        corrected=row["corrected"] or 0,
    )
