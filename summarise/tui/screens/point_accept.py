"""The question a point or story accept asks: how many claims it decides, and which of them
sit in an open conflict (accepted only when the reviewer says so)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from summarise.tui.screens.dialog import Dialog


class PointAcceptScreen(Dialog[str | None]):
    """The count of claims a point or story accept decides, and the claims in open conflicts
    among them, which are accepted only when the reviewer says so (i)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "y", "answer('others')", "Accept (claims in conflicts stay pending)", id="accept.yes"
        ),
        Binding("i", "answer('all')", "Accept, including the claims in conflicts", id="accept.all"),
        Binding("n,escape", "answer(None)", "Cancel: accept nothing", id="accept.no"),
    ]

    def __init__(self, count: int, conflicted: list[str]) -> None:
        super().__init__()
        self.count = count
        self.conflicted = conflicted

    def compose(self) -> ComposeResult:
        body = Text(f"Accept {self.count} pending claim(s)?", style="bold")
        body.append("\nOne undoable action: u takes all of them back.", style="dim")
        if self.conflicted:
            body.append(
                f"\n\n{len(self.conflicted)} of them in an open conflict:\n", style="bold red"
            )
            for text in self.conflicted[:5]:
                body.append(f" · {text[:70]}\n")
            if len(self.conflicted) > 5:
                body.append(f" · and {len(self.conflicted) - 5} more\n")
        body.append("\n")
        body.append(" y ", style="bold reverse")
        body.append(" accept" + (" the others   " if self.conflicted else "   "))
        if self.conflicted:
            body.append(" i ", style="bold reverse")
            body.append(" include them   ")
        body.append(" n ", style="bold reverse")
        body.append(" cancel")
        yield Static(body, classes="dialog", id="point-accept-dialog")

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)
