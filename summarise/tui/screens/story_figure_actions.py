"""The story view's figure decisions, the same as `summarise figures` offers (mark a value as
update, dispute or retracted; move a value; rename, merge or split a quantity), each naming a
value by claim id and the figure as written, recorded with the session's reviewer as a
decision group of its own so that `u` takes it back.

A mixin of `StoryView`: it keeps the screen's module to the list, the point decisions and
the structure fixes, and needs from its host only the public names below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarise.store import StoreError
from summarise.tui.screens.figure_dialogs import (
    FigureMarkScreen,
    FigureNameScreen,
    QuantityChoiceScreen,
)
from summarise.tui.story_draft import Row

if TYPE_CHECKING:
    from textual.app import App

    from summarise.tui.session import ReviewSession
    from summarise.tui.story_draft import StoryDraft


class StoryFigureActions:
    """Figure actions for a screen that has a story draft, a cursor row and a session."""

    draft: StoryDraft | None
    session: ReviewSession
    story_id: int
    if TYPE_CHECKING:
        app: App[object]

        def current(self) -> Row | None: ...
        def refused(self) -> bool: ...
        def reload(self, keep: str | None = None, at: Row | None = None) -> None: ...
        def notify(self, message: str, **kwargs: object) -> None: ...

    def _value(self, row: Row) -> tuple[tuple[str, str], str] | None:
        assert self.draft is not None
        found = self.draft.value_key(row)
        if found is None and row.figure is not None:
            self.notify("That value's claim states no figure to decide on.", markup=False)
        return found

    def _figure_row(self) -> Row | None:
        row = self.current()
        if row is None or row.kind not in ("figure", "value") or row.figure is None:
            self.notify("Put the cursor on a key figure or one of its values.", markup=False)
            return None
        if self.refused():
            return None
        return row

    def _decide_figure(
        self,
        kind: str,
        value: tuple[str, str],
        label: str,
        at: Row,
        *,
        target: tuple[str, str] | None = None,
        name: str | None = None,
    ) -> None:
        def write() -> None:
            self.session.decide_figure(kind, self.story_id, value, label, target=target, name=name)

        try:
            write()
        except StoreError as exc:
            self.notify(f"{label.capitalize()}: {exc}", severity="warning", markup=False)
            self.reload(at=at)
            return
        self.reload(at=at)
        self.notify(f"Saved: {label} (u takes it back).", markup=False)

    def action_mark_value(self) -> None:
        row = self._figure_row()
        if row is None or row.figure is None:
            return
        found = self._value(row)
        if found is None:
            return
        value, shown = found
        subject = row.figure.subject

        def marked(kind: str | None) -> None:
            if kind is not None:
                label = f"mark {shown} of {subject} {kind}"
                self._decide_figure(kind, value, label, row)

        self.app.push_screen(FigureMarkScreen(shown, subject), marked)

    def action_rename_figure(self) -> None:
        row = self._figure_row()
        if row is None or row.figure is None or self.draft is None:
            return
        value = self.draft.any_value(row.figure)
        if value is None:
            self.notify("That figure's claims state no figure to decide on.", markup=False)
            return
        subject = row.figure.subject

        def named(name: str | None) -> None:
            if name is not None and name != subject:
                self._decide_figure("rename", value, f"rename {subject} to {name}", row, name=name)

        self.app.push_screen(FigureNameScreen(f"Rename: {subject}", subject), named)

    def figure_into(self, row: Row) -> None:
        """m on a figure merges its quantity into another; on a value, moves the value."""
        if self._figure_row() is None or row.figure is None or self.draft is None:
            return
        others = [
            (n, f.subject)
            for n, f in enumerate(self.draft.summary.figures)
            if f.subject != row.figure.subject
        ]
        if not others:
            self.notify("The story has no other quantity to merge or move into.", markup=False)
            return
        moving = row.kind == "value"
        found = self._value(row) if moving else None
        value = found[0] if found else self.draft.any_value(row.figure)
        if value is None:
            return
        what = f"{found[1]} of {row.figure.subject}" if found else row.figure.subject
        figures = self.draft.summary.figures

        def chosen(index: int | None) -> None:
            if index is None:
                return
            into = figures[index]
            assert self.draft is not None
            target = self.draft.any_value(into)
            if target is None:
                self.notify("That quantity's claims state no figure.", markup=False)
                return
            kind = "move" if moving else "merge"
            label = f"{kind} {what} into {into.subject}"
            self._decide_figure(kind, value, label, row, target=target)

        prompt = f"{'Move' if moving else 'Merge'} {what} into:"
        self.app.push_screen(QuantityChoiceScreen(prompt, others), chosen)

    def split_value(self, row: Row) -> None:
        if self._figure_row() is None or row.figure is None:
            return
        found = self._value(row)
        if found is None:
            return
        value, shown = found
        subject = row.figure.subject

        def named(name: str | None) -> None:
            if name is not None:
                label = f"split {shown} out of {subject} as {name}"
                self._decide_figure("split", value, label, row, name=name)

        self.app.push_screen(FigureNameScreen(f"Split {shown} out of {subject}"), named)
