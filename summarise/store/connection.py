"""Opening the database and running transactions: the only place a connection is made."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import sqlite_utils

from summarise.store import checks

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


class Opened(NamedTuple):
    """An open database and the migrations this opening applied (all of them: it was made
    now; some: it was upgraded; none: it was up to date)."""

    db: sqlite_utils.Database
    migrated: list[str]


def open_database(
    path: str | Path,
    *,
    busy_timeout: float | None = None,
    read_only: bool = False,
    create: bool = True,
) -> Opened:
    """Open, check and (with `create`) make or migrate the database at `path`. A write waits
    up to `busy_timeout` seconds (default BUSY_TIMEOUT_SECONDS) for another writer's lock.

    With `read_only` nothing is created, migrated or written (any write fails): for a
    database on a read-only file or mount, or one a reader must not change.
    A database that is not a file, is damaged, misses tables, is read-only (when writing)
    or was written by a newer version is refused with a StoreError saying so; so is another
    application's SQLite file, even with `create`.
    Without `create` (every command but `batch` and `init`), a missing file, an empty one
    and a summarise database an older version left are refused too, before anything is
    written: an upgrade is asked for, never a side effect of `stats`.
    """
    path = str(path)
    if busy_timeout is None:
        busy_timeout = BUSY_TIMEOUT_SECONDS
    try:
        checks.check_path(path, read_only=read_only, create=create)
    except checks.DatabaseFault as exc:
        raise StoreError(f"{path}: {exc}") from exc
    conn = _open(path, busy_timeout, read_only=read_only)
    db = sqlite_utils.Database(conn)
    try:
        checks.check_sound(db, path)
        # Before WAL mode or a migration changes a byte of the file.
        if path != ":memory:":
            if create:
                checks.check_blank_or_ours(db)
            else:
                checks.check_ours(db)
                checks.check_current(db, path)
        if read_only:
            db.execute("PRAGMA query_only = ON")
        else:
            if path != ":memory:" and db.journal_mode != "wal":
                db.enable_wal()
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        if not read_only:
            db.execute("PRAGMA synchronous = NORMAL")
        migrated = checks.check_schema(db, path, read_only=read_only)
    except checks.DatabaseFault as exc:
        conn.close()
        raise StoreError(f"{path}: {exc}") from exc
    except sqlite3.Error as exc:
        conn.close()
        raise explain(exc, path, waited=busy_timeout) from exc
    return Opened(db, migrated)


def refuse_foreign_wal(path: str | Path) -> None:
    """StoreError when the `-wal` beside `path` belongs to another database. Call it only
    before this process opens any connection to `path`: it reads the files with plain file
    handles, and closing one drops the POSIX locks of every SQLite connection this process
    has on the file (SQLite would then delete a -wal still in use)."""
    try:
        checks.check_wal(str(path))
    except checks.DatabaseFault as exc:
        raise StoreError(f"{path}: {exc}") from exc


def _open(path: str, busy_timeout: float, *, read_only: bool) -> sqlite3.Connection:
    """A checked connection. Read-only opens use `mode=ro`; a WAL database on a read-only
    mount cannot make its shared-memory file, so it is opened `immutable` instead (nothing
    can be writing to a read-only mount)."""
    attempts = [path]
    if read_only:
        location = urllib.parse.quote(os.path.abspath(path))
        attempts = [f"file:{location}?mode=ro", f"file:{location}?mode=ro&immutable=1"]
    error: sqlite3.Error | None = None
    for target in attempts:
        try:
            conn = sqlite3.connect(
                target, timeout=busy_timeout, check_same_thread=False, uri=read_only
            )
        except sqlite3.Error as exc:
            error = exc
            continue
        try:
            checks.check_readable(sqlite_utils.Database(conn))
        except checks.DatabaseFault as exc:
            conn.close()
            if target is not attempts[-1]:
                continue  # a WAL database on a read-only mount: try it immutable
            raise StoreError(f"{path}: {exc}") from exc
        return conn
    raise StoreError(f"{path}: cannot open database: {error}")


def explain(
    exc: sqlite3.Error,
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
    return StoreError(f"{path}: {checks.fault_for(exc, path)}")


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
    except sqlite3.DatabaseError as exc:
        raise explain(exc, path, db=db) from exc
    try:
        yield
    except sqlite3.DatabaseError as exc:
        _roll_back(db)
        if isinstance(exc, sqlite3.IntegrityError):
            raise
        # A damaged page, a full disk, a read-only file: one clear StoreError, nothing kept.
        raise explain(exc, path, db=db) from exc
    except BaseException:
        _roll_back(db)
        raise
    try:
        db.conn.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        _roll_back(db)
        raise explain(exc, path, db=db) from exc


def _roll_back(db: sqlite_utils.Database) -> None:
    # SQLite may already have rolled back (it does on SQLITE_FULL and I/O errors).
    if db.conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            db.conn.execute("ROLLBACK")
