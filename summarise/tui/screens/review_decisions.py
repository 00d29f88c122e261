"""The review screen's decisions: each key's decision queued with the claim it was typed for,
saved in order off the UI thread by the write queue, and each outcome shown to the reviewer
from one place (`DecisionController.written`).

A plain object the screen holds: it owns the write queue and what is waiting on it (the
draining worker, outcomes not yet handled, the note about a locked database, edit drafts). It
reaches the screen only through the `ReviewView` interface; the queue's reports come back as
WriteDone / WriteWaiting messages, which the screen hands to `written` / `waiting`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message

from summarise.models import Claim, ClaimStatus, Review, ReviewAction
from summarise.output.terminal import for_terminal
from summarise.store import StaleDecision, StoreBusy
from summarise.tui.screens.conflict_overlap import describe as describe_conflicts
from summarise.tui.screens.conflict_overlap import open_conflicts_of, overlap_question
from summarise.tui.screens.reject import RejectChoice, RejectScreen
from summarise.tui.session import Decision
from summarise.tui.write_queue import Job, Outcome, WriteQueue

if TYPE_CHECKING:
    from summarise.tui.screens.edit import EditResult
    from summarise.tui.screens.review_view import ReviewView

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


_DID = {"accept": "accepted", "reject": "rejected", "edit": "edited", "undo": "undid a decision on"}


class DecisionController:
    """Accept, reject, edit, accept all, undo and discard, and the queue they write through.
    Other keys that write (settling a conflict, moving a document) queue through `enqueue`
    too, so every write is saved in key order."""

    def __init__(self, view: ReviewView) -> None:
        self.view = view
        self.session = view.session
        self.writes = WriteQueue(self._report, self._waiting)
        self.drafts: dict[str, str] = {}  # edited text by claim, kept until it is saved
        self.waiting_note = ""  # what waits for the lock, for the status bar
        self._draining = False
        self._unreported = 0  # outcomes posted, not handled yet

    @property
    def busy(self) -> bool:
        """Whether writes are queued or running (tests and the bench wait on this)."""
        return self._draining or bool(self.writes) or self._unreported > 0

    # The queue calls these from its drain (on the event loop): they only post messages.
    def _report(self, outcome: Outcome) -> None:
        self._unreported += 1
        self.view.post_message(WriteDone(outcome))

    def _waiting(self, job: Job, attempt: int, error: StoreBusy) -> None:
        self.view.post_message(WriteWaiting(job, attempt, error))

    # -- queueing ---------------------------------------------------------------------------

    def enqueue(self, job: Job) -> None:
        """Queue a write; start the queue's worker unless it is already running."""
        self.writes.add(job)
        self.view.show_progress()
        if not self._draining:
            self._draining = True
            self.view.run_worker(self._drain(), group="writes", exit_on_error=False)

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
        self.view.advance(decision.claim_id)

    def _why_not(self, job: Job, error: Exception) -> str:
        """A refused write in the reviewer's words: who decided what on that claim first, and
        for a lost edit, that the draft is kept and how to apply it."""
        if not isinstance(error, StaleDecision) or not job.claim_id:
            return for_terminal(str(error))
        claim = self.session.current(job.claim_id)
        last = self.session.last_decision(job.claim_id)
        if claim is None:
            return f"claim {job.claim_id} was deleted before your {job.describe} was saved"
        who = for_terminal(last[0]) if last else "another reviewer"
        did = _DID.get(last[1], "changed") if last else "changed"
        when = f" at {last[2][11:19]}" if last else ""
        said = (
            f"{who} {did} claim {claim.id}{when} (now {claim.status.value}) before your "
            f"{job.describe} was saved"
        )
        if job.kind == "decision" and job.claim_id in self.drafts:
            said += "; your edit is kept: on that claim, e applies it to the claim as it is now"
        return said

    # -- the keys ---------------------------------------------------------------------------

    def accept(self) -> None:
        claim = self.view.claim_under_cursor()
        if claim is None or self._already(claim, ReviewAction.ACCEPT):
            return
        self.decide(Decision(claim.id, claim.version, ReviewAction.ACCEPT), "accept")

    def _already(self, claim: Claim, action: ReviewAction) -> bool:
        """A key asking for the status the claim has: say so, write nothing, move on."""
        if claim.status is not _STATUS_AFTER[action] or claim.id in self.writes.claims():
            return False
        last = self.session.last_decision(claim.id)
        who = f" by {for_terminal(last[0])}" if last else ""
        self.view.notify(f"Already {claim.status.value}{who}; nothing saved.", markup=False)
        self.view.advance(claim.id)
        return True

    def reject(self) -> None:
        claim = self.view.claim_under_cursor()
        if claim is None or self._already(claim, ReviewAction.REJECT):
            return

        # Pushed at once (not from a worker), so a reason typed right behind `r` reaches
        # the dialog instead of the list.
        def rejected(choice: RejectChoice | None) -> None:
            if choice is not None:
                decision = Decision(claim.id, claim.version, ReviewAction.REJECT)
                self.decide(replace(decision, reason=choice.reason), "reject")

        self.view.app.push_screen(RejectScreen(), rejected)

    def edit(self) -> None:
        claim = self.view.claim_under_cursor()
        document = self.session.document(claim.document_id) if claim else None
        if claim is None or document is None:
            if claim is not None:
                self.view.notify(f"The document of claim {claim.id} is missing.", severity="error")
            return
        # The dialogs are imported when first opened: start-up time is part of the interface.
        from summarise.tui.screens.edit import EditScreen

        selected = self.view.selected_span(claim.document_id)

        def edited(result: EditResult | None) -> None:
            if result is None:
                return
            self.drafts[claim.id] = result.text
            for warning in result.warnings:
                self.view.notify(f"Saved, but {warning}.", severity="warning", markup=False)
            version = claim.version
            if result.onto_current:  # warned of a colleague's change: onto the claim now
                now = self.session.current(claim.id)
                version = now.version if now is not None else version
            decision = Decision(claim.id, version, ReviewAction.EDIT)
            self.decide(replace(decision, text=result.text, span=result.span), "edit")

        def changed_by() -> str | None:
            now = self.session.current(claim.id)
            if now is None:
                return "the claim was deleted"
            if now.version == claim.version:
                return None
            last = self.session.last_decision(claim.id)
            who = for_terminal(last[0]) if last else "another reviewer"
            did = _DID.get(last[1], "changed") if last else "changed"
            return f"{who} {did} this claim (now {now.status.value})"

        self.view.app.push_screen(
            EditScreen(
                claim,
                document.text,
                draft=self.drafts.get(claim.id),
                span=selected,
                changed_by=changed_by,
            ),
            edited,
        )

    def accept_all(self) -> None:
        # A worker: the confirmation dialog is awaited.
        self.view.run_worker(self._accept_all(), group="dialogs", exit_on_error=False)

    async def _accept_all(self) -> None:
        from summarise.tui.screens.confirm import ConfirmScreen

        claim = self.view.claim_under_cursor()
        narrowed = replace(self.session.filter, split=None) != type(self.session.filter)()
        document_id = None if narrowed or claim is None else claim.document_id
        queued = self.writes.claims()
        claims = [c for c in self.session.pending_claims(document_id) if c[0] not in queued]
        if not claims:
            self.view.notify("No pending claims to accept here.", markup=False)
            return
        where = "in the filtered list" if document_id is None else "of this document"
        if document_id is not None:
            where += f" ({for_terminal(self.session.label(document_id))})"
        # A claim in an open conflict is never accepted in bulk without saying so: it stays
        # pending for the conflict to be settled (c), and the question names the conflicts.
        caught, conflicts = open_conflicts_of(self.session, (c[0] for c in claims))
        if caught and len(caught) == len(claims):
            self.view.notify(
                f"All {len(claims)} pending claim(s) {where} are in open conflicts "
                f"({describe_conflicts(conflicts)}): settle them with c.",
                markup=False,
            )
            return
        if caught:
            claims = [c for c in claims if c[0] not in caught]
            question = overlap_question(
                f"Accept {len(claims)} pending claim(s) {where}?",
                caught,
                conflicts,
                "Those stay pending, for their conflict to be settled (c).",
            )
        else:
            question = Text(f"Accept {len(claims)} pending claim(s) {where}?", style="bold")
        question.append("\nOne undoable action: u takes all of them back.", style="dim")
        if not await self.view.app.push_screen_wait(ConfirmScreen(question)):
            return
        label = f"accept {len(claims)} claims {where}"
        self.enqueue(Job(label, lambda: self.session.accept_all(claims, label)))

    def undo(self) -> None:
        self.enqueue(Job("undo", self.session.undo, kind="undo"))

    def discard(self) -> None:
        job = self.writes.discard_blocked()
        if job is None:
            self.view.notify("No decision is waiting for the lock.", markup=False)

    # -- outcomes ---------------------------------------------------------------------------

    def waiting(self, message: WriteWaiting) -> None:
        self.waiting_note = (
            f"{message.job.describe} waiting for the lock (try {message.attempt}; X discards)"
        )
        if message.attempt == 1:
            self.view.notify(
                f"{message.error}. Retrying by itself.", severity="warning", markup=False
            )
        self.view.show_progress()

    def written(self, outcome: Outcome) -> bool:
        """The one place a write's outcome becomes what the reviewer sees. True when it was
        saved (the screen then lets the other keys' owner say what it means)."""
        self._unreported -= 1
        job = outcome.job
        self.waiting_note = ""
        if outcome.error is None:
            self.drafts.pop(job.claim_id or "", None)
            unit = outcome.result if job.kind == "undo" else None
            if job.kind == "undo":
                if unit is None:
                    self.view.notify("Nothing to undo.", markup=False)
                else:
                    self.view.notify(f"Undone: {unit.label}.", markup=False)  # type: ignore[attr-defined]
            if job.kind == "decision" and isinstance(outcome.result, Review):
                self.view.show_saved(outcome.result)
            else:
                after = getattr(unit, "claim_id", None)
                self.view.reload(after or self.view.cursor_claim_id())
            return True
        if isinstance(outcome.error, StoreBusy):
            self.view.notify(
                f"Discarded, not saved: {job.describe}.", severity="warning", markup=False
            )
            self.view.show_progress()
            return False
        dropped = len(outcome.dropped)
        more = f" {dropped} key(s) typed after it for that claim dropped." if dropped else ""
        verb = {"undo": "Not undone", "settlement": "Not settled, nothing changed"}.get(
            job.kind, "Not saved"
        )
        self.view.notify(
            f"{verb}: {self._why_not(job, outcome.error)}.{more}",
            severity="error",
            timeout=12,
            markup=False,
        )
        if job.kind == "undo":
            claim_id = getattr(outcome.error, "claim_id", None)
            if claim_id:
                self.session.drop_undo_of(claim_id)
        self.view.reload(self.view.cursor_claim_id())
        return False
