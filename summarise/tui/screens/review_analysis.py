"""The review screen's conflict and story keys: settle a conflict, list the open ones, move a
document to another story or rename its story.

A plain object the screen holds, reaching the screen only through the `ReviewView`
interface. The dialogs run in a worker (`push_screen_wait`), and the writes go through the
decision controller's write queue (the `enqueue` it is given) like decisions, so a settlement
is saved in key order and undone as one action. A change that needs stories and conflicts
worked out again posts AnalysisWanted, which the app's background analysis answers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message

from summarise.models import ConflictRecord, Resolution
from summarise.tui.write_queue import Job

if TYPE_CHECKING:
    from summarise.tui.screens.conflict import ConflictChoice
    from summarise.tui.screens.review_view import ReviewView
    from summarise.tui.screens.settle_others import OtherClaim
    from summarise.tui.screens.story import StoryChange


class AnalysisWanted(Message):
    """Stories changed by hand: conflicts and links need working out again (the app does)."""


class AnalysisController:
    """Settling conflicts and changing stories: what analysis found, corrected by hand."""

    def __init__(self, view: ReviewView, enqueue: Callable[[Job], None]) -> None:
        self.view = view
        self.session = view.session
        self.enqueue = enqueue

    def conflict(self) -> None:
        claim = self.view.claim_under_cursor()
        if claim is None:
            return
        conflicts = self.session.open_conflicts(claim.id)
        if not conflicts:
            self.view.notify("This claim is in no open conflict (C lists them all).", markup=False)
        elif len(conflicts) == 1:
            self.settle_conflict(conflicts[0].id)
        else:
            self._pick_conflict(conflicts)

    def conflicts(self) -> None:
        conflicts = self.session.open_conflicts()
        if not conflicts:
            self.view.notify("No open conflicts.", markup=False)
            return
        self._pick_conflict(conflicts)

    def _pick_conflict(self, conflicts: Sequence[ConflictRecord]) -> None:
        # The dialogs are imported when first opened: start-up time is part of the interface.
        from summarise.tui.screens.conflict_list import ConflictListScreen

        stories = {story_id: s.label for story_id, s in self.session.stories().items()}

        def chosen(conflict_id: int | None) -> None:
            if conflict_id is not None:
                self.settle_conflict(conflict_id, back_to_list=True)

        self.view.app.push_screen(ConflictListScreen(conflicts, stories), chosen)

    def settle_conflict(self, conflict_id: int, *, back_to_list: bool = False) -> None:
        # A worker: the dialogs are awaited.
        self.view.run_worker(
            self._settle_conflict(conflict_id, back_to_list=back_to_list),
            group="dialogs",
            exit_on_error=False,
        )

    async def _settle_conflict(self, conflict_id: int, *, back_to_list: bool) -> None:
        """Show the conflict as the database has it now; queue the reviewer's choice. From
        the list of open conflicts, come back to it while others remain open."""
        from summarise.tui.screens.confirm import ConfirmScreen
        from summarise.tui.screens.conflict import ConflictScreen
        from summarise.tui.screens.settle_others import SettleOthersScreen

        conflict = self.session.conflict(conflict_id)
        if conflict is None or conflict.status != "open":
            self.view.notify(f"Conflict {conflict_id} is no longer open.", markup=False)
            return
        labels = {m.claim_id: self.session.label(m.document_id) for m in conflict.members}
        choice = await self.view.app.push_screen_wait(ConflictScreen(conflict, labels))
        if choice is None:
            return
        correct: list[str] = []
        others = self._others(choice, labels)
        carrying = [other for other in others if other.other_figures]
        if carrying and choice.action is Resolution.PICK:
            picked = next(m.value for m in conflict.members if m.claim_id == choice.claim_id)
            answer = await self.view.app.push_screen_wait(SettleOthersScreen(picked, others))
            if answer is None:
                return
            if answer == "correct":
                correct = [other.claim_id for other in others]
        elif carrying:
            question = Text(
                f"Reject all {len(others)} claim(s) of this conflict? {len(carrying)} of them "
                "state other figures too, which would be lost from the summary.",
                style="bold",
            )
            if not await self.view.app.push_screen_wait(ConfirmScreen(question)):
                return
        if not await self._accepts_only_what_it_shows(conflict, choice, correct):
            return
        label = f"settle {conflict.subject}: {choice.describe()}"
        if correct:
            label += f", {len(correct)} claim(s) kept with the figure marked wrong"
        self.enqueue(
            Job(
                label,
                lambda: self.session.resolve(
                    choice.conflict, choice.action, choice.claim_id, correct
                ),
                kind="settlement",
            )
        )
        if back_to_list:
            remaining = [c for c in self.session.open_conflicts() if c.id != conflict_id]
            if remaining:
                self._pick_conflict(remaining)

    async def _accepts_only_what_it_shows(
        self, conflict: ConflictRecord, choice: ConflictChoice, correct: list[str]
    ) -> bool:
        """Settling accepts claims; one that is also in another open conflict would settle
        that one silently too. Show it and ask first."""
        from summarise.tui.screens.confirm import ConfirmScreen
        from summarise.tui.screens.conflict_overlap import open_conflicts_of, overlap_question

        pending = [m for m in conflict.members if m.status == "pending"]
        if choice.action is Resolution.PICK:
            picked = next(m.value_key for m in conflict.members if m.claim_id == choice.claim_id)
            accepted = [m.claim_id for m in pending if m.value_key == picked] + correct
        elif choice.action is Resolution.KEEP_BOTH:
            accepted = [m.claim_id for m in pending]
        else:
            return True
        caught, others = open_conflicts_of(self.session, accepted, besides=conflict.id)
        if not caught:
            return True
        question = overlap_question(
            f"Settling this accepts {len(set(accepted))} claim(s).",
            caught,
            others,
            "Accepting them takes a side there too: y settles anyway, n leaves both open.",
        )
        return bool(await self.view.app.push_screen_wait(ConfirmScreen(question)))

    def _others(self, choice: ConflictChoice, labels: dict[str, str]) -> list[OtherClaim]:
        """Claims the choice would reject, each with the figures it states besides this one."""
        from summarise.tui.screens.settle_others import OtherClaim

        if choice.action is Resolution.KEEP_BOTH:
            return []
        conflict = choice.conflict
        right = {m.value_key for m in conflict.members if m.claim_id == choice.claim_id}
        out = []
        for member in conflict.members:
            if member.value_key in right or member.status == "rejected":
                continue
            claim = self.session.current(member.claim_id)
            figures = tuple(
                f.raw
                for f in (claim.figures if claim else [])
                if f.raw not in member.value and member.value not in f.raw
            )
            out.append(
                OtherClaim(
                    member.claim_id, labels[member.claim_id], member.value, member.text, figures
                )
            )
        return out

    # -- stories ----------------------------------------------------------------------------

    def story(self) -> None:
        from summarise.tui.screens.story import StoryScreen

        claim = self.view.claim_under_cursor()
        if claim is None:
            return
        document_id = claim.document_id
        label = self.session.label(document_id)
        current = self.session.story_of(document_id)
        stories = list(self.session.stories().values())

        def changed(change: StoryChange | None) -> None:
            if change is not None:
                self._change_story(document_id, current.id if current else None, change)

        self.view.app.push_screen(StoryScreen(label, current, stories), changed)

    def _change_story(self, document_id: str, current: int | None, change: StoryChange) -> None:
        if change.name is not None and current is not None:
            name = change.name
            self.enqueue(
                Job(
                    "rename the story",
                    lambda: self.session.name_story(current, name),
                    kind="story-name",
                )
            )
            return
        target = None if change.new else change.story_id
        self.enqueue(
            Job(
                "move the document",
                lambda: self.session.move_document(document_id, target),
                kind="story",
            )
        )

    def saved(self, job: Job) -> None:
        """What a saved write means beyond its rows."""
        if job.kind == "settlement":
            self.view.notify(f"Saved: {job.describe}. u undoes it as a whole.", markup=False)
        elif job.kind == "story-name":
            self.view.notify("Story renamed.", markup=False)
        elif job.kind == "story":
            self.view.notify("Document moved; it stays there on regrouping.", markup=False)
            # Conflicts and links are worked out within stories: a move changes them.
            self.view.post_message(AnalysisWanted())
