"""The widget-free parts of the review TUI: the session, quote re-anchoring, edit warnings,
and the store queries they use."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarise.models import ExtractionKey, Figure, ReviewAction
from summarise.store import ClaimFilter, InvalidDecision, Store, UngroundedClaim
from summarise.tui.edit_checks import edit_warnings
from summarise.tui.session import Decision, ReviewSession, find_span
from tests.factories import claim_for, document, store_claims
from tests.factories import extraction as make_extraction

TEXT = "Officials said 40 people died.\nRebels seized the town on Monday. Officials said so."


def test_find_span_takes_the_occurrence_nearest_the_old_quote() -> None:
    text = "Officials said so. Later, more. Officials said so."
    assert find_span(text, "Officials said so", near=30) == (32, 49)
    assert find_span(text, "Officials said so", near=0) == (0, 17)
    # White space is flexible, so a quote across a line break can be typed on one line.
    assert find_span("one\ntwo  three", "one two three", near=0) == (0, 14)
    with pytest.raises(InvalidDecision, match="not in the document"):
        find_span(text, "nowhere", near=0)
    with pytest.raises(InvalidDecision, match="empty"):
        find_span(text, "  ", near=0)


def test_edit_warnings_name_the_dropped_attribution_and_figure() -> None:
    doc = document(TEXT)
    claim = claim_for(
        doc,
        "Officials said 40 people died.",
        attribution="Officials",
        figures=[Figure(value=40, raw="40", counts="people")],
    )
    assert edit_warnings(claim, "Officials said 40 people died on Monday.") == []
    assert edit_warnings(claim, "40 people died.") == ["the edit drops the attribution (Officials)"]
    assert edit_warnings(claim, "Officials said many died.") == ["the edit drops the figure 40"]
    # A figure the new quote does not contain is not the edit's to keep.
    assert edit_warnings(claim, "Officials said so.", quote="Officials said so.") == []


def test_session_pages_decides_and_undoes(db_path: Path) -> None:
    doc = document(TEXT)
    with Store.open(db_path) as store:
        first, second = store_claims(
            store, doc, "Officials said 40 people died.", "Rebels seized the town on Monday."
        )
    session = ReviewSession(str(db_path), "ann", page_size=1)
    try:
        assert session.count() == 2
        assert [session.claim_at(0).id, session.claim_at(1).id] == [first.id, second.id]
        assert session.claim_at(2) is None
        # The headline (the first line) names a document without a title.
        assert session.label(doc.id) == "Officials said 40 people died."
        session.decide(Decision(first.id, 0, ReviewAction.ACCEPT))
        session.refresh()
        assert session.progress(doc.id).reviewed == 1
        assert session.progress(doc.id).document_reviewed == 1
        assert session.next_pending_index(first.id) == 1
        session.set_filter(ClaimFilter(status="pending"))
        assert session.count() == 1
        assert session.undo() is not None
        assert session.undo() is None
        session.refresh()
        assert session.count() == 2
    finally:
        session.close()


def test_undoable_reviews_are_this_reviewers_still_in_force(store: Store) -> None:
    doc = document(TEXT)
    first, second = store_claims(
        store, doc, "Officials said 40 people died.", "Rebels seized the town on Monday."
    )
    mine = store.decide(first.id, ReviewAction.ACCEPT, reviewer="ann", expected_version=0)
    store.decide(second.id, ReviewAction.ACCEPT, reviewer="ann", expected_version=0)
    store.decide(second.id, ReviewAction.REJECT, reviewer="bob", expected_version=1)
    assert [(r.id, v) for r, v in store.undoable_reviews("ann")] == [(mine.id, 1)]
    store.undo(mine.id or 0, reviewer="ann", expected_version=1)
    assert store.undoable_reviews("ann") == []


def test_data_version_moves_when_another_connection_commits(store: Store, db_path: Path) -> None:
    before = store.data_version()
    with Store.open(db_path) as other:
        store_claims(other, document(TEXT), "Rebels seized the town on Monday.")
    assert store.data_version() != before
    assert store.document_labels([]) == {}
    assert list(store.document_labels().values()) == ["doc.txt"]


def test_save_extractions_loads_many_documents_in_one_transaction(store: Store) -> None:
    docs = [document(f"Report {n}. Officials said {n} people came.") for n in range(3)]
    items = [
        (d, make_extraction(d, f"Officials said {n} people came.")) for n, d in enumerate(docs)
    ]
    added = store.save_extractions(items, key=ExtractionKey("test", "hand", "t1"))
    assert added == 3 and store.count_claims() == 3
    bad = claim_for(docs[0], "Report 0.").model_copy(update={"quote_start": 1})
    broken = [items[0], (docs[1], make_extraction(docs[1]).model_copy(update={"claims": [bad]}))]
    with pytest.raises(UngroundedClaim):
        store.save_extractions(broken, key=ExtractionKey("test", "hand", "t2"))
    assert store.count_claims() == 3
