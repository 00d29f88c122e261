"""The story view: the story's draft summary as it will be signed (headline, key points with
their claims and sources, key figures with their series, disputes), decided point by point
and fixed where the analysis got its structure wrong.

Keys follow the claim list: j/k move, a accepts (the point's pending claims, one undoable
action; the count is on screen before the key), r rejects with a reason, u undoes, ? lists
every key, q quits; escape (or v) goes back to the claim list. A claim in an open conflict is
never accepted by a point or story decision without a question that names it. The point under
the cursor is leased (by its shown claim) so colleagues see it is being edited, and a
colleague's commit redraws the view (PRAGMA data_version, as the claim list watches it).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from summarise.models import Claim, ClaimStatus, ReviewAction
from summarise.output.summary.model import Point
from summarise.output.terminal import for_terminal
from summarise.store import StoreError, UnknownStory
from summarise.store.leases import LEASE_SECONDS
from summarise.tui.screens.dialog import Pushed
from summarise.tui.screens.point_accept import PointAcceptScreen
from summarise.tui.screens.reject import RejectChoice, RejectScreen
from summarise.tui.screens.story_bindings import STORY_VIEW_BINDINGS
from summarise.tui.screens.story_figure_actions import StoryFigureActions
from summarise.tui.session import ReviewSession
from summarise.tui.story_draft import Row, StoryDraft, build_draft
from summarise.tui.story_rows import row_detail, row_line

WATCH_SECONDS = 2.0


class StoryView(StoryFigureActions, Pushed, Screen[str | None]):
    """Dismissed with the claim id to show in the claim list, or None."""

    BINDINGS: ClassVar[list[BindingType]] = STORY_VIEW_BINDINGS

    def __init__(self, session: ReviewSession, story_id: int) -> None:
        super().__init__()
        self.session = session
        self.story_id = story_id
        self.draft: StoryDraft | None = None
        self.marked: Row | None = None
        self.holder: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="story-status")
        yield OptionList(id="story-rows")
        with VerticalScroll(id="story-detail-pane"):
            yield Static(id="story-detail")
        yield Footer()

    @property
    def rows_list(self) -> OptionList:
        return self.query_one("#story-rows", OptionList)

    def ready(self) -> None:
        self.reload()
        self.rows_list.focus()
        self.set_interval(WATCH_SECONDS, self._watch_database)
        self.set_interval(LEASE_SECONDS / 3, self._lease)

    # -- drawing ---------------------------------------------------------------------------

    def reload(self, keep: str | None = None, at: Row | None = None) -> None:
        """Re-read the draft; keep the cursor on the same line as `at` (a claim line stays on
        its claim), else on the point holding claim `keep`, else on the same line number."""
        self.session.refresh()
        try:
            self.draft = build_draft(self.session.reader, self.story_id)
        except (UnknownStory, StoreError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            self.dismiss(None)
            return
        where = self.rows_list.highlighted
        options = [self._option(n, row) for n, row in enumerate(self.draft.rows)]
        self.rows_list.clear_options()
        self.rows_list.add_options(options)
        found = self._same_row(at) if at is not None else None
        if found is None and keep:
            found = self._row_holding(keep)
        target = found if found is not None else (where if where is not None else 0)
        self._highlight(target, 1)
        self._status()

    def _same_row(self, row: Row) -> int | None:
        assert self.draft is not None
        for number, other in enumerate(self.draft.rows):
            if other.kind != row.kind:
                continue
            if row.claim_id is not None and other.claim_id == row.claim_id:
                return number
            point, there = row.point, other.point
            if row.kind == "point" and point and there and point.id in there.claim_ids:
                return number
            # The one headline line, a figure by what it counts, a dispute as it was: a
            # redraw (a colleague's commit, or our own seen through the database watch)
            # leaves the cursor where the reviewer put it.
            if row.kind == "headline":
                return number
            if row.kind == "figure" and _subject(row) == _subject(other) is not None:
                return number
            if row.kind == "dispute" and row.dispute is not None and other.dispute == row.dispute:
                return number
        return None

    def _row_holding(self, claim_id: str) -> int | None:
        assert self.draft is not None
        for number, row in enumerate(self.draft.rows):
            if row.kind == "point" and row.point and claim_id in row.point.claim_ids:
                return number
        return None

    def _highlight(self, index: int, step: int) -> None:
        count = self.rows_list.option_count
        index = max(0, min(index, count - 1))
        while 0 <= index < count and self.rows_list.get_option_at_index(index).disabled:
            index += step
        if not 0 <= index < count:
            index = max(0, min(self.rows_list.highlighted or 0, count - 1))
        self.rows_list.highlighted = index

    def _option(self, number: int, row: Row) -> Option:
        assert self.draft is not None
        marked = self.marked is not None and self.marked == row
        line = row_line(self.draft, row, self._label, marked, self.app.size.width)
        return Option(line, id=str(number), disabled=row.kind == "heading")

    def _label(self, claim: Claim) -> str:
        name, _ = self.session.name(claim.document_id)
        return name[:24]

    def _status(self) -> None:
        assert self.draft is not None
        counts = self.draft.counts()
        documents = self.draft.summary.counts.documents
        points = self.draft.summary.points()
        done = sum(1 for p in points if self.draft.status(p) == "accepted")
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"Story {self.story_id}", style="bold")
        text.append(
            f" · points {done}/{len(points)} accepted · claims {counts[ClaimStatus.ACCEPTED]} "
            f"accepted, {counts[ClaimStatus.PENDING]} pending, {counts[ClaimStatus.REJECTED]} "
            f"rejected · {documents} docs"
        )
        if self.marked is not None:
            text.append(" · marked: m on a point to merge/move, esc clears", style="bold")
        self.query_one("#story-status", Static).update(text)

    def current(self) -> Row | None:
        index = self.rows_list.highlighted
        if self.draft is None or index is None or index >= len(self.draft.rows):
            return None
        return self.draft.rows[index]

    def on_option_list_option_highlighted(self, message: OptionList.OptionHighlighted) -> None:
        self._detail()
        self._lease()

    def _detail(self) -> None:
        row = self.current()
        body = (
            Text()
            if row is None or self.draft is None
            else (row_detail(self.draft, row, self._label, self.holder))
        )
        self.query_one("#story-detail", Static).update(body)

    # -- team rules ------------------------------------------------------------------------

    def _lease(self) -> None:
        row = self.current()
        self.holder = None
        if row is not None and row.point is not None:
            self.holder = self.session.lease(row.point.id)
        elif row is not None and row.kind == "value" and row.claim_id is not None:
            self.holder = self.session.lease(row.claim_id)

    def _watch_database(self) -> None:
        if not self.session.changed_elsewhere():
            return
        # Our own lease renewals commit too: redraw, and say so only when the story changed.
        before = self._fingerprint()
        row = self.current()
        self.reload(row.point.id if row and row.point else None, at=row)
        if self._fingerprint() != before:
            self.notify("A colleague's change: the story view is up to date.", markup=False)

    def _fingerprint(self) -> tuple[object, ...]:
        if self.draft is None:
            return ()
        versions = tuple(sorted((c.id, c.version) for c in self.draft.claims.values()))
        points = tuple(tuple(p.claim_ids) for p in self.draft.summary.points())
        return (versions, points, self.draft.summary.headline_claim_id)

    def refused(self) -> bool:
        """A point a colleague has open is not decided or restructured from here."""
        self._lease()
        if self.holder:
            self.notify(
                f"{for_terminal(self.holder)} has this point open; nothing changed.",
                severity="warning",
                markup=False,
            )
            return True
        return False

    # -- moving ----------------------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        if delta > 0:
            self.rows_list.action_cursor_down()
        else:
            self.rows_list.action_cursor_up()

    def action_next_pending(self) -> None:
        self._next_pending(self.rows_list.highlighted or 0)

    def _next_pending(self, index: int) -> bool:
        assert self.draft is not None
        rows = self.draft.rows
        for offset in range(1, len(rows) + 1):
            number = (index + offset) % len(rows)
            row = rows[number]
            if row.kind == "point" and row.point and self.draft.pending(row.point):
                self.rows_list.highlighted = number
                return True
        return False

    def action_back(self) -> None:
        if self.marked is not None:
            self.marked = None
            self.reload()
            return
        self.dismiss(None)

    def action_open_claim(self) -> None:
        row = self.current()
        if row is not None and (row.claim_id or row.point):
            self.dismiss(row.claim_id or (row.point.id if row.point else None))

    def action_reload(self) -> None:
        row = self.current()
        self.reload(row.point.id if row and row.point else None, at=row)

    def action_help(self) -> None:
        from summarise.tui.keymap import key_sections
        from summarise.tui.screens.help import HelpScreen
        from summarise.tui.screens.review_bindings import REVIEW_BINDINGS

        sections = key_sections(REVIEW_BINDINGS)
        story = [s for s in sections if s[0] == "Story view"]
        others = [s for s in sections if s[0] != "Story view"]
        self.app.push_screen(HelpScreen(story + others))

    # -- decisions -------------------------------------------------------------------------

    def _write(self, what: str, write, keep: str | None) -> bool:  # type: ignore[no-untyped-def]
        """Run one write; on refusal (a colleague changed a claim, a busy database) say so
        and redraw from the database, so nothing is overwritten silently."""
        try:
            result = write()
        except StoreError as exc:
            self.notify(f"{what}: {exc}", severity="warning", markup=False)
            self.reload(keep)
            return False
        self.reload(keep)
        if isinstance(result, int) and result:
            self.notify(f"{what}: {result} claim(s).", markup=False)
        return True

    def action_accept(self) -> None:
        row = self.current()
        if row is None or row.point is None or self.refused():
            return
        self._accept([row.point], f"accept {row.point.ref}", row.point.id)

    def action_accept_story(self) -> None:
        if self.draft is None:
            return
        self._accept(self.draft.summary.points(), f"accept story {self.story_id}", None, ask=True)

    @work(group="story-dialogs", exit_on_error=False)
    async def _accept(
        self, points: list[Point], label: str, keep: str | None, ask: bool = False
    ) -> None:
        assert self.draft is not None
        pending = [c for p in points for c in self.draft.pending(p)]
        if not pending:
            self.notify("Nothing pending here.", markup=False)
            return
        conflicted = self.draft.in_open_conflict([c.id for c in pending])
        if conflicted or ask:
            answer = await self.app.push_screen_wait(
                PointAcceptScreen(len(pending), [for_terminal(c.text) for c in conflicted])
            )
            if answer is None:
                return
            if answer == "others":
                held = {c.id for c in conflicted}
                pending = [c for c in pending if c.id not in held]
                if not pending:
                    self.notify("Every pending claim here is in a conflict: none accepted.")
                    return
        claims = [(c.id, c.version) for c in pending]
        index = self.rows_list.highlighted or 0
        if (
            self._write(
                "Accepted",
                lambda: self.session.decide_point(claims, ReviewAction.ACCEPT, label),
                keep,
            )
            and keep is not None
        ):
            self._next_pending(max(0, index - 1))

    def action_reject(self) -> None:
        row = self.current()
        if row is None or row.point is None or self.draft is None or self.refused():
            return
        point = row.point
        pending = self.draft.pending(point)
        if not pending:
            self.notify("Nothing pending in this point.", markup=False)
            return
        claims = [(c.id, c.version) for c in pending]
        index = self.rows_list.highlighted or 0

        def rejected(choice: RejectChoice | None) -> None:
            if choice is None:
                return
            label = f"reject {point.ref}"
            if self._write(
                "Rejected",
                lambda: self.session.decide_point(
                    claims, ReviewAction.REJECT, label, choice.reason
                ),
                None,
            ):
                self._next_pending(max(0, index - 1))

        self.app.push_screen(RejectScreen(), rejected)

    def action_undo(self) -> None:
        row = self.current()
        keep = row.point.id if row and row.point else None
        unit = None

        def undo() -> None:
            nonlocal unit
            unit = self.session.undo()

        if self._write("Undo", undo, keep):
            self.notify(f"Undone: {unit.label}." if unit else "Nothing to undo.", markup=False)

    # -- structure -------------------------------------------------------------------------

    def action_mark(self) -> None:
        row = self.current()
        if row is not None and row.kind in ("figure", "value"):
            self.figure_into(row)
            return
        if row is None or row.point is None or self.refused():
            return
        marked = self.marked
        if marked is None or marked == row:
            self.marked = None if marked == row else row
            self.reload(row.point.id, at=row)
            return
        self.marked = None
        assert marked.point is not None
        if marked.point.id == row.point.id:
            self.notify("Both are in the same point: nothing changed.", markup=False)
            self.reload(row.point.id)
            return
        if marked.kind == "claim" and marked.claim_id is not None:
            claim_id = marked.claim_id
            self._fix("move", claim_id, row.point.id, f"move claim {claim_id} to {row.point.ref}")
        else:
            self._fix(
                "merge",
                marked.point.id,
                row.point.id,
                f"merge {marked.point.ref} into {row.point.ref}",
            )

    def action_merge_nearest(self) -> None:
        row = self.current()
        if row is None or row.point is None or self.draft is None or self.refused():
            return
        nearest = self.draft.suggestions(row.point)
        if not nearest:
            self.notify("No linked point from another outlet to merge with.", markup=False)
            return
        other = nearest[0][0]
        self._fix("merge", other.id, row.point.id, f"merge {other.ref} into {row.point.ref}")

    def action_split(self) -> None:
        row = self.current()
        if row is not None and row.kind == "value":
            self.split_value(row)
            return
        if row is None or row.kind != "claim" or row.claim_id is None or self.refused():
            self.notify("Put the cursor on a claim of a point (└ lines) to split it off.")
            return
        self._fix("split", row.claim_id, None, f"split claim {row.claim_id} off")

    def action_headline(self) -> None:
        row = self.current()
        if row is None or row.point is None or self.refused():
            return
        self._fix("headline", row.point.id, None, f"headline {row.point.ref}")

    def _fix(self, kind: str, claim_id: str, target: str | None, label: str) -> None:
        if self._write(
            label.capitalize(),
            lambda: self.session.fix_structure(kind, claim_id, target, label),
            claim_id,
        ):
            self.notify(f"Saved: {label} (u takes it back).", markup=False)


def _subject(row: Row) -> str | None:
    return row.figure.subject if row.figure else None
