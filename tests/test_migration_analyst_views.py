"""Migration 015: an older database comes out with one timestamp format, a name for every
document, each unchanged claim text stored once, and the views Datasette users query."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from summarise.models import ReviewAction
from summarise.store import Store
from summarise.store.migration_steps import TIMESTAMP_COLUMNS
from tests.old_databases import database_before

ONE_FORMAT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$")
TEXT = "Harbour Talks Resume\n\nThe ferry union said 12 boats would sail on Monday."
UNTITLED = "The ferry union said 12 boats would sail on Monday.\nMore text."


def _old_database(db_path: Path) -> None:
    db = database_before(db_path, "015_analyst_views")
    for doc_id, source, title, text, stamp in (
        ("d1", "in/harbour.txt", "Harbour Talks Resume", TEXT, "2026-03-01T08:00:00Z"),
        ("d2", "in/untitled.txt", None, UNTITLED, "2026-03-01 09:30:00"),
        ("d3", "in/empty-ish.txt", "", "   \n", "2026-03-01T10:00:00.5+01:00"),
    ):
        db.execute(
            "INSERT INTO documents (id, source, title, text, ingested_at) VALUES (?, ?, ?, ?, ?)",
            [doc_id, source, title, text, stamp],
        )
    start = TEXT.index("The ferry")
    quote = TEXT[start:]
    for claim_id, status in (("c1", "accepted"), ("c2", "accepted")):
        db.execute(
            "INSERT INTO claims (id, document_id, text, quote, quote_start, quote_end, kind, "
            "status, version, created_at, figures) VALUES (?, 'd1', ?, ?, ?, ?, 'figure', ?, 1, "
            "'2026-03-01T08:00:01+00:00', ?)",
            [claim_id, quote, quote, start, start + len(quote), status,
             '[{"value": 12.0, "raw": "12", "counts": "boats", "qualifier": ""}]'],
        )  # fmt: skip
    db.execute(
        "INSERT INTO reviews (claim_id, reviewer, action, decided_at, status_before, "
        "status_after, text_before, text_after) VALUES ('c1', 'ann', 'accept', "
        "'2026-03-02T12:00:00Z', 'pending', 'accepted', ?, ?)",
        [quote, quote],
    )
    db.execute(
        "INSERT INTO reviews (claim_id, reviewer, action, decided_at, status_before, "
        "status_after, text_before, text_after) VALUES ('c2', 'bob', 'edit', "
        "'2026-03-02T12:05:00.123456+00:00', 'pending', 'accepted', ?, 'Twelve boats sail.')",
        [quote],
    )
    db.conn.commit()
    db.close()


def test_015_upgrades_an_older_database(db_path: Path) -> None:
    _old_database(db_path)
    with Store.open(db_path) as store:
        # Reviews read back as before: an accept's text is its text before.
        reviews = {r.claim_id: r for r in store.reviews()}
        assert reviews["c1"].text_after == reviews["c1"].text_before
        assert reviews["c2"].text_after == "Twelve boats sail."
        # A new decision that keeps the text stores it once.
        store.decide("c2", ReviewAction.REJECT,
                     reviewer="ann", expected_version=1, reason="not in the source")  # fmt: skip
    with sqlite3.connect(db_path) as conn:
        for table, columns in TIMESTAMP_COLUMNS.items():
            for column in columns:
                for (value,) in conn.execute(
                    f"SELECT [{column}] FROM [{table}] WHERE [{column}] IS NOT NULL"
                ):
                    assert value == "then" or ONE_FORMAT.match(value), (table, column, value)
        stamps = dict(conn.execute("SELECT id, ingested_at FROM documents"))
        assert stamps == {
            "d1": "2026-03-01T08:00:00.000000+00:00",
            "d2": "2026-03-01T09:30:00.000000+00:00",
            "d3": "2026-03-01T09:00:00.500000+00:00",
        }
        names = dict(conn.execute("SELECT id, name FROM documents"))
        assert names == {
            "d1": "Harbour Talks Resume",
            "d2": "The ferry union said 12 boats would sail on Monday.",
            "d3": "empty-ish.txt",
        }
        assert conn.execute("SELECT title FROM documents WHERE id = 'd2'").fetchone() == (None,)
        stored = conn.execute("SELECT action, text_after FROM reviews ORDER BY id").fetchall()
        assert stored == [("accept", None), ("edit", "Twelve boats sail."), ("reject", None)]
        overview = conn.execute(
            "SELECT claim_id, status, reviewer, reject_reason, document_name "
            "FROM claims_overview ORDER BY claim_id"
        ).fetchall()
        assert overview == [
            ("c1", "accepted", "ann", None, "Harbour Talks Resume"),
            ("c2", "rejected", "ann", "not in the source", "Harbour Talks Resume"),
        ]
        history = conn.execute(
            "SELECT reviewer, action, text_after, text_changed FROM review_history"
        ).fetchall()
        assert history[0][:2] == ("ann", "reject") and history[-1][0] == "ann"
        assert ("bob", "edit", "Twelve boats sail.", 1) in history
        assert history[-1][3] == 0  # the accept kept the text
        series = conn.execute("SELECT counts, value, raw FROM figure_series").fetchall()
        assert series == [("boats", 12.0, "12"), ("boats", 12.0, "12")]


def test_a_new_document_gets_its_name_when_stored(store: Store, db_path: Path) -> None:
    from tests.factories import document, store_claims

    doc = document(UNTITLED, source="folder/wire.txt")
    store_claims(store, doc, "The ferry union said 12 boats would sail on Monday.")
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT title, name FROM documents").fetchall() == [
            (None, "The ferry union said 12 boats would sail on Monday.")
        ]
