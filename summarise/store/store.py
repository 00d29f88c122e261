"""The Store: every read and write the rest of the package makes goes through here."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Any, Unpack

import sqlite_utils

from summarise.models import (
    Claim,
    ClaimStatus,
    Document,
    Extraction,
    ExtractionKey,
    Figure,
    Review,
    ReviewAction,
)
from summarise.store import decisions, extractions
from summarise.store import runs as runs_table
from summarise.store.browsing import Browsing
from summarise.store.calls import CallLog
from summarise.store.claim_filter import ClaimFilter
from summarise.store.conflicts import ConflictStore
from summarise.store.connection import explain, now, open_database, write_transaction
from summarise.store.decisions import DecisionOptions
from summarise.store.figure_decisions import FigureDecisions
from summarise.store.leases import LeaseStore
from summarise.store.point_decisions import PointDecisions
from summarise.store.records import (
    claim_from_row,
    document_from_row,
    review_from_row,
)
from summarise.store.remote_batches import RemoteBatches
from summarise.store.reports import Reports
from summarise.store.review_log import ReviewLog
from summarise.store.runs import RunCounts
from summarise.store.stories import StoryStore
from summarise.store.story_index import StoryIndex
from summarise.store.syntheses import SynthesisCache


class Store:
    def __init__(self, db: sqlite_utils.Database, path: str) -> None:
        self.db = db
        self.path = path
        self.read_only = False
        # The migrations applied when this store was opened (see connection.Opened).
        self.migrated: list[str] = []

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        busy_timeout: float | None = None,
        read_only: bool = False,
        create: bool = True,
    ) -> Store:
        """Open (creating and migrating) the database. `busy_timeout` is how many seconds a
        write waits for another process's lock before failing with StoreBusy. `read_only`
        opens an existing database for reading only; without `create` a missing, empty or
        foreign file, or one an older version left, is refused unchanged (see
        connection.open_database); `migrated` then says what this opening applied."""
        db, migrated = open_database(
            path, busy_timeout=busy_timeout, read_only=read_only, create=create
        )
        store = cls(db, str(path))
        store.read_only = read_only
        store.migrated = migrated
        return store

    def close(self) -> None:
        self.db.close()

    @cached_property
    def stories(self) -> StoryStore:
        """Stories, user corrections to them, and corroboration links."""
        return StoryStore(self.db, self.path)

    @cached_property
    def story_index(self) -> StoryIndex:
        """The candidate index story grouping keeps between runs."""
        return StoryIndex(self.db, self.path)

    @cached_property
    def reports(self) -> Reports:
        """Named read-only questions for `stats` and analysis summaries."""
        return Reports(self.db)

    @cached_property
    def syntheses(self) -> SynthesisCache:
        """Model-written story syntheses, by (key points, model, prompt version)."""
        return SynthesisCache(self.db, self.path)

    @cached_property
    def remote_batches(self) -> RemoteBatches:
        """Work handed to a batch engine: batches, request lines, their replies."""
        return RemoteBatches(self.db, self.path)

    @cached_property
    def conflicts(self) -> ConflictStore:
        """Conflicts between claims and their resolutions."""
        return ConflictStore(self.db, self.path)

    @cached_property
    def leases(self) -> LeaseStore:
        """Soft leases: which reviewer has which claim on screen."""
        return LeaseStore(self.db, self.path)

    @cached_property
    def browsing(self) -> Browsing:
        """The call log and the review history, for `summarise logs` and `history`."""
        return Browsing(self.db, self.path)

    @cached_property
    def review_log(self) -> ReviewLog:
        """Bulk decisions, undo by unit, who decided what."""
        return ReviewLog(self.db, self.path)

    @cached_property
    def figure_decisions(self) -> FigureDecisions:
        """Reviewers' fixes to tracked figures (mark, move, rename, merge, split)."""
        return FigureDecisions(self.db, self.path)

    @cached_property
    def point_decisions(self) -> PointDecisions:
        """Reviewers' point-level decisions: structure fixes and a point's claims at once."""
        return PointDecisions(self.db, self.path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- documents and extractions ------------------------------------------------------

    def has_document(self, document_id: str) -> bool:
        return self._scalar("SELECT count(*) FROM documents WHERE id = ?", [document_id]) > 0

    def get_document(self, document_id: str) -> Document | None:
        rows = list(self.db.query("SELECT * FROM documents WHERE id = ?", [document_id]))
        return document_from_row(rows[0]) if rows else None

    def documents(self) -> Iterator[Document]:
        for row in self.db.query("SELECT * FROM documents ORDER BY rowid"):
            yield document_from_row(row)

    def extraction_status(self, document_id: str, key: ExtractionKey) -> str | None:
        row = self.db.execute(
            "SELECT status FROM extractions WHERE document_id = ? AND backend = ? "
            "AND model = ? AND prompt_version = ?",
            [document_id, key.backend, key.model, key.prompt_version],
        ).fetchone()
        return row[0] if row else None

    def save_extraction(
        self,
        document: Document,
        extraction: Extraction,
        *,
        key: ExtractionKey,
        run_id: int | None,
        replace: bool = False,
    ) -> int:
        """Store a document and its claims in one transaction; return how many claims are new.

        With `replace`, the same key's claims that nobody has reviewed yet are dropped first;
        reviewed ones are kept, as is any claim the new extraction yields again (same id).
        """
        extractions.check_grounded(document, extraction)
        with self._writing():
            return extractions.store_extraction(
                self.db,
                document,
                extraction,
                key=key,
                run_id=run_id,
                replace=replace,
                stamp=now(),
            )

    def save_streamed(
        self,
        document: Document,
        slices: Iterable[list[Claim]],
        totals: Callable[[], Extraction],
        *,
        key: ExtractionKey,
        run_id: int | None,
        replace: bool = False,
        index: bool = True,
    ) -> tuple[int, int]:
        """Store a document and its claims slice by slice as `slices` makes them, all in one
        transaction; return (claims made, claims new). `totals` is read once the slices are
        drained: the extraction's figures (cap, dropped, tokens), without claims.

        All or nothing as `save_extraction`: an ungrounded claim, or an exception while the
        slices are made, rolls back the whole document, and a process killed half-way leaves
        nothing of it (the transaction was never committed).

        With `index` False the claims wait for `index_new_claims` to reach the search index
        (a live run calls it every few hundred documents and at its end)."""
        stamp = now()
        made = added = 0
        with self._writing():
            extractions.begin_extraction(self.db, document, key, replace=replace, stamp=stamp)
            for claims in slices:
                extractions.check_claims_grounded(document, claims)
                made += len(claims)
                added += extractions.insert_claims(self.db, claims, run_id, stamp, index=index)
            extractions.finish_extraction(
                self.db,
                document,
                totals(),
                key=key,
                run_id=run_id,
                made=made,
                added=added,
                stamp=stamp,
            )
        return made, added

    def index_new_claims(self) -> None:
        """Bring the search index up to date with the claims stored so far (one statement)."""
        with self._writing():
            extractions.index_new_claims(self.db)

    def save_extractions(
        self,
        items: Iterable[tuple[Document, Extraction]],
        *,
        key: ExtractionKey,
        run_id: int | None = None,
    ) -> int:
        """Bulk load (benchmarks, imports): many documents and their claims in ONE
        transaction, all or nothing; returns how many claims are new."""
        batch = list(items)
        for document, extraction in batch:
            extractions.check_grounded(document, extraction)
        stamp = now()
        with self._writing():
            return sum(
                extractions.store_extraction(
                    self.db,
                    document,
                    extraction,
                    key=key,
                    run_id=run_id,
                    replace=False,
                    stamp=stamp,
                )
                for document, extraction in batch
            )

    def save_failure(
        self,
        document: Document,
        reason: str,
        *,
        key: ExtractionKey,
        run_id: int | None,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
        calls: int = 0,
    ) -> None:
        with self._writing():
            extractions.store_failure(
                self.db,
                document,
                reason,
                key=key,
                run_id=run_id,
                tokens=(prompt_tokens, completion_tokens, calls),
                stamp=now(),
            )

    def call_recorder(self, run_id: int | None) -> CallLog:
        """The model call log and response cache, recording calls against `run_id`."""
        return CallLog(self.db, self.path, run_id)

    # -- runs ---------------------------------------------------------------------------

    def start_run(self, *, key: ExtractionKey, inputs: Sequence[str]) -> int:
        with self._writing():
            return runs_table.start(
                self.db,
                key=key,
                inputs=inputs,
            )

    def finish_run(
        self, run_id: int, counts: RunCounts, *, status: str, errors: Sequence[dict[str, str]]
    ) -> None:
        with self._writing():
            runs_table.finish(self.db, run_id, counts, status=status, errors=errors)

    def runs(self) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM runs ORDER BY id"))

    # -- claims -------------------------------------------------------------------------

    def get_claim(self, claim_id: str) -> Claim | None:
        rows = list(self.db.query("SELECT * FROM claims WHERE id = ?", [claim_id]))
        return claim_from_row(rows[0]) if rows else None

    def claims(
        self,
        where: ClaimFilter | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
        after: str | None = None,
    ) -> list[Claim]:
        return list(self.iter_claims(where, offset=offset, limit=limit, after=after))

    def iter_claims(
        self,
        where: ClaimFilter | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
        after: str | None = None,
    ) -> Iterator[Claim]:
        """Claims in list order; `after` (a claim id) starts after that claim, which costs
        an index lookup where a large `offset` costs a scan of every row before it."""
        sql, params = (where or ClaimFilter()).where()
        if after is not None:
            sql += " AND rowid > (SELECT rowid FROM claims WHERE id = ?)"
            params = [*params, after]
        page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
        for row in self.db.query(f"SELECT * FROM claims WHERE {sql} ORDER BY rowid{page}", params):
            yield claim_from_row(row)

    def count_claims(self, where: ClaimFilter | None = None) -> int:
        sql, params = (where or ClaimFilter()).where()
        return self._scalar(f"SELECT count(*) FROM claims WHERE {sql}", params)

    def position_of(self, claim_id: str, where: ClaimFilter | None = None) -> int | None:
        """The 0-based index of a claim in the filtered, ordered list (for paging to it)."""
        sql, params = (where or ClaimFilter()).where()
        row = self.db.execute("SELECT rowid FROM claims WHERE id = ?", [claim_id]).fetchone()
        if row is None:
            return None
        return self._scalar(
            f"SELECT count(*) FROM claims WHERE {sql} AND rowid < ?", [*params, row[0]]
        )

    def next_pending(
        self, after_claim_id: str | None = None, where: ClaimFilter | None = None
    ) -> Claim | None:
        """The first pending claim after the given one, wrapping round to the start."""
        base = replace(where or ClaimFilter(), status=ClaimStatus.PENDING.value)
        sql, params = base.where()
        after = 0
        if after_claim_id:
            row = self.db.execute(
                "SELECT rowid FROM claims WHERE id = ?", [after_claim_id]
            ).fetchone()
            after = row[0] if row else 0
        for bound in (f"AND rowid > {int(after)}", ""):
            rows = list(
                self.db.query(
                    f"SELECT * FROM claims WHERE {sql} {bound} ORDER BY rowid LIMIT 1", params
                )
            )
            if rows:
                return claim_from_row(rows[0])
        return None

    def status_counts(
        self, document_id: str | None = None, where: ClaimFilter | None = None
    ) -> dict[str, int]:
        """Claims by status: all of them, one document's, or those `where` selects."""
        counts = {status.value: 0 for status in ClaimStatus}
        sql = "SELECT status, count(*) FROM claims"
        params: list[Any] = []
        if document_id:
            sql += " WHERE document_id = ?"
            params.append(document_id)
        elif where is not None:
            condition, params = where.where()
            sql += f" WHERE {condition}"
        for status, count in self.db.execute(sql + " GROUP BY status", params).fetchall():
            counts[status] = count
        return counts

    def document_labels(self, document_ids: Sequence[str] | None = None) -> dict[str, str]:
        """Document id -> a short human label (the source path), for lists and pickers."""
        sql, params = "SELECT id, source FROM documents", list(document_ids or [])
        if document_ids is not None:
            if not params:
                return {}
            sql += f" WHERE id IN ({', '.join('?' for _ in params)})"
        return {row[0]: row[1] for row in self.db.execute(sql + " ORDER BY rowid", params)}

    # -- decisions ----------------------------------------------------------------------

    def decide(
        self, claim_id: str, action: ReviewAction, **options: Unpack[DecisionOptions]
    ) -> Review:
        """Accept, reject or edit a claim: `decisions.decide` on this database."""
        return decisions.decide(self.db, claim_id, action, **options)

    def undo(
        self,
        review_id: int,
        *,
        reviewer: str,
        expected_version: int,
        figures: Sequence[Figure] | None = None,
    ) -> Review:
        """Undo one review; `figures` are those of the restored text (an edit's undo)."""
        return decisions.undo(
            self.db,
            review_id,
            reviewer=reviewer,
            expected_version=expected_version,
            figures=figures,
        )

    def reviews(self, claim_id: str | None = None) -> list[Review]:
        sql, params = "SELECT * FROM reviews", []
        if claim_id:
            sql, params = sql + " WHERE claim_id = ?", [claim_id]
        return [review_from_row(r) for r in self.db.query(sql + " ORDER BY id", params)]

    def undoable_reviews(self, reviewer: str, limit: int = 50) -> list[tuple[Review, int]]:
        """This reviewer's latest decisions that are still the last word on their claim,
        newest first, each with the claim version it left: what an undo may take back."""
        rows = self.db.query(
            "SELECT reviews.*, claims.version AS claim_version FROM reviews "
            "JOIN claims ON claims.id = reviews.claim_id "
            "WHERE reviews.reviewer = ? AND reviews.action != 'undo' "
            "AND reviews.id = (SELECT max(id) FROM reviews AS later "
            "WHERE later.claim_id = reviews.claim_id) "
            "ORDER BY reviews.id DESC LIMIT ?",
            [reviewer, int(limit)],
        )
        return [(review_from_row(row), row["claim_version"]) for row in rows]

    def data_version(self) -> int:
        """Changes whenever another connection commits: a cheap "has anything changed?"."""
        return self._scalar("PRAGMA data_version")

    # -- helpers ------------------------------------------------------------------------

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> int:
        try:
            row = self.db.execute(sql, list(params)).fetchone()
        except sqlite3.OperationalError as exc:
            raise explain(exc, self.path, db=self.db) from exc
        return int(row[0] or 0) if row else 0

    def _writing(self) -> Any:
        return write_transaction(self.db, self.path)
