"""The README's first command, end to end, and the batch's promises on bad input."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarise.cli import cli
from tests.conftest import REPO, SEEDS


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def grounded_mismatches(db_path: Path) -> int:
    with sqlite3.connect(db_path) as conn:
        texts = dict(conn.execute("SELECT id, text FROM documents").fetchall())
        rows = conn.execute(
            "SELECT document_id, quote, quote_start, quote_end FROM claims"
        ).fetchall()
    assert rows, "expected some claims"
    return sum(1 for doc, quote, start, end in rows if texts[doc][start:end] != quote)


def test_seeds_batch_is_grounded_and_a_rerun_adds_nothing(db_path: Path) -> None:
    code, out, err = run("batch", str(SEEDS), "--db", str(db_path))
    assert code == 0, err
    assert "5 read, 0 skipped, 0 failed" in out
    assert "regex" in err  # the run says which backend it used
    assert grounded_mismatches(db_path) == 0
    with sqlite3.connect(db_path) as conn:
        claims_before = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    code, out, _ = run("batch", str(SEEDS), "--db", str(db_path))
    assert code == 0 and "Nothing new" in out
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] == claims_before
        runs = conn.execute("SELECT status, documents_unchanged FROM runs").fetchall()
    assert runs == [("completed", 0), ("completed", 5)]


@pytest.mark.slow
def test_bad_inputs_are_named_and_the_rest_is_stored(tmp_path: Path, db_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    (inputs / "latin1.txt").write_bytes(
        "Le ministre a déclaré lundi que 12 personnes ont été blessées.".encode("latin-1")
    )
    (inputs / "bom_crlf.txt").write_bytes(
        "\ufeffThe council voted on Tuesday.\r\nIt said 40 homes were destroyed.\r\n".encode()
    )
    sentence = "The agency reported that 7 ships arrived at the port on Friday. "
    (inputs / "big.txt").write_text(sentence * (5_000_000 // len(sentence)), encoding="utf-8")
    (inputs / "huge.txt").write_bytes(b"A" * 6_000_001)
    code, out, err = run("batch", str(inputs), "--db", str(db_path), "--max-bytes", "6000000")
    assert code == 1  # huge.txt failed: some documents failed
    assert "skipped: " in err and "empty.txt: empty file" in err
    assert "image.txt: binary file" in err
    assert "latin1.txt: not valid UTF-8" in err
    assert "3 read, 2 skipped, 1 failed" in out
    assert "Traceback" not in err
    with sqlite3.connect(db_path) as conn:
        sources = {Path(s).name for (s,) in conn.execute("SELECT source FROM documents")}
        errors = json.loads(conn.execute("SELECT errors FROM runs").fetchone()[0])
    assert sources == {"latin1.txt", "bom_crlf.txt", "big.txt"}
    assert {Path(e["source"]).name for e in errors} == {"empty.txt", "image.txt", "huge.txt"}
    assert grounded_mismatches(db_path) == 0


def test_usage_errors_exit_2(db_path: Path, tmp_path: Path) -> None:
    assert run("batch", str(tmp_path / "missing"), "--db", str(db_path))[0] == 2
    assert run("batch", str(SEEDS), "--db", str(db_path), "--backend", "nope")[0] == 2
    assert run("batch", "--db", str(db_path))[0] == 2


def test_export_jsonl_csv_and_stats(db_path: Path) -> None:
    run("batch", str(SEEDS), "--db", str(db_path))
    code, out, _ = run("export", "--db", str(db_path))
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and lines
    assert all(row["document_source"].endswith(".txt") for row in lines)
    code, out, _ = run("export", "--db", str(db_path), "--format", "csv", "--status", "accepted")
    assert code == 0 and out.splitlines() == [out.splitlines()[0]]  # header only
    code, out, _ = run("stats", "--db", str(db_path), "--json")
    figures = json.loads(out)
    assert figures["documents"] == 5 and figures["claims"]["pending"] == len(lines)


def test_db_path_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "from-env.db"
    monkeypatch.setenv("SUMMARISE_DB", str(target))
    code, _, _ = run("batch", str(SEEDS / "002_195430f04631b808.txt"))
    assert code == 0 and target.exists()


@pytest.mark.slow
def test_python_dash_m_and_help_work(tmp_path: Path) -> None:
    for command in ([], ["batch"], ["stats"], ["export"]):
        done = subprocess.run(
            [sys.executable, "-m", "summarise", *command, "--help"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0 and "Usage:" in done.stdout


def test_an_unwritable_output_is_a_clear_error_and_leaves_no_file(
    db_path: Path, tmp_path: Path
) -> None:
    run("batch", str(SEEDS), "--db", str(db_path))
    missing = tmp_path / "no-such-dir" / "out"
    for command in (["export", "-o", f"{missing}.jsonl"], ["summary", "-o", f"{missing}.md"]):
        result = CliRunner().invoke(cli, [*command, "--db", str(db_path)])
        assert result.exit_code == 1, result.output
        assert "cannot write" in result.stderr and "No such file" in result.stderr
        assert not isinstance(result.exception, FileNotFoundError)
    assert not (tmp_path / "no-such-dir").exists()
    written = tmp_path / "claims.jsonl"
    assert run("export", "--db", str(db_path), "-o", str(written))[0] == 0
    assert written.read_text(encoding="utf-8").count("\n") > 0
    assert not (tmp_path / "claims.jsonl.partial").exists()
