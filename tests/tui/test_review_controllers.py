"""The review screen's controllers driven without a screen: each sees only the ReviewView
interface, so a stand-in that records what it is asked is enough to follow a decision from
the key to the outcome the reviewer is shown."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual.message import Message

from summarise.models import ClaimStatus, Review, ReviewAction
from summarise.store import Store
from summarise.tui.screens.review_analysis import AnalysisController, AnalysisWanted
from summarise.tui.screens.review_decisions import DecisionController, WriteDone
from summarise.tui.session import Decision, ReviewSession
from summarise.tui.write_queue import Job
from tests.factories import document, store_claims

TEXT = "The ferry left the harbour at noon.\nIt carried 212 passengers to the island."


class StandIn:
    """Records every call a controller makes of its screen; runs workers as plain tasks."""

    def __init__(self, session: ReviewSession) -> None:
        self.session = session
        self.app: Any = None
        self.cursor = session.claim_at(0)
        self.notes: list[str] = []
        self.posted: list[Message] = []
        self.advanced: list[str] = []
        self.reloaded: list[str | None] = []
        self.saved: list[Review] = []
        self.tasks: list[asyncio.Task[None]] = []

    def claim_under_cursor(self) -> Any:
        return self.cursor

    def cursor_claim_id(self) -> str | None:
        return self.cursor.id if self.cursor else None

    def selected_span(self, document_id: str) -> None:
        return None

    def show_progress(self, note: str = "") -> None:
        pass

    def show_saved(self, review: Review) -> None:
        self.saved.append(review)

    def reload(self, claim_id: str | None = None, index: int | None = None) -> None:
        self.reloaded.append(claim_id)

    def advance(self, after: str) -> None:
        self.advanced.append(after)

    def notify(self, message: str, **options: Any) -> None:
        self.notes.append(message)

    def post_message(self, message: Message) -> bool:
        self.posted.append(message)
        return True

    def run_worker(self, work: Any, **options: Any) -> None:
        self.tasks.append(asyncio.ensure_future(work))

    async def outcomes(self, decisions: DecisionController) -> list[bool]:
        """Let the queue drain, then hand each reported outcome back, as the screen does."""
        await asyncio.gather(*self.tasks)
        done = [m for m in self.posted if isinstance(m, WriteDone)]
        return [decisions.written(m.outcome) for m in done]


async def test_an_accept_is_queued_saved_and_shown_through_the_interface(db_path: Path) -> None:
    with Store.open(db_path) as store:
        first, _ = store_claims(store, document(TEXT), *TEXT.splitlines())
    session = ReviewSession(str(db_path), "ann")
    try:
        view = StandIn(session)
        decisions = DecisionController(view)  # type: ignore[arg-type]
        decisions.accept()
        # The cursor moves on at once; the write is still queued.
        assert view.advanced == [first.id] and decisions.busy
        assert await view.outcomes(decisions) == [True]
        assert not decisions.busy
        assert [r.claim_id for r in view.saved] == [first.id]
        assert session.current(first.id).status is ClaimStatus.ACCEPTED  # type: ignore[union-attr]
    finally:
        session.close()


async def test_a_refused_decision_is_reported_and_the_view_reloaded(db_path: Path) -> None:
    with Store.open(db_path) as store:
        first, _ = store_claims(store, document(TEXT), *TEXT.splitlines())
    session = ReviewSession(str(db_path), "ann")
    try:
        view = StandIn(session)
        decisions = DecisionController(view)  # type: ignore[arg-type]
        # Decided against a version nobody has any more: the store refuses it.
        decisions.decide(Decision(first.id, first.version + 5, ReviewAction.ACCEPT), "accept")
        assert await view.outcomes(decisions) == [False]
        assert any(note.startswith("Not saved:") for note in view.notes)
        assert view.reloaded == [first.id] and view.saved == []
        assert session.current(first.id).status is ClaimStatus.PENDING  # type: ignore[union-attr]
        decisions.discard()
        assert view.notes[-1] == "No decision is waiting for the lock."
    finally:
        session.close()


def test_a_document_moved_by_hand_asks_for_analysis(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store_claims(store, document(TEXT), *TEXT.splitlines())
    session = ReviewSession(str(db_path), "ann")
    try:
        view = StandIn(session)
        queued: list[Job] = []
        analysis = AnalysisController(view, queued.append)  # type: ignore[arg-type]
        analysis.saved(Job("move the document", lambda: None, kind="story"))
        assert [type(m) for m in view.posted] == [AnalysisWanted]
        analysis.saved(Job("accept", lambda: None, kind="decision"))
        assert len(view.posted) == 1  # a decision changes no story
        analysis.conflicts()
        assert view.notes[-1] == "No open conflicts." and queued == []
    finally:
        session.close()
