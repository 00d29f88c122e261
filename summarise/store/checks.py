"""What is checked when a database is opened, so a broken one is one clear line, not a
traceback halfway through a command (or, worse, a batch writing into a damaged file).

In order: the path is a regular file (not /dev/null, a FIFO or a folder); it is a SQLite
database; a writer can write to it (a read-only file or mount is refused before anything is
tried); its pages are sound (`PRAGMA quick_check`: a batch once wrote 100 documents into a
damaged file and exited 0); no migration is newer than this version knows;
every table the migrations made is there.
"""

from __future__ import annotations

import functools
import os
import shlex
import sqlite3
import stat

import sqlite_utils

from summarise.store.migrations import MIGRATIONS, applied, migrate

READ_ONLY_ADVICE = "open it with --read-only, or copy it somewhere writable"


class DatabaseFault(Exception):
    """Why a database cannot be used as asked, in words for the user (set by the caller's
    StoreError wrapper, which adds the path)."""


NOT_CREATED = (
    "no such database: only `summarise batch` or `summarise init` creates one (check --db "
    "or SUMMARISE_DB); nothing was written"
)


def check_path(path: str, *, read_only: bool, create: bool = True) -> None:
    """Refuse what is not a database file before SQLite touches it; a missing file is
    refused unless `create`."""
    if path == ":memory:":
        return
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if read_only:
            raise DatabaseFault("no such database (--read-only never creates one)") from None
        if not create:
            raise DatabaseFault(NOT_CREATED) from None
        folder = os.path.dirname(os.path.abspath(path))
        if not _writable(folder):
            raise DatabaseFault(f"cannot create the database: {folder} is read-only") from None
        return
    except OSError as exc:
        raise DatabaseFault(f"cannot open: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise DatabaseFault(f"not a database file ({_kind(info.st_mode)})")
    if read_only:
        return
    folder = os.path.dirname(os.path.abspath(path))
    # SQLite needs to write the file and to make its -wal and -shm files beside it.
    if not _writable(path) or not _writable(folder):
        raise DatabaseFault(f"read-only: {READ_ONLY_ADVICE}")


_WAL_HEADER = 32
_FRAME_HEADER = 24
_SCHEMA_COOKIE = slice(40, 44)


def check_wal(path: str) -> None:
    """Refuse a `-wal` file beside the database that belongs to another database (left
    behind when a file was copied or restored over this one): SQLite would replay it over
    this database, which then reads as that other one (often empty), and a batch would write
    into the mix. Its page size must be the database's, and its latest image of page 1 must
    not carry an older schema than the database's own page 1 (the schema cookie only grows)."""
    if path == ":memory:":
        return
    try:
        with open(path + "-wal", "rb") as wal, open(path, "rb") as db:
            header = wal.read(_WAL_HEADER)
            page_one = db.read(100)
            if len(header) < _WAL_HEADER or len(page_one) < 100:
                return
            wal_page = int.from_bytes(header[8:12], "big")
            db_page = int.from_bytes(page_one[16:18], "big")
            db_page = 65536 if db_page == 1 else db_page
            if wal_page != db_page:
                raise DatabaseFault(_FOREIGN_WAL)
            salts = header[16:24]
            latest: bytes | None = None
            while frame := wal.read(_FRAME_HEADER):
                if len(frame) < _FRAME_HEADER or frame[8:16] != salts:
                    break  # the end of the valid frames
                page = wal.read(wal_page)
                if len(page) < wal_page:
                    break
                if int.from_bytes(frame[0:4], "big") == 1:
                    latest = page[:100]
    except FileNotFoundError:
        return
    if latest is not None and latest[_SCHEMA_COOKIE] < page_one[_SCHEMA_COOKIE]:
        raise DatabaseFault(_FOREIGN_WAL)


_FOREIGN_WAL = (
    "its -wal file belongs to another database (left from a copy or restore); nothing was "
    "read or written: move the -wal file away if this database file is the one you want"
)


def check_readable(db: sqlite_utils.Database) -> None:
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorname", "")
        if code == "SQLITE_NOTADB":
            raise DatabaseFault(f"not a SQLite database ({exc})") from exc
        raise fault_for(exc) from exc


def check_ours(db: sqlite_utils.Database) -> None:
    """Refuse a SQLite file that is not a summarise database (no migration record), before
    anything is written to it: another application's file stays byte for byte as it was."""
    if applied(db):
        return
    tables = [name for name in db.table_names() if not name.startswith("sqlite_")]
    if not tables:
        raise DatabaseFault(
            "an empty file, not a summarise database: only `summarise batch` or "
            "`summarise init` makes one; nothing was written"
        )
    shown = ", ".join(tables[:3]) + (f" and {len(tables) - 3} more" if len(tables) > 3 else "")
    raise DatabaseFault(
        f"not a summarise database (it holds other tables: {shown}); nothing was written"
    )


def check_blank_or_ours(db: sqlite_utils.Database) -> None:
    """For `batch` and `init`, which may make a database: a file with no tables becomes one,
    a summarise database is upgraded, and another application's file is refused unchanged
    (a batch must not add its tables to someone's photo catalogue either)."""
    if applied(db) or not [n for n in db.table_names() if not n.startswith("sqlite_")]:
        return
    check_ours(db)


def check_current(db: sqlite_utils.Database, path: str) -> None:
    """Refuse a summarise database an older version left, before anything is written: only
    `batch` and `init` upgrade one (an upgrade is a write the user should ask for, and an
    older summarise sharing the file could no longer open it)."""
    done = applied(db)
    known = [migration.name for migration in MIGRATIONS]
    if not done or set(known) <= set(done):
        return  # not ours (check_ours says so), or up to date (newer: check_schema says so)
    raise DatabaseFault(upgrade_needed(done, path))


def upgrade_needed(done: list[str], path: str, *, tail: str = "nothing was written") -> str:
    """One line naming the command that upgrades the database at `path`."""
    latest = MIGRATIONS[-1].name
    return (
        f"made by an older summarise (schema {done[-1]}, this version needs {latest}): "
        f"upgrade it with `summarise init --db {shlex.quote(path)}` (or run `summarise "
        f"batch` on it); {tail}"
    )


def check_sound(db: sqlite_utils.Database, path: str) -> None:
    """`PRAGMA quick_check`: every page and index readable and consistent. A file checked
    once in this process and unchanged since (same inode, size and mtime) is not checked
    again: the review screen opens a reader and a writer on one database."""
    identity = _identity(path)
    if identity is not None and identity in _checked:
        return
    try:
        rows = [row[0] for row in db.execute("PRAGMA quick_check(5)").fetchall()]
    except sqlite3.DatabaseError as exc:
        raise damaged(str(exc), path) from exc
    if rows != ["ok"]:
        raise damaged("; ".join(rows), path)
    if identity is not None:
        _checked.add(identity)


_checked: set[tuple[int, int, int, int]] = set()


def _identity(path: str) -> tuple[int, int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def check_schema(db: sqlite_utils.Database, path: str, *, read_only: bool) -> list[str]:
    """No unknown (newer) migration; every table there; migrate first when writing (only
    `batch` and `init` get here with an older database: the others were refused by
    check_current). Returns the migrations applied now."""
    known = {migration.name for migration in MIGRATIONS}
    done = applied(db)
    newer = [name for name in done if name not in known]
    if newer:
        raise DatabaseFault(
            f"this database was written by a newer summarise (migration {newer[-1]}); "
            "upgrade summarise"
        )
    if read_only:
        if done and not {m.name for m in MIGRATIONS} <= set(done):
            raise DatabaseFault(upgrade_needed(done, path, tail="--read-only never upgrades"))
        if not done:
            if db.table_names():
                raise damaged("it has tables but no migration record", path)
            return []  # an empty database: nothing to read, nothing wrong
        ran = []
    else:
        ran = migrate(db)
    missing = sorted(expected_tables() - set(db.table_names()))
    if missing:
        raise damaged(f"missing table(s) {', '.join(missing)}", path)
    return ran


def damaged(detail: str, path: str) -> DatabaseFault:
    return DatabaseFault(
        f"the database is damaged: {detail}; restore it from a backup or run "
        f"`sqlite3 {path} .recover`"
    )


def fault_for(exc: sqlite3.Error, path: str = "") -> DatabaseFault:
    """A DatabaseFault for SQLite errors that mean a broken, full or read-only database."""
    code = getattr(exc, "sqlite_errorname", "") or ""
    if code.startswith("SQLITE_READONLY"):
        return DatabaseFault(f"read-only: {READ_ONLY_ADVICE}")
    if code.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return damaged(str(exc), path or "DATABASE")
    if code.startswith("SQLITE_FULL"):
        return DatabaseFault("the disk is full; nothing more was written (free space and rerun)")
    if code.startswith("SQLITE_CANTOPEN"):
        return DatabaseFault(f"cannot open the database ({exc}): is its folder read-only?")
    return DatabaseFault(str(exc))


@functools.cache
def expected_tables() -> frozenset[str]:
    """The tables a fully migrated database has, found by migrating a blank one."""
    db = sqlite_utils.Database(memory=True)
    try:
        migrate(db)
        return frozenset(db.table_names())
    finally:
        db.close()


def _writable(path: str) -> bool:
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return False
    except OSError:
        return False
    return os.access(path, os.W_OK)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"
