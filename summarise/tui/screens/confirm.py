"""A yes/no question before an action that changes many claims at once."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from summarise.tui.screens.dialog import Dialog


class ConfirmScreen(Dialog[bool]):
    """Dismissed with True only on `y`; anything that means "no" gives False."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes, do it", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No, leave everything as it is", id="confirm.no"),
    ]

    def __init__(self, question: Text) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        body = self.question.copy()
        body.append("\n\n")
        body.append(" y ", style="bold reverse")
        body.append(" yes    ")
        body.append(" n ", style="bold reverse")
        body.append(" no")
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(body)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
