"""Conflicts and stories in the review TUI, driven at the keyboard on the seeds database
(regex backend, analysed); every test checks what the database holds afterwards."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.pilot import Pilot

from summarise.analysis import refresh as analysis
from summarise.models import ClaimStatus, ConflictRecord, ReviewAction
from summarise.output.summary.load import load_stories
from summarise.store import ClaimFilter, Store
from summarise.tui.app import create_app
from summarise.tui.screens.confirm import ConfirmScreen
from summarise.tui.screens.conflict import ConflictScreen
from summarise.tui.screens.conflict_list import ConflictListScreen
from summarise.tui.screens.settle_others import SettleOthersScreen
from summarise.tui.screens.story import StoryScreen
from summarise.tui.widgets.claim_detail import ClaimDetail
from summarise.tui.widgets.status_bar import StatusBar
from tests.tui.helpers import notices, press, review_screen, settle, start

HOSTAGES = "hostages released"


def hostages(path: Path) -> ConflictRecord:
    with Store.open(path) as store:
        (conflict,) = [c for c in store.conflicts.list(status="open") if c.subject == HOSTAGES]
    return conflict


def member_with(conflict: ConflictRecord, value_key: str) -> str:
    return next(m.claim_id for m in conflict.members if m.value_key == value_key)


async def go_to(pilot: Pilot, claim_id: str) -> None:  # type: ignore[type-arg]
    screen = review_screen(pilot)
    index = screen.session.index_of(claim_id)
    assert index is not None
    screen.claim_list.cursor = index
    for _ in range(100):  # the move is shown once its message is handled
        await pilot.pause()
        await settle(pilot)
        if screen.claim is not None and screen.claim.id == claim_id:
            break
    assert screen.claim is not None and screen.claim.id == claim_id


def detail_text(pilot: Pilot) -> str:  # type: ignore[type-arg]
    return str(review_screen(pilot).query_one(ClaimDetail).render())


async def test_pick_a_value_accepts_it_and_rejects_the_others(seeded: Path) -> None:
    conflict = hostages(seeded)
    assert set(conflict.values()) == {"110", "105", "100", "80"}
    right = member_with(conflict, "110")
    app = create_app(str(seeded), "ann")
    async with start(app, size=(80, 24)) as pilot:
        await settle(pilot)
        await go_to(pilot, right)
        assert f"⚠ conflict: {HOSTAGES} — 110 / 105 / 100 / 80" in detail_text(pilot)
        await press(pilot, "c")
        assert isinstance(app.screen, ConflictScreen)
        await press(pilot, "1")  # the largest value is listed first
        # The other claims state other figures too: rejecting them is asked, not assumed.
        assert isinstance(app.screen, SettleOthersScreen)
        await press(pilot, "r")
        assert "⚠ conflict" not in detail_text(pilot)
    with Store.open(seeded) as store:
        settled = store.conflicts.get(conflict.id)
        assert settled is not None and settled.status == "resolved"
        (resolution,) = store.conflicts.resolutions(conflict.id)
        assert (resolution.action, resolution.claim_id, resolution.reviewer) == (
            "pick",
            right,
            "ann",
        )
        assert store.get_claim(right).status is ClaimStatus.ACCEPTED
        others = [m.claim_id for m in conflict.members if m.value_key != "110"]
        assert len(others) == 3
        for claim_id in others:
            assert store.get_claim(claim_id).status is ClaimStatus.REJECTED
            (review,) = store.reviews(claim_id)
            assert (review.action, review.reviewer) == (ReviewAction.REJECT, "ann")
            assert review.id in resolution.reviews


async def test_keep_both_accepts_every_claim(seeded: Path) -> None:
    conflict = hostages(seeded)
    app = create_app(str(seeded), "ann")
    async with start(app, size=(80, 24)) as pilot:
        await settle(pilot)
        await go_to(pilot, member_with(conflict, "80"))
        await press(pilot, "c", "b")
        # One claim is in the date conflict too: accepting it there is asked first.
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
    with Store.open(seeded) as store:
        (resolution,) = store.conflicts.resolutions(conflict.id)
        assert resolution.action == "keep_both"
        for member in conflict.members:
            assert store.get_claim(member.claim_id).status is ClaimStatus.ACCEPTED
        assert store.conflicts.get(conflict.id).status == "resolved"  # type: ignore[union-attr]


async def test_a_claim_changed_behind_the_dialog_refuses_the_resolution(seeded: Path) -> None:
    conflict = hostages(seeded)
    changed = member_with(conflict, "105")
    app = create_app(str(seeded), "ann")
    async with start(app, size=(80, 24)) as pilot:
        await settle(pilot)
        await go_to(pilot, member_with(conflict, "110"))
        await press(pilot, "c")
        assert isinstance(app.screen, ConflictScreen)
        # Another reviewer rejects one of the claims while the dialog is open.
        with Store.open(seeded) as other:
            version = other.get_claim(changed).version
            other.decide(changed, ReviewAction.ACCEPT, reviewer="bob", expected_version=version)
        await press(pilot, "1", "r")
        messages = notices(app)
        assert "Not settled, nothing changed" in messages
        assert changed in messages
    with Store.open(seeded) as store:
        assert store.conflicts.resolutions(conflict.id) == []
        assert store.conflicts.get(conflict.id).status == "open"  # type: ignore[union-attr]
        for member in conflict.members:
            expected = ClaimStatus.ACCEPTED if member.claim_id == changed else ClaimStatus.PENDING
            assert store.get_claim(member.claim_id).status is expected
        assert [r.reviewer for r in store.reviews()] == ["bob"]


@pytest.mark.slow
async def test_the_list_of_open_conflicts_opens_each_and_comes_back(seeded: Path) -> None:
    with Store.open(seeded) as store:
        opened = store.conflicts.list(status="open")
    assert len(opened) >= 2
    app = create_app(str(seeded), "ann")
    async with start(app, size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "C")
        assert isinstance(app.screen, ConflictListScreen)
        await press(pilot, "enter")
        assert isinstance(app.screen, ConflictScreen)
        assert app.screen.conflict.id == opened[0].id
        await press(pilot, "x")
        # Its claims state other figures too: rejecting them all is confirmed first.
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        # Back to the list while conflicts remain open.
        assert isinstance(app.screen, ConflictListScreen)
        assert len(app.screen.conflicts) == len(opened) - 1
        await press(pilot, "escape")
    with Store.open(seeded) as store:
        (resolution,) = store.conflicts.resolutions(opened[0].id)
        assert resolution.action == "reject"
        for member in opened[0].members:
            assert store.get_claim(member.claim_id).status is ClaimStatus.REJECTED


@pytest.mark.slow
async def test_story_filter_shows_only_that_storys_claims(seeded: Path) -> None:
    with Store.open(seeded) as store:
        stories = store.stories.list()
        assert len(stories) >= 2
        story = stories[-1]  # the filter lists stories in this order
        members = set(store.stories.documents_of(story.id))
        expected = [c.id for c in store.claims() if c.document_id in members]
    assert len(expected) > 0
    app = create_app(str(seeded), "ann")
    async with start(app, size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "f", "right", "right", "right", "end", "enter")
        session = review_screen(pilot).session
        assert session.filter.story_id == story.id
        shown = [session.claim_at(i).id for i in range(session.count())]  # type: ignore[union-attr]
        assert shown == expected
        status = str(review_screen(pilot).query_one(StatusBar).render())
        assert f"story={story.label}" in status


@pytest.mark.slow
async def test_moving_a_document_persists_and_survives_regrouping(seeded: Path) -> None:
    app = create_app(str(seeded), "ann")
    async with start(app, size=(80, 24)) as pilot:
        await settle(pilot)
        claim = review_screen(pilot).claim
        assert claim is not None
        document_id = claim.document_id
        with Store.open(seeded) as store:
            before = store.stories.story_of(document_id)
        await press(pilot, "s")
        assert isinstance(app.screen, StoryScreen)
        await press(pilot, "home", "enter")  # "+ a new story of its own"
        await app.workers.wait_for_complete()
        await settle(pilot)
        with Store.open(seeded) as store:
            after = store.stories.story_of(document_id)
            assert after is not None and after != before
            assert store.stories.assignments()[document_id] == (after, "user")
        # Name the new story from the dialog: the name sticks too.
        await press(pilot, "s", "n")
        await pilot.press(*"Haniyeh in Cairo")
        await press(pilot, "enter")
        assert f"Story: Haniyeh in Cairo  #{after}" in detail_text(pilot)
    with Store.open(seeded) as store:
        analysis.refresh(store, force=True)
        assert store.stories.assignments()[document_id] == (after, "user")
        assert store.stories.documents_of(after) == [document_id]
        assert store.stories.require(after).name == "Haniyeh in Cairo"


async def test_conflicts_appear_when_the_background_analysis_is_done(seeded: Path) -> None:
    with Store.open(seeded) as store:
        # As if the claims came from a tool that never analysed them.
        store.db.execute("DELETE FROM conflicts")
        store.db.execute("DELETE FROM analysis_state")
        store.db.conn.commit()
        (right,) = [
            c.id
            for c in store.claims(ClaimFilter(search="110 hostages"))
            if "110 hostages" in c.quote
        ]
    app = create_app(str(seeded), "ann")
    async with start(app, size=(80, 24)) as pilot:
        await settle(pilot)
        await go_to(pilot, right)
        # The worker starts once the first screen is drawn and reports when done.
        for _ in range(500):
            messages = notices(app)
            if "Stories and conflicts updated" in messages:
                break
            await asyncio.sleep(0.01)
        await pilot.pause()
        assert "Stories and conflicts updated" in messages
        assert f"⚠ conflict: {HOSTAGES}" in detail_text(pilot)
    with Store.open(seeded) as store:
        assert len(store.conflicts.list(status="open")) == 2


def date_conflict(path: Path) -> ConflictRecord:
    with Store.open(path) as store:
        (conflict,) = [c for c in store.conflicts.list(status="open") if c.kind == "date"]
    return conflict


async def test_pick_accepts_every_claim_stating_it_and_can_mark_only_the_date_wrong(
    seeded: Path,
) -> None:
    conflict = date_conflict(seeded)
    values = list(conflict.values())
    number = values.index("10-07") + 1
    wrong = member_with(conflict, "09-07")
    app = create_app(str(seeded), "ann")
    async with start(app, size=(100, 30)) as pilot:
        await settle(pilot)
        await go_to(pilot, wrong)
        await press(pilot, "c")
        shown = str(app.screen.query_one("#conflict-body").query_one("Static").render())
        assert "2023-12-20" in shown  # outlets and dates, not only file names
        await press(pilot, str(number))
        # The September 7 claim states other figures: keep it, mark only its date wrong.
        assert isinstance(app.screen, SettleOthersScreen)
        await press(pilot, "m")
        # A 10-07 claim is in the hostages conflict too: accepting it is asked first.
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
    with Store.open(seeded) as store:
        for member in conflict.members:
            status = store.get_claim(member.claim_id).status
            if member.value_key == "10-07":
                assert status is ClaimStatus.ACCEPTED
            else:
                assert status is ClaimStatus.PENDING  # kept, not rejected
        (fix,) = store.conflicts.corrections([wrong])
        assert (fix.wrong_value, fix.right_value) == ("September 7", "October 7")
        # Accept it later: the summary states the picked date for it.
        claim = store.get_claim(wrong)
        store.decide(wrong, ReviewAction.ACCEPT, reviewer="ann", expected_version=claim.version)
        texts = [c.text for data in load_stories(store) for c in data.claims if c.id == wrong]
        assert texts and "October 7" in texts[0] and "September 7" not in texts[0]


@pytest.mark.slow
async def test_undo_after_a_settlement_takes_back_the_settlement_whole(seeded: Path) -> None:
    conflict = hostages(seeded)
    app = create_app(str(seeded), "ann")
    async with start(app, size=(100, 30)) as pilot:
        await settle(pilot)
        first = review_screen(pilot).claim.id
        await press(pilot, "a")  # an earlier accept, which `u` must not take back first
        await go_to(pilot, member_with(conflict, "110"))
        await press(pilot, "c", "1", "r")
        with Store.open(seeded) as store:
            assert store.conflicts.get(conflict.id).status == "resolved"  # type: ignore[union-attr]
        await press(pilot, "u")
        assert "Undone: settlement" in notices(app)
        with Store.open(seeded) as store:
            assert store.conflicts.get(conflict.id).status == "open"  # type: ignore[union-attr]
            for member in conflict.members:
                assert store.get_claim(member.claim_id).status is ClaimStatus.PENDING
            assert store.get_claim(first).status is ClaimStatus.ACCEPTED
    # After a restart, the next `u` takes back the accept, not part of anything else.
    again = create_app(str(seeded), "ann")
    async with start(again, size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "u")
    with Store.open(seeded) as store:
        assert store.get_claim(first).status is ClaimStatus.PENDING
        assert store.conflicts.get(conflict.id).status == "open"  # type: ignore[union-attr]


@pytest.mark.slow
async def test_undo_after_a_restart_reverses_a_settlement_as_a_unit(seeded: Path) -> None:
    conflict = date_conflict(seeded)
    number = list(conflict.values()).index("10-07") + 1
    app = create_app(str(seeded), "ann")
    async with start(app, size=(100, 30)) as pilot:
        await settle(pilot)
        await go_to(pilot, member_with(conflict, "10-07"))
        await press(pilot, "c", str(number), "r")
        # A 10-07 claim is in the hostages conflict too: accepting it is asked first.
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
    with Store.open(seeded) as store:
        assert store.get_claim(member_with(conflict, "09-07")).status is ClaimStatus.REJECTED
    again = create_app(str(seeded), "ann")
    async with start(again, size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "u")
    with Store.open(seeded) as store:
        assert store.conflicts.get(conflict.id).status == "open"  # type: ignore[union-attr]
        for member in conflict.members:
            assert store.get_claim(member.claim_id).status is ClaimStatus.PENDING
        (resolution,) = store.conflicts.resolutions(conflict.id)
        assert resolution.undone_at is not None
