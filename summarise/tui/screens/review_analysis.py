"""The review screen's conflict and story keys: settle a conflict, list the open ones, move a
document to another story or rename its story.

ReviewScreen's base class (kept apart so each file has one job): it uses the screen's
session, decision lock and reload. Writes run off the UI thread, like decisions.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import PurePath

from textual.screen import Screen

from summarise.models import Claim, ConflictRecord
from summarise.store import InvalidDecision, StaleDecision, StoreError
from summarise.tui.screens.conflict import ConflictChoice, ConflictScreen
from summarise.tui.screens.conflict_list import ConflictListScreen
from summarise.tui.screens.story import StoryChange, StoryScreen
from summarise.tui.session import ReviewSession


class AnalysisActions(Screen[None]):
    session: ReviewSession
    claim: Claim | None
    saving: bool
    _lock: asyncio.Lock

    def claim_under_cursor(self) -> Claim | None:
        raise NotImplementedError

    def reload(self, claim_id: str | None = None, index: int | None = None) -> None:
        raise NotImplementedError

    async def action_conflict(self) -> None:
        claim = self.claim_under_cursor()
        if claim is None:
            return
        conflicts = self.session.open_conflicts(claim.id)
        if not conflicts:
            self.notify("This claim is in no open conflict (C lists them all).", markup=False)
        elif len(conflicts) == 1:
            await self.settle_conflict(conflicts[0].id)
        else:
            self._pick_conflict(conflicts)

    def action_conflicts(self) -> None:
        conflicts = self.session.open_conflicts()
        if not conflicts:
            self.notify("No open conflicts.", markup=False)
            return
        self._pick_conflict(conflicts)

    def _pick_conflict(self, conflicts: Sequence[ConflictRecord]) -> None:
        stories = {story_id: s.label for story_id, s in self.session.stories().items()}

        async def chosen(conflict_id: int | None) -> None:
            if conflict_id is not None:
                await self.settle_conflict(conflict_id, back_to_list=True)

        self.app.push_screen(ConflictListScreen(conflicts, stories), chosen)

    async def settle_conflict(self, conflict_id: int, *, back_to_list: bool = False) -> None:
        """Show the conflict as the database has it now; write the reviewer's choice."""
        await self._lock.acquire()
        conflict = self.session.conflict(conflict_id)
        if conflict is None or conflict.status != "open":
            self._lock.release()
            self.notify(f"Conflict {conflict_id} is no longer open.", markup=False)
            return

        async def settled(choice: ConflictChoice | None) -> None:
            try:
                if choice is not None:
                    await self._resolve(choice)
            finally:
                self._lock.release()
            if choice is not None and back_to_list and self.session.open_conflicts():
                self.action_conflicts()

        self.app.push_screen(ConflictScreen(conflict), settled)

    async def _resolve(self, choice: ConflictChoice) -> None:
        keep = self.claim.id if self.claim else None
        self.saving = True
        try:
            await asyncio.to_thread(
                self.session.resolve, choice.conflict, choice.action, choice.claim_id
            )
        except StaleDecision as exc:
            self.notify(
                f"Not settled, nothing changed: {exc}. The view now shows it as it is.",
                severity="error",
                timeout=8,
                markup=False,
            )
            return
        except (InvalidDecision, StoreError) as exc:
            self.notify(f"Not settled: {exc}", severity="error", timeout=8, markup=False)
            return
        finally:
            self.saving = False
            self.reload(keep)
        self.notify(f"Settled {choice.conflict.subject}: {choice.describe()}.", markup=False)

    # -- stories ----------------------------------------------------------------------------

    def action_story(self) -> None:
        claim = self.claim_under_cursor()
        if claim is None:
            return
        document_id = claim.document_id
        label = PurePath(self.session.label(document_id)).name
        current = self.session.story_of(document_id)
        stories = list(self.session.stories().values())

        async def changed(change: StoryChange | None) -> None:
            if change is not None:
                await self._change_story(document_id, current.id if current else None, change)

        self.app.push_screen(StoryScreen(label, current, stories), changed)

    async def _change_story(
        self, document_id: str, current: int | None, change: StoryChange
    ) -> None:
        keep = self.claim.id if self.claim else None
        async with self._lock:
            self.saving = True
            try:
                if change.name is not None and current is not None:
                    await asyncio.to_thread(self.session.name_story, current, change.name)
                    done = "Story renamed."
                else:
                    target = None if change.new else change.story_id
                    story_id = await asyncio.to_thread(
                        self.session.move_document, document_id, target
                    )
                    done = f"Document moved to story #{story_id}; it stays there on regrouping."
            except StoreError as exc:
                self.notify(f"Not changed: {exc}", severity="error", timeout=8, markup=False)
                return
            finally:
                self.saving = False
                self.reload(keep)
        self.notify(done, markup=False)
        if change.name is None:
            # Conflicts and links are worked out within stories: a move changes them.
            self.app.analyse()  # type: ignore[attr-defined]
