"""Two reviewers, a locked database, markup in the data: the TUI refuses, explains, keeps."""

from __future__ import annotations

import asyncio
import html
import re
from pathlib import Path

import pytest

from summarise.models import ClaimKind, ClaimStatus, ExtractionKey, ReviewAction
from summarise.store import Store
from summarise.tui.app import create_app
from summarise.tui.screens import review as review_module
from summarise.tui.screens.review import ReviewScreen
from tests.factories import claim_for, document
from tests.factories import extraction as make_extraction
from tests.tui.helpers import (
    notices,
    posted,
    press,
    review_screen,
    settle,
    start,
)


def messages(app) -> str:  # type: ignore[no-untyped-def]
    return notices(app)


async def test_a_claim_changed_behind_the_apps_back_is_refused_and_refreshed(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The view must not catch up by itself before the key (a slow run could let it).
    monkeypatch.setattr(review_module, "WATCH_SECONDS", 3600.0)
    app = create_app(str(seeded), "ann")
    async with start(app, size=(100, 30)) as pilot:
        await settle(pilot)
        shown = review_screen(pilot).claim
        assert shown is not None and shown.version == 0
        with Store.open(seeded) as other:
            other.decide(shown.id, ReviewAction.REJECT, reviewer="bob", expected_version=0)
        await press(pilot, "a")
        assert "Not saved" in messages(app)
        assert f"bob rejected claim {shown.id}" in messages(app)
        # The list shows the claim as it is now; the cursor is not pulled back onto it (a
        # key typed at that instant would land on a claim the reviewer did not mean).
        screen = review_screen(pilot)
        assert screen.claim is not None and screen.claim.id != shown.id
        index = screen.session.index_of(shown.id)
        refreshed = screen.session.claim_at(index)  # type: ignore[arg-type]
        assert refreshed is not None and refreshed.id == shown.id
        assert refreshed.status is ClaimStatus.REJECTED and refreshed.version == 1
    with Store.open(seeded) as store:
        assert store.get_claim(shown.id).status is ClaimStatus.REJECTED
        assert [r.reviewer for r in store.reviews(shown.id)] == ["bob"]


@pytest.mark.slow
async def test_two_app_instances_never_overwrite_each_other(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # bob's view must not catch up with ann's decision by itself before his keys.
    monkeypatch.setattr(review_module, "WATCH_SECONDS", 3600.0)
    # No start-up analysis: its reload when done would show bob ann's decision, and this
    # test is about a view that has not caught up yet.
    ann = create_app(str(seeded), "ann", analyse=False)
    bob = create_app(str(seeded), "bob", analyse=False)
    async with start(ann) as ann_pilot:
        await settle(ann_pilot)
        claim_id = review_screen(ann_pilot).claim.id
        with Store.open(seeded) as store:  # ann's lease is taken once her cursor rests
            for _ in range(500):
                if store.leases.holders([claim_id], "bob"):
                    break
                await asyncio.sleep(0.01)
        async with start(bob) as bob_pilot:
            await settle(bob_pilot)
            # Ann has the first claim open (a lease): bob starts on the next one...
            bob_screen = review_screen(bob_pilot)
            assert bob_screen.claim.id != claim_id
            assert bob_screen.session.index_of(claim_id) == bob_screen.claim_list.cursor - 1
            # ...and goes back to it on purpose: both decide it, only the first one counts.
            await press(bob_pilot, "k")
            assert bob_screen.claim.id == claim_id
            await press(ann_pilot, "a")
            await press(bob_pilot, "r", "1")
            assert "Not saved" in messages(bob)
    with Store.open(seeded) as store:
        assert store.get_claim(claim_id).status is ClaimStatus.ACCEPTED
        assert [r.reviewer for r in store.reviews(claim_id)] == ["ann"]


async def test_a_locked_database_keeps_the_decision_and_saves_it_by_itself(seeded: Path) -> None:
    app = create_app(str(seeded), "ann", busy_timeout=0.05)
    async with start(app, size=(100, 30)) as pilot:
        await settle(pilot)
        claim_id = review_screen(pilot).claim.id
        await press(pilot, "e")
        app.screen.query_one("#edit-text").text = "An edit worth keeping."  # type: ignore[attr-defined]
        with Store.open(seeded) as batch:
            batch.db.execute("BEGIN IMMEDIATE")
            await pilot.press("ctrl+s")
            screen = review_screen(pilot)
            for _ in range(400):
                if posted(app, ReviewScreen.WriteWaiting):
                    break
                await asyncio.sleep(0.01)
            assert "locked by another process" in notices(app)
            # Pending-save, not dropped; the keyboard keeps moving meanwhile.
            assert screen.busy and "waiting for the lock" in screen.waiting_note
            before = screen.claim_list.cursor
            await pilot.press("j")
            assert screen.claim_list.cursor == before + 1
            batch.db.execute("ROLLBACK")
        await settle(pilot)
        assert not review_screen(pilot).busy
    with Store.open(seeded) as store:
        claim = store.get_claim(claim_id)
        assert claim.text == "An edit worth keeping." and claim.status is ClaimStatus.ACCEPTED
        assert len(store.reviews(claim_id)) == 1


MARKUP = "Plain [bold]not bold[/bold] and [link=https://example.com]a link[/link] then [/] end."


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    svg = app.export_screenshot()
    rows = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return html.unescape("".join(re.sub(r"<[^>]+>", "", row) for row in rows)).replace("\xa0", " ")


async def test_markup_in_documents_and_claims_is_shown_literally(db_path: Path) -> None:
    doc = document(f"Intro line.\n{MARKUP}\nClosing line.", source="[red]doc[/red].txt")
    claim = claim_for(doc, MARKUP, kind=ClaimKind.STATEMENT, attribution="[i]someone[/i]")
    with Store.open(db_path) as store:
        store.save_extraction(
            doc,
            make_extraction(doc).model_copy(update={"claims": [claim]}),
            key=ExtractionKey("test", "[b]m[/b]", "t1"),
            run_id=None,
        )
    app = create_app(str(db_path), "[blink]ann[/blink]")
    async with start(app, size=(160, 40)) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "[bold]not bold[/bold]" in shown
        assert "[link=https://example.com]a link[/link] then [/] end." in shown
        assert "[i]someone[/i]" in shown
        await press(pilot, "slash", *"[/]", "enter")
        assert review_screen(pilot).session.count() == 1
        assert "/[/]" in screen_text(app)
        await press(pilot, "a")
    with Store.open(db_path) as store:
        assert store.reviews()[0].reviewer == "[blink]ann[/blink]"
