"""The claim list: one line per claim, drawn only for the rows on screen.

A Line API widget: its virtual height is the number of claims, and `render_line` asks the
session for just the rows in view, so 100,000 claims cost a screenful of work, not 100,000
widgets.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from summarise.models import Claim
from summarise.output.terminal import for_terminal
from summarise.tui.session import ReviewSession

STATUS_WIDTH = 9
KIND_WIDTH = 11
DOCUMENT_WIDTH = 22


class ClaimList(ScrollView, can_focus=True):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "claim-list--cursor",
        "claim-list--pending",
        "claim-list--accepted",
        "claim-list--rejected",
        "claim-list--kind",
        "claim-list--document",
        "claim-list--empty",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Next claim", show=False, id="list.down"),
        Binding("up", "cursor_up", "Previous claim", show=False, id="list.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("home", "first", "First claim", show=False, id="list.first"),
        Binding("end", "last", "Last claim", show=False, id="list.last"),
    ]

    cursor: reactive[int] = reactive(0, always_update=False, init=False)

    class Moved(Message):
        """The cursor is on another claim (or the list changed under it)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, session: ReviewSession, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session

    # -- data changed ---------------------------------------------------------------------

    def reload(self, cursor: int | None = None) -> None:
        """Re-read the count (the filter or the data changed) and put the cursor somewhere."""
        count = self.session.count()
        self.virtual_size = Size(0, count)
        target = self.cursor if cursor is None else cursor
        target = max(0, min(target, count - 1))
        if target == self.cursor:
            self._show_cursor()
            self.post_message(self.Moved(target))
        else:
            self.cursor = target
        self.refresh()

    def watch_cursor(self, old: int, new: int) -> None:
        self._show_cursor()
        self.refresh()
        self.post_message(self.Moved(new))

    def _show_cursor(self) -> None:
        if self.size.height:
            self.scroll_to_region(
                Region(0, self.cursor, 1, 1), animate=False, immediate=True, force=True
            )

    def on_resize(self) -> None:
        self.virtual_size = Size(0, self.session.count())
        self._show_cursor()

    # -- the mouse: a click selects, the wheel moves the cursor (never the rows away from it)

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < self.session.count():
            self.cursor = index
        self.focus()

    def _on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.prevent_default()
        event.stop()
        self.move(1)

    def _on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.prevent_default()
        event.stop()
        self.move(-1)

    # -- movement -------------------------------------------------------------------------

    def move(self, delta: int) -> None:
        count = self.session.count()
        if count:
            self.cursor = max(0, min(self.cursor + delta, count - 1))

    def action_cursor_down(self) -> None:
        self.move(1)

    def action_cursor_up(self) -> None:
        self.move(-1)

    def action_page_down(self) -> None:
        self.move(max(1, self.size.height - 1))

    def action_page_up(self) -> None:
        self.move(-max(1, self.size.height - 1))

    def action_first(self) -> None:
        self.move(-self.cursor)

    def action_last(self) -> None:
        self.move(self.session.count())

    # -- drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        index = self.scroll_offset.y + y
        base = self.rich_style
        if self.session.count() == 0:
            message = Text("no claims match" if y == 0 else "", no_wrap=True)
            message.stylize(self.get_component_rich_style("claim-list--empty"))
            return self._strip(message, width, base)
        claim = self.session.claim_at(index)
        if claim is None:
            return Strip.blank(width, base)
        line = self.row(claim, width)
        if index == self.cursor:
            line.stylize(self.get_component_rich_style("claim-list--cursor"))
        return self._strip(line, width, base)

    def row(self, claim: Claim, width: int) -> Text:
        """One claim as a line; every piece of data enters as plain text, never markup."""
        status = claim.status.value
        label = for_terminal(self.session.name(claim.document_id)[0])
        holder = self.session.holder_of(claim.id) if status == "pending" else None
        shown = f"@{holder}" if holder else status
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append(
            _fit(for_terminal(shown), STATUS_WIDTH - 1).ljust(STATUS_WIDTH),
            self.get_component_rich_style(f"claim-list--{status}"),
        )
        line.append(
            claim.kind.value.ljust(KIND_WIDTH), self.get_component_rich_style("claim-list--kind")
        )
        line.append(
            _fit(label, DOCUMENT_WIDTH - 1).ljust(DOCUMENT_WIDTH),
            self.get_component_rich_style("claim-list--document"),
        )
        line.append(for_terminal(" ".join(claim.text.split())))
        line.truncate(width, overflow="ellipsis", pad=True)
        return line

    def _strip(self, line: Text, width: int, base: Style) -> Strip:
        segments = [
            Segment(segment.text, base + segment.style if segment.style else base)
            for segment in line.render(self.app.console)
        ]
        return Strip(segments).crop_extend(0, width, base)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
