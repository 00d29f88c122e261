"""The open conflicts, one line each; enter opens the one under the cursor."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from summarise.models import ConflictRecord
from summarise.output.terminal import for_terminal
from summarise.tui.screens.dialog import Dialog
from summarise.tui.widgets.claim_detail import conflict_values


def _line(conflict: ConflictRecord, story: str) -> Text:
    sources = len({m.document_id for m in conflict.members})
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"#{conflict.id} ", style="dim")
    line.append(for_terminal(conflict.subject), style="bold")
    line.append(f" — {for_terminal(conflict_values(conflict))}")
    line.append(f"  {sources} sources", style="dim")
    if story:
        line.append(f"  {for_terminal(story)}", style="dim italic")
    return line


class ConflictListScreen(Dialog[int | None]):
    """Dismissed with the chosen conflict's id, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close the list", id="conflicts.close"),
    ]

    def __init__(self, conflicts: Sequence[ConflictRecord], stories: dict[int, str]) -> None:
        super().__init__()
        self.conflicts = list(conflicts)
        self.stories = stories

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict-list-dialog", classes="dialog"):
            yield Label(f"Open conflicts ({len(self.conflicts)}): ↑↓ choose, enter open, esc close")
            yield OptionList(
                *(
                    Option(
                        _line(c, self.stories.get(c.story_id or 0, "")),
                        id=str(c.id),
                    )
                    for c in self.conflicts
                ),
                id="conflict-list",
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)
