"""Schema changes as an ordered list, each recorded in the database once applied.

Append new migrations at the end; never edit or reorder one that has shipped, so an older
database always upgrades by running only what it has not seen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from summarise.store import migration_steps as steps
from summarise.store.timestamps import stamp


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[sqlite_utils.Database], None]


MIGRATIONS: list[Migration] = [
    Migration("001_initial", steps.m001_initial),
    Migration("002_model_calls", steps.m002_model_calls),
    Migration("003_stories", steps.m003_stories),
    Migration("004_syntheses", steps.m004_syntheses),
    Migration("005_call_lifecycle", steps.m005_call_lifecycle),
    Migration("006_review_team", steps.m006_review_team),
    Migration("007_remote_batches", steps.m007_remote_batches),
    Migration("008_claim_context", steps.m008_claim_context),
    Migration("009_report_dates", steps.m009_report_dates),
    Migration("010_story_index", steps.m010_story_index),
    Migration("012_point_decisions", steps.m012_point_decisions),
    Migration("014_search_index_by_statement", steps.m014_search_index_by_statement),
    Migration("015_analyst_views", steps.m015_analyst_views),
    Migration("016_figure_decisions", steps.m016_figure_decisions),
    Migration("021_search_index_after_the_run", steps.m021_search_index_after_the_run),
    Migration("024_claims_by_time", steps.m024_claims_by_time),
]

MIGRATIONS_TABLE = "_summarise_migrations"


def applied(db: sqlite_utils.Database) -> list[str]:
    if not db[MIGRATIONS_TABLE].exists():
        return []
    return [row["name"] for row in db[MIGRATIONS_TABLE].rows_where(order_by="id")]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply every migration the database has not recorded; return the names applied.

    Each migration and its record commit together, so a crash mid-upgrade leaves the
    database at the previous version, never between two.
    """
    done = set(applied(db))
    ran: list[str] = []
    for migration in MIGRATIONS:
        if migration.name in done:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            if not db[MIGRATIONS_TABLE].exists():
                db.execute(
                    f"CREATE TABLE [{MIGRATIONS_TABLE}] (id INTEGER PRIMARY KEY, "
                    "name TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL)"
                )
            # Another process may have migrated between our check and our lock.
            if migration.name in applied(db):
                db.execute("COMMIT")
                continue
            migration.apply(db)
            db.execute(
                f"INSERT INTO [{MIGRATIONS_TABLE}] (name, applied_at) VALUES (?, ?)",
                [migration.name, stamp(datetime.now(UTC))],
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        ran.append(migration.name)
    return ran
