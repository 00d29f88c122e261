"""Undo and conflict settlement never disagree: a hypothesis state machine drives the review
session (the TUI's widget-free half) through random decisions, settlements, point decisions
(a point's claims accepted or rejected at once, as the story view does), structure fixes
(merge, split, move, headline) and undos, and after every step checks that the conflicts
table, the point decisions and the claims tell the same story."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from summarise.analysis import point_decisions, point_merging
from summarise.models import ClaimStatus, RejectReason, Resolution, ReviewAction
from summarise.store import InvalidDecision, StaleDecision, Store
from summarise.tui.session import Decision, ReviewSession
from tests.tui.helpers import seed_database

_TEMPLATE: list[Path] = []


def template() -> Path:
    """The seeds, extracted and analysed once per test process, copied for each example."""
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="undo-machine-"))
        _TEMPLATE.append(seed_database(folder / "template.db"))
    return _TEMPLATE[0]


class UndoAndSettle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="undo-example-"))
        path = self.folder / "review.db"
        shutil.copy(template(), path)
        self.session = ReviewSession(str(path), "ann")
        self.store = Store.open(path)
        conflicts = self.store.conflicts.list()
        assert conflicts, "the seeds have conflicts"
        self.conflict_ids = [c.id for c in conflicts]
        self.claim_ids = sorted({m.claim_id for c in conflicts for m in c.members})
        wanted = set(self.claim_ids)
        self.links = [k for k in self.store.stories.links() if {k.first, k.second} <= wanted]
        self.point_groups: set[int] = set()

    def points(self) -> list[list[str]]:
        """The claims' points as a summary would build them: merged, then the reviewers'
        structure decisions in force applied."""
        merged = point_merging.merge(self.claim_ids, self.links)
        return point_decisions.apply(merged, self.store.point_decisions.in_force(self.claim_ids))

    def teardown(self) -> None:
        self.session.close()
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    @rule(index=st.integers(0, 50), accept=st.booleans())
    def decide(self, index: int, accept: bool) -> None:
        claim = self.store.get_claim(self.claim_ids[index % len(self.claim_ids)])
        assert claim is not None
        action = ReviewAction.ACCEPT if accept else ReviewAction.REJECT
        # Already in that status: refused (InvalidDecision), nothing written.
        with contextlib.suppress(InvalidDecision):
            self.session.decide(Decision(claim.id, claim.version, action))

    @rule(
        index=st.integers(0, 10),
        action=st.sampled_from(list(Resolution)),
        pick=st.integers(0, 20),
        correct=st.booleans(),
    )
    def settle(self, index: int, action: Resolution, pick: int, correct: bool) -> None:
        conflict = self.store.conflicts.get(self.conflict_ids[index % len(self.conflict_ids)])
        assert conflict is not None
        if conflict.status != "open":
            return
        claim_id = None
        others: list[str] = []
        if action is Resolution.PICK:
            picked = conflict.members[pick % len(conflict.members)]
            claim_id = picked.claim_id
            if correct:
                others = [m.claim_id for m in conflict.members if m.value_key != picked.value_key]
        self.session.resolve(conflict, action, claim_id, others)

    @rule(
        index=st.integers(0, 50), accept=st.booleans(), reason=st.sampled_from(list(RejectReason))
    )
    def decide_point(self, index: int, accept: bool, reason: RejectReason) -> None:
        points = self.points()
        members = points[index % len(points)]
        shown = [(c.id, c.version) for m in members if (c := self.store.get_claim(m))]
        action = ReviewAction.ACCEPT if accept else ReviewAction.REJECT
        before = {claim_id: self.store.get_claim(claim_id).status for claim_id in members}  # type: ignore[union-attr]
        try:
            self.session.decide_point(shown, action, f"point {members[0]}", reason)
        except InvalidDecision:
            # Nothing pending in the point: nothing written.
            assert ClaimStatus.PENDING not in before.values()
            return
        self.point_groups.add(self.session.undo_stack[-1].group_id or 0)
        after = ClaimStatus.ACCEPTED if accept else ClaimStatus.REJECTED
        for claim_id, status in before.items():
            now = self.store.get_claim(claim_id).status  # type: ignore[union-attr]
            # Every pending member decided; the others left as they were.
            assert now is (after if status is ClaimStatus.PENDING else status)

    @rule(
        kind=st.sampled_from(["merge", "split", "move", "headline"]),
        first=st.integers(0, 50),
        second=st.integers(0, 50),
    )
    def fix_structure(self, kind: str, first: int, second: int) -> None:
        claim = self.claim_ids[first % len(self.claim_ids)]
        target = self.claim_ids[second % len(self.claim_ids)]
        if kind in ("split", "headline"):
            target = None  # type: ignore[assignment]
        elif target == claim:
            return
        self.session.fix_structure(kind, claim, target, f"{kind} {claim}")
        points = self.points()
        where = next(p for p in points if claim in p)
        if kind == "split":
            assert where == [claim]
        elif kind in ("merge", "move"):
            assert target in where

    @rule()
    def undo(self) -> None:
        try:
            self.session.undo()
        except StaleDecision:
            # A later decision of the same reviewer on one of its claims: the screen drops it.
            unit = self.session.undo_stack[-1]
            self.session.undo_stack.pop()
            assert unit is not None

    @invariant()
    def conflicts_and_claims_agree(self) -> None:
        db = self.store.db
        for conflict in self.store.conflicts.list():
            live = [r for r in self.store.conflicts.resolutions(conflict.id) if not r.undone_at]
            # Open exactly when no settlement is in force; at most one is.
            assert (conflict.status == "open") == (not live), conflict
            assert len(live) <= 1
            for resolution in self.store.conflicts.resolutions(conflict.id):
                undone = {
                    row[0]
                    for row in db.execute(
                        "SELECT undoes FROM reviews WHERE undoes IS NOT NULL"
                    ).fetchall()
                }
                made = set(resolution.reviews)
                # A settlement is undone whole or not at all.
                if resolution.undone_at:
                    assert made <= undone
                else:
                    assert not made & undone
        corrections = db.execute(
            "SELECT count(*) FROM figure_corrections f JOIN conflict_resolutions r "
            "ON r.id = f.resolution_id WHERE f.undone_at IS NULL AND r.undone_at IS NOT NULL"
        ).fetchone()[0]
        assert corrections == 0

    @invariant()
    def point_decisions_and_claims_agree(self) -> None:
        db = self.store.db
        # A structure decision is in force exactly while its decision group is not undone.
        rows = db.execute(
            "SELECT d.undone_at IS NULL, g.undone_at IS NULL FROM point_decisions d "
            "JOIN decision_groups g ON g.id = d.group_id"
        ).fetchall()
        assert all(mine == group for mine, group in rows)
        # A point decision is undone whole or not at all, like a settlement.
        for group in self.point_groups:
            made = [
                r[0]
                for r in db.execute(
                    "SELECT id FROM reviews WHERE group_id = ? AND action != 'undo'", [group]
                )
            ]
            undone = {
                r[0]
                for r in db.execute(
                    "SELECT undoes FROM reviews WHERE group_id = ? AND action = 'undo'", [group]
                )
            }
            group_undone = db.execute(
                "SELECT undone_at IS NOT NULL FROM decision_groups WHERE id = ?", [group]
            ).fetchone()[0]
            assert undone == (set(made) if group_undone else set())
        # The points are a partition of the claims, whatever the decisions say.
        points = self.points()
        members = [c for p in points for c in p]
        assert sorted(members) == self.claim_ids

    @invariant()
    def every_claim_is_what_its_last_review_says(self) -> None:
        for claim_id in self.claim_ids:
            claim = self.store.get_claim(claim_id)
            reviews = self.store.reviews(claim_id)
            assert claim is not None
            expected = reviews[-1].status_after if reviews else ClaimStatus.PENDING
            assert claim.status is expected
            assert claim.version == len(reviews)
            assert all(
                r.status_before is not r.status_after
                or r.text_before != r.text_after
                or r.action is ReviewAction.UNDO
                for r in reviews
            )


UndoAndSettle.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_undo_and_settlement_agree = pytest.mark.filterwarnings("ignore")(UndoAndSettle.TestCase)
