"""Migration 006 (leases, decision groups, figure corrections, the claims' search index)
upgrades a database that already holds claims, reviews and a settled conflict."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from summarise.models import ReviewAction
from summarise.store import ClaimFilter, Store
from summarise.store.migrations import MIGRATIONS, MIGRATIONS_TABLE, applied
from tests.factories import document, store_claims
from tests.old_databases import database_before

TEXT = "Officials said 40 hostages were freed.\nRebels seized the town on Monday."


def test_006_upgrades_a_database_with_claims_and_reviews(db_path: Path) -> None:
    db = database_before(db_path, "006_review_team")
    db.conn.commit()
    db.close()
    # Claims and a decision written before the upgrade, by a store without 006 applied.
    doc = document(TEXT)
    with Store.open(db_path) as store:
        store.db.execute(f"DELETE FROM [{MIGRATIONS_TABLE}] WHERE name = '006_review_team'")
        store.db.conn.commit()
        freed, seized = store_claims(
            store,
            doc,
            "Officials said 40 hostages were freed.",
            "Rebels seized the town on Monday.",
        )
        store.decide(freed.id, ReviewAction.ACCEPT, reviewer="ann", expected_version=0)
    # Open again: 006 is recorded as not applied, so drop what it made and let it run.
    raw = sqlite_utils.Database(db_path)
    for table in ("claim_leases", "figure_corrections", "decision_groups"):
        raw.execute(f"DROP TABLE [{table}]")
    for trigger in ("claims_ai", "claims_ad", "claims_au"):
        raw.execute(f"DROP TRIGGER IF EXISTS [{trigger}]")
    raw.execute("DROP TABLE claims_fts")
    raw.conn.commit()
    raw.close()
    _drop_columns(db_path)
    with Store.open(db_path) as store:
        # 006 ran last here (its row was deleted after later migrations had run).
        assert sorted(applied(store.db)) == sorted(m.name for m in MIGRATIONS)
        # The index was filled from the claims already there; old reviews undo as before.
        assert [c.id for c in store.claims(ClaimFilter(search="rebels"))] == [seized.id]
        (unit,) = store.review_log.undoable_units("ann", 10)
        assert unit.claim_id == freed.id and unit.group_id is None
        assert store.leases.take(seized.id, "ann") is None


def _drop_columns(path: Path) -> None:
    """Take out the columns 006 adds (SQLite 3.35+ drops columns), as before the upgrade."""
    raw = sqlite_utils.Database(path)
    for view in raw.view_names():  # later migrations' views read these columns
        raw.execute(f"DROP VIEW [{view}]")
    raw.execute("DROP INDEX idx_reviews_group")
    raw.execute("DROP INDEX idx_reviews_reviewer")
    raw.execute("DROP INDEX idx_reviews_undoes")
    raw.execute("ALTER TABLE reviews DROP COLUMN group_id")
    raw.execute("ALTER TABLE conflict_resolutions DROP COLUMN group_id")
    raw.execute("ALTER TABLE conflict_resolutions DROP COLUMN undone_at")
    raw.conn.commit()
    raw.close()
