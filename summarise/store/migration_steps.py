"""The schema steps themselves, one function per migration, oldest first.

`migrations.py` lists them in order and applies them; a step runs inside the migration's
transaction and must never be edited once shipped (add a new one instead).
"""

from __future__ import annotations

import sqlite_utils


def m001_initial(db: sqlite_utils.Database) -> None:
    db["documents"].create(
        {
            "id": str,
            "source": str,
            "title": str,
            "published": str,
            "text": str,
            "encoding": str,
            "boilerplate_removed": int,
            "char_count": int,
            "ingested_at": str,
        },
        pk="id",
        not_null={"source", "text", "ingested_at"},
    )
    db["runs"].create(
        {
            "id": int,
            "backend": str,
            "model": str,
            "prompt_version": str,
            "status": str,
            "pid": int,
            "started_at": str,
            "ended_at": str,
            "inputs": str,
            "documents_read": int,
            "documents_skipped": int,
            "documents_failed": int,
            "documents_unchanged": int,
            "claims_stored": int,
            "claims_dropped": int,
            "prompt_tokens": int,
            "completion_tokens": int,
            "errors": str,
        },
        pk="id",
        not_null={"backend", "model", "prompt_version", "status", "started_at"},
        defaults={
            "documents_read": 0,
            "documents_skipped": 0,
            "documents_failed": 0,
            "documents_unchanged": 0,
            "claims_stored": 0,
            "claims_dropped": 0,
            "prompt_tokens": 0,
            "completion_tokens": 0,
            "errors": "[]",
        },
    )
    db["extractions"].create(
        {
            "document_id": str,
            "backend": str,
            "model": str,
            "prompt_version": str,
            "status": str,
            "error": str,
            "run_id": int,
            "claims": int,
            "dropped_ungrounded": int,
            "prompt_tokens": int,
            "completion_tokens": int,
            "calls": int,
            "extracted_at": str,
        },
        pk=("document_id", "backend", "model", "prompt_version"),
        foreign_keys=[("document_id", "documents", "id"), ("run_id", "runs", "id")],
        not_null={"status", "extracted_at"},
        defaults={
            "claims": 0,
            "dropped_ungrounded": 0,
            "prompt_tokens": 0,
            "completion_tokens": 0,
            "calls": 0,
        },
    )
    db["claims"].create(
        {
            "id": str,
            "document_id": str,
            "text": str,
            "original_text": str,
            "quote": str,
            "quote_start": int,
            "quote_end": int,
            "kind": str,
            "attribution": str,
            "figures": str,
            "backend": str,
            "model": str,
            "prompt_version": str,
            "run_id": int,
            "created_at": str,
            "status": str,
            "version": int,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("run_id", "runs", "id")],
        not_null={
            "document_id",
            "text",
            "quote",
            "quote_start",
            "quote_end",
            "kind",
            "status",
            "version",
            "created_at",
        },
        defaults={"status": "pending", "version": 0, "figures": "[]"},
    )
    db["reviews"].create(
        {
            "id": int,
            "claim_id": str,
            "reviewer": str,
            "action": str,
            "decided_at": str,
            "status_before": str,
            "status_after": str,
            "text_before": str,
            "text_after": str,
            "reason": str,
            "undoes": int,
            "quote_start_before": int,
            "quote_end_before": int,
            "quote_start_after": int,
            "quote_end_after": int,
        },
        pk="id",
        foreign_keys=[("claim_id", "claims", "id"), ("undoes", "reviews", "id")],
        not_null={"claim_id", "reviewer", "action", "decided_at", "status_before", "status_after"},
    )
    db["claims"].create_index(["status"])
    db["claims"].create_index(["document_id", "quote_start"])
    db["claims"].create_index(["kind"])
    db["reviews"].create_index(["claim_id"])
    db["reviews"].create_index(["decided_at"])
    db["extractions"].create_index(["run_id"])


def m002_model_calls(db: sqlite_utils.Database) -> None:
    # Every model request attempt, as the `llm` CLI logs them: what was asked and answered.
    db["calls"].create(
        {
            "id": int,
            "run_id": int,
            "document_id": str,
            "chunk_start": int,
            "chunk_end": int,
            "attempt": int,
            "transport_attempt": int,
            "request_hash": str,
            "model": str,
            "mode": str,
            "base_url": str,
            "prompt_version": str,
            "status": str,
            "http_status": int,
            "finish_reason": str,
            "prompt_tokens": int,
            "completion_tokens": int,
            "tokens_estimated": int,
            "latency_ms": float,
            "validation_error": str,
            "error": str,
            "request": str,
            "response": str,
            "started_at": str,
        },
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
        not_null={"document_id", "request_hash", "model", "mode", "status", "started_at"},
        defaults={"prompt_tokens": 0, "completion_tokens": 0, "tokens_estimated": 0},
    )
    db["calls"].create_index(["run_id"])
    db["calls"].create_index(["document_id"])
    db["calls"].create_index(["request_hash"])
    # Validated answers by (document span, model, mode, prompt version, schema version).
    db["response_cache"].create(
        {
            "key": str,
            "document_id": str,
            "chunk_start": int,
            "chunk_end": int,
            "model": str,
            "mode": str,
            "prompt_version": str,
            "schema_version": str,
            "payload": str,
            "prompt_tokens": int,
            "completion_tokens": int,
            "created_at": str,
        },
        pk="key",
        not_null={"document_id", "model", "mode", "payload", "created_at"},
    )
    db["response_cache"].create_index(["document_id"])


def m003_stories(db: sqlite_utils.Database) -> None:
    # NULL agencies: ingested before this migration (the sign-off line is gone from the text).
    db.execute("ALTER TABLE documents ADD COLUMN agencies TEXT")
    # Raw SQL for ON DELETE CASCADE: a re-extraction may drop unreviewed claims, and their
    # links and conflict memberships go with them.
    db.execute(
        """CREATE TABLE stories (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            name TEXT,
            follows INTEGER REFERENCES stories(id) ON DELETE SET NULL,
            first_published TEXT,
            last_published TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE document_stories (
            document_id TEXT PRIMARY KEY REFERENCES documents(id),
            story_id INTEGER NOT NULL REFERENCES stories(id),
            assigned_by TEXT NOT NULL CHECK (assigned_by IN ('auto', 'user')),
            assigned_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE claim_links (
            first_claim TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            second_claim TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            score REAL NOT NULL,
            matcher TEXT NOT NULL,
            PRIMARY KEY (first_claim, second_claim, matcher)
        )"""
    )
    db.execute(
        """CREATE TABLE conflicts (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            story_id INTEGER REFERENCES stories(id) ON DELETE SET NULL,
            kind TEXT NOT NULL,
            subject TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'resolved', 'obsolete')),
            detected_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE conflict_claims (
            conflict_id INTEGER NOT NULL REFERENCES conflicts(id) ON DELETE CASCADE,
            claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            value TEXT NOT NULL,
            value_key TEXT NOT NULL,
            PRIMARY KEY (conflict_id, claim_id, value)
        )"""
    )
    db.execute(
        """CREATE TABLE conflict_resolutions (
            id INTEGER PRIMARY KEY,
            conflict_id INTEGER NOT NULL REFERENCES conflicts(id),
            action TEXT NOT NULL CHECK (action IN ('pick', 'keep_both', 'reject')),
            claim_id TEXT REFERENCES claims(id),
            reviewer TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            note TEXT,
            reviews TEXT NOT NULL DEFAULT '[]'
        )"""
    )
    db.execute("CREATE TABLE analysis_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("CREATE INDEX idx_document_stories_story ON document_stories(story_id)")
    db.execute("CREATE INDEX idx_claim_links_second ON claim_links(second_claim)")
    db.execute("CREATE INDEX idx_conflict_claims_claim ON conflict_claims(claim_id)")
    db.execute("CREATE INDEX idx_conflicts_story ON conflicts(story_id, status)")
    db.execute("CREATE INDEX idx_conflict_resolutions ON conflict_resolutions(conflict_id)")


def m004_syntheses(db: sqlite_utils.Database) -> None:
    # Model-written story syntheses, by (key points, model, prompt version): a summary of
    # unchanged points asks no model twice. Tokens are in `calls`, like extraction's.
    db["syntheses"].create(
        {
            "key": str,
            "story_id": int,
            "model": str,
            "prompt_version": str,
            "points_hash": str,
            "sentences": str,
            "prompt_tokens": int,
            "completion_tokens": int,
            "created_at": str,
        },
        pk="key",
        not_null={"model", "prompt_version", "points_hash", "sentences", "created_at"},
        defaults={"prompt_tokens": 0, "completion_tokens": 0},
    )


def m005_call_lifecycle(db: sqlite_utils.Database) -> None:
    # A call is logged `sent` before it leaves and completed when it ends: when it ended, and
    # an index for finding the rows a killed process left `sent` (marked `lost`).
    db.execute("ALTER TABLE calls ADD COLUMN finished_at TEXT")
    db["calls"].create_index(["status"])


def m006_review_team(db: sqlite_utils.Database) -> None:
    """Leases (who is looking at which claim), decision groups (a settlement or a bulk
    decision undone as one), figure corrections (a claim kept with one figure marked wrong),
    and full-text search over the claims."""
    db.execute(
        """CREATE TABLE claim_leases (
            claim_id TEXT PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
            reviewer TEXT NOT NULL,
            expires_at REAL NOT NULL
        )"""
    )
    db.execute("CREATE INDEX idx_claim_leases_reviewer ON claim_leases(reviewer, expires_at)")
    db.execute(
        """CREATE TABLE decision_groups (
            id INTEGER PRIMARY KEY,
            reviewer TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('settlement', 'bulk')),
            label TEXT NOT NULL,
            created_at TEXT NOT NULL,
            undone_at TEXT
        )"""
    )
    db.execute("ALTER TABLE reviews ADD COLUMN group_id INTEGER REFERENCES decision_groups(id)")
    db.execute("CREATE INDEX idx_reviews_group ON reviews(group_id)")
    db.execute("CREATE INDEX idx_reviews_reviewer ON reviews(reviewer, id)")
    db.execute("CREATE INDEX idx_reviews_undoes ON reviews(undoes)")
    db.execute(
        "ALTER TABLE conflict_resolutions ADD COLUMN group_id INTEGER "
        "REFERENCES decision_groups(id)"
    )
    db.execute("ALTER TABLE conflict_resolutions ADD COLUMN undone_at TEXT")
    db.execute(
        """CREATE TABLE figure_corrections (
            id INTEGER PRIMARY KEY,
            claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            conflict_id INTEGER NOT NULL REFERENCES conflicts(id),
            resolution_id INTEGER NOT NULL REFERENCES conflict_resolutions(id),
            wrong_value TEXT NOT NULL,
            right_value TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            created_at TEXT NOT NULL,
            undone_at TEXT
        )"""
    )
    db.execute("CREATE INDEX idx_figure_corrections_claim ON figure_corrections(claim_id)")
    # Search by words in a few milliseconds at 100,000 claims; the triggers keep it current.
    db["claims"].enable_fts(
        ["text", "attribution", "quote"], fts_version="FTS5", create_triggers=True
    )
    # sqlite-utils' update trigger re-indexes on any update; a decision changes the status
    # and version only, so re-index only when an indexed column really changed.
    db.execute("DROP TRIGGER [claims_au]")
    db.execute(
        """CREATE TRIGGER [claims_au] AFTER UPDATE OF [text], [attribution], [quote] ON [claims]
        WHEN old.[text] IS NOT new.[text] OR old.[attribution] IS NOT new.[attribution]
            OR old.[quote] IS NOT new.[quote]
        BEGIN
            INSERT INTO [claims_fts] ([claims_fts], rowid, [text], [attribution], [quote])
            VALUES ('delete', old.rowid, old.[text], old.[attribution], old.[quote]);
            INSERT INTO [claims_fts] (rowid, [text], [attribution], [quote])
            VALUES (new.rowid, new.[text], new.[attribution], new.[quote]);
        END"""
    )


def m007_remote_batches(db: sqlite_utils.Database) -> None:
    # Work handed to a batch engine (OpenAI Batch API, or a request file for vLLM's run_batch):
    # everything needed to carry on after the process exits between submit and collect.
    db.execute(
        """CREATE TABLE remote_batches (
            id INTEGER PRIMARY KEY,
            via TEXT NOT NULL CHECK (via IN ('batch-api', 'batch-file')),
            status TEXT NOT NULL,
            backend TEXT NOT NULL,
            model TEXT NOT NULL,
            prompt_version TEXT NOT NULL,
            mode TEXT NOT NULL,
            base_url TEXT,
            round INTEGER NOT NULL DEFAULT 0,
            requests INTEGER NOT NULL DEFAULT 0,
            completed INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            estimated_tokens INTEGER NOT NULL DEFAULT 0,
            input_file_id TEXT,
            batch_id TEXT UNIQUE,
            output_file_id TEXT,
            error_file_id TEXT,
            file_path TEXT,
            errors TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            collected_at TEXT
        )"""
    )
    # One row per request line: custom_id <-> (document, chunk). A re-ask or a resubmission
    # is a new row (a new custom_id); the one it replaces says so in its status.
    db.execute(
        """CREATE TABLE remote_requests (
            custom_id TEXT PRIMARY KEY,
            batch INTEGER REFERENCES remote_batches(id),
            document_id TEXT NOT NULL REFERENCES documents(id),
            backend TEXT NOT NULL,
            model TEXT NOT NULL,
            prompt_version TEXT NOT NULL,
            chunk_start INTEGER NOT NULL,
            chunk_end INTEGER NOT NULL,
            cache_key TEXT NOT NULL,
            round INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL CHECK (status IN ('pending', 'cached', 'ok', 'reasked',
                'failed', 'unfinished', 'resubmitted')),
            body TEXT,
            error TEXT,
            prompt_tokens INTEGER NOT NULL DEFAULT 0,
            completion_tokens INTEGER NOT NULL DEFAULT 0,
            settled INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX idx_remote_requests_batch ON remote_requests(batch, status)")
    db.execute("CREATE INDEX idx_remote_requests_document ON remote_requests(document_id)")
    db.execute("CREATE INDEX idx_remote_requests_open ON remote_requests(settled, status)")
    # NULL: priced as a live request (every row before this migration).
    db.execute("ALTER TABLE calls ADD COLUMN pricing TEXT")
    db.execute("ALTER TABLE runs ADD COLUMN pricing TEXT")


def m008_claim_context(db: sqlite_utils.Database) -> None:
    # Two plain columns rather than JSON, so `WHERE needs_context = 1` works in sqlite3 and
    # Datasette facets on it; older rows default to "stands alone" with no note.
    db.execute("ALTER TABLE claims ADD COLUMN needs_context INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE claims ADD COLUMN context_note TEXT")


# Every column holding a point in time, by table (claim_leases.expires_at is a Unix time the
# lease check compares with the clock, not a timestamp anyone reads).
TIMESTAMP_COLUMNS = {
    "documents": ("ingested_at",),
    "runs": ("started_at", "ended_at"),
    "extractions": ("extracted_at",),
    "claims": ("created_at", "updated_at"),
    "reviews": ("decided_at",),
    "calls": ("started_at", "finished_at"),
    "response_cache": ("created_at",),
    "syntheses": ("created_at",),
    "stories": ("created_at", "updated_at"),
    "document_stories": ("assigned_at",),
    "conflicts": ("detected_at", "updated_at"),
    "conflict_resolutions": ("decided_at", "undone_at"),
    "decision_groups": ("created_at", "undone_at"),
    "figure_corrections": ("created_at", "undone_at"),
    "remote_batches": ("created_at", "updated_at", "collected_at"),
    "remote_requests": ("updated_at",),
    "_summarise_migrations": ("applied_at",),
}


def m009_report_dates(db: sqlite_utils.Database) -> None:
    # A dateline's outlet, and its month and day when it gives no year ('03-08'): analysis
    # resolves the year against the story's other reports. Older rows: not known (NULL).
    db.execute("ALTER TABLE documents ADD COLUMN outlet TEXT")
    db.execute("ALTER TABLE documents ADD COLUMN dateline_month_day TEXT")


def m010_story_index(db: sqlite_utils.Database) -> None:
    # The candidate index story grouping keeps between runs, so a new document is compared
    # only with its candidates: each indexed document's vector (JSON, term -> weight) and the
    # order it was indexed in, its index terms (postings), and the pairs worth linking.
    db.execute(
        """CREATE TABLE story_index_documents (
            document_id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL,
            vector TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE story_index_terms (
            term TEXT NOT NULL,
            document_id TEXT NOT NULL,
            weight REAL NOT NULL
        )"""
    )
    db.execute("CREATE INDEX idx_story_index_terms ON story_index_terms(term)")
    # How many documents hold each index term: a term held by too many is never read.
    db.execute(
        "CREATE TABLE story_index_term_counts (term TEXT PRIMARY KEY, documents INTEGER NOT NULL)"
    )
    db.execute(
        """CREATE TABLE story_document_links (
            first_document TEXT NOT NULL,
            second_document TEXT NOT NULL,
            similarity REAL NOT NULL,
            PRIMARY KEY (first_document, second_document)
        )"""
    )
    db.execute(
        "CREATE INDEX idx_story_document_links_second ON story_document_links(second_document)"
    )


def m012_point_decisions(db: sqlite_utils.Database) -> None:
    # Keyed by claim ids, not point numbers: points are recomputed on every build, claims
    # keep their ids across `stories --rebuild` and new documents. Each decision is its own
    # decision group, so the review screen's undo-by-unit takes it back like any other.
    db.execute(
        """CREATE TABLE point_decisions (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL REFERENCES decision_groups(id),
            reviewer TEXT NOT NULL,
            created_at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'move', 'headline')),
            claim_id TEXT NOT NULL,
            target_claim_id TEXT,
            undone_at TEXT
        )"""
    )
    db.execute("CREATE INDEX idx_point_decisions_claim ON point_decisions(claim_id)")
    db.execute("CREATE INDEX idx_point_decisions_target ON point_decisions(target_claim_id)")
    db.execute("CREATE INDEX idx_point_decisions_group ON point_decisions(group_id)")


def m014_search_index_by_statement(db: sqlite_utils.Database) -> None:
    """The search index is filled after each insert of claims by one statement
    (extractions.insert_claims), not by sqlite-utils' per-row insert trigger, which cost
    more than the insert itself on the batch path. The update and delete triggers stay:
    edits and deletions are one row at a time anyway."""
    db.execute("DROP TRIGGER IF EXISTS [claims_ai]")


def m015_analyst_views(db: sqlite_utils.Database) -> None:
    """For sqlite3 and Datasette users: one timestamp format in every table, a title for
    every document, no second copy of an unchanged claim text in `reviews`, and views a
    person would query (see docs/database.md)."""
    from summarise.store.timestamps import PATTERN, normalise

    # Timestamps: ISO 8601 UTC, microseconds, +00:00 (store/timestamps.py); only the values
    # not already in it are read and rewritten.
    for table, columns in TIMESTAMP_COLUMNS.items():
        if not db[table].exists():
            continue
        present = db[table].columns_dict
        for column in columns:
            if column not in present:
                continue
            odd = db.execute(
                f"SELECT DISTINCT [{column}] FROM [{table}] WHERE [{column}] IS NOT NULL "
                f"AND [{column}] NOT GLOB ?",
                [PATTERN],
            ).fetchall()
            for (value,) in odd:
                fixed = normalise(str(value))
                if fixed is not None and fixed != value:
                    db.execute(
                        f"UPDATE [{table}] SET [{column}] = ? WHERE [{column}] = ?", [fixed, value]
                    )
    # A name for every document (records.document_name): its title (the headline the reader
    # found), else its first line, else its file name. `title` itself stays the headline or
    # NULL: grouping weighs its words, and a summary lists it.
    from summarise.store.records import document_name

    db.execute("ALTER TABLE documents ADD COLUMN name TEXT")
    rows = db.execute("SELECT id, source, title, substr(text, 1, 1000) FROM documents").fetchall()
    for doc_id, source, title, opening in rows:
        db.execute(
            "UPDATE documents SET name = ? WHERE id = ?",
            [document_name(source, title, opening), doc_id],
        )
    # An accept or reject keeps the text: text_after NULL means "as text_before".
    db.execute("UPDATE reviews SET text_after = NULL WHERE text_after = text_before")
    for statement in VIEWS_015:
        db.execute(statement)


VIEWS_015 = (
    # One row per claim: what it says, where from, its review state, who decided it last
    # and when, and its story.
    """CREATE VIEW claims_overview AS
    SELECT c.id AS claim_id, c.status, c.kind, c.text, c.quote, c.attribution,
        c.document_id, d.name AS document_name, d.source AS document_source,
        d.published AS document_published, ds.story_id,
        coalesce(s.name, s.title) AS story_title,
        r.reviewer, r.decided_at, r.action AS last_action,
        CASE WHEN c.status = 'rejected' THEN r.reason END AS reject_reason,
        c.created_at, c.backend, c.model
    FROM claims c
    JOIN documents d ON d.id = c.document_id
    LEFT JOIN document_stories ds ON ds.document_id = c.document_id
    LEFT JOIN stories s ON s.id = ds.story_id
    LEFT JOIN reviews r ON r.id = (SELECT max(id) FROM reviews WHERE claim_id = c.id)""",
    # Every decision, newest first, with the claim's document and story.
    """CREATE VIEW review_history AS
    SELECT r.id AS review_id, r.decided_at, r.reviewer, r.action, r.status_before,
        r.status_after, r.claim_id, r.text_before,
        coalesce(r.text_after, r.text_before) AS text_after,
        r.text_after IS NOT NULL AND r.text_after IS NOT r.text_before AS text_changed,
        r.reason, r.undoes, r.group_id, c.document_id, d.name AS document_name,
        ds.story_id
    FROM reviews r
    JOIN claims c ON c.id = r.claim_id
    JOIN documents d ON d.id = c.document_id
    LEFT JOIN document_stories ds ON ds.document_id = c.document_id
    ORDER BY r.id DESC""",
    # Every figure a claim states, one row each, dated by its document: a quantity's series
    # is its rows for one `counts`, ordered by `reported`.
    """CREATE VIEW figure_series AS
    SELECT ds.story_id, coalesce(s.name, s.title) AS story_title,
        json_extract(f.value, '$.counts') AS counts,
        json_extract(f.value, '$.value') AS value,
        json_extract(f.value, '$.raw') AS raw,
        json_extract(f.value, '$.qualifier') AS qualifier,
        d.published AS reported, c.status, c.id AS claim_id, c.document_id,
        d.name AS document_name
    FROM claims c
    JOIN json_each(c.figures) f
    JOIN documents d ON d.id = c.document_id
    LEFT JOIN document_stories ds ON ds.document_id = c.document_id
    LEFT JOIN stories s ON s.id = ds.story_id
    ORDER BY ds.story_id, counts, reported, value""",
)


def m016_figure_decisions(db: sqlite_utils.Database) -> None:
    # Keyed by claim id and the figure as written, not quantity names: quantities are
    # recomputed on every build, claims keep their ids across `stories --rebuild` and new
    # documents. Each decision is its own decision group, so undo by unit takes it back.
    db.execute(
        """CREATE TABLE figure_decisions (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL REFERENCES decision_groups(id),
            story_id INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN
                ('update', 'dispute', 'retracted', 'move', 'rename', 'merge', 'split')),
            claim_id TEXT NOT NULL,
            figure TEXT NOT NULL,
            target_claim_id TEXT,
            target_figure TEXT,
            name TEXT,
            reviewer TEXT NOT NULL,
            created_at TEXT NOT NULL,
            undone_at TEXT
        )"""
    )
    db.execute("CREATE INDEX idx_figure_decisions_claim ON figure_decisions(claim_id)")
    db.execute("CREATE INDEX idx_figure_decisions_target ON figure_decisions(target_claim_id)")
    db.execute("CREATE INDEX idx_figure_decisions_group ON figure_decisions(group_id)")


def m021_search_index_after_the_run(db: sqlite_utils.Database) -> None:
    """The search index of new claims is brought up to date after a run (and every few
    hundred documents during one) by one statement, not once per document: FTS5 writes a new
    index segment per transaction, which cost a batch more than its claims' own inserts.

    `search_index_state.indexed_through` is the last claims rowid the index holds; claims past
    it wait for `extractions.index_new_claims`. The delete and update triggers touch the index
    only for rows it holds (an FTS5 'delete' of a row never indexed would damage it), and a
    delete that removes the highest rowids lowers the mark, so a rowid SQLite hands out again
    is past the mark and gets indexed."""
    last = db.execute("SELECT coalesce(max(rowid), 0) FROM claims").fetchone()[0]
    db.execute(
        "CREATE TABLE search_index_state (id INTEGER PRIMARY KEY CHECK (id = 1), "
        "indexed_through INTEGER NOT NULL)"
    )
    # Until now every claim was indexed as it was inserted (m014).
    db.execute("INSERT INTO search_index_state (id, indexed_through) VALUES (1, ?)", [last])
    mark = "(SELECT indexed_through FROM search_index_state)"
    db.execute("DROP TRIGGER IF EXISTS [claims_ad]")
    db.execute(
        f"""CREATE TRIGGER [claims_ad] AFTER DELETE ON [claims] BEGIN
            INSERT INTO [claims_fts] ([claims_fts], rowid, [text], [attribution], [quote])
            SELECT 'delete', old.rowid, old.[text], old.[attribution], old.[quote]
            WHERE old.rowid <= {mark};
            UPDATE search_index_state
            SET indexed_through = (SELECT coalesce(max(rowid), 0) FROM claims)
            WHERE indexed_through > (SELECT coalesce(max(rowid), 0) FROM claims);
        END"""
    )
    db.execute("DROP TRIGGER IF EXISTS [claims_au]")
    db.execute(
        f"""CREATE TRIGGER [claims_au] AFTER UPDATE OF [text], [attribution], [quote] ON [claims]
        WHEN (old.[text] IS NOT new.[text] OR old.[attribution] IS NOT new.[attribution]
            OR old.[quote] IS NOT new.[quote]) AND old.rowid <= {mark}
        BEGIN
            INSERT INTO [claims_fts] ([claims_fts], rowid, [text], [attribution], [quote])
            VALUES ('delete', old.rowid, old.[text], old.[attribution], old.[quote]);
            INSERT INTO [claims_fts] (rowid, [text], [attribution], [quote])
            VALUES (new.rowid, new.[text], new.[attribution], new.[quote]);
        END"""
    )


def m024_claims_by_time(db: sqlite_utils.Database) -> None:
    """Claims by when they were created and last changed: an incremental analysis asks which
    claims changed since the last one (`story_index.claims_signature`,
    `stories_with_claims_since`), which without these read every claim of the archive."""
    db.execute("CREATE INDEX idx_claims_updated_at ON claims(updated_at)")
    db.execute("CREATE INDEX idx_claims_created_at ON claims(created_at)")
