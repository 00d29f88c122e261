"""Bulk accept and settlement never accept a claim of another open conflict silently (issue
24, item 6). In the seeds one claim states both the hostages released and the date of the
attack, so it sits in two open conflicts."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarise.models import ClaimStatus
from summarise.store import Store
from summarise.tui.app import create_app
from summarise.tui.screens.confirm import ConfirmScreen
from summarise.tui.screens.conflict import ConflictScreen
from summarise.tui.screens.settle_others import SettleOthersScreen
from tests.tui.helpers import press, settle, start
from tests.tui.test_review_conflicts import go_to


def shared_claim(path: Path) -> tuple[str, dict[str, int]]:
    """The claim in two open conflicts, and each conflict's id by subject."""
    with Store.open(path) as store:
        conflicts = store.conflicts.list(status="open")
    seen: dict[str, int] = {}
    for conflict in conflicts:
        for member in conflict.members:
            seen[member.claim_id] = seen.get(member.claim_id, 0) + 1
    (shared,) = [claim_id for claim_id, count in seen.items() if count > 1]
    return shared, {c.subject: c.id for c in conflicts}


def status(path: Path, claim_id: str) -> ClaimStatus:
    with Store.open(path) as store:
        return store.get_claim(claim_id).status


async def test_bulk_accept_names_the_conflicts_and_leaves_their_claims_pending(
    seeded: Path,
) -> None:
    shared, _ = shared_claim(seeded)
    app = create_app(str(seeded), "ann")
    async with start(app, size=(120, 40)) as pilot:
        await settle(pilot)
        await go_to(pilot, shared)
        await press(pilot, "A")
        assert isinstance(app.screen, ConfirmScreen)
        asked = str(app.screen.question)
        assert "open conflict" in asked and "hostages released" in asked
        await press(pilot, "y")
    assert status(seeded, shared) is ClaimStatus.PENDING
    with Store.open(seeded) as store:
        assert len(store.conflicts.list(status="open")) == 2


@pytest.mark.slow
async def test_settling_one_conflict_asks_before_accepting_a_claim_of_another(
    seeded: Path,
) -> None:
    shared, ids = shared_claim(seeded)
    with Store.open(seeded) as store:
        dates = store.conflicts.get(ids["date of the Hamas attack"])
    value = next(m.value_key for m in dates.members if m.claim_id == shared)
    number = list(dates.values()).index(value) + 1
    app = create_app(str(seeded), "ann")
    async with start(app, size=(120, 40)) as pilot:
        await settle(pilot)
        await go_to(pilot, shared)
        await press(pilot, "C")
        await press(pilot, *["down"] * list(ids).index("date of the Hamas attack"), "enter")
        assert isinstance(app.screen, ConflictScreen)
        await press(pilot, str(number))
        if isinstance(app.screen, SettleOthersScreen):
            await press(pilot, "r")  # reject the claims stating the other value
        assert isinstance(app.screen, ConfirmScreen), app.screen
        assert "hostages released" in str(app.screen.question)
        await press(pilot, "n")
    assert status(seeded, shared) is ClaimStatus.PENDING
    with Store.open(seeded) as store:
        assert len(store.conflicts.list(status="open")) == 2
