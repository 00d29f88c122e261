"""The search prompt: a line at the bottom; enter searches, an empty search clears it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Label

from summarise.tui.screens.dialog import Dialog


class SearchScreen(Dialog[str | None]):
    """Dismissed with the search text ("" clears the search), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel the search", id="search.cancel"),
    ]

    def __init__(self, current: str | None) -> None:
        super().__init__()
        self.current = current or ""

    def compose(self) -> ComposeResult:
        with Horizontal(id="search-bar"):
            yield Label("/", id="search-label")
            yield Input(
                value=self.current,
                placeholder="text, attribution or quote contains… (enter: search, esc: cancel)",
                id="search-input",
                select_on_focus=True,
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
