"""Reviewers' point decisions: merges, splits, moves and the headline pick, keyed by claim id,
applied after point merging in every summary, undoable, and kept when stories are rebuilt
and new documents join the story."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from summarise.analysis import point_decisions
from summarise.analysis import refresh as analysis
from summarise.backends.regex.backend import RegexBackend
from summarise.cli import cli
from summarise.models import ClaimStatus, ReviewAction, StructureDecision
from summarise.output.summary.load import summarise_store
from summarise.output.summary.model import StorySummary
from summarise.pipeline.runner import run_batch
from summarise.store import InvalidDecision, StaleDecision, Store
from summarise.store.migrations import applied
from tests.old_databases import database_before
from tests.tui.helpers import seed_database


def _decision(number: int, kind: str, claim: str, target: str | None = None) -> StructureDecision:
    return StructureDecision(number, kind, claim, target, "ann", "2026-01-01", number)


def test_decisions_apply_in_order_on_the_merged_groups() -> None:
    groups = [["a", "b", "c"], ["d"], ["e", "f"]]
    decisions = [
        _decision(1, "merge", "d", "e"),  # d's point joins e's
        _decision(2, "split", "b"),  # b on its own
        _decision(3, "move", "c", "f"),  # c to the point holding f
        _decision(4, "merge", "zz", "a"),  # names a claim not here: passed over
    ]
    assert point_decisions.apply(groups, decisions) == [["a"], ["b"], ["c", "d", "e", "f"]]
    # A later decision wins: b split off, then moved back next to a.
    later = [*decisions, _decision(5, "move", "b", "a")]
    assert point_decisions.apply(groups, later) == [["a", "b"], ["c", "d", "e", "f"]]


def test_headline_pick_is_the_latest_still_present() -> None:
    decisions = [_decision(1, "headline", "a"), _decision(2, "headline", "gone")]
    assert point_decisions.headline_claim(decisions, ["a", "b"]) == "a"
    assert point_decisions.headline_claim(decisions, ["b"]) is None


def test_a_decision_needs_its_claims(store: Store) -> None:
    with pytest.raises(InvalidDecision):
        store.point_decisions.record("merge", "a", reviewer="ann")
    with pytest.raises(InvalidDecision):
        store.point_decisions.record("split", "a", reviewer="ann", target_claim_id="b")
    with pytest.raises(InvalidDecision):
        store.point_decisions.record("merge", "a", reviewer="ann", target_claim_id="a")
    with pytest.raises(InvalidDecision):
        store.point_decisions.record("rename", "a", reviewer="ann")


def _story_of(store: Store, claim_id: str) -> int:
    claim = store.get_claim(claim_id)
    assert claim is not None
    story_id = store.stories.story_of(claim.document_id)
    assert story_id is not None
    return story_id


def _summary(store: Store, claim_id: str) -> StorySummary:
    return summarise_store(store, _story_of(store, claim_id)).stories[0]


def _point_of(summary: StorySummary, claim_id: str) -> list[str]:
    return next(p.claim_ids for p in summary.points() if claim_id in p.claim_ids)


def _rebuild(db: Path) -> None:
    """`summarise stories --rebuild` where the command has it, else a forced re-analysis."""
    stories = cli.get_command(click.Context(cli), "stories")
    assert stories is not None
    if any(getattr(p, "name", "") == "rebuild" for p in stories.params):
        result = CliRunner().invoke(cli, ["stories", "--db", str(db), "--rebuild"])
        assert result.exit_code == 0, result.output
    else:
        with Store.open(db) as store:
            analysis.refresh(store, force=True)


def test_merge_split_and_headline_survive_rebuild_and_new_documents(
    db_path: Path, tmp_path: Path
) -> None:
    seed_database(db_path)
    with Store.open(db_path) as store:
        store.db.execute("UPDATE claims SET status = 'accepted'")
        store.db.conn.commit()
        before = summarise_store(store, 1).stories[0]
        points = before.points()
        several = next(p for p in points if len(p.claim_ids) >= 2)
        singles = [p for p in points if len(p.claim_ids) == 1]
        first, second = singles[0].id, singles[1].id
        split_off = several.claim_ids[-1]
        headline = singles[-1].id
        assert before.headline_claim_id != headline
        record = store.point_decisions.record
        record("merge", first, reviewer="ann", target_claim_id=second)
        record("split", split_off, reviewer="ann")
        record("headline", headline, reviewer="bob")

    def check(store: Store) -> StorySummary:
        summary = _summary(store, first)
        assert {first, second} <= set(_point_of(summary, first))
        assert _point_of(summary, split_off) == [split_off]
        assert set(_point_of(summary, several.claim_ids[0])) == set(several.claim_ids) - {split_off}
        assert summary.headline_claim_id is not None
        assert headline in _point_of(summary, summary.headline_claim_id)
        return summary

    with Store.open(db_path) as store:
        check(store)
    _rebuild(db_path)
    with Store.open(db_path) as store:
        check(store)
        # New reports of the same events: a reprint of one of the story's documents with a
        # paragraph of our own on top, read in by a batch and grouped into the story.
        story = _story_of(store, first)
        document = store.get_document(store.stories.documents_of(story)[0])
        assert document is not None
        folder = tmp_path / "more"
        folder.mkdir()
        opening = "Mediators said on Thursday that talks would resume within days.\n\n"
        (folder / "reprint.txt").write_text(opening + document.text, encoding="utf-8")
        run_batch(store, RegexBackend(), [str(folder)])
        analysis.refresh(store)
        assert len(list(store.documents())) == 6  # the five seeds and the reprint
        store.db.execute("UPDATE claims SET status = 'accepted'")
        store.db.conn.commit()
        summary = check(store)
        assert summary.counts.documents == len(before.documents) + 1
    _rebuild(db_path)
    with Store.open(db_path) as store:
        check(store)


def test_undo_takes_a_structure_decision_back(db_path: Path) -> None:
    seed_database(db_path)
    with Store.open(db_path) as store:
        store.db.execute("UPDATE claims SET status = 'accepted'")
        store.db.conn.commit()
        points = summarise_store(store, 1).stories[0].points()
        first, second = points[0].id, points[1].id
        group = store.point_decisions.record("merge", first, reviewer="ann", target_claim_id=second)
        assert any(u.group_id == group for u in store.review_log.undoable_units("ann", 10))
        assert second in _point_of(_summary(store, first), first)
        store.review_log.undo_group(group, reviewer="ann")
        assert second not in _point_of(_summary(store, first), first)
        assert store.point_decisions.in_force([first, second]) == []
        # Gone from the undo stack a new session would start with.
        assert all(u.group_id != group for u in store.review_log.undoable_units("ann", 10))


def test_a_point_decision_is_one_group_refused_whole_when_a_claim_changed(
    db_path: Path,
) -> None:
    seed_database(db_path)
    with Store.open(db_path) as store:
        claims = [c for c in store.claims() if c.status is ClaimStatus.PENDING][:3]
        shown = [(c.id, c.version) for c in claims]
        store.decide(claims[1].id, ReviewAction.REJECT, reviewer="bob", expected_version=0)
        with pytest.raises(StaleDecision):
            store.point_decisions.decide_claims(
                shown, ReviewAction.ACCEPT, reviewer="ann", label="accept P1"
            )
        assert store.get_claim(claims[0].id).status is ClaimStatus.PENDING  # type: ignore[union-attr]
        # Shown again (the view redraws): the rejected one is passed over, not decided again.
        fresh = [(c.id, store.get_claim(c.id).version) for c in claims]  # type: ignore[union-attr]
        group, reviews = store.point_decisions.decide_claims(
            fresh, ReviewAction.REJECT, reviewer="ann", label="reject P1", reason="duplicate"
        )
        assert [r.claim_id for r in reviews] == [claims[0].id, claims[2].id]
        assert all(r.reason == "duplicate" for r in reviews)
        store.review_log.undo_group(group, reviewer="ann")
        assert store.get_claim(claims[2].id).status is ClaimStatus.PENDING  # type: ignore[union-attr]


def test_012_upgrades_a_database_at_the_previous_version(db_path: Path) -> None:
    db = database_before(db_path, "012_point_decisions")
    db.execute(
        "INSERT INTO decision_groups (reviewer, kind, label, created_at) "
        "VALUES ('ann', 'bulk', 'accept 2 claims', 'then')"
    )
    db.conn.commit()
    db.close()
    with Store.open(db_path) as store:
        assert "012_point_decisions" in applied(store.db)
        assert store.point_decisions.in_force(["c1"]) == []
        group = store.point_decisions.record("split", "c1", reviewer="ann")
        assert group == 2  # the older group is kept, the new one follows it
        assert [d.kind for d in store.point_decisions.in_force(["c1"])] == ["split"]
