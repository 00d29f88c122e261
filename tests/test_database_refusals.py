"""Only `batch` makes a database (issue 24, item 9): every other command refuses a missing
file, an empty one or another application's SQLite file in one line, writing nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarise.cli import cli
from summarise.store import Store

COMMANDS = [
    ["stats"],
    ["stats", "--json"],
    ["export"],
    ["summary"],
    ["stories"],
    ["conflicts"],
    ["review"],
    ["jobs"],
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
