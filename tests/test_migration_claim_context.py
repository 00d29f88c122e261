"""Migration 008: claims keep `needs_context` and `context_note`, and older databases read on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from summarise.backends.regex.backend import RegexBackend
from summarise.store import Store
from summarise.store.migrations import applied
from tests.factories import document
from tests.old_databases import database_before

ARTICLE = (
    "Some are smiling while others look tired after the long crossing of the sea. "
    "They were dropped off in the port of Augusta on Sunday after their rescue. "
    "Captain Ada Voss said 12 crossings would run each day from Monday. "
    "She added that fares would stay at 4 euros."
)


def test_the_flag_and_the_note_survive_the_store(store: Store) -> None:
    doc = document(ARTICLE)
    extraction = RegexBackend().extract_sync(doc)
    store.save_extraction(doc, extraction, key=RegexBackend().key, run_id=None)
    saved = {c.id: store.get_claim(c.id) for c in extraction.claims}
    for claim in extraction.claims:
        back = saved[claim.id]
        assert back is not None
        assert (back.needs_context, back.context_note) == (claim.needs_context, claim.context_note)
    flagged = [c for c in saved.values() if c and c.needs_context]
    reworded = [c for c in saved.values() if c and c.context_note and not c.needs_context]
    assert [c.quote[:9] for c in flagged] == ["They were"]
    assert [c.quote[:9] for c in reworded] == ["She added"]


def test_plain_sql_sees_the_columns(store: Store, db_path: Path) -> None:
    doc = document(ARTICLE)
    store.save_extraction(
        doc, RegexBackend().extract_sync(doc), key=RegexBackend().key, run_id=None
    )
    with sqlite3.connect(db_path) as conn:  # as sqlite3 and Datasette users query it
        rows = conn.execute(
            "SELECT needs_context, context_note FROM claims WHERE needs_context = 1"
        ).fetchall()
    assert rows == [(1, "'They': no named group or thing in the sentence before")]


def test_008_upgrades_a_database_at_the_previous_version(db_path: Path) -> None:
    db = database_before(db_path, "008_claim_context")
    db.execute(
        "INSERT INTO documents (id, source, text, ingested_at) VALUES "
        "('d1', 'old.txt', 'Rebels seized the town on Monday.', 'then')"
    )
    db.execute(
        "INSERT INTO claims (id, document_id, text, quote, quote_start, quote_end, kind, "
        "figures, backend, model, prompt_version, created_at, status, version, updated_at) "
        "VALUES ('c1', 'd1', 'Rebels seized the town on Monday.', "
        "'Rebels seized the town on Monday.', 0, 33, 'event', '[]', 'regex', 'rules', 'old', "
        "'2024-01-01T00:00:00', 'pending', 0, '2024-01-01T00:00:00')"
    )
    db.conn.commit()
    db.close()
    with Store.open(db_path) as store:
        assert "008_claim_context" in applied(store.db)
        old = store.get_claim("c1")
        assert old is not None and old.needs_context is False and old.context_note is None
