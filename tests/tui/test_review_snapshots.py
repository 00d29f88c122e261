"""The main screen as a reviewer first sees it, at 80x24 and 120x40 (fixed data, no clock).

Update after a deliberate change with `pytest tests/tui --snapshot-update`, and look at the
new SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from summarise.store import Store
from summarise.tui.app import create_app
from tests.tui.helpers import press, review_screen, seed_database, settle


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_main_screen(snap_compare, db_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    seed_database(db_path)
    # The batch analysed the seeds; a start-up analysis racing the decisions below could
    # recompute and add a note to the picture.
    app = create_app(str(db_path), "ann", analyse=False)

    # Two decisions so the snapshot shows every status and the progress line moving; each
    # saved before the picture is taken (saves run in the background).
    async def decide(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await settle(pilot)
        await press(pilot, "a", "r", "1", "j")

    assert snap_compare(app, run_before=decide, terminal_size=size)


def test_conflict_dialog(snap_compare, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The hostages conflict opened from one of its claims, marker visible behind the dialog."""
    seed_database(db_path)
    with Store.open(db_path) as store:
        (claim,) = [c for c in store.claims() if "110 hostages" in c.quote]
    app = create_app(str(db_path), "ann")

    async def open_conflict(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await settle(pilot)
        screen = review_screen(pilot)
        screen.claim_list.cursor = screen.session.index_of(claim.id) or 0
        await settle(pilot)
        await pilot.press("c")

    assert snap_compare(app, run_before=open_conflict, terminal_size=(80, 24))
