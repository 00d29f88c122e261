"""Storing one document's extraction, or its failure: the writes a live run (`Store`) and a
remote job's collection (`RemoteBatches`) share. Plain functions over the connection, run
inside the caller's transaction, like `decisions.py`."""

from __future__ import annotations

import sqlite_utils

from summarise.models import Claim, Document, Extraction, ExtractionKey
from summarise.store.records import claim_row, document_row


class UngroundedClaim(ValueError):
    """A claim's quote is not its document's text at its offsets."""


def check_grounded(document: Document, extraction: Extraction) -> None:
    """Refuse, before anything is written, an extraction whose quotes are not the document's
    text at their offsets."""
    check_claims_grounded(document, extraction.claims)


def check_claims_grounded(document: Document, claims: list[Claim]) -> None:
    """Refuse claims whose quotes are not the document's text at their offsets (raised
    inside a transaction, it rolls back everything the document wrote)."""
    ungrounded = [c.id for c in claims if not c.is_grounded_in(document.text)]
    if ungrounded:
        # The contract other tools rely on: quote == documents.text[quote_start:quote_end].
        raise UngroundedClaim(
            f"{document.source}: claim(s) {', '.join(ungrounded)} do not "
            "match the document at their offsets; nothing was stored"
        )


def insert_document(db: sqlite_utils.Database, document: Document, stamp: str) -> None:
    """Store a document unless it is already stored (documents never change)."""
    row = document_row(document, stamp)
    # Raw SQL: this runs once per document on the batch path, where table.insert(ignore=True)
    # would add a schema look-up per call.
    db.execute(
        f"INSERT OR IGNORE INTO documents ({', '.join(row)}) "
        f"VALUES ({', '.join('?' for _ in row)})",
        list(row.values()),
    )


def store_extraction(
    db: sqlite_utils.Database,
    document: Document,
    extraction: Extraction,
    *,
    key: ExtractionKey,
    run_id: int | None,
    replace: bool,
    stamp: str,
) -> int:
    """Store a document, its claims and its `extractions` row; return how many claims are
    new. With `replace`, the same key's claims nobody has reviewed yet are dropped first.
    The caller checks grounding first (check_grounded) and holds the transaction."""
    begin_extraction(db, document, key, replace=replace, stamp=stamp)
    added = insert_claims(db, extraction.claims, run_id, stamp)
    finish_extraction(
        db,
        document,
        extraction,
        key=key,
        run_id=run_id,
        made=len(extraction.claims),
        added=added,
        stamp=stamp,
    )
    return added


def begin_extraction(
    db: sqlite_utils.Database, document: Document, key: ExtractionKey, *, replace: bool, stamp: str
) -> None:
    """Store the document and, with `replace`, drop the same key's unreviewed claims: the
    writes before a document's claims. The caller holds the transaction."""
    insert_document(db, document, stamp)
    if replace:
        db.execute(
            "DELETE FROM claims WHERE document_id = ? AND backend = ? AND model = ? "
            "AND prompt_version = ? AND version = 0 AND status = 'pending'",
            [document.id, key.backend, key.model, key.prompt_version],
        )


def finish_extraction(
    db: sqlite_utils.Database,
    document: Document,
    extraction: Extraction,
    *,
    key: ExtractionKey,
    run_id: int | None,
    made: int,
    added: int,
    stamp: str,
) -> None:
    """The `extractions` row once a document's `made` claims are written (`added` of them
    new). The caller holds the transaction."""
    record_extraction(
        db,
        document.id,
        key,
        run_id,
        # "empty": nothing at all to review (a model that answered with an empty list, every
        # quote ungrounded, a text the rules do not fit); a rerun asks again with --retry-empty.
        # "capped": stopped at the claim cap, the claims up to it stored.
        status="capped" if extraction.capped else "extracted" if made else "empty",
        error=extraction.capped,
        claims=added,
        extraction=extraction,
        stamp=stamp,
    )


def insert_claims(
    db: sqlite_utils.Database,
    claims: list[Claim],
    run_id: int | None,
    stamp: str,
    *,
    index: bool = True,
) -> int:
    """Insert claims not stored yet; return how many were new.

    With `index`, the search index is brought up to date in the same transaction (one
    statement for every claim past the index's mark). A live run passes False and calls
    `index_new_claims` every few hundred documents and at its end instead: FTS5 writes a
    segment per transaction, which cost more than the claims' own inserts (m021)."""
    rows = [claim_row(c, run_id, stamp) for c in claims]
    if not rows:
        return 0
    columns = list(rows[0])
    # Raw executemany: one statement for all the claims, and its rowcount is what is new.
    cursor = db.conn.executemany(
        f"INSERT OR IGNORE INTO claims ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})",
        [[row[c] for c in columns] for row in rows],
    )
    added = max(cursor.rowcount, 0)
    if added and index:
        index_new_claims(db)
    return added


def index_new_claims(db: sqlite_utils.Database) -> None:
    """Add every claim past the search index's mark to it, and move the mark (m021); run in
    the caller's write transaction. Edits and deletions reach the index by trigger."""
    mark = db.execute("SELECT indexed_through FROM search_index_state").fetchone()[0]
    last = db.execute("SELECT coalesce(max(rowid), 0) FROM claims").fetchone()[0]
    if last <= mark:
        return
    db.execute(
        "INSERT INTO claims_fts (rowid, text, attribution, quote) "
        "SELECT rowid, text, attribution, quote FROM claims WHERE rowid > ? AND rowid <= ?",
        [mark, last],
    )
    db.execute("UPDATE search_index_state SET indexed_through = ?", [last])


def store_failure(
    db: sqlite_utils.Database,
    document: Document,
    reason: str | None,
    *,
    key: ExtractionKey,
    run_id: int | None,
    tokens: tuple[int, int, int],
    stamp: str,
) -> None:
    """Store a document whose extraction failed, with why and what it cost
    (`tokens`: prompt tokens, completion tokens, calls). The caller holds the transaction."""
    prompt_tokens, completion_tokens, calls = tokens
    insert_document(db, document, stamp)
    record_extraction(
        db,
        document.id,
        key,
        run_id,
        status="failed",
        error=reason,
        claims=0,
        stamp=stamp,
        extraction=Extraction(
            document_id=document.id,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            calls=calls,
        ),
    )


def record_extraction(
    db: sqlite_utils.Database,
    document_id: str,
    key: ExtractionKey,
    run_id: int | None,
    *,
    status: str,
    error: str | None,
    claims: int,
    extraction: Extraction,
    stamp: str,
) -> None:
    """The `extractions` row of (document, key): its latest outcome replaces any earlier."""
    # Raw SQL: this runs once per document on the batch path, and table.insert(replace=True)
    # adds a schema look-up per call (about 0.13 ms, a fifth of the bench's floor per document).
    db.execute(
        "INSERT OR REPLACE INTO extractions (document_id, backend, model, prompt_version, "
        "status, error, run_id, claims, dropped_ungrounded, prompt_tokens, "
        "completion_tokens, calls, extracted_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            document_id,
            key.backend,
            key.model,
            key.prompt_version,
            status,
            error,
            run_id,
            claims,
            extraction.dropped_ungrounded,
            extraction.prompt_tokens,
            extraction.completion_tokens,
            extraction.calls,
            stamp,
        ],
    )
