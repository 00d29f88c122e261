"""The review screen's writes: each key's decision queued with the claim it was typed for,
saved in order off the UI thread by the write queue, and each outcome shown to the reviewer
from one place (`on_write_done`).

ReviewScreen's base class, kept apart so each file has one job.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.message import Message

from summarise.models import Claim, ClaimStatus, Review, ReviewAction
from summarise.output.terminal import for_terminal
from summarise.store import StoreBusy
from summarise.tui.screens.reject import RejectChoice, RejectScreen
from summarise.tui.screens.review_analysis import AnalysisActions
from summarise.tui.session import Decision
from summarise.tui.widgets.source_view import SourceView
from summarise.tui.write_queue import Job, Outcome, WriteQueue

if TYPE_CHECKING:
    from summarise.tui.screens.edit import EditResult
    from summarise.tui.widgets.claim_list import ClaimList

_STATUS_AFTER = {
    ReviewAction.ACCEPT: ClaimStatus.ACCEPTED,
    ReviewAction.REJECT: ClaimStatus.REJECTED,
}


class WriteDone(Message, bubble=False):
    """A queued write was saved, refused or discarded."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__()
        self.outcome = outcome


class WriteWaiting(Message, bubble=False):
    """A queued write found the database locked and will be retried."""

    def __init__(self, job: Job, attempt: int, error: StoreBusy) -> None:
        super().__init__()
        self.job = job
        self.attempt = attempt
        self.error = error


class DecisionActions(AnalysisActions):
    WriteDone = WriteDone
    WriteWaiting = WriteWaiting
    writes: WriteQueue
    drafts: dict[str, str]
    waiting_note: str
    _draining: bool
    _unreported: int

    @property
    def claim_list(self) -> ClaimList:
        raise NotImplementedError

    def show(self, claim: Claim | None) -> None:
        raise NotImplementedError

    def show_progress(self, note: str = "") -> None:
        raise NotImplementedError

    def reload(self, claim_id: str | None = None, index: int | None = None) -> None:
        raise NotImplementedError

    def cursor_claim_id(self) -> str | None:
        raise NotImplementedError

    def _advance(self, after: str) -> None:
        raise NotImplementedError

    @property
    def busy(self) -> bool:
        """Whether writes are queued or running (tests and the bench wait on this)."""
        return self._draining or bool(self.writes) or self._unreported > 0

    def _report(self, outcome: Outcome) -> None:
        self._unreported += 1
        self.post_message(WriteDone(outcome))

    def _waiting(self, job: Job, attempt: int, error: StoreBusy) -> None:
        self.post_message(WriteWaiting(job, attempt, error))

    # -- deciding ---------------------------------------------------------------------------

    def enqueue(self, job: Job) -> None:
        """Queue a write; start the queue's worker unless it is already running."""
        self.writes.add(job)
        self.show_progress()
        if not self._draining:
            self._draining = True
            self._drain()

    @work(group="writes", exit_on_error=False)
    async def _drain(self) -> None:
        try:
            await self.writes.drain()
        finally:
            # No await between the queue's last check and this: a job added after it
            # starts a new drain.
            self._draining = False

    def decide(self, decision: Decision, describe: str) -> None:
        self.enqueue(
            Job(
                describe,
                lambda: self.session.decide(decision),
                claim_id=decision.claim_id,
                kind="decision",
            )
        )
        self._advance(decision.claim_id)

    def action_accept(self) -> None:
        claim = self.claim_under_cursor()
        if claim is None or self._already(claim, ReviewAction.ACCEPT):
            return
        self.decide(Decision(claim.id, claim.version, ReviewAction.ACCEPT), "accept")

    def _already(self, claim: Claim, action: ReviewAction) -> bool:
        """A key asking for the status the claim has: say so, write nothing, move on."""
        if claim.status is not _STATUS_AFTER[action] or claim.id in self.writes.claims():
            return False
        last = self.session.last_decision(claim.id)
        who = f" by {last[0]}" if last else ""
        self.notify(f"Already {claim.status.value}{who}; nothing saved.", markup=False)
        self._advance(claim.id)
        return True

    def action_reject(self) -> None:
        claim = self.claim_under_cursor()
        if claim is None or self._already(claim, ReviewAction.REJECT):
            return

        # Pushed at once (not from a worker), so a reason typed right behind `r` reaches
        # the dialog instead of the list.
        def rejected(choice: RejectChoice | None) -> None:
            if choice is not None:
                decision = Decision(claim.id, claim.version, ReviewAction.REJECT)
                self.decide(replace(decision, reason=choice.reason), "reject")

        self.app.push_screen(RejectScreen(), rejected)

    def action_edit(self) -> None:
        claim = self.claim_under_cursor()
        document = self.session.document(claim.document_id) if claim else None
        if claim is None or document is None:
            if claim is not None:
                self.notify(f"The document of claim {claim.id} is missing.", severity="error")
            return
        # The dialogs are imported when first opened: start-up time is part of the interface.
        from summarise.tui.screens.edit import EditScreen

        source = self.query_one(SourceView)
        selected = source.selected_span() if source.document_id == claim.document_id else None

        def edited(result: EditResult | None) -> None:
            if result is None:
                return
            self.drafts[claim.id] = result.text
            for warning in result.warnings:
                self.notify(f"Saved, but {warning}.", severity="warning", markup=False)
            decision = Decision(claim.id, claim.version, ReviewAction.EDIT)
            self.decide(replace(decision, text=result.text, span=result.span), "edit")

        self.app.push_screen(
            EditScreen(claim, document.text, draft=self.drafts.get(claim.id), span=selected),
            edited,
        )

    @work(group="dialogs", exit_on_error=False)
    async def action_accept_all(self) -> None:
        from summarise.tui.screens.confirm import ConfirmScreen

        claim = self.claim_under_cursor()
        narrowed = replace(self.session.filter, split=None) != type(self.session.filter)()
        document_id = None if narrowed or claim is None else claim.document_id
        queued = self.writes.claims()
        claims = [c for c in self.session.pending_claims(document_id) if c[0] not in queued]
        if not claims:
            self.notify("No pending claims to accept here.", markup=False)
            return
        where = "in the filtered list" if document_id is None else "of this document"
        if document_id is not None:
            where += f" ({for_terminal(self.session.label(document_id))})"
        question = Text(f"Accept {len(claims)} pending claim(s) {where}?", style="bold")
        question.append("\nOne undoable action: u takes all of them back.", style="dim")
        if not await self.app.push_screen_wait(ConfirmScreen(question)):
            return
        label = f"accept {len(claims)} claims {where}"
        self.enqueue(Job(label, lambda: self.session.accept_all(claims, label)))

    def action_undo(self) -> None:
        self.enqueue(Job("undo", self.session.undo, kind="undo"))

    def action_discard(self) -> None:
        job = self.writes.discard_blocked()
        if job is None:
            self.notify("No decision is waiting for the lock.", markup=False)

    def on_write_waiting(self, message: WriteWaiting) -> None:
        self.waiting_note = (
            f"{message.job.describe} waiting for the lock (try {message.attempt}; X discards)"
        )
        if message.attempt == 1:
            self.notify(f"{message.error}. Retrying by itself.", severity="warning", markup=False)
        self.show_progress()

    def on_write_done(self, message: WriteDone) -> None:
        """The one place a write's outcome becomes what the reviewer sees."""
        self._unreported -= 1
        outcome = message.outcome
        job = outcome.job
        self.waiting_note = ""
        if outcome.error is None:
            self.drafts.pop(job.claim_id or "", None)
            unit = outcome.result if job.kind == "undo" else None
            if job.kind == "undo":
                if unit is None:
                    self.notify("Nothing to undo.", markup=False)
                else:
                    self.notify(f"Undone: {unit.label}.", markup=False)  # type: ignore[attr-defined]
            if job.kind == "decision" and isinstance(outcome.result, Review):
                self._saved(outcome.result)
            else:
                after = getattr(unit, "claim_id", None)
                self.reload(after or self.cursor_claim_id())
            self.after_write(job)
            return
        if isinstance(outcome.error, StoreBusy):
            self.notify(f"Discarded, not saved: {job.describe}.", severity="warning", markup=False)
            self.show_progress()
            return
        dropped = len(outcome.dropped)
        more = f" {dropped} key(s) typed after it for that claim dropped." if dropped else ""
        verb = {"undo": "Not undone", "settlement": "Not settled, nothing changed"}.get(
            job.kind, "Not saved"
        )
        self.notify(
            f"{verb}: {outcome.error}.{more} The view shows the claim as it is now.",
            severity="error",
            timeout=8,
            markup=False,
        )
        if job.kind == "undo":
            claim_id = getattr(outcome.error, "claim_id", None)
            if claim_id:
                self.session.drop_undo_of(claim_id)
        self.reload(self.cursor_claim_id())

    def _saved(self, review: Review) -> None:
        """A decision of ours is in: update the rows in memory rather than re-read all."""
        dropped = self.session.note_own_decision(review)
        if dropped is not None:
            cursor = self.claim_list.cursor
            if dropped < 0:  # not in memory: find the current claim again
                keep = self.claim.id if self.claim else None
                found = self.session.index_of(keep) if keep else None
                cursor = found if found is not None else cursor
            elif dropped < cursor:
                cursor -= 1
            self.claim_list.reload(cursor)
            return
        if self.claim is not None and self.claim.id == review.claim_id:
            self.show(self.session.claim_at(self.claim_list.cursor))
        else:
            self.show_progress()
        self.claim_list.refresh()
