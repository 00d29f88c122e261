"""The main review screen: the claim list, the current claim, and its document.

Keys apply to the claim on screen when they were pressed: each decision is captured with the
claim and the version the reviewer saw, queued, and the cursor moves on to the next pending
claim at once, so `a a a` accepts three claims in a row without waiting for the disk. The
queue (write_queue.WriteQueue) saves in order off the UI thread, so a database locked by
another process never freezes the keyboard; a decision waiting for the lock shows as
pending-save and is retried until saved or explicitly discarded (`X`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Footer

from summarise.models import Claim, ClaimStatus, Review, ReviewAction
from summarise.output.terminal import for_terminal
from summarise.store import StoreBusy
from summarise.store.leases import LEASE_SECONDS
from summarise.tui.screens.reject import RejectChoice, RejectScreen
from summarise.tui.screens.review_analysis import AnalysisActions
from summarise.tui.session import Decision, ReviewSession, with_search
from summarise.tui.widgets.claim_detail import ClaimDetail
from summarise.tui.widgets.claim_list import ClaimList
from summarise.tui.widgets.source_view import SourceView
from summarise.tui.widgets.status_bar import StatusBar
from summarise.tui.widgets.status_bar import describe as describe_progress
from summarise.tui.write_queue import Job, Outcome, WriteQueue

if TYPE_CHECKING:
    from summarise.tui.screens.edit import EditResult

# How often to look for commits by other reviewers or a batch (one cheap PRAGMA).
WATCH_SECONDS = 2.0

_STATUS_AFTER = {
    ReviewAction.ACCEPT: ClaimStatus.ACCEPTED,
    ReviewAction.REJECT: ClaimStatus.REJECTED,
}


class ReviewScreen(AnalysisActions):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "Accept", tooltip="Accept the claim", id="review.accept"),
        Binding(
            "r",
            "reject",
            "Reject",
            tooltip="Reject the claim (one more key: why)",
            id="review.reject",
        ),
        Binding(
            "e", "edit", "Edit", tooltip="Edit the claim text (saving accepts)", id="review.edit"
        ),
        Binding(
            "u",
            "undo",
            "Undo",
            tooltip="Undo your last action (a settlement or a bulk accept as a whole)",
            id="review.undo",
        ),
        Binding(
            "n",
            "next_pending",
            "Next",
            tooltip="Next pending claim nobody else has open",
            id="review.next",
        ),
        Binding("question_mark", "help", "Help", tooltip="Every key", id="review.help"),
        Binding(
            "q",
            "app.quit",
            "Quit",
            tooltip="Quit (every decision is already saved)",
            id="review.quit",
        ),
        Binding(
            "slash", "search", "Search", tooltip="Search the claims by words", id="review.search"
        ),
        Binding(
            "f",
            "filter",
            "Filter",
            tooltip="Filter by status, kind, document or story",
            id="review.filter",
        ),
        Binding(
            "c",
            "conflict",
            "Conflict",
            tooltip="Settle this claim's conflict",
            id="review.conflict",
        ),
        Binding(
            "C", "conflicts", "Conflicts", tooltip="List the open conflicts", id="review.conflicts"
        ),
        Binding(
            "s", "story", "Story", tooltip="Move the document / rename its story", id="review.story"
        ),
        Binding(
            "d",
            "toggle_document",
            "Doc",
            show=False,
            tooltip="Document pane / list (arrows then scroll the document)",
            id="review.focus",
        ),
        Binding(
            "A",
            "accept_all",
            "Accept all",
            show=False,
            tooltip="Accept all pending claims of this document or filtered list",
            id="review.accept_all",
        ),
        Binding("j", "move(1)", "Down", show=False, tooltip="Next claim", id="review.down"),
        Binding("k", "move(-1)", "Up", show=False, tooltip="Previous claim", id="review.up"),
        Binding(
            "J",
            "scroll_detail(1)",
            "Scroll claim",
            show=False,
            tooltip="Scroll the claim pane down",
            id="review.detail_down",
        ),
        Binding(
            "K",
            "scroll_detail(-1)",
            "Scroll claim up",
            show=False,
            tooltip="Scroll the claim pane up",
            id="review.detail_up",
        ),
        Binding(
            "X",
            "discard",
            "Discard",
            show=False,
            tooltip="Discard the decision waiting for the lock",
            id="review.discard",
        ),
        Binding(
            "ctrl+l",
            "reload",
            "Reload",
            show=False,
            tooltip="Reload from the database",
            id="review.reload",
        ),
    ]

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

    class LeaseHeld(Message, bubble=False):
        """Another reviewer has the claim shown here open."""

        def __init__(self, claim_id: str, holder: str) -> None:
            super().__init__()
            self.claim_id = claim_id
            self.holder = holder

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session
        self.claim: Claim | None = None
        self.drafts: dict[str, str] = {}
        self.writes = WriteQueue(
            self._report,
            lambda job, attempt, exc: self.post_message(self.WriteWaiting(job, attempt, exc)),
        )
        self._draining = False
        self._unreported = 0  # outcomes posted, not handled yet
        self.waiting_note = ""
        self.leased_to: str | None = None
        self.held_by: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield ClaimList(self.session, id="claims")
        with Horizontal(id="panes"):
            with VerticalScroll(id="detail-pane"):
                yield ClaimDetail(id="detail")
            with Vertical(id="source-pane"):
                yield SourceView(id="source")
        yield Footer()

    @property
    def claim_list(self) -> ClaimList:
        return self.query_one(ClaimList)

    @property
    def busy(self) -> bool:
        """Whether writes are queued or running (tests and the bench wait on this)."""
        return self._draining or bool(self.writes) or self._unreported > 0

    def _report(self, outcome: Outcome) -> None:
        self._unreported += 1
        self.post_message(self.WriteDone(outcome))

    def claim_under_cursor(self) -> Claim | None:
        """The claim a key acts on: the one at the cursor when the key is handled."""
        claim = self.session.claim_at(self.claim_list.cursor)
        if claim is not None and (self.claim is None or self.claim.id != claim.id):
            self.show(claim)
        return claim

    def on_mount(self) -> None:
        self.claim_list.focus()
        resume = self.session.resume_index()
        after = self.session.claim_at(resume) if resume is not None else None
        first = self.session.next_pending_index(after.id if after else None)
        self.claim_list.reload(first if first is not None else (resume or 0))
        self.set_interval(WATCH_SECONDS, self._watch_database)
        self.set_interval(LEASE_SECONDS / 3, self._renew_lease)

    def on_unmount(self) -> None:
        self.session.release_lease()

    # -- showing ----------------------------------------------------------------------------

    def on_claim_list_moved(self, message: ClaimList.Moved) -> None:
        claim = self.session.claim_at(message.index)
        if claim is not None and claim == self.claim:
            self.show_progress()  # the same claim, unchanged: nothing else to redraw
        else:
            self.show(claim)

    def show(self, claim: Claim | None) -> None:
        changed = claim is None or self.claim is None or self.claim.id != claim.id
        self.claim = claim
        label = self.session.label(claim.document_id) if claim else ""
        self.query_one(ClaimDetail).show(
            claim,
            label,
            conflicts=self.session.open_conflicts(claim.id) if claim else (),
            story=self.session.story_of(claim.document_id) if claim else None,
            last=self.session.last_decision(claim.id) if claim else None,
        )
        document = self.session.document(claim.document_id) if claim else None
        span = (claim.quote_start, claim.quote_end) if claim else None
        self.query_one(SourceView).show(document, span)
        if changed and claim is not None:
            self.leased_to = None
            self._take_lease(claim.id)
        self.show_progress()

    def show_progress(self, note: str = "") -> None:
        claim = self.claim
        progress = self.session.progress(claim.document_id if claim else None)
        where = self.session.filter
        label = self.session.label(where.document_id) if where.document_id else ""
        story = self.session.story(where.story_id) if where.story_id is not None else None
        current = self.session.story_of(claim.document_id) if claim else None
        notes = [note] if note else []
        if self.waiting_note:
            notes.append(self.waiting_note)
        elif self.writes:
            notes.append(f"saving {len(self.writes)}…")
        if self.leased_to and claim is not None:
            notes.append(f"{self.leased_to} has this claim open")
        made, rate = self.session.rate()
        notes.append(f"you: {made}" + (f" ({rate:.0f}/h)" if rate is not None else ""))
        self.query_one(StatusBar).show(
            describe_progress(
                progress,
                where,
                label,
                " · ".join(notes),
                story.label if story else "",
                current.label if current else "",
            )
        )

    def cursor_claim_id(self) -> str | None:
        """The claim at the cursor now (the one shown may lag a move by a message)."""
        claim = self.session.claim_at(self.claim_list.cursor)
        return claim.id if claim else None

    def reload(self, claim_id: str | None = None, index: int | None = None) -> None:
        """Re-read everything; keep the cursor on `claim_id` when it is still in the list."""
        self.session.refresh()
        if claim_id is not None:
            found = self.session.index_of(claim_id)
            index = found if found is not None and found < self.session.count() else index
        self.claim_list.reload(index)
        claim = self.session.claim_at(self.claim_list.cursor)
        if claim is not None and claim == self.claim:
            # The same claim: Moved will not redraw it, but its story or conflicts may differ.
            self.show(claim)

    def analysis_updated(self) -> None:
        """Stories or conflicts were recomputed: redraw the current claim's detail."""
        self.session.forget_stories()
        if self.claim is not None:
            self.show(self.claim)

    def _watch_database(self) -> None:
        if self.busy or not self.session.changed_elsewhere():
            return
        self.reload(self.cursor_claim_id())

    # -- leases -----------------------------------------------------------------------------

    def _renew_lease(self) -> None:
        if self.claim is not None:
            self._take_lease(self.claim.id)

    @work(thread=True, exclusive=True, group="lease", exit_on_error=False)
    def _take_lease(self, claim_id: str) -> None:
        holder = self.session.lease(claim_id)
        if holder is not None:
            self.post_message(self.LeaseHeld(claim_id, holder))

    def on_review_screen_lease_held(self, message: LeaseHeld) -> None:
        if self.claim is None or self.claim.id != message.claim_id:
            return
        if self.leased_to != message.holder:
            self.notify(
                f"{message.holder} has this claim open too; n goes to one nobody has.",
                severity="warning",
                markup=False,
            )
        self.leased_to = message.holder
        self.show_progress()

    # -- moving -----------------------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        self.claim_list.move(delta)

    def action_scroll_detail(self, delta: int) -> None:
        self.query_one("#detail-pane", VerticalScroll).scroll_relative(y=delta * 3, animate=False)

    def action_next_pending(self) -> None:
        claim = self.claim_under_cursor()
        index = self.session.next_pending_index(
            claim.id if claim else None, skip=self.writes.claims()
        )
        if index is None:
            self.notify("No pending claims here that nobody else has open.", markup=False)
            return
        self.claim_list.cursor = index
        others = self.session.leased_by_others()
        if others:
            self.notify(f"Passing over {others} claim(s) others have open.", markup=False)

    def action_toggle_document(self) -> None:
        source = self.query_one(SourceView)
        if source.has_focus:
            self.claim_list.focus()
        else:
            source.focus()

    def _advance(self, after: str) -> None:
        """On to the next pending claim after `after`, not waiting for its save."""
        skip = self.writes.claims()
        here = self.claim_list.cursor
        shown = self.session.claim_at(here)
        if shown is not None and shown.id == after:
            index = self.session.next_pending_near(here, skip)
        else:
            index = self.session.next_pending_index(after, skip)
        if index is None:
            self.notify("No pending claims left in this view.", markup=False)
        else:
            self.claim_list.cursor = index

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

    def on_review_screen_write_waiting(self, message: WriteWaiting) -> None:
        self.waiting_note = (
            f"{message.job.describe} waiting for the lock (try {message.attempt}; X discards)"
        )
        if message.attempt == 1:
            self.notify(f"{message.error}. Retrying by itself.", severity="warning", markup=False)
        self.show_progress()

    def on_review_screen_write_done(self, message: WriteDone) -> None:
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

    # -- finding ----------------------------------------------------------------------------

    def action_search(self) -> None:
        from summarise.tui.screens.search import SearchScreen

        def searched(text: str | None) -> None:
            if text is not None:
                self._apply_filter(with_search(self.session.filter, text))

        self.app.push_screen(SearchScreen(self.session.filter.search), searched)

    def action_filter(self) -> None:
        from summarise.tui.screens.filter import FilterScreen

        def filtered(where: object) -> None:
            if where is not None:
                self._apply_filter(where)  # type: ignore[arg-type]

        self.app.push_screen(
            FilterScreen(
                self.session.filter,
                self.session.document_choices(),
                [(f"#{s.id} {s.label}", str(s.id)) for s in self.session.stories().values()],
            ),
            filtered,
        )

    def _apply_filter(self, where) -> None:  # type: ignore[no-untyped-def]
        keep = self.claim.id if self.claim else None
        self.session.set_filter(where)
        found = self.session.index_of(keep) if keep else None
        if found is not None and found < self.session.count():
            # Still in view only if the filter kept it: position_of counts, it does not test.
            claim = self.session.claim_at(found)
            if claim is None or claim.id != keep:
                found = None
        self.claim_list.reload(found if found is not None else 0)
        if self.session.count() == 0:
            self.notify("No claims match this filter.", markup=False)

    def action_reload(self) -> None:
        self.reload(self.cursor_claim_id())

    def action_help(self) -> None:
        from summarise.tui.keymap import key_sections
        from summarise.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(key_sections(self.BINDINGS)))
