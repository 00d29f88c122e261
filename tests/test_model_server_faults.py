"""Model servers that hang, drip, die, or answer with something that is not a completion,
served for real on 127.0.0.1: deadlines end them, the circuit breaker stops the batch once,
a rerun resumes, and every request that left the process is in the call log."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from summarise.backends.base import BackendOptions
from summarise.backends.openai.backend import OpenAIBackend
from summarise.cli import cli
from summarise.pipeline.runner import RunReport, run_batch
from summarise.store import Store
from tests.crashes import batch_command, start
from tests.misbehaving_server import MisbehavingServer
from tests.polling import wait_until


def sent_calls(db: Path) -> int:
    """How many calls the log holds as sent (-1 while the writer holds the lock)."""
    try:
        with sqlite3.connect(db, timeout=0.1) as conn:
            return conn.execute("SELECT count(*) FROM calls WHERE status = 'sent'").fetchone()[0]
    except sqlite3.OperationalError:
        return -1


def write_documents(folder: Path, count: int) -> Path:
    folder.mkdir(exist_ok=True)
    for n in range(count):
        (folder / f"doc{n:02d}.txt").write_text(
            f"Report {n}: the council met in session {n} on Tuesday. "
            f"Officials said {n + 2} trucks crossed at dawn.\n",
            encoding="utf-8",
        )
    return folder


def model_batch(
    store: Store, folder: Path, base_url: str, concurrency: int = 8, **extra: Any
) -> RunReport:
    backend = OpenAIBackend(
        BackendOptions(
            base_url=base_url,
            model="m",
            mode=extra.pop("mode", "tools"),
            concurrency=concurrency,
            extra={"probe_delays": (0.05, 0.1), "backoff_base": 0.01, **extra},
        )
    )
    return run_batch(store, backend, [str(folder)])


def calls(store: Store) -> list[dict[str, Any]]:
    return list(store.db.query("SELECT status, error, response FROM calls ORDER BY id"))


@pytest.mark.slow
@pytest.mark.parametrize("concurrency", [1, 8, 32])
def test_a_hung_server_is_ended_by_the_timeout_and_the_breaker(
    tmp_path: Path, store: Store, concurrency: int
) -> None:
    folder = write_documents(tmp_path / "in", 40)
    with MisbehavingServer("hang") as server:
        started = time.monotonic()
        report = model_batch(store, folder, server.base_url, concurrency, timeout=1.0)
        took = time.monotonic() - started
    # One attempt per slot (at most the breaker's 5 in a row at concurrency 1), the probes,
    # and the batch is over: not 40 documents x 5 tries x the timeout.
    assert took < 10, took
    assert report.status == "aborted" and report.read == 0
    assert report.not_started == 40 and report.failed == 0
    assert report.stopped and "stopped answering" in report.stopped
    assert "timed out" in report.stopped and server.base_url in report.stopped
    assert server.models_requests == 2  # the breaker probed twice before giving up
    statuses = {row["status"] for row in calls(store)}
    assert statuses == {"timeout"}  # every request that left is logged, none left `sent`
    assert store.runs()[-1]["status"] == "aborted"


@pytest.mark.slow
def test_a_dripping_server_is_ended_by_the_deadline(tmp_path: Path, store: Store) -> None:
    folder = write_documents(tmp_path / "in", 12)
    # A byte every 0.2 s never lets the 1 s read timeout fire; the 1.5 s deadline does.
    with MisbehavingServer("drip", drip_every=0.2) as server:
        started = time.monotonic()
        report = model_batch(store, folder, server.base_url, timeout=1.0, deadline=1.5)
        took = time.monotonic() - started
    assert took < 10, took
    assert report.status == "aborted" and report.not_started == 12
    assert report.stopped and "no complete reply within 1.5 s (--deadline)" in report.stopped


@pytest.mark.parametrize("concurrency", [2, 8])
def test_a_server_that_dies_mid_batch_aborts_it_and_a_rerun_resumes(
    tmp_path: Path, store: Store, concurrency: int
) -> None:
    folder = write_documents(tmp_path / "in", 30)
    with MisbehavingServer("ok", die_after=10) as server:
        first = model_batch(store, folder, server.base_url, concurrency, timeout=1.0)
        assert first.status == "aborted" and 0 < first.read <= 10
        assert first.read + first.not_started + first.failed == 30
        assert first.stopped and "stopped answering" in first.stopped
        assert "ConnectError" in first.stopped or "Connection" in first.stopped
        server.revive()
        again = model_batch(store, folder, server.base_url, concurrency, timeout=1.0)
    assert again.status == "completed" and again.failed == 0
    assert again.read == 30 - first.read and again.unchanged == first.read
    extracted = store.db.execute(
        "SELECT count(*) FROM extractions WHERE status = 'extracted'"
    ).fetchone()[0]
    assert extracted == 30


@pytest.mark.parametrize(
    ("behaviour", "reason", "excerpt"),
    [
        ("html", "an HTML page, not a chat completion", "<!DOCTYPE html>"),
        ("empty_choices", "has no choices", '"choices": []'),
    ],
)
def test_a_200_that_is_not_a_completion_fails_clearly_and_is_logged(
    tmp_path: Path, store: Store, behaviour: str, reason: str, excerpt: str
) -> None:
    folder = write_documents(tmp_path / "in", 3)
    with MisbehavingServer(behaviour) as server:
        report = model_batch(store, folder, server.base_url, transport_retries=0)
    assert report.failed == 3 and report.status == "completed"
    assert all(reason in error["message"] for error in report.errors)
    assert not any("object has no attribute" in e["message"] for e in report.errors)
    rows = calls(store)
    assert len(rows) == 3 and {r["status"] for r in rows} == {"bad_reply"}
    assert all(excerpt in r["response"] and reason in r["error"] for r in rows)


@pytest.mark.slow  # a child process, started and killed
def test_calls_in_flight_when_the_process_is_killed_are_marked_lost(tmp_path: Path) -> None:
    folder = write_documents(tmp_path / "in", 6)
    db = tmp_path / "review.db"
    with MisbehavingServer("hang") as server:
        child = start(
            batch_command(
                db,
                str(folder),
                "--backend",
                "openai",
                "--base-url",
                server.base_url,
                "--model",
                "m",
                "--mode",
                "tools",
                "--concurrency",
                "4",
                "--timeout",
                "60",
            )
        )
        try:
            deadline = time.monotonic() + 30
            while server.requests < 4 and time.monotonic() < deadline:
                time.sleep(0.05)
            # The rows are written before the requests leave.
            wait_until(lambda: sent_calls(db) == 4, "4 calls logged as sent")
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
    assert server.requests == 4
    with sqlite3.connect(db) as conn:
        before = conn.execute("SELECT status, count(*) FROM calls GROUP BY status").fetchall()
    assert before == [("sent", 4)]  # the server had them; so does the log
    result = CliRunner().invoke(cli, ["batch", str(folder), "--db", str(db), "--backend", "regex"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        after = conn.execute("SELECT status, count(*) FROM calls GROUP BY status").fetchall()
    assert after == [("lost", 4)]
    stats = CliRunner().invoke(cli, ["stats", "--db", str(db), "--json"])
    figures = json.loads(stats.stdout)
    assert figures["calls"]["lost"] == 4
    text = CliRunner().invoke(cli, ["stats", "--db", str(db)]).stdout
    assert "4 call(s) lost" in text


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:99999/v1", "htp://127.0.0.1:8080/v1", "http:///v1", "127.0.0.1:8080"],
)
def test_an_unusable_base_url_is_a_usage_error_before_any_run(tmp_path: Path, url: str) -> None:
    folder = write_documents(tmp_path / "in", 2)
    db = tmp_path / "review.db"
    result = CliRunner().invoke(
        cli,
        [
            "batch",
            str(folder),
            "--db",
            str(db),
            "--backend",
            "openai",
            "--base-url",
            url,
            "--model",
            "m",
        ],
    )
    assert result.exit_code == 2, result.output
    assert "--base-url" in result.stderr and "Traceback" not in result.output
    assert not db.exists()  # no run row, no database


@pytest.mark.slow
def test_the_cli_ends_a_hung_server_batch_in_one_message(tmp_path: Path) -> None:
    """The issue's figure, at the defaults but --timeout: < 30 s, exit 1, one line said."""
    folder = write_documents(tmp_path / "in", 50)
    db = tmp_path / "review.db"
    with MisbehavingServer("hang") as server:
        started = time.monotonic()
        result = CliRunner().invoke(
            cli,
            [
                "batch",
                str(folder),
                "--db",
                str(db),
                "--backend",
                "openai",
                "--base-url",
                server.base_url,
                "--model",
                "m",
                "--timeout",
                "1",
                "-q",
            ],
        )
        took = time.monotonic() - started
    assert took < 30, took
    assert result.exit_code == 1
    assert result.stderr.strip() == ""  # nothing per document
    assert len(result.stdout.strip().splitlines()) == 1
    assert "stopped answering" in result.stdout and "50 document(s) not started" in result.stdout
    assert "run the same command again to resume" in result.stdout


@pytest.mark.slow  # a child process, started and killed
def test_ctrl_c_prints_the_closing_line_with_interrupted_and_how_to_resume(
    tmp_path: Path,
) -> None:
    import subprocess

    folder = write_documents(tmp_path / "in", 6)
    db = tmp_path / "review.db"
    with MisbehavingServer("hang") as server:
        child = start(
            batch_command(
                db,
                str(folder),
                "--backend",
                "openai",
                "--base-url",
                server.base_url,
                "--model",
                "m",
                "--mode",
                "tools",
                "--timeout",
                "60",
            ),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while server.requests < 6 and time.monotonic() < deadline:
            time.sleep(0.05)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
    assert child.returncode == 130, (out, err)
    assert "Aborted!" not in out + err and "Traceback" not in err
    assert "Run interrupted; run the same command again to resume." in out
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT status FROM runs").fetchall() == [("interrupted",)]
        statuses = conn.execute("SELECT DISTINCT status FROM calls").fetchall()
    assert statuses == [("cancelled",)]  # the requests in flight, closed as such
