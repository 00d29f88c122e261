"""Two writers at once: a batch and a reviewer, two reviewers, and a lock held too long."""

from __future__ import annotations

import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarise.backends.regex.backend import RegexBackend
from summarise.cli import cli
from summarise.models import ClaimStatus, Review, ReviewAction
from summarise.pipeline.runner import SilentObserver, run_batch
from summarise.store import StaleDecision, Store, StoreBusy
from summarise.store import connection as store_connection
from tests.articles import write_corpus
from tests.crashes import batch_command, integrity_problems, start
from tests.factories import document, store_claims

ACTIONS = (ReviewAction.ACCEPT, ReviewAction.REJECT, ReviewAction.EDIT)


def _decide(store: Store, claim_id: str, version: int, turn: int) -> Review:
    action = ACTIONS[turn % 3]
    return store.decide(
        claim_id,
        action,
        reviewer=f"reviewer-{turn % 2}",
        expected_version=version,
        text="Edited claim text." if action is ReviewAction.EDIT else None,
        reason="duplicate" if action is ReviewAction.REJECT else None,
    )


@pytest.mark.slow
def test_a_batch_and_a_reviewer_write_at_once_and_nothing_is_lost(tmp_path: Path) -> None:
    db = tmp_path / "review.db"
    write_corpus(tmp_path / "first", 60, seed=1)
    write_corpus(tmp_path / "second", 200, seed=2)
    with Store.open(db) as store:
        run_batch(store, RegexBackend(), [str(tmp_path / "first")])
    batch = start(
        batch_command(db, str(tmp_path / "second")),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    made: list[Review] = []
    with Store.open(db) as reviewer:
        # Decide whatever is pending (claims of the first corpus, then the second's as the
        # batch stores them) for as long as the batch runs.
        while batch.poll() is None or not made:
            claim = reviewer.next_pending()
            if claim is None:
                time.sleep(0.001)
                continue
            made.append(_decide(reviewer, claim.id, claim.version, len(made)))
    _, err = batch.communicate()
    assert batch.returncode == 0, err
    assert "locked" not in err and "Traceback" not in err

    with Store.open(db) as store:
        stored = store.reviews()
        assert [(r.id, r.claim_id, r.action) for r in stored] == [
            (r.id, r.claim_id, r.action) for r in made
        ]
        for review in made:
            claim = store.get_claim(review.claim_id)
            assert claim is not None and claim.status is review.status_after
            assert claim.version == 1
        assert (
            store.db.execute(
                "SELECT count(*) FROM extractions WHERE status = 'extracted'"
            ).fetchone()[0]
            == 260
        )
        run = store.runs()[-1]
    # The two really overlapped: many decisions were committed while the batch was writing.
    stamps = [r.decided_at.isoformat(timespec="microseconds") for r in made]
    overlapping = [t for t in stamps if run["started_at"] <= t <= run["ended_at"]]
    assert len(overlapping) > 10, (len(overlapping), len(stamps))
    assert integrity_problems(db) == []


def test_two_reviewers_on_one_claim_one_wins_the_other_is_told(db_path: Path) -> None:
    with Store.open(db_path) as store:
        doc = document("Talks resumed in Cairo on Monday. Rebels seized the town.")
        claims = store_claims(store, doc, "Talks resumed in Cairo on Monday.")
        claims += store_claims(store, doc, "Rebels seized the town.")
        # Many contested claims, so the two threads really race on each.
        for n in range(30):
            extra = document(f"Officials said {n + 2} trucks arrived at the port.")
            claims += store_claims(store, extra, extra.text)
    outcomes: dict[str, list[object]] = {c.id: [] for c in claims}
    barrier = threading.Barrier(2)

    def reviewer(action: ReviewAction) -> None:
        with Store.open(db_path) as own:
            for claim in claims:
                barrier.wait()
                try:
                    outcomes[claim.id].append(
                        own.decide(claim.id, action, reviewer=action.value, expected_version=0)
                    )
                except StaleDecision as stale:
                    outcomes[claim.id].append(stale)

    threads = [
        threading.Thread(target=reviewer, args=(action,))
        for action in (ReviewAction.ACCEPT, ReviewAction.REJECT)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with Store.open(db_path) as store:
        for claim in claims:
            won = [o for o in outcomes[claim.id] if isinstance(o, Review)]
            told = [o for o in outcomes[claim.id] if isinstance(o, StaleDecision)]
            assert len(won) == 1 and len(told) == 1, outcomes[claim.id]
            assert str(told[0]) == (
                f"claim {claim.id} changed since it was shown (is at version 1, not 0); "
                "refresh and decide again"
            )
            stored = store.get_claim(claim.id)
            assert stored is not None and stored.status is won[0].status_after
            assert [r.id for r in store.reviews(claim.id)] == [won[0].id]


def test_a_lock_held_past_the_timeout_is_storebusy_and_nothing_is_half_written(
    db_path: Path,
) -> None:
    with Store.open(db_path) as store:
        doc = document("Rebels seized the town on Monday. Talks resumed.")
        claim = store_claims(store, doc, "Talks resumed.")[0]
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store.open(db_path, busy_timeout=0.2) as store:
            with pytest.raises(StoreBusy) as busy:
                store.decide(claim.id, ReviewAction.ACCEPT, reviewer="ann", expected_version=0)
            assert str(busy.value) == (
                f"{db_path}: the database is locked by another process (a batch or another "
                "reviewer) for over 0.2s; nothing was written, try again"
            )
            other = document("The council voted on Tuesday.", source="other.txt")
            with pytest.raises(StoreBusy):
                store_claims(store, other, "The council voted on Tuesday.")
    finally:
        holder.rollback()
        holder.close()
    with Store.open(db_path) as store:
        current = store.get_claim(claim.id)
        assert current is not None and current.status is ClaimStatus.PENDING
        assert current.version == 0 and store.reviews() == []
        assert not store.has_document(other.id)


class _LockAfter(SilentObserver):
    """Takes the write lock from another connection once `count` documents are stored."""

    def __init__(self, db: Path, count: int) -> None:
        self.db, self.count, self.holder = db, count, sqlite3.connect(db, isolation_level=None)

    def file_done(self, source: str, outcome: str, message: str) -> None:
        self.count -= 1
        if self.count == 0:
            self.holder.execute("BEGIN IMMEDIATE")


def test_a_batch_stopped_by_a_held_lock_keeps_what_it_stored_and_a_rerun_finishes(
    tmp_path: Path,
) -> None:
    db = tmp_path / "review.db"
    write_corpus(tmp_path / "in", 10, seed=4)
    lock = _LockAfter(db, 3)
    with Store.open(db, busy_timeout=0.2) as store, pytest.raises(StoreBusy):
        run_batch(store, RegexBackend(), [str(tmp_path / "in")], observer=lock)
    lock.holder.rollback()
    lock.holder.close()
    with Store.open(db) as store:
        assert store.db.execute("SELECT count(*) FROM extractions").fetchone()[0] == 3
        assert store.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
        report = run_batch(store, RegexBackend(), [str(tmp_path / "in")])
        assert (report.read, report.unchanged) == (7, 3)
        assert [run["status"] for run in store.runs()] == ["interrupted", "completed"]
    assert integrity_problems(db) == []


def test_the_cli_reports_a_locked_database_in_one_line(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_corpus(tmp_path / "in", 2)
    Store.open(db_path).close()
    monkeypatch.setattr(store_connection, "BUSY_TIMEOUT_SECONDS", 0.2)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = CliRunner().invoke(cli, ["batch", str(tmp_path / "in"), "--db", str(db_path)])
    finally:
        holder.rollback()
        holder.close()
    assert result.exit_code == 1
    assert "locked by another process" in result.stderr and "over 0.2s" in result.stderr
    assert "running the same command again carries on" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
