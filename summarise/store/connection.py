"""Opening the database and running transactions: the only place a connection is made."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from summarise.store.migrations import migrate

DEFAULT_DB = "review.db"
DB_ENV = "SUMMARISE_DB"
# How long a writer waits for another process's lock before giving up with a clear error.
BUSY_TIMEOUT_SECONDS = 10.0


class StoreError(Exception):
    """A database problem explained for the user (path, cause, what to do)."""


class StoreBusy(StoreError):
    """Another process held the database lock for longer than the busy timeout."""


def default_path() -> str:
    return os.environ.get(DB_ENV) or DEFAULT_DB


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def connect(path: str | Path, *, busy_timeout: float | None = None) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at `path`. A write waits up to
    `busy_timeout` seconds (default BUSY_TIMEOUT_SECONDS) for another writer's lock."""
    path = str(path)
    if busy_timeout is None:
        busy_timeout = BUSY_TIMEOUT_SECONDS
    try:
        conn = sqlite3.connect(path, timeout=busy_timeout, check_same_thread=False)
    except sqlite3.OperationalError as exc:
        raise StoreError(f"{path}: cannot open database: {exc}") from exc
    db = sqlite_utils.Database(conn)
    try:
        _check_is_database(db, path)
        if path != ":memory:" and db.journal_mode != "wal":
            db.enable_wal()
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        db.execute("PRAGMA synchronous = NORMAL")
        migrate(db)
    except sqlite3.OperationalError as exc:
        conn.close()
        raise explain(exc, path, waited=busy_timeout) from exc
    except StoreError:
        conn.close()
        raise
    return db


def _check_is_database(db: sqlite_utils.Database, path: str) -> None:
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a SQLite database ({exc})") from exc


def explain(
    exc: sqlite3.OperationalError,
    path: str,
    *,
    db: sqlite_utils.Database | None = None,
    waited: float | None = None,
) -> StoreError:
    """A user-facing error for a failed statement; `db` or `waited` says how long a locked
    write waited, so the message states the timeout actually in force."""
    message = str(exc)
    if "locked" in message or "busy" in message:
        if waited is None:
            waited = busy_timeout_of(db) if db is not None else BUSY_TIMEOUT_SECONDS
        return StoreBusy(
            f"{path}: the database is locked by another process (a batch or another "
            f"reviewer) for over {waited:g}s; nothing was written, try again"
        )
    return StoreError(f"{path}: {message}")


def busy_timeout_of(db: sqlite_utils.Database) -> float:
    """The connection's busy timeout in seconds (how long a writer queues for the lock)."""
    try:
        row = db.execute("PRAGMA busy_timeout").fetchone()
    except sqlite3.Error:
        return BUSY_TIMEOUT_SECONDS
    return (row[0] if row else 0) / 1000


@contextmanager
def write_transaction(db: sqlite_utils.Database, path: str = "") -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT: take the write lock up front, so two writers queue on the
    busy timeout instead of deadlocking on a lock upgrade; roll back on any error."""
    try:
        db.conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise explain(exc, path, db=db) from exc
    try:
        yield
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    try:
        db.conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise explain(exc, path, db=db) from exc
