"""After picking a value: what to do with the claims that state another one.

Rejecting a claim throws away everything else it says, so when any of them carries other
figures the reviewer chooses: reject those claims (`r`), or keep them and mark only the
disputed figure or date as wrong (`m`: the claim keeps its status, the summary states the
picked value instead).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from summarise.output.terminal import for_terminal
from summarise.tui.screens.dialog import Dialog

Others = Literal["reject", "correct"]


@dataclass(frozen=True)
class OtherClaim:
    """A claim stating another value, as the dialog shows it."""

    claim_id: str
    source: str
    value: str
    text: str
    other_figures: tuple[str, ...]


class SettleOthersScreen(Dialog[Others | None]):
    """Dismissed with "reject", "correct", or None (cancel: nothing is settled)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "m", "answer('correct')", "Keep them, mark only this figure wrong", id="others.mark"
        ),
        Binding("r", "answer('reject')", "Reject those claims", id="others.reject"),
        Binding("escape", "answer(None)", "Cancel: leave the conflict open", id="others.cancel"),
    ]

    def __init__(self, picked: str, others: list[OtherClaim]) -> None:
        super().__init__()
        self.picked = picked
        self.others = others

    def compose(self) -> ComposeResult:
        body = Text(end="")
        body.append(f"Picked {for_terminal(self.picked)}. ", style="bold")
        body.append(f"{len(self.others)} claim(s) state another value:\n", style="bold")
        for other in self.others:
            body.append(f"\n  {for_terminal(other.source)}", style="bold")
            body.append(f"  says {for_terminal(other.value)}\n", style="dim")
            body.append(f"    {for_terminal(' '.join(other.text.split()))}\n", style="italic")
            if other.other_figures:
                shown = ", ".join(for_terminal(f) for f in other.other_figures)
                body.append(f"    also states: {shown}\n", style="bold yellow")
        with Vertical(id="others-dialog", classes="dialog"):
            with VerticalScroll(id="others-body"):
                yield Static(body)
            yield Static(
                Text.assemble(
                    (" m ", "bold reverse"),
                    " keep, mark this figure wrong  ",
                    (" r ", "bold reverse"),
                    " reject them  ",
                    (" esc ", "bold reverse"),
                    " cancel",
                )
            )

    def action_answer(self, answer: Others | None) -> None:
        self.dismiss(answer)
