from __future__ import annotations

from pathlib import Path

import pytest

from summarise.models import ClaimStatus, ExtractionKey, ReviewAction
from summarise.store import (
    ClaimFilter,
    InvalidDecision,
    StaleDecision,
    Store,
    StoreError,
    UngroundedClaim,
)
from summarise.store.migrations import MIGRATIONS, MIGRATIONS_TABLE, applied
from tests.factories import claim_for, document, extraction, store_claims

TEXT = "Rebels seized the town on Monday. Officials said 40 people died. Talks resumed."


def test_blank_database_gets_every_migration_recorded(store: Store) -> None:
    assert applied(store.db) == [m.name for m in MIGRATIONS]
    tables = set(store.db.table_names())
    assert {"documents", "claims", "reviews", "runs", "extractions", MIGRATIONS_TABLE} <= tables
    assert store.db.journal_mode == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_reopening_runs_no_migration_again(db_path: Path) -> None:
    Store.open(db_path).close()
    with Store.open(db_path) as again:
        rows = list(again.db[MIGRATIONS_TABLE].rows)
    assert len(rows) == len(MIGRATIONS)


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a SQLite database"):
        Store.open(path)


def test_ungrounded_claim_is_refused_by_the_store(store: Store) -> None:
    doc = document(TEXT)
    store.save_extraction(doc, extraction(doc), key=ExtractionKey("t", "m", "p"), run_id=None)
    good = claim_for(doc, "Talks resumed.")
    bad = good.model_copy(update={"quote_start": good.quote_start + 1})
    with pytest.raises(UngroundedClaim, match="do not match"):
        store.save_extraction(
            doc,
            extraction(doc).model_copy(update={"claims": [bad]}),
            key=ExtractionKey("t", "m", "p"),
            run_id=None,
        )
    assert store.count_claims() == 0


def test_saving_twice_adds_nothing_and_force_keeps_reviewed(store: Store) -> None:
    doc = document(TEXT)
    first, _second = store_claims(store, doc, "Rebels seized the town on Monday.", "Talks resumed.")
    again = store.save_extraction(
        doc,
        extraction(doc, "Talks resumed."),
        key=ExtractionKey("test", "hand", "t1"),
        run_id=None,
    )
    assert again == 0
    store.decide(first.id, ReviewAction.ACCEPT, reviewer="ann", expected_version=0)
    store.save_extraction(
        doc,
        extraction(doc),
        key=ExtractionKey("test", "hand", "t1"),
        run_id=None,
        replace=True,
    )
    assert [c.id for c in store.claims()] == [first.id]


def test_decisions_append_reviews_and_undo_restores(store: Store) -> None:
    doc = document(TEXT)
    claim = store_claims(store, doc, "Officials said 40 people died.")[0]
    edit = store.decide(
        claim.id,
        ReviewAction.EDIT,
        reviewer="ann",
        expected_version=0,
        text="Officials said 40 people died in the town.",
    )
    stored = store.get_claim(claim.id)
    assert stored is not None
    assert stored.status is ClaimStatus.ACCEPTED and stored.version == 1
    assert stored.original_text == "Officials said 40 people died."
    assert stored.quote == "Officials said 40 people died."
    store.undo(edit.id or 0, reviewer="ann", expected_version=1)
    restored = store.get_claim(claim.id)
    assert restored is not None
    assert restored.status is ClaimStatus.PENDING and restored.text == claim.text
    assert restored.original_text is None
    assert [r.action for r in store.reviews(claim.id)] == [ReviewAction.EDIT, ReviewAction.UNDO]


def test_stale_decision_is_refused_and_changes_nothing(store: Store) -> None:
    doc = document(TEXT)
    claim = store_claims(store, doc, "Talks resumed.")[0]
    store.decide(claim.id, ReviewAction.ACCEPT, reviewer="ann", expected_version=0)
    with pytest.raises(StaleDecision, match="changed since it was shown"):
        store.decide(claim.id, ReviewAction.REJECT, reviewer="bob", expected_version=0)
    current = store.get_claim(claim.id)
    assert current is not None and current.status is ClaimStatus.ACCEPTED
    assert len(store.reviews(claim.id)) == 1


def test_reanchor_moves_the_quote_to_the_new_span(store: Store) -> None:
    doc = document(TEXT)
    claim = store_claims(store, doc, "Talks resumed.")[0]
    start = TEXT.index("Rebels")
    end = start + len("Rebels seized the town on Monday.")
    review = store.decide(
        claim.id,
        ReviewAction.EDIT,
        reviewer="ann",
        expected_version=0,
        text="Rebels seized the town.",
        span=(start, end),
    )
    moved = store.get_claim(claim.id)
    assert moved is not None and moved.quote == TEXT[start:end]
    assert review.quote_before == (claim.quote_start, claim.quote_end)
    with pytest.raises(InvalidDecision, match="outside the document"):
        store.decide(
            claim.id,
            ReviewAction.EDIT,
            reviewer="ann",
            expected_version=1,
            text="x",
            span=(0, 10_000),
        )


def test_rejection_keeps_its_reason_and_filters_work(store: Store) -> None:
    doc = document(TEXT)
    one, two = store_claims(store, doc, "Talks resumed.", "Officials said 40 people died.")
    store.decide(
        one.id, ReviewAction.REJECT, reviewer="ann", expected_version=0, reason="duplicate"
    )
    assert store.reviews(one.id)[0].reason == "duplicate"
    assert [c.id for c in store.claims(ClaimFilter(status="pending"))] == [two.id]
    assert [c.id for c in store.claims(ClaimFilter(search="40 people"))] == [two.id]
    assert store.count_claims(ClaimFilter(search="100%")) == 0
    assert store.next_pending() is not None and store.next_pending().id == two.id  # type: ignore[union-attr]
    assert store.status_counts() == {"pending": 1, "accepted": 0, "rejected": 1}


def test_the_facade_builds_each_sub_store_once(store: Store) -> None:
    for name in (
        "stories",
        "reports",
        "syntheses",
        "remote_batches",
        "conflicts",
        "leases",
        "review_log",
    ):
        assert getattr(store, name) is getattr(store, name), name


def test_a_failure_then_a_success_leave_one_extraction_row(store: Store) -> None:
    # The live path's failure and success writes are the shared ones (store/extractions.py):
    # a later success replaces the failure row.
    doc = document("Officials said 12 trucks crossed the border on Tuesday.")
    key = ExtractionKey("regex", "rules", "v1")
    store.save_failure(doc, "timed out", key=key, run_id=None, prompt_tokens=7, calls=1)
    assert store.extraction_status(doc.id, key) == "failed"
    (row,) = store.db.query("SELECT error, prompt_tokens, calls FROM extractions")
    assert row == {"error": "timed out", "prompt_tokens": 7, "calls": 1}
    store.save_extraction(doc, extraction(doc), key=key, run_id=None)
    # A success with no claims at all is stored as such, for --retry-empty to find.
    assert store.extraction_status(doc.id, key) == "empty"
    assert store.db.execute("SELECT count(*) FROM extractions").fetchone()[0] == 1
