"""The story view driven at the keyboard: the draft summary decided point by point, its
structure fixed, and the keystrokes it saves over claim-by-claim review."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.pilot import Pilot
from textual.widgets import Input

from summarise.analysis import refresh as analysis
from summarise.backends.regex.backend import RegexBackend
from summarise.cli import cli
from summarise.models import ClaimStatus, ReviewAction
from summarise.pipeline.runner import run_batch
from summarise.store import ClaimFilter, Store
from summarise.tui.app import create_app
from summarise.tui.screens.confirm import ConfirmScreen
from summarise.tui.screens.figure_dialogs import (
    FigureMarkScreen,
    FigureNameScreen,
    QuantityChoiceScreen,
)
from summarise.tui.screens.point_accept import PointAcceptScreen
from summarise.tui.screens.reject import RejectScreen
from summarise.tui.screens.story_view import StoryView
from tests.tui.helpers import notices, review_screen, seed_database, settle, start, type_ahead

_FIRST_STORY: list[Path] = []


def first_story_database(path: Path) -> Path:
    """The seeds' first story alone: its documents extracted and analysed, so the claim list
    holds exactly the claims the story view decides (both runs review the same claims)."""
    if not _FIRST_STORY:
        folder = Path(tempfile.mkdtemp(prefix="first-story-"))
        seeds = seed_database(folder / "seeds.db")
        with Store.open(seeds) as store:
            sources = [
                store.get_document(d).source  # type: ignore[union-attr]
                for d in store.stories.documents_of(store.stories.list()[0].id)
            ]
        template = folder / "first.db"
        with Store.open(template) as store:
            run_batch(store, RegexBackend(), sources)
            analysis.refresh(store)
            assert len(store.stories.list()) == 1
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _FIRST_STORY.append(template)
    shutil.copyfile(_FIRST_STORY[0], path)
    return path


async def until(pilot: Pilot, done: Callable[[], bool]) -> None:  # type: ignore[type-arg]
    deadline = time.monotonic() + 30  # generous: CI machines run several suites at once
    while time.monotonic() < deadline:
        await pilot.pause()
        if done():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the story view did not get there")


def pending(path: Path) -> int:
    with Store.open(path) as store:
        return store.status_counts()[ClaimStatus.PENDING.value]


class Keys:
    """Presses keys one at a time, waiting for each to be acted on, and counts them."""

    def __init__(self, pilot: Pilot) -> None:  # type: ignore[type-arg]
        self.pilot = pilot
        self.count = 0

    async def press(self, *keys: str) -> None:
        for key in keys:
            self.count += 1
            await self.pilot.press(key)
            await self.pilot.pause()


async def story_view_run(path: Path) -> int:
    """Review the story to fully accepted through the story view, as an editor would: read
    the key points one by one (a each), then accept the rest of the draft at once (A), saying
    yes to the claims in open conflicts after being shown them (i)."""
    app = create_app(str(path), "ann", analyse=False)
    async with start(app, size=(80, 24)) as pilot:
        await settle(pilot)
        keys = Keys(pilot)
        await keys.press("v")
        await until(pilot, lambda: isinstance(app.screen, StoryView))
        view = app.screen
        assert isinstance(view, StoryView) and view.draft is not None
        key_points = len(view.draft.summary.key_points)
        for _ in range(key_points):
            await keys.press("a")
            if isinstance(app.screen, PointAcceptScreen):
                await keys.press("i")
            await until(pilot, lambda: app.screen is view)
        await keys.press("A")
        await until(pilot, lambda: isinstance(app.screen, PointAcceptScreen))
        await keys.press("i")
        await until(pilot, lambda: pending(path) == 0)
        return keys.count


async def claim_by_claim_run(path: Path) -> int:
    """The same story claim by claim in the claim list: one a per claim, typed ahead ten at
    a time (the claim list moves to the next pending claim by itself)."""
    app = create_app(str(path), "ann", analyse=False)
    count = 0
    async with start(app, size=(80, 24)) as pilot:
        await settle(pilot)
        while left := pending(path):
            await type_ahead(pilot, "a" * min(10, left))
            count += min(10, left)
    return count


@pytest.fixture
def two_copies(tmp_path: Path) -> tuple[Path, Path]:
    # Built outside the test's event loop: a batch runs one of its own.
    return first_story_database(tmp_path / "story.db"), first_story_database(tmp_path / "c.db")


@pytest.mark.slow
async def test_story_view_takes_at_most_40_percent_of_the_keys(
    two_copies: tuple[Path, Path],
) -> None:
    story_db, claims_db = two_copies
    with Store.open(story_db) as store:
        total = store.count_claims()
    story_keys = await story_view_run(story_db)
    claim_keys = await claim_by_claim_run(claims_db)
    assert claim_keys == total
    with Store.open(story_db) as store:
        # Fully accepted: every claim, no key spent twice on one.
        assert store.status_counts()[ClaimStatus.ACCEPTED.value] == total
        assert {len(store.reviews(c.id)) for c in store.iter_claims()} == {1}
    print(f"\nkeys: story view {story_keys}, claim by claim {claim_keys} ({total} claims)")
    assert story_keys <= 0.4 * claim_keys


@pytest.mark.slow
async def test_point_keys_accept_reject_undo_and_fix_structure(seeded: Path) -> None:
    before = pending(seeded)
    app = create_app(str(seeded), "ann", analyse=False, story=1)
    async with start(app, size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StoryView))
        view = app.screen
        assert isinstance(view, StoryView) and view.draft is not None
        first = view.current()
        assert first is not None and first.point is not None
        members = list(first.point.claim_ids)
        assert len(members) > 1  # the seeds' best point is stated by several reports
        await pilot.press("a")
        await until(pilot, lambda: pending(seeded) == before - len(members))
        with Store.open(seeded) as store:
            assert {store.get_claim(c).status for c in members} == {ClaimStatus.ACCEPTED}  # type: ignore[union-attr]
            (unit,) = store.review_log.undoable_units("ann", 5)
            assert unit.group_id is not None
        # On to the next point with pending claims; r asks why and rejects them all.
        second = view.current()
        assert second is not None and second.point is not None and second.point.id != first.point.id
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, RejectScreen))
        await pilot.press("3")
        await until(pilot, lambda: app.screen is view)
        with Store.open(seeded) as store:
            statuses = {store.get_claim(c).status for c in second.point.claim_ids}  # type: ignore[union-attr]
            assert statuses == {ClaimStatus.REJECTED}
            assert store.reviews(second.point.claim_ids[0])[0].reason == "duplicate"
        await pilot.press("u")
        await until(pilot, lambda: "Undone" in notices(app))
        with Store.open(seeded) as store:
            statuses = {store.get_claim(c).status for c in second.point.claim_ids}  # type: ignore[union-attr]
            assert statuses == {ClaimStatus.PENDING}
        # Split: the first point's last claim becomes a point of its own.
        split_off = members[-1]
        view.rows_list.highlighted = next(
            n for n, row in enumerate(view.draft.rows) if row.claim_id == split_off
        )
        await pilot.press("s")
        await until(
            pilot,
            lambda: (
                view.draft is not None and view.draft.point_of(split_off).claim_ids == [split_off]
            ),
        )  # type: ignore[union-attr]
        # Merge: mark one point, m on another.
        points = [p for p in view.draft.summary.points() if len(p.claim_ids) == 1][:2]
        rows = view.draft.rows
        view.rows_list.highlighted = next(
            n for n, r in enumerate(rows) if r.kind == "point" and r.point.id == points[0].id
        )  # type: ignore[union-attr]
        await pilot.press("m")
        rows = view.draft.rows
        view.rows_list.highlighted = next(
            n for n, r in enumerate(rows) if r.kind == "point" and r.point.id == points[1].id
        )  # type: ignore[union-attr]
        await pilot.press("m")
        await until(pilot, lambda: len(view.draft.point_of(points[0].id).claim_ids) == 2)  # type: ignore[union-attr]
        # Headline: the merged point heads the story.
        await pilot.press("h")
        await until(
            pilot,
            lambda: (
                points[0].id
                in view.draft.point_of(view.draft.summary.headline_claim_id or "").claim_ids
            ),  # type: ignore[union-attr]
        )
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, StoryView))
    with Store.open(seeded) as store:
        kinds = [d.kind for d in store.point_decisions.in_force([c.id for c in store.claims()])]
        assert kinds == ["split", "merge", "headline"]


@pytest.mark.slow
async def test_a_point_with_a_claim_in_conflict_asks_first(seeded: Path) -> None:
    with Store.open(seeded) as store:
        conflict = store.conflicts.list(status="open")[0]
        held = conflict.members[0].claim_id
    app = create_app(str(seeded), "ann", analyse=False, story=1)
    async with start(app, size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StoryView))
        view = app.screen
        assert isinstance(view, StoryView) and view.draft is not None
        view.rows_list.highlighted = next(
            n
            for n, row in enumerate(view.draft.rows)
            if row.kind == "point" and row.point and held in row.point.claim_ids
        )
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, PointAcceptScreen))
        await pilot.press("y")  # accept the others: the claim in the conflict stays pending
        await until(pilot, lambda: app.screen is view)
        with Store.open(seeded) as store:
            assert store.get_claim(held).status is ClaimStatus.PENDING  # type: ignore[union-attr]


@pytest.mark.slow
async def test_a_colleagues_decision_redraws_the_view_and_their_point_is_refused(
    seeded: Path,
) -> None:
    app = create_app(str(seeded), "ann", analyse=False, story=1)
    async with start(app, size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StoryView))
        view = app.screen
        assert isinstance(view, StoryView) and view.draft is not None
        row = view.current()
        assert row is not None and row.point is not None
        # Bob rejects a claim of another point, then opens the point under ann's cursor.
        claim_id = view.draft.summary.points()[-1].claim_ids[0]
        with Store.open(seeded) as store:
            # Bob takes the point over in one transaction (ann's view re-leases on a redraw).
            store.db.execute("BEGIN IMMEDIATE")
            store.db.execute("DELETE FROM claim_leases WHERE reviewer = 'ann'")
            store.db.execute(
                "INSERT INTO claim_leases (claim_id, reviewer, expires_at) VALUES (?, 'bob', ?)",
                [row.point.id, time.time() + 60],
            )
            store.db.execute("COMMIT")
            claim = store.get_claim(claim_id)
            assert claim is not None
            store.decide(
                claim_id, ReviewAction.REJECT, reviewer="bob", expected_version=claim.version
            )
        await until(pilot, lambda: "colleague" in notices(app))
        assert view.draft.claims[claim_id].status is ClaimStatus.REJECTED
        await pilot.press("a")
        await until(pilot, lambda: "bob has this point open" in notices(app))
        with Store.open(seeded) as store:
            assert store.status_counts()[ClaimStatus.ACCEPTED.value] == 0


async def test_a_redraw_leaves_the_cursor_on_the_headline_line(seeded: Path) -> None:
    app = create_app(str(seeded), "ann", analyse=False, story=1)
    async with start(app, size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StoryView))
        view = app.screen
        assert isinstance(view, StoryView) and view.draft is not None
        headline = next(n for n, row in enumerate(view.draft.rows) if row.kind == "headline")
        view.rows_list.highlighted = headline
        claim_id = view.draft.summary.points()[-1].claim_ids[0]
        with Store.open(seeded) as store:
            claim = store.get_claim(claim_id)
            assert claim is not None
            store.decide(
                claim_id, ReviewAction.REJECT, reviewer="bob", expected_version=claim.version
            )
        await until(pilot, lambda: "colleague" in notices(app))
        # Redrawn for bob's decision, the cursor is still on the headline, not its point.
        assert view.draft.claims[claim_id].status is ClaimStatus.REJECTED
        assert view.rows_list.highlighted == headline


def test_review_story_option_refuses_an_unknown_story(seeded: Path) -> None:
    result = CliRunner().invoke(cli, ["review", "--db", str(seeded), "--story", "999"])
    assert result.exit_code != 0
    assert "no story 999" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("size", [(80, 24)], ids=["80x24"])
def test_story_view_snapshot(snap_compare, db_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    seed_database(db_path)
    before = pending(db_path)
    app = create_app(str(db_path), "ann", analyse=False, story=1)

    async def first_point_accepted(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await until(pilot, lambda: isinstance(app.screen, StoryView))
        await pilot.press("a")
        await until(pilot, lambda: pending(db_path) < before)
        pilot.app.clear_notifications()  # the toast's timing is not part of the picture
        await pilot.pause()

    assert snap_compare(app, run_before=first_point_accepted, terminal_size=size)


async def test_bulk_accept_in_the_claim_list_names_claims_in_conflicts(seeded: Path) -> None:
    with Store.open(seeded) as store:
        conflict = store.conflicts.list(status="open")[0]
        held = conflict.members[0].claim_id
    app = create_app(str(seeded), "ann", analyse=False)
    async with start(app, size=(100, 30)) as pilot:
        await settle(pilot)
        screen = review_screen(pilot)
        screen.claim_list.cursor = screen.session.index_of(held) or 0
        await settle(pilot)
        await pilot.press("A")
        # The claim list's bulk accept names the conflicts and leaves their claims pending.
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await settle(pilot)
    with Store.open(seeded) as store:
        claim = store.get_claim(held)
        assert claim is not None and claim.status is ClaimStatus.PENDING
        others = store.claims(ClaimFilter(document_id=claim.document_id, status="accepted"))
        assert others  # the rest of the document was accepted


async def test_merge_with_the_nearest_suggestion_and_the_mouse(seeded: Path) -> None:
    app = create_app(str(seeded), "ann", analyse=False, story=1)
    async with start(app, size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StoryView))
        view = app.screen
        assert isinstance(view, StoryView) and view.draft is not None
        draft = view.draft
        number, point, nearest = next(
            (n, row.point, found[0][0])
            for n, row in enumerate(draft.rows)
            if row.kind == "point" and row.point and (found := draft.suggestions(row.point))
        )
        # A suggestion is linked through a claim of another outlet.
        mine = {draft.claims[c].document_id for c in point.claim_ids}
        assert {draft.claims[c].document_id for c in nearest.claim_ids} - mine
        view.rows_list.highlighted = number
        await pilot.press("M")
        await until(
            pilot,
            lambda: set(nearest.claim_ids) <= set(view.draft.point_of(point.id).claim_ids),  # type: ignore[union-attr]
        )
        # A click puts the cursor on the line clicked (the headline's line, under its title).
        await pilot.click("#story-rows", offset=(10, 1))
        await until(pilot, lambda: view.rows_list.highlighted == 1)
        assert app.screen is view  # a click selects; it does not leave the view
        assert view.current() is not None and view.current().kind == "headline"  # type: ignore[union-attr]


async def test_enter_opens_the_claim_in_the_claim_list(seeded: Path) -> None:
    app = create_app(str(seeded), "ann", analyse=False, story=1)
    async with start(app, size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StoryView))
        view = app.screen
        assert isinstance(view, StoryView)
        row = view.current()
        assert row is not None and row.point is not None
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, StoryView))
        await settle(pilot)
        assert review_screen(pilot).claim.id == row.point.id  # type: ignore[union-attr]
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, StoryView))


@pytest.mark.slow
async def test_figure_keys_mark_a_value_retracted_and_u_restores_it(seeded: Path) -> None:
    app = create_app(str(seeded), "ann", analyse=False, story=1)
    async with start(app, size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StoryView))
        view = app.screen
        assert isinstance(view, StoryView) and view.draft is not None
        # A figure whose leading value can be struck: the one value line of it that leads.
        figure = next(f for f in view.draft.summary.figures if len(f.history) > 1)
        leading = next(r for r in reversed(figure.history) if r.value == figure.latest)
        subject, before = figure.subject, figure.line()
        view.rows_list.highlighted = next(
            n
            for n, row in enumerate(view.draft.rows)
            if row.kind == "value"
            and row.figure is not None
            and row.figure.subject == subject
            and row.report == leading
        )
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, FigureMarkScreen))
        await pilot.press("r")

        def shown() -> str | None:
            assert view.draft is not None
            return next(
                (f.line() for f in view.draft.summary.figures if f.subject == subject), None
            )

        await until(pilot, lambda: app.screen is view and shown() != before)
        assert f"Saved: mark {leading.value} of {subject} retracted" in notices(app)
        with Store.open(seeded) as store:
            claims = [c.id for c in store.claims()]
            (decision,) = store.figure_decisions.in_force(claims)
            assert (decision.kind, decision.reviewer) == ("retracted", "ann")
            assert decision.claim_id in leading.claim_ids
        await pilot.press("u")
        await until(pilot, lambda: shown() == before)
        with Store.open(seeded) as store:
            assert store.figure_decisions.in_force(claims) == []


async def test_figure_rename_refuses_a_control_character_then_saves(seeded: Path) -> None:
    app = create_app(str(seeded), "ann", analyse=False, story=1)
    async with start(app, size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StoryView))
        view = app.screen
        assert isinstance(view, StoryView) and view.draft is not None
        view.rows_list.highlighted = next(
            n for n, row in enumerate(view.draft.rows) if row.kind == "figure"
        )
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, FigureNameScreen))
        name_input = app.screen.query_one(Input)
        name_input.value = "people\x1b[31m held"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FigureNameScreen)  # refused, nothing saved
        name_input.value = "  people held  "
        await pilot.press("enter")
        await until(
            pilot,
            lambda: (
                view.draft is not None
                and any(f.subject == "people held" for f in view.draft.summary.figures)
            ),
        )
    with Store.open(seeded) as store:
        (decision,) = store.figure_decisions.in_force([c.id for c in store.claims()])
        assert (decision.kind, decision.name, decision.reviewer) == ("rename", "people held", "ann")


@pytest.mark.slow
async def test_figure_keys_merge_a_quantity_and_split_a_value_out(seeded: Path) -> None:
    app = create_app(str(seeded), "ann", analyse=False, story=1)
    async with start(app, size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, StoryView))
        view = app.screen
        assert isinstance(view, StoryView) and view.draft is not None
        subjects = [f.subject for f in view.draft.summary.figures]
        assert len(subjects) > 1
        view.rows_list.highlighted = next(
            n for n, row in enumerate(view.draft.rows) if row.kind == "figure"
        )
        merged = view.current().figure.subject  # type: ignore[union-attr]
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, QuantityChoiceScreen))
        await pilot.press("enter")  # the first of the other quantities
        await until(
            pilot,
            lambda: (
                view.draft is not None
                and merged not in [f.subject for f in view.draft.summary.figures]
            ),
        )
        value_row = next(n for n, row in enumerate(view.draft.rows) if row.kind == "value")
        view.rows_list.highlighted = value_row
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, FigureNameScreen))
        await pilot.press(*"pupils")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is view and "Saved: split" in notices(app))
    with Store.open(seeded) as store:
        decisions = store.figure_decisions.in_force([c.id for c in store.claims()])
        assert [(d.kind, d.reviewer) for d in decisions] == [("merge", "ann"), ("split", "ann")]
        assert decisions[1].name == "pupils"
