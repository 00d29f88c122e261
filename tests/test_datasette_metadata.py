"""`summarise datasette-metadata`: valid JSON keyed by the database's file name, describing
tables, views and columns that exist (none stale), every column of the views and of the
tables people read most, and label columns that exist."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from summarise.cli import cli
from summarise.store import Store

FULLY_DESCRIBED = ("claims_overview", "review_history", "figure_series", "documents", "claims")


def test_metadata_matches_the_schema(tmp_path: Path) -> None:
    db_path = tmp_path / "newsroom.db"
    Store.open(db_path).close()
    out = tmp_path / "metadata.json"
    result = CliRunner().invoke(
        cli, ["datasette-metadata", "--db", str(db_path), "-o", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    tables = json.loads(out.read_text(encoding="utf-8"))["databases"]["newsroom"]["tables"]
    with sqlite3.connect(db_path) as conn:
        kinds = dict(conn.execute("SELECT name, type FROM sqlite_master"))
        columns = {
            name: [row[1] for row in conn.execute(f"PRAGMA table_info([{name}])")]
            for name in tables
            if name in kinds
        }
    assert {kinds.get(name) for name in tables} <= {"table", "view"}, "stale table described"
    for name, table in tables.items():
        assert table["description"]
        described = set(table.get("columns", {}))
        assert described <= set(columns[name]), f"{name}: {described - set(columns[name])}"
        for option in ("label_column",):
            if option in table:
                assert table[option] in columns[name]
        assert set(table.get("facets", [])) <= set(columns[name])
    for name in FULLY_DESCRIBED:
        assert set(tables[name]["columns"]) == set(columns[name]), name
    assert all(kinds[v] == "view" for v in FULLY_DESCRIBED[:3])
