"""Trust holes of issue 24 on the review screen: controls in the source pane and the edit
dialog, colleagues' names, the race loser's message and the edit a colleague overtook."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from summarise.models import ReviewAction
from summarise.output.terminal import is_safe
from summarise.store import Store
from summarise.tui.app import create_app
from summarise.tui.screens import edit as edit_module
from summarise.tui.screens import review as review_module
from summarise.tui.widgets.source_view import SourceView
from tests.factories import document, store_claims
from tests.tui.helpers import notices, press, review_screen, settle, start

CONTROLS = "\x1b]0;T\x07\x1b[2J\x9b1m\u202e\u200b"
QUOTE = "The council said 40 homes were flooded on Monday."


def hostile_db(db_path: Path) -> tuple[Path, str]:
    doc = document(f"Flood {CONTROLS}report\n\nIntro {CONTROLS} here.\n{QUOTE}\nEnd.\n")
    with Store.open(db_path) as store:
        (claim,) = store_claims(store, doc, f"Intro {CONTROLS} here.")
    return db_path, claim.id


async def test_source_pane_and_edit_dialog_show_controls_as_one_symbol_each(
    db_path: Path,
) -> None:
    path, claim_id = hostile_db(db_path)
    app = create_app(str(path), "ann")
    async with start(app, size=(120, 40)) as pilot:
        await settle(pilot)
        source = app.screen.query_one(SourceView)
        with Store.open(path) as store:
            text = store.get_document(store.get_claim(claim_id).document_id).text
        assert is_safe(source.text, multiline=True)
        assert len(source.text) == len(text)  # one symbol per character: offsets line up
        start_, end = source.quote or (0, 0)
        assert source.text[start_:end].startswith("Intro \u241b]0;T\u2407")
        await press(pilot, "e")
        area = app.screen.query_one("#edit-text", TextArea)
        assert is_safe(area.text, multiline=True) and "\u241b" in area.text


async def test_the_race_loser_is_told_who_decided_what(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The view must not catch up by itself before the key (a slow run could let it).
    monkeypatch.setattr(review_module, "WATCH_SECONDS", 3600.0)
    path, claim_id = hostile_db(db_path)
    app = create_app(str(path), "ann")
    async with start(app, size=(120, 40)) as pilot:
        await settle(pilot)
        with Store.open(path) as other:
            other.decide(claim_id, ReviewAction.REJECT, reviewer="bob", expected_version=0)
        await press(pilot, "a")
        said = notices(app)
        assert f"bob rejected claim {claim_id}" in said
        assert "before your accept was saved" in said


@pytest.mark.slow
async def test_an_edit_overtaken_by_a_colleague_is_kept_and_offered_again(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(review_module, "WATCH_SECONDS", 3600.0)
    monkeypatch.setattr(edit_module, "WATCH_SECONDS", 3600.0)
    path, claim_id = hostile_db(db_path)
    app = create_app(str(path), "ann")
    async with start(app, size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        area = app.screen.query_one("#edit-text", TextArea)
        area.load_text("Forty homes flooded, the council said.")
        with Store.open(path) as other:
            other.decide(claim_id, ReviewAction.REJECT, reviewer="bob", expected_version=0)
        await press(pilot, "ctrl+s")
        said = notices(app)
        assert "bob rejected" in said and "your edit is kept" in said
        screen = review_screen(pilot)
        screen.session.refresh()
        await press(pilot, "k", "e")
        area = app.screen.query_one("#edit-text", TextArea)
        assert area.text == "Forty homes flooded, the council said."


async def test_a_colleagues_name_reaches_no_widget_raw(db_path: Path) -> None:
    path, claim_id = hostile_db(db_path)
    with Store.open(path) as store:
        store.decide(claim_id, ReviewAction.ACCEPT, reviewer=f"eve{CONTROLS}", expected_version=0)
    app = create_app(str(path), "ann")
    async with start(app, size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "a")  # already accepted: the message names the colleague
        said = notices(app)
        assert "eve" in said and is_safe(said)


async def test_a_colleagues_decision_is_shown_while_typing_and_the_edit_applies_to_it(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(edit_module, "WATCH_SECONDS", 0.05)
    path, claim_id = hostile_db(db_path)
    app = create_app(str(path), "ann")
    async with start(app, size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        area = app.screen.query_one("#edit-text", TextArea)
        area.load_text("Forty homes flooded, the council said.")
        with Store.open(path) as other:
            other.decide(claim_id, ReviewAction.REJECT, reviewer="bob", expected_version=0)
        warning = app.screen.query_one("#edit-overtaken", Static)
        for _ in range(100):
            await pilot.pause(0.02)
            if "bob rejected this claim" in str(warning.render()):
                break
        assert "bob rejected this claim" in str(warning.render())
        await press(pilot, "ctrl+s")
    with Store.open(path) as store:
        claim = store.get_claim(claim_id)
        assert claim.text == "Forty homes flooded, the council said."
        assert [r.reviewer for r in store.reviews(claim_id)] == ["bob", "ann"]


async def test_the_count_of_your_decisions_drops_after_an_undo(db_path: Path) -> None:
    path, _ = hostile_db(db_path)
    app = create_app(str(path), "ann")
    async with start(app, size=(120, 40)) as pilot:
        await settle(pilot)
        screen = review_screen(pilot)
        await press(pilot, "a")
        assert screen.session.rate()[0] == 1
        await press(pilot, "u")
        assert screen.session.rate()[0] == 0
