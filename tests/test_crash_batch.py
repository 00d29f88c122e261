"""A batch killed with SIGKILL at random moments, again and again, loses and doubles nothing."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time
from datetime import datetime
from pathlib import Path

import pytest

from summarise.backends.regex.backend import RegexBackend
from summarise.pipeline.runner import SilentObserver, run_batch
from summarise.store import Store
from tests.articles import write_corpus
from tests.conftest import REPO
from tests.crashes import batch_command, child_env, integrity_problems, start

SEED = 6_2024
DOCUMENTS = 200
KILLS_WANTED = 20
MAX_ATTEMPTS = 80


def _batch_seconds(db: Path) -> float:
    """How long the (only) run in `db` spent between starting and finishing its batch."""
    with Store.open(db) as store:
        (run,) = store.runs()
    return (
        datetime.fromisoformat(run["ended_at"]) - datetime.fromisoformat(run["started_at"])
    ).total_seconds()


def _wait_for_run(store: Store, process: subprocess.Popen[str]) -> bool:
    """Wait until the child has recorded its run (it is inside the batch); False if it ended."""
    while process.poll() is None:
        if store.db.execute(
            "SELECT count(*) FROM runs WHERE pid = ? AND status = 'running'", [process.pid]
        ).fetchone()[0]:
            return True
        time.sleep(0.002)
    return False


@pytest.mark.slow
def test_sigkill_at_random_moments_then_a_rerun_extracts_every_document_once(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, DOCUMENTS)
    reference, db = tmp_path / "reference.db", tmp_path / "review.db"
    clean = subprocess.run(
        batch_command(reference, str(corpus)), cwd=REPO, env=child_env(), capture_output=True
    )
    assert clean.returncode == 0, clean.stderr
    # Kills are aimed at a random moment of the batch itself: after the child has recorded
    # its run, within as long as a whole uninterrupted batch took.
    batch_seconds = _batch_seconds(reference)
    rng = random.Random(SEED)
    killed_runs: list[int] = []
    completed = 0  # runs not killed, or killed only after finishing
    with Store.open(db) as watcher:
        for _ in range(MAX_ATTEMPTS):
            if len(killed_runs) >= KILLS_WANTED:
                break
            # Mostly --force (re-extracting everything, so every run has work to be killed
            # in), sometimes a plain resume of what is left.
            force = ("--force",) if rng.random() < 0.7 else ()
            process = start(
                batch_command(db, str(corpus), *force),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            delay = rng.uniform(0, batch_seconds)
            if _wait_for_run(watcher, process):
                time.sleep(delay)
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.communicate()
                (row,) = list(
                    watcher.db.query(
                        "SELECT id, status FROM runs "
                        "WHERE pid = ? AND id = (SELECT max(id) FROM runs)",
                        [process.pid],
                    )
                )
                if row["status"] == "running":
                    killed_runs.append(row["id"])
                else:
                    completed += 1  # killed on its way out, after recording the run complete
            else:
                _, err = process.communicate()
                assert process.returncode == 0, err
                completed += 1
    assert len(killed_runs) >= KILLS_WANTED, f"only {len(killed_runs)} kills landed in a batch"

    final = subprocess.run(
        batch_command(db, str(corpus)), cwd=REPO, env=child_env(), capture_output=True, text=True
    )
    assert final.returncode == 0, final.stderr

    assert integrity_problems(db) == []
    with Store.open(db) as store, Store.open(reference) as uninterrupted:
        assert store.db.execute("SELECT count(*) FROM documents").fetchone()[0] == DOCUMENTS
        # The search index holds every claim and nothing else, whatever the kills left
        # unindexed or --force deleted before it was indexed (m021): FTS5's own check
        # against the claims table raises "database disk image is malformed" otherwise.
        store.db.execute("INSERT INTO claims_fts (claims_fts, rank) VALUES ('integrity-check', 1)")
        extractions = list(store.db.query("SELECT document_id, status FROM extractions"))
        assert len(extractions) == DOCUMENTS
        assert {row["status"] for row in extractions} == {"extracted"}
        assert len({row["document_id"] for row in extractions}) == DOCUMENTS
        # Nothing lost: the same claims as one uninterrupted run, quote for quote.
        assert {(c.id, c.quote) for c in store.iter_claims()} == {
            (c.id, c.quote) for c in uninterrupted.iter_claims()
        }
        runs = {row["id"]: row for row in store.runs()}
    for run_id in killed_runs:
        assert runs[run_id]["status"] == "interrupted", runs[run_id]
        assert runs[run_id]["ended_at"] is not None
    statuses = [row["status"] for row in runs.values()]
    assert statuses.count("interrupted") == len(killed_runs)
    assert statuses.count("completed") == completed + 1
    assert "running" not in statuses


class _Explodes(SilentObserver):
    def file_done(self, source: str, outcome: str, message: str) -> None:
        raise OSError(28, "No space left on device")


def test_a_batch_stopped_by_an_error_is_recorded_interrupted_with_the_reason(
    tmp_path: Path,
) -> None:
    write_corpus(tmp_path / "in", 3)
    with Store.open(tmp_path / "review.db") as store:
        with pytest.raises(OSError, match="No space left"):
            run_batch(store, RegexBackend(), [str(tmp_path / "in")], observer=_Explodes())
        (run,) = store.runs()
    assert run["status"] == "interrupted" and run["ended_at"] is not None
    assert json.loads(run["errors"]) == [
        {
            "source": "",
            "outcome": "failed",
            "message": "batch stopped: [Errno 28] No space left on device",
        }
    ]
