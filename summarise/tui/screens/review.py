"""The main review screen: the claim list, the current claim, and its document.

Keys apply to the claim on screen when they were pressed: each decision is captured with the
claim and the version the reviewer saw, queued, and the cursor moves on to the next pending
claim at once, so `a a a` accepts three claims in a row without waiting for the disk. The
queue (write_queue.WriteQueue) saves in order off the UI thread, so a database locked by
another process never freezes the keyboard; a decision waiting for the lock shows as
pending-save and is retried until saved or explicitly discarded (`X`).

The screen is composed, not inherited: it draws the claim list, the claim and its document,
moves, filters and leases, and holds two controllers it calls for the keys that write:
`DecisionController` (review_decisions: the write queue and the decision keys) and
`AnalysisController` (review_analysis: conflicts and stories). They see the screen only
through `ReviewView` (review_view); workers report back through messages handled here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

from summarise.models import Claim, Review
from summarise.output.terminal import for_terminal
from summarise.store.leases import LEASE_SECONDS
from summarise.tui.screens.review_analysis import AnalysisController
from summarise.tui.screens.review_bindings import REVIEW_BINDINGS
from summarise.tui.screens.review_decisions import DecisionController, WriteDone, WriteWaiting
from summarise.tui.session import ReviewSession, with_search
from summarise.tui.widgets.claim_detail import ClaimDetail
from summarise.tui.widgets.claim_list import ClaimList
from summarise.tui.widgets.source_view import SourceView
from summarise.tui.widgets.status_bar import StatusBar
from summarise.tui.widgets.status_bar import describe as describe_progress

if TYPE_CHECKING:
    from summarise.tui.write_queue import WriteQueue

# How often to look for commits by other reviewers or a batch (one cheap PRAGMA).
WATCH_SECONDS = 2.0
# How long the cursor rests on a claim before it is leased.
LEASE_AFTER_SECONDS = 0.15


class ReviewScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = REVIEW_BINDINGS
    WriteDone = WriteDone
    WriteWaiting = WriteWaiting

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
        self.decisions = DecisionController(self)
        self.analysis = AnalysisController(self, self.decisions.enqueue)
        self.leased_to: str | None = None
        self._lease_timer: Timer | None = None

    # -- what the controllers own, for the status bar, the tests and the bench -------------

    @property
    def writes(self) -> WriteQueue:
        return self.decisions.writes

    @property
    def busy(self) -> bool:
        """Whether writes are queued or running (tests and the bench wait on this)."""
        return self.decisions.busy

    @property
    def waiting_note(self) -> str:
        return self.decisions.waiting_note

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
        source = self.query_one(SourceView)
        if (
            changed
            or source.document_id != (document.id if document else None)
            or (source.quote != span)
        ):
            # Only when it changed: redrawing it would drop the reviewer's selection.
            source.show(document, span)
        if changed and claim is not None:
            self.leased_to = None
            # Leased once the cursor rests on it: holding `j` down writes no lease per row.
            if self._lease_timer is not None:
                self._lease_timer.stop()
            self._lease_timer = self.set_timer(LEASE_AFTER_SECONDS, self._renew_lease)
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
            notes.append(f"{for_terminal(self.leased_to)} has this claim open")
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

    def reload(
        self, claim_id: str | None = None, index: int | None = None, *, redraw: bool = True
    ) -> None:
        """Re-read everything; keep the cursor on `claim_id` when it is still in the list.
        `redraw` also redraws the current claim when it is the same one (a settlement or a
        story change alters what is shown around it)."""
        self.session.refresh()
        if claim_id is not None:
            found = self.session.index_of(claim_id)
            index = found if found is not None and found < self.session.count() else index
        self.claim_list.reload(index)
        claim = self.session.claim_at(self.claim_list.cursor)
        if redraw and claim is not None and claim == self.claim:
            self.show(claim)

    def analysis_updated(self) -> None:
        """Stories or conflicts were recomputed: redraw the current claim's detail."""
        self.session.forget_stories()
        if self.claim is not None:
            self.show(self.claim)

    def _watch_database(self) -> None:
        if self.busy or not self.session.changed_elsewhere():
            return
        # Another connection committed (a colleague, a batch, or a lease renewal): the rows
        # are re-read; the claim is redrawn only if it changed.
        self.reload(self.cursor_claim_id(), redraw=False)

    def show_saved(self, review: Review) -> None:
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

    def selected_span(self, document_id: str) -> tuple[int, int] | None:
        source = self.query_one(SourceView)
        return source.selected_span() if source.document_id == document_id else None

    # -- writes: the controllers' keys, and the queue's reports -----------------------------

    def action_accept(self) -> None:
        self.decisions.accept()

    def action_reject(self) -> None:
        self.decisions.reject()

    def action_edit(self) -> None:
        self.decisions.edit()

    def action_accept_all(self) -> None:
        self.decisions.accept_all()

    def action_undo(self) -> None:
        self.decisions.undo()

    def action_discard(self) -> None:
        self.decisions.discard()

    def action_conflict(self) -> None:
        self.analysis.conflict()

    def action_conflicts(self) -> None:
        self.analysis.conflicts()

    def action_story(self) -> None:
        self.analysis.story()

    def action_story_view(self) -> None:
        """The story view of the current claim's story (the claim list is one key away)."""
        claim = self.claim_under_cursor()
        story = self.session.story_of(claim.document_id) if claim else None
        if story is None:
            self.notify("No story for this claim yet (stories are being analysed).", markup=False)
            return
        self.open_story(story.id)

    def open_story(self, story_id: int) -> None:
        from summarise.tui.screens.story_view import StoryView

        def back(claim_id: str | None) -> None:
            self.reload(claim_id or self.cursor_claim_id())

        self.app.push_screen(StoryView(self.session, story_id), back)

    def on_write_waiting(self, message: WriteWaiting) -> None:
        self.decisions.waiting(message)

    def on_write_done(self, message: WriteDone) -> None:
        if self.decisions.written(message.outcome):
            self.analysis.saved(message.outcome.job)

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
                f"{for_terminal(message.holder)} has this claim open too; "
                "n goes to one nobody has.",
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

    def advance(self, after: str) -> None:
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
