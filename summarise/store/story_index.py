"""The candidate index story grouping keeps between runs (`analysis/grouping.py` says what it
holds): so a new document is compared only with the documents sharing its heaviest terms, and
a regrouping reads only the linked documents of the stories it touches.
"""

from __future__ import annotations

import array
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

import sqlite_utils

from summarise.store.connection import write_transaction

_CHUNK = 500  # parameters per IN (...) query, well under SQLite's limit


class StoryIndex:
    def __init__(self, db: sqlite_utils.Database, path: str) -> None:
        self.db = db
        self.path = path

    # -- what a new document is compared with --------------------------------------------

    def candidates(
        self, doc_id: str, terms: Sequence[tuple[str, float]], *, limit: int, count: int
    ) -> list[str]:
        """See `grouping.CandidateIndex`: scored inside SQLite, so the postings (up to
        `limit` for each term) never come out row by row."""
        if not terms:
            return []
        values = ",".join("(?, ?)" for _ in terms)
        rows = self.db.execute(
            f"WITH wanted(term, weight) AS (VALUES {values}) "
            "SELECT t.document_id, sum(t.weight * wanted.weight) AS score FROM wanted "
            "JOIN story_index_term_counts c ON c.term = wanted.term "
            "JOIN story_index_terms t ON t.term = wanted.term "
            "WHERE c.documents <= ? AND t.document_id != ? "
            "GROUP BY t.document_id ORDER BY score DESC, t.document_id LIMIT ?",
            [value for term in terms for value in term] + [limit, doc_id, count],
        )
        return [row[0] for row in rows]

    def vectors(self, ids: Sequence[str]) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for doc, vector in self.db.execute(
                "SELECT document_id, vector FROM story_index_documents "
                f"WHERE document_id IN ({marks})",
                list(chunk),
            ):
                out[doc] = _decode(vector)
        return out

    def unindexed(self) -> Iterator[str]:
        """Documents not yet indexed, in the order they were stored."""
        rows = self.db.execute(
            "SELECT id FROM documents WHERE id NOT IN (SELECT document_id FROM "
            "story_index_documents) ORDER BY rowid"
        ).fetchall()
        return (row[0] for row in rows)

    def add(
        self,
        doc_id: str,
        vector: dict[str, float],
        index_terms: Iterable[tuple[str, float]],
        links: Iterable[tuple[str, float]],
        *,
        postings_limit: int,
    ) -> None:
        """Index one document with its links to documents indexed before it (not committed:
        call inside `writing`). A term's postings are kept only while at most
        `postings_limit` documents hold it: `postings` never reads them past that."""
        # The row stored last holds the highest seq: reading it is one step down the rowid
        # tree, where max(seq) would scan the table for every document.
        last = self.db.execute(
            "SELECT seq FROM story_index_documents ORDER BY rowid DESC LIMIT 1"
        ).fetchone()
        seq = (last[0] if last else 0) + 1
        self.db.execute(
            "INSERT OR REPLACE INTO story_index_documents (document_id, seq, vector) "
            "VALUES (?, ?, ?)",
            [doc_id, seq, _encode(vector)],
        )
        terms = list(index_terms)
        self.db.conn.executemany(
            "INSERT INTO story_index_term_counts (term, documents) VALUES (?, 1) "
            "ON CONFLICT (term) DO UPDATE SET documents = documents + 1",
            [(term,) for term, _ in terms],
        )
        self.db.conn.executemany(
            "INSERT INTO story_index_terms (term, document_id, weight) SELECT ?, ?, ? "
            "WHERE (SELECT documents FROM story_index_term_counts WHERE term = ?) <= ?",
            [(term, doc_id, weight, term, postings_limit) for term, weight in terms],
        )
        # A term this document took past the limit will never be read again: drop it.
        self.db.conn.executemany(
            "DELETE FROM story_index_terms WHERE term = ? AND "
            "(SELECT documents FROM story_index_term_counts WHERE term = ?) = ?",
            [(term, term, postings_limit + 1) for term, _ in terms],
        )
        self.db.conn.executemany(
            "INSERT OR REPLACE INTO story_document_links (first_document, second_document, "
            "similarity) VALUES (?, ?, ?)",
            [(min(doc_id, o), max(doc_id, o), value) for o, value in links],
        )

    def writing(self) -> AbstractContextManager[None]:
        return write_transaction(self.db, self.path)

    def clear(self) -> None:
        with write_transaction(self.db, self.path):
            for table in (
                "story_index_documents",
                "story_index_terms",
                "story_index_term_counts",
                "story_document_links",
            ):
                self.db.execute(f"DELETE FROM {table}")

    # -- what a regrouping reads ---------------------------------------------------------

    def links_of(self, ids: Sequence[str]) -> dict[tuple[str, str], float]:
        """Every stored link with a side among `ids`."""
        out: dict[tuple[str, str], float] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for first, second, value in self.db.execute(
                "SELECT first_document, second_document, similarity FROM story_document_links "
                f"WHERE first_document IN ({marks}) UNION SELECT first_document, "
                "second_document, similarity FROM story_document_links "
                f"WHERE second_document IN ({marks})",
                list(chunk) * 2,
            ):
                out[(first, second)] = value
        return out

    def headings(self, ids: Sequence[str]) -> dict[str, tuple[str | None, str | None, str]]:
        """id -> (published, title, opening) of each document: what clustering and naming a
        story read, without loading whole texts."""
        out: dict[str, tuple[str | None, str | None, str]] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for doc, published, title, opening in self.db.execute(
                "SELECT id, published, title, substr(text, 1, 200) FROM documents "
                f"WHERE id IN ({marks})",
                list(chunk),
            ):
                out[doc] = (published, title, opening)
        return out

    def openings(self, ids: Sequence[str], chars: int) -> dict[str, str]:
        """id -> the first `chars` characters of each document's text (what grouping reads of
        what happened, for the groups it compares)."""
        out: dict[str, str] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for doc, opening in self.db.execute(
                f"SELECT id, substr(text, 1, ?) FROM documents WHERE id IN ({marks})",
                [chars, *chunk],
            ):
                out[doc] = opening
        return out

    # -- what an incremental regrouping reads ---------------------------------------------

    def pinned(self) -> set[str]:
        """Documents a user placed: never regrouped."""
        return {
            row[0]
            for row in self.db.execute(
                "SELECT document_id FROM document_stories WHERE assigned_by = 'user'"
            )
        }

    def placed(self) -> list[tuple[str, int]]:
        """(document, story) for every document a user placed, in document order."""
        return [
            (row[0], row[1])
            for row in self.db.execute(
                "SELECT document_id, story_id FROM document_stories WHERE assigned_by = 'user' "
                "ORDER BY document_id"
            )
        ]

    def ungrouped(self) -> list[str]:
        """Indexed documents in no story (a regrouping that never finished left them)."""
        return [
            row[0]
            for row in self.db.execute(
                "SELECT document_id FROM story_index_documents WHERE document_id NOT IN "
                "(SELECT document_id FROM document_stories) ORDER BY seq"
            )
        ]

    def auto_stories_of(self, ids: Sequence[str]) -> dict[str, int]:
        """document -> the story it was grouped in, for those of `ids` grouped automatically."""
        out: dict[str, int] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            out.update(
                self.db.execute(
                    "SELECT document_id, story_id FROM document_stories "
                    f"WHERE assigned_by = 'auto' AND document_id IN ({marks})",
                    list(chunk),
                ).fetchall()
            )
        return out

    def auto_members(self, stories: Sequence[int]) -> dict[int, list[str]]:
        """story -> its automatically grouped documents, sorted."""
        return self._members(stories, auto_only=True)

    def members(self, stories: Sequence[int]) -> dict[int, list[str]]:
        """story -> all its documents (placed by a user too), sorted."""
        return self._members(stories, auto_only=False)

    def _members(self, stories: Sequence[int], *, auto_only: bool) -> dict[int, list[str]]:
        only_auto = "assigned_by = 'auto' AND " if auto_only else ""
        out: dict[int, list[str]] = {story: [] for story in stories}
        for chunk in _chunks(stories):
            marks = ",".join("?" * len(chunk))
            for story, doc in self.db.execute(
                "SELECT story_id, document_id FROM document_stories "
                f"WHERE {only_auto}story_id IN ({marks}) ORDER BY document_id",
                list(chunk),
            ):
                out[story].append(doc)
        return out

    def story_ids(self) -> list[int]:
        return [row[0] for row in self.db.execute("SELECT id FROM stories ORDER BY id")]

    def stories_in_order(self) -> list[int]:
        """Every story's id in the order `stories.list()` gives them (first date, then id):
        ids alone, so a summary need not hold every story's record."""
        return [
            row[0]
            for row in self.db.execute(
                "SELECT id FROM stories ORDER BY coalesce(first_published, '9999'), id"
            )
        ]

    def follows(self) -> dict[int, int]:
        """story -> the story it follows, for every story following one (ids only)."""
        return dict(
            self.db.execute("SELECT id, follows FROM stories WHERE follows IS NOT NULL").fetchall()
        )

    def report_dates(self, ids: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
        """id -> (published, dateline month-day) of each document, without its text."""
        out: dict[str, tuple[str | None, str | None]] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for doc, published, month_day in self.db.execute(
                f"SELECT id, published, dateline_month_day FROM documents WHERE id IN ({marks})",
                list(chunk),
            ):
                out[doc] = (published, month_day)
        return out

    def set_follows(self, follows: dict[int, int | None]) -> None:
        """Mark each story as following another (None: none)."""
        with write_transaction(self.db, self.path):
            self.db.conn.executemany(
                "UPDATE stories SET follows = ? WHERE id = ?",
                [(earlier, later) for later, earlier in sorted(follows.items())],
            )

    def document_ids(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT id FROM documents ORDER BY id")]

    def claims_signature(self) -> str:
        """Changes whenever a claim is added or updated. Three queries, not one: alone, each
        maximum is one step down its index (m024); together they read every claim."""
        count = self.db.execute("SELECT count(*) FROM claims").fetchone()[0]
        last = self.db.execute("SELECT coalesce(max(rowid), 0) FROM claims").fetchone()[0]
        updated = self.db.execute("SELECT coalesce(max(updated_at), '') FROM claims").fetchone()[0]
        return repr((count, last, updated))

    def stories_with_claims_since(self, stamp: str) -> set[int]:
        """Stories holding a claim created or updated at or after `stamp`."""
        rows = self.db.execute(
            "SELECT DISTINCT ds.story_id FROM claims c JOIN document_stories ds "
            "ON ds.document_id = c.document_id WHERE c.updated_at >= ? OR c.created_at >= ?",
            [stamp, stamp],
        ).fetchall()
        return {row[0] for row in rows}

    def all_links(self) -> dict[tuple[str, str], float]:
        return {
            (first, second): value
            for first, second, value in self.db.execute(
                "SELECT first_document, second_document, similarity FROM story_document_links"
            )
        }


# A vector is stored as its terms (UTF-8, unit-separated) then its weights (little-endian
# doubles): read back four times faster than JSON, and every document's candidates are read.
_SEPARATOR = "\x1f"
_LENGTH = 4


def _encode(vector: dict[str, float]) -> bytes:
    terms = sorted(vector)
    keys = _SEPARATOR.join(terms).encode("utf-8")
    weights = array.array("d", (vector[term] for term in terms))
    if sys.byteorder == "big":
        weights.byteswap()
    return len(keys).to_bytes(_LENGTH, "little") + keys + weights.tobytes()


def _decode(stored: bytes | str) -> dict[str, float]:
    if isinstance(stored, str):
        return dict(json.loads(stored))  # written before vectors were packed
    size = int.from_bytes(stored[:_LENGTH], "little")
    weights = array.array("d")
    weights.frombytes(stored[_LENGTH + size :])
    if sys.byteorder == "big":
        weights.byteswap()
    terms = stored[_LENGTH : _LENGTH + size].decode("utf-8").split(_SEPARATOR)
    return dict(zip(terms, weights, strict=True)) if size else {}


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
