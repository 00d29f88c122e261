"""`summarise jobs --watch` killed with SIGKILL at random moments, then run to the end: every
reply stored once, every document extracted once (a real HTTP stub of the files and batches
endpoints on 127.0.0.1; the collector runs in a child process, as users run it)."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.batch_api import summarise as run_cli
from bench.batch_stub import BatchStub
from bench.model_pipeline import generate_documents
from summarise.store import Store
from tests.crashes import integrity_problems, start

DOCUMENTS = 300


@pytest.mark.slow
def test_sigkill_while_collecting_then_a_rerun_stores_everything_once(tmp_path: Path) -> None:
    rng = random.Random(16)
    inputs = tmp_path / "in"
    generate_documents(inputs, DOCUMENTS)
    db = tmp_path / "review.db"
    with BatchStub(rate_malformed=0.05, rate_invented=0.05, rate_error=0.02) as stub:
        model = ["--backend", "openai", "--base-url", stub.base_url, "--model", "stub-model"]
        code, _ = run_cli("batch", str(inputs), "--db", str(db), "--via", "batch-api", *model)
        assert code == 0
        watch = [
            sys.executable,
            "-m",
            "summarise",
            "jobs",
            "--db",
            str(db),
            "--watch",
            "--interval",
            "0",
        ]
        kills = 0
        for _ in range(6):
            if kills >= 2:
                break
            child = start(watch)
            # kill inside the collection: once it has started writing (its run exists)
            if _wait_for_run_of(db, child.pid, child):
                time.sleep(rng.uniform(0.0, 0.15))
                if child.poll() is None:
                    child.send_signal(signal.SIGKILL)
                    kills += 1
            child.wait(timeout=60)
        done = start(watch)
        assert done.wait(timeout=180) == 0
    assert kills >= 1
    with Store.open(db) as store:
        # a kill landed inside a collection: its run was left running, and the next
        # collection marked it interrupted (others may land while it polls a re-ask batch)
        assert sum(run["status"] == "interrupted" for run in store.runs()) >= 1
    assert integrity_problems(db) == []
    with Store.open(db) as store:
        one = lambda sql: store.db.execute(sql).fetchone()[0]  # noqa: E731
        assert one("SELECT count(*) FROM extractions") == DOCUMENTS
        assert (
            one("SELECT count(*) FROM extractions WHERE status = 'failed' AND error IS NULL") == 0
        )
        # one call-log row per reply: no (document, chunk, round) twice
        assert one("SELECT count(*) FROM calls") == one(
            "SELECT count(*) FROM (SELECT DISTINCT document_id, chunk_start, attempt FROM calls)"
        )
        answered = one(
            "SELECT count(*) FROM remote_requests WHERE status IN ('ok', 'reasked', 'failed')"
        )
        assert one("SELECT count(*) FROM calls") == answered
        assert one("SELECT sum(claims) FROM extractions") == one("SELECT count(*) FROM claims")
        assert one("SELECT count(*) FROM remote_requests WHERE status = 'pending'") == 0


def _wait_for_run_of(db: Path, pid: int, child: subprocess.Popen[str]) -> bool:
    """True once the child has a running run in the database; False if it ended first."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and child.poll() is None:
        with Store.open(db) as store:
            if any(r["pid"] == pid and r["status"] == "running" for r in store.runs()):
                return True
        time.sleep(0.02)
    return False
