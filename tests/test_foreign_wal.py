"""A leftover -wal file of another database is refused (issue 24, item 10)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from summarise.cli import cli
from summarise.store import Store


def foreign_wal(tmp_path: Path) -> bytes:
    """The -wal of a fresh, nearly empty database, copied while it is still open."""
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA journal_mode=wal")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    data = (tmp_path / "other.db-wal").read_bytes()
    conn.close()
    return data


def test_a_wal_left_from_another_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "review.db"
    with Store.open(db) as store:
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    wal = foreign_wal(tmp_path)
    assert len(wal) > 32
    (tmp_path / "review.db-wal").write_bytes(wal)
    before = db.read_bytes()
    article = tmp_path / "a.txt"
    article.write_text("Storm shuts port\n\nThe council said 12 ships were held on Monday.\n")
    for command in (["stats"], ["batch", "--backend", "regex", str(article)]):
        result = CliRunner().invoke(cli, [command[0], "--db", str(db), *command[1:]])
        assert result.exit_code == 1, result.output
        assert "belongs to another database" in result.output
    assert db.read_bytes() == before
    assert (tmp_path / "review.db-wal").read_bytes() == wal


def test_the_databases_own_wal_is_read(tmp_path: Path) -> None:
    db = tmp_path / "review.db"
    with Store.open(db) as writer:
        keep = tmp_path / "copy"
        keep.mkdir()
        writer.db.execute("PRAGMA wal_autocheckpoint=0")
        writer.db.execute("CREATE TABLE extra (x)")
        shutil.copy(db, keep / "review.db")
        shutil.copy(tmp_path / "review.db-wal", keep / "review.db-wal")
    with Store.open(keep / "review.db", create=False) as store:
        assert "extra" in store.db.table_names()
