"""Only `batch` and `init` make or upgrade a database (issue 24, item 9): every other command
refuses a missing file, an empty one, another application's SQLite file or a database an
older summarise left, in one line, writing nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarise.cli import cli
from summarise.store import Store, StoreError
from summarise.store.migrations import MIGRATIONS, applied
from summarise.tui.app import create_app
from tests.old_databases import database_before

COMMANDS = [
    ["stats"],
    ["stats", "--json"],
    ["export"],
    ["summary"],
    ["stories"],
    ["conflicts"],
    ["review"],
    ["jobs"],
    ["figures"],
    ["logs"],
    ["history"],
]
# Every command that opens a database, as the user types it (batch and init make one).
OPENING = [
    *COMMANDS,
    ["stats", "--read-only"],
    ["summary", "--read-only"],
    ["stories", "--rebuild"],
    ["conflicts", "resolve", "1", "--keep-both"],
    ["jobs", "collect"],
    ["figures", "undo", "1"],
]


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.output


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_mistyped_db_is_refused_and_not_created(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "reveiw.db"
    code, out = run([command[0], "--db", str(db), *command[1:]])
    assert code == 1, out
    assert "no such database" in out and len(out.strip().splitlines()) == 1
    assert sorted(tmp_path.iterdir()) == []  # no file, no -wal, no -shm


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_another_applications_sqlite_file_is_refused_byte_for_byte(
    tmp_path: Path, command: list[str]
) -> None:
    db = tmp_path / "photos.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE albums (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO albums (name) VALUES ('summer')")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    code, out = run([command[0], "--db", str(db), *command[1:]])
    assert code == 1, out
    assert "not a summarise database" in out and "albums" in out
    assert len(out.strip().splitlines()) == 1
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photos.db"]


def test_an_empty_file_is_refused_and_left_empty(tmp_path: Path) -> None:
    db = tmp_path / "review.db"
    db.write_bytes(b"")
    code, out = run(["stats", "--db", str(db)])
    assert code == 1 and "not a summarise database" in out
    assert db.read_bytes() == b""


def test_batch_still_creates_and_the_others_then_open_it(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Storm closes roads\n\nThe council said 12 roads were closed on Monday.\n",
        encoding="utf-8",
    )
    db = tmp_path / "review.db"
    code, out = run(["batch", "--backend", "regex", "--db", str(db), "-q", str(folder)])
    assert code == 0, out
    code, out = run(["stats", "--db", str(db)])
    assert code == 0 and "Documents:  1" in out
    with Store.open(db, create=False) as store:
        assert store.claims()


_OLDER: list[bytes] = []


def older_database(path: Path) -> bytes:
    """A summarise database as the version before the newest migration left it, in WAL mode
    like every database summarise writes (made once, copied); returns its bytes."""
    if not _OLDER:
        made = path.with_name("making-older.db")
        db = database_before(made, MIGRATIONS[-1].name)
        db.conn.commit()
        db.enable_wal()
        db.close()
        _OLDER.append(made.read_bytes())
        made.unlink()
    path.write_bytes(_OLDER[0])
    return _OLDER[0]


@pytest.mark.parametrize("command", OPENING, ids=" ".join)
def test_an_older_database_is_refused_naming_init_and_left_byte_for_byte(
    tmp_path: Path, command: list[str]
) -> None:
    db = tmp_path / "old.db"
    before = older_database(db)
    code, out = run([*command, "--db", str(db)])
    assert code == 1, out
    assert len(out.strip().splitlines()) == 1, out
    assert "made by an older summarise" in out
    assert f"summarise init --db {db}" in out and "nothing was written" in out
    assert db.read_bytes() == before
    left = sorted(p.name for p in tmp_path.iterdir() if p.name != "old.db")
    if "--read-only" in command:
        # SQLite's own: a read-only reader of a WAL database leaves an empty -wal (and the
        # -shm index) it may not delete; not a byte of the database itself.
        assert left in ([], ["old.db-shm", "old.db-wal"])
        assert not left or (tmp_path / "old.db-wal").stat().st_size == 0
    else:
        assert left == []


def test_the_review_screen_refuses_an_older_database_too(tmp_path: Path) -> None:
    """The app's own opening (reader, writer, leaser, analysis) never upgrades either."""
    db = tmp_path / "old.db"
    before = older_database(db)
    with pytest.raises(StoreError, match="summarise init --db"):
        create_app(str(db), "ann", analyse=False)
    assert db.read_bytes() == before


def test_init_creates_then_upgrades_then_says_nothing_to_do(tmp_path: Path) -> None:
    new = tmp_path / "new.db"
    code, out = run(["init", "--db", str(new)])
    assert code == 0 and out == (
        f"Created {new}: a new summarise database (schema {MIGRATIONS[-1].name}).\n"
    )
    code, out = run(["stats", "--db", str(new)])
    assert code == 0 and "Documents:  0" in out

    old = tmp_path / "old.db"
    older_database(old)
    code, out = run(["init", "--db", str(old)])
    assert code == 0, out
    assert out.startswith(f"Upgraded {old} to schema {MIGRATIONS[-1].name}: applied 1 ")
    assert MIGRATIONS[-1].name in out
    with Store.open(old, create=False) as store:
        assert applied(store.db) == [m.name for m in MIGRATIONS]
    before = old.read_bytes()
    code, out = run(["init", "--db", str(old)])
    latest = MIGRATIONS[-1].name
    assert code == 0 and out == f"{old} is up to date (schema {latest}); nothing was changed.\n"
    assert old.read_bytes() == before


@pytest.mark.parametrize("command", [["init"], ["batch", "--backend", "regex", "-q"]])
def test_init_and_batch_refuse_another_applications_file(
    tmp_path: Path, command: list[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("The council said 12 roads were closed on Monday.\n")
    db = tmp_path / "photos.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE albums (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    extra = [str(folder)] if command[0] == "batch" else []
    code, out = run([*command, "--db", str(db), *extra])
    assert code == 1 and "not a summarise database" in out, out
    assert db.read_bytes() == before


def test_batch_upgrades_an_older_database(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("The council said 12 roads were closed on Monday.\n")
    db = tmp_path / "old.db"
    older_database(db)
    code, out = run(["batch", "--backend", "regex", "--db", str(db), "-q", str(folder)])
    assert code == 0, out
    with Store.open(db, create=False) as store:
        assert applied(store.db) == [m.name for m in MIGRATIONS]
