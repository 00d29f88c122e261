"""The review TUI driven at the keyboard; every test checks what the database holds."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from summarise.models import ClaimStatus, RejectReason, ReviewAction
from summarise.store import ClaimFilter, Store
from summarise.tui.app import create_app
from summarise.tui.screens.edit import EditScreen
from summarise.tui.screens.help import HelpScreen
from summarise.tui.screens.reject import RejectScreen
from summarise.tui.widgets.source_view import SourceView
from tests.tui.helpers import (
    notices,
    press,
    review_screen,
    send_until,
    settle,
    start,
    type_ahead,
)


def first_ids(path: Path, n: int) -> list[str]:
    with Store.open(path) as store:
        return [c.id for c in store.claims(limit=n)]


@pytest.mark.slow
async def test_accept_reject_with_reason_and_undo(seeded: Path) -> None:
    first, second, third = first_ids(seeded, 3)
    app = create_app(str(seeded), "ann")
    async with start(app, size=(100, 30)) as pilot:
        await settle(pilot)
        assert review_screen(pilot).claim.id == first
        await press(pilot, "a")
        with Store.open(seeded) as store:
            assert store.get_claim(first).status is ClaimStatus.ACCEPTED
            (review,) = store.reviews(first)
            assert (review.reviewer, review.action) == ("ann", ReviewAction.ACCEPT)
        # On to the next pending claim by itself.
        assert review_screen(pilot).claim.id == second
        await press(pilot, "r", "4")
        with Store.open(seeded) as store:
            assert store.get_claim(second).status is ClaimStatus.REJECTED
            assert store.reviews(second)[0].reason == RejectReason.WRONG.value
        await press(pilot, "r", "enter")
        with Store.open(seeded) as store:
            assert store.get_claim(third).status is ClaimStatus.REJECTED
            assert store.reviews(third)[0].reason is None
        await press(pilot, "r", "escape")
        with Store.open(seeded) as store:
            assert store.count_claims(ClaimFilter(status="rejected")) == 2
        # Undo takes decisions back newest first, and shows the claim undone.
        await press(pilot, "u")
        assert review_screen(pilot).claim.id == third
        await press(pilot, "u", "u")
        with Store.open(seeded) as store:
            assert store.count_claims(ClaimFilter(status="pending")) == store.count_claims()
            undos = [r for r in store.reviews() if r.action is ReviewAction.UNDO]
            assert len(undos) == 3
        await press(pilot, "u")
        assert "Nothing to undo" in notices(app)


@pytest.mark.slow
async def test_undo_reaches_back_more_than_ten_decisions(seeded: Path) -> None:
    app = create_app(str(seeded), "ann")
    async with start(app, size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, *["a"] * 12)
        await press(pilot, *["u"] * 12)
    with Store.open(seeded) as store:
        assert store.count_claims(ClaimFilter(status="accepted")) == 0
        assert len(store.reviews()) == 24


async def test_undo_survives_a_restart(seeded: Path) -> None:
    (first,) = first_ids(seeded, 1)
    app = create_app(str(seeded), "ann")
    async with start(
        app,
    ) as pilot:
        await settle(pilot)
        await press(pilot, "a")
    again = create_app(str(seeded), "ann")
    async with start(
        again,
    ) as pilot:
        await settle(pilot)
        await press(pilot, "u")
    with Store.open(seeded) as store:
        assert store.get_claim(first).status is ClaimStatus.PENDING


async def test_edit_keeps_the_extracted_text_and_accepts(seeded: Path) -> None:
    (first,) = first_ids(seeded, 1)
    app = create_app(str(seeded), "ann")
    async with start(app, size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        assert isinstance(app.screen, EditScreen)
        area = app.screen.query_one("#edit-text")
        area.text = "Hamas leader Ismail Haniyeh arrived in Cairo."  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
    with Store.open(seeded) as store:
        claim = store.get_claim(first)
        assert claim.status is ClaimStatus.ACCEPTED
        assert claim.text == "Hamas leader Ismail Haniyeh arrived in Cairo."
        assert claim.original_text and claim.original_text.startswith("A delegation")
        assert store.reviews(first)[0].action is ReviewAction.EDIT


async def test_escape_cancels_an_edit(seeded: Path) -> None:
    app = create_app(str(seeded), "ann")
    async with start(app, size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "e", "x", "escape")
    with Store.open(seeded) as store:
        assert store.reviews() == []


@pytest.mark.slow
async def test_edit_reanchors_on_a_quote_typed_or_selected(seeded: Path) -> None:
    first, second = first_ids(seeded, 2)
    app = create_app(str(seeded), "ann")
    async with start(app, size=(100, 30)) as pilot:
        await settle(pilot)
        # Typed: a passage found elsewhere in the document becomes the quote.
        await press(pilot, "e", "tab")
        quote_input = app.screen.query_one("#edit-quote")
        quote_input.value = "Haniyeh, who is in exile in Qatar"  # type: ignore[attr-defined]
        await press(pilot, "enter")
        # Selected: shift+arrows in the document pane, then e, then save.
        await press(pilot, "d")
        source = app.screen.query_one(SourceView)
        assert source.has_focus
        await press(pilot, *["shift+right"] * 8, "e", "ctrl+s")
    with Store.open(seeded) as store:
        doc_text = store.get_document(store.get_claim(first).document_id).text
        moved = store.get_claim(first)
        assert moved.quote == "Haniyeh, who is in exile in Qatar"
        assert doc_text[moved.quote_start : moved.quote_end] == moved.quote
        selected = store.get_claim(second)
        assert len(selected.quote) == 8
        assert doc_text[selected.quote_start : selected.quote_end] == selected.quote
        assert store.reviews(second)[0].quote_after == (
            selected.quote_start,
            selected.quote_end,
        )


async def test_edit_that_drops_a_figure_warns_but_saves(seeded: Path) -> None:
    with Store.open(seeded) as store:
        claim = next(c for c in store.iter_claims() if c.figures)
        index = store.position_of(claim.id)
    app = create_app(str(seeded), "ann")
    async with start(app, size=(100, 30)) as pilot:
        await settle(pilot)
        review_screen(pilot).claim_list.cursor = index
        await press(pilot, "e")
        app.screen.query_one("#edit-text").text = "Something happened."  # type: ignore[attr-defined]
        await pilot.pause()
        warnings = str(app.screen.query_one("#edit-warnings").render())
        assert f"drops the figure {claim.figures[0].raw}" in warnings
        await press(pilot, "f2")
        messages = notices(app)
        assert "drops the figure" in messages
    with Store.open(seeded) as store:
        assert store.get_claim(claim.id).text == "Something happened."


@pytest.mark.slow
async def test_filter_and_search_narrow_the_list(seeded: Path) -> None:
    app = create_app(str(seeded), "ann")
    async with start(app, size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        # Status: pending (second entry of the first list), then apply.
        await press(pilot, "f", "down", "enter")
        screen = review_screen(pilot)
        assert screen.session.filter == ClaimFilter(status="pending")
        with Store.open(seeded) as store:
            assert screen.session.count() == store.count_claims(ClaimFilter(status="pending"))
        # Kind: figure (third entry of the second list).
        await press(pilot, "f", "right", "down", "down", "down", "enter")
        assert screen.session.filter == ClaimFilter(status="pending", kind="figure")
        assert screen.claim.kind.value == "figure"
        await press(pilot, "slash", *"Qatar", "enter")
        assert screen.session.filter.search == "Qatar"
        assert screen.session.count() >= 1
        assert "Qatar" in screen.claim.text + screen.claim.quote
        await press(pilot, "a")
        await press(pilot, "f", "c")
        assert screen.session.filter == ClaimFilter()
    with Store.open(seeded) as store:
        accepted = store.claims(ClaimFilter(status="accepted"))
        assert len(accepted) == 2
        assert "Qatar" in accepted[1].text and accepted[1].kind.value == "figure"


async def test_help_lists_every_binding_with_its_description(seeded: Path) -> None:
    app = create_app(str(seeded), "ann")
    async with start(app, size=(100, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(app.screen.table)
        shown = console.export_text()
        for binding in review_screen(pilot).BINDINGS:
            assert (binding.tooltip or binding.description) in shown  # type: ignore[union-attr]
        assert "not in the source" in shown and "Save the edit and accept" in shown
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)


@pytest.mark.slow
async def test_every_seed_claim_can_be_decided_with_keys_alone(seeded: Path) -> None:
    with Store.open(seeded) as store:
        total = store.count_claims()
    app = create_app(str(seeded), "ann")
    async with start(app, size=(80, 24)) as pilot:
        await settle(pilot)
        screen = review_screen(pilot)
        decided = 0
        while decided < total:
            # Every tenth a rejection (two keys); the accepts in between typed ahead at once.
            await send_until(pilot, "r", lambda: isinstance(app.screen, RejectScreen))
            await send_until(pilot, "2", lambda: app.screen is screen)
            run = min(9, total - decided - 1)
            await type_ahead(pilot, "a" * run)
            decided += 1 + run
        assert "No pending claims left" in notices(app)
    with Store.open(seeded) as store:
        assert store.status_counts()["pending"] == 0
        assert len(store.reviews()) == total
        assert store.count_claims(ClaimFilter(status="rejected")) == len(range(0, total, 10))
        # Typed ahead, each key still decided the next claim in order: one review each.
        assert {len(store.reviews(c.id)) for c in store.iter_claims()} == {1}
