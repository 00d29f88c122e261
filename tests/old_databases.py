"""A database as an older version left it: every migration before a given one applied and
recorded, the rest not, so an upgrade test can put old rows in and open it with the Store."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from summarise.store.migrations import MIGRATIONS, MIGRATIONS_TABLE


def database_before(db_path: Path, migration_name: str) -> sqlite_utils.Database:
    """An open database at the version just before `migration_name` (caller commits)."""
    previous = MIGRATIONS[: [m.name for m in MIGRATIONS].index(migration_name)]
    db = sqlite_utils.Database(db_path)
    for migration in previous:
        migration.apply(db)
    db.execute(
        f"CREATE TABLE [{MIGRATIONS_TABLE}] (id INTEGER PRIMARY KEY, name TEXT NOT NULL "
        "UNIQUE, applied_at TEXT NOT NULL)"
    )
    for migration in previous:
        db.execute(
            f"INSERT INTO [{MIGRATIONS_TABLE}] (name, applied_at) VALUES (?, 'then')",
            [migration.name],
        )
    return db
