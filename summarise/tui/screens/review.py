"""The main review screen: the claim list, the current claim, its source; one key per decision.

Decisions run off the UI thread (a locked database must not freeze the keyboard) one at a
time, in the order the keys were pressed: each key acts on the claim shown when its turn
comes, so typing `a a a` accepts three claims in a row.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer

from summarise.models import Claim, ReviewAction
from summarise.store import InvalidDecision, StaleDecision, StoreBusy, StoreError
from summarise.tui.keymap import key_sections
from summarise.tui.screens.edit import EditResult, EditScreen
from summarise.tui.screens.filter import FilterScreen
from summarise.tui.screens.help import HelpScreen
from summarise.tui.screens.reject import RejectChoice, RejectScreen
from summarise.tui.screens.review_analysis import AnalysisActions
from summarise.tui.screens.search import SearchScreen
from summarise.tui.session import Decision, ReviewSession, with_search
from summarise.tui.widgets.claim_detail import ClaimDetail
from summarise.tui.widgets.claim_list import ClaimList
from summarise.tui.widgets.source_view import SourceView
from summarise.tui.widgets.status_bar import StatusBar
from summarise.tui.widgets.status_bar import describe as describe_progress

# How often to look for commits by other reviewers or a batch (one cheap PRAGMA).
WATCH_SECONDS = 2.0


class ReviewScreen(AnalysisActions):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", "Accept", id="review.accept"),
        Binding("r", "reject", "Reject", id="review.reject"),
        Binding("e", "edit", "Edit", id="review.edit"),
        Binding("u", "undo", "Undo", id="review.undo"),
        Binding("n", "next_pending", "Next pending", id="review.next"),
        Binding("j", "move(1)", "Down", show=False, id="review.down"),
        Binding("k", "move(-1)", "Up", show=False, id="review.up"),
        Binding("slash", "search", "Search", id="review.search"),
        Binding("f", "filter", "Filter", id="review.filter"),
        Binding("c", "conflict", "Settle this claim's conflict", show=False, id="review.conflict"),
        Binding("C", "conflicts", "List the open conflicts", show=False, id="review.conflicts"),
        Binding(
            "s", "story", "Move the document / rename its story", show=False, id="review.story"
        ),
        Binding("d", "toggle_document", "Document pane / list", show=False, id="review.focus"),
        Binding("R", "retry", "Retry a save the lock refused", show=False, id="review.retry"),
        Binding("ctrl+l", "reload", "Reload from the database", show=False, id="review.reload"),
        Binding("question_mark", "help", "Help", id="review.help"),
        Binding("q", "app.quit", "Quit", id="review.quit"),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session
        self.claim: Claim | None = None
        self.saving = False
        self.failed: Decision | None = None
        self.drafts: dict[str, str] = {}
        self._lock = asyncio.Lock()

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
        """The claim a key acts on: the one at the cursor now, even when keys were typed
        ahead of the screen catching up with the last move."""
        claim = self.session.claim_at(self.claim_list.cursor)
        if claim is not None and (self.claim is None or self.claim.id != claim.id):
            self.show(claim)
        return claim

    def on_mount(self) -> None:
        self.claim_list.focus()
        first = self.session.next_pending_index(None)
        self.claim_list.reload(first or 0)
        self.set_interval(WATCH_SECONDS, self._watch_database)

    # -- showing ----------------------------------------------------------------------------

    def on_claim_list_moved(self, message: ClaimList.Moved) -> None:
        self.show(self.session.claim_at(message.index))

    def show(self, claim: Claim | None) -> None:
        self.claim = claim
        label = self.session.label(claim.document_id) if claim else ""
        self.query_one(ClaimDetail).show(
            claim,
            PurePath(label).name,
            conflicts=self.session.open_conflicts(claim.id) if claim else (),
            story=self.session.story_of(claim.document_id) if claim else None,
        )
        document = self.session.document(claim.document_id) if claim else None
        span = (claim.quote_start, claim.quote_end) if claim else None
        self.query_one(SourceView).show(document, span)
        self.show_progress()

    def show_progress(self, note: str = "") -> None:
        claim = self.claim
        progress = self.session.progress(claim.document_id if claim else None)
        where = self.session.filter
        label = PurePath(self.session.label(where.document_id)).name if where.document_id else ""
        story = self.session.story(where.story_id) if where.story_id is not None else None
        current = self.session.story_of(claim.document_id) if claim else None
        if self.failed and not note:
            note = "unsaved decision: R retries"
        self.query_one(StatusBar).show(
            describe_progress(
                progress,
                where,
                label,
                note,
                story.label if story else "",
                current.label if current else "",
            )
        )

    def reload(self, claim_id: str | None = None, index: int | None = None) -> None:
        """Re-read everything; keep the cursor on `claim_id` when it is still in the list."""
        self.session.refresh()
        if claim_id is not None:
            found = self.session.index_of(claim_id)
            index = found if found is not None and found < self.session.count() else index
        self.claim_list.reload(index)

    def analysis_updated(self) -> None:
        """Stories or conflicts were recomputed. Claims are untouched, so only the current
        claim's detail is redrawn, and not under a decision in flight (its own reload will)."""
        self.session.forget_stories()
        if not self.saving and not self._lock.locked() and self.claim is not None:
            self.show(self.claim)

    def _watch_database(self) -> None:
        if self.saving or not self.session.changed_elsewhere():
            return
        self.reload(self.claim.id if self.claim else None)

    # -- moving -----------------------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        self.claim_list.move(delta)

    def action_next_pending(self) -> None:
        claim = self.claim_under_cursor()
        index = self.session.next_pending_index(claim.id if claim else None)
        if index is None:
            self.notify("No pending claims here.", markup=False)
        else:
            self.claim_list.cursor = index

    def action_toggle_document(self) -> None:
        source = self.query_one(SourceView)
        if source.has_focus:
            self.claim_list.focus()
        else:
            source.focus()

    # -- deciding ---------------------------------------------------------------------------

    async def action_accept(self) -> None:
        async with self._lock:
            claim = self.claim_under_cursor()
            if claim is not None:
                await self._commit(Decision(claim.id, claim.version, ReviewAction.ACCEPT))

    async def action_reject(self) -> None:
        # The lock is held from the key to the commit, so keys typed behind `r 2` wait for
        # the rejection instead of overtaking it.
        await self._lock.acquire()
        claim = self.claim_under_cursor()
        if claim is None:
            self._lock.release()
            return

        async def rejected(choice: RejectChoice | None) -> None:
            try:
                if choice is not None:
                    decision = Decision(claim.id, claim.version, ReviewAction.REJECT)
                    await self._commit(replace(decision, reason=choice.reason))
            finally:
                self._lock.release()

        self.app.push_screen(RejectScreen(), rejected)

    async def action_edit(self) -> None:
        await self._lock.acquire()
        claim = self.claim_under_cursor()
        document = self.session.document(claim.document_id) if claim else None
        if claim is None or document is None:
            self._lock.release()
            if claim is not None:
                self.notify(f"The document of claim {claim.id} is missing.", severity="error")
            return
        source = self.query_one(SourceView)
        selected = source.selected_span() if source.document_id == claim.document_id else None

        async def edited(result: EditResult | None) -> None:
            try:
                if result is None:
                    return
                self.drafts[claim.id] = result.text
                for warning in result.warnings:
                    self.notify(f"Saved, but {warning}.", severity="warning", markup=False)
                decision = Decision(claim.id, claim.version, ReviewAction.EDIT)
                await self._commit(replace(decision, text=result.text, span=result.span))
            finally:
                self._lock.release()

        self.app.push_screen(
            EditScreen(claim, document.text, draft=self.drafts.get(claim.id), span=selected),
            edited,
        )

    async def action_retry(self) -> None:
        async with self._lock:
            if self.failed is None:
                self.notify("Nothing to retry.", markup=False)
                return
            await self._commit(self.failed)

    async def _commit(self, decision: Decision) -> None:
        """Save one decision, then move on to the next pending claim; explain any refusal."""
        self.saving = True
        try:
            await asyncio.to_thread(self.session.decide, decision)
        except StaleDecision as exc:
            self.failed = None
            self.notify(
                f"Not saved: {exc}. Someone else decided it; the view now shows it as it "
                "is, so decide again.",
                severity="error",
                timeout=8,
                markup=False,
            )
            self.reload(decision.claim_id)
            return
        except StoreBusy as exc:
            # Kept whole (edited text included), so R retries exactly what was asked.
            self.failed = decision
            self.notify(f"{exc}. Press R to retry.", severity="error", timeout=8, markup=False)
            self.show_progress()
            return
        except (InvalidDecision, StoreError) as exc:
            self.failed = None
            self.notify(f"Not saved: {exc}", severity="error", timeout=8, markup=False)
            self.reload(decision.claim_id)
            return
        finally:
            self.saving = False
        self.failed = None
        self.drafts.pop(decision.claim_id, None)
        self.reload()
        self._go_to_next_pending(decision.claim_id)

    def _go_to_next_pending(self, after: str) -> None:
        index = self.session.next_pending_index(after)
        if index is None:
            here = self.session.index_of(after)
            self.claim_list.reload(here if here is not None else self.claim_list.cursor)
            self.notify("No pending claims left in this view.", markup=False)
        else:
            self.claim_list.reload(index)

    async def action_undo(self) -> None:
        async with self._lock:
            self.saving = True
            try:
                review = await asyncio.to_thread(self.session.undo)
            except StaleDecision as exc:
                self.session.drop_undo_of(exc.claim_id)
                self.notify(
                    f"Not undone: someone else has decided claim {exc.claim_id} since.",
                    severity="error",
                    markup=False,
                )
                self.reload(exc.claim_id)
                return
            except (InvalidDecision, StoreError) as exc:
                self.notify(f"Not undone: {exc}", severity="error", markup=False)
                return
            finally:
                self.saving = False
            if review is None:
                self.notify("Nothing to undo.", markup=False)
                return
            self.notify(
                f"Undone: claim is {review.status_after.value} again.",
                markup=False,
            )
            self.reload(review.claim_id)

    # -- finding ----------------------------------------------------------------------------

    def action_search(self) -> None:
        def searched(text: str | None) -> None:
            if text is not None:
                self._apply_filter(with_search(self.session.filter, text))

        self.app.push_screen(SearchScreen(self.session.filter.search), searched)

    def action_filter(self) -> None:
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
        self.reload(self.claim.id if self.claim else None)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(key_sections(self.BINDINGS)))
