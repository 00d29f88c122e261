"""The reject dialog: one more key picks a reason (or enter for none)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from summarise.models import RejectReason
from summarise.tui.screens.dialog import Dialog

REASONS: list[RejectReason] = list(RejectReason)


@dataclass(frozen=True)
class RejectChoice:
    """The reviewer's answer; `reason` None means "reject without a reason"."""

    reason: RejectReason | None


class RejectScreen(Dialog[RejectChoice | None]):
    """Dismissed with a RejectChoice, or None when the reviewer changed their mind."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                str(number), f"choose({number})", f"Reject: {reason.value}", id=f"reject.{number}"
            )
            for number, reason in enumerate(REASONS, start=1)
        ),
        Binding("enter,r", "choose(0)", "Reject without a reason", id="reject.none"),
        Binding("escape", "cancel", "Cancel: do not reject", id="reject.cancel"),
    ]

    def compose(self) -> ComposeResult:
        body = Text("Reject: why? ", style="bold")
        body.append("(one key)\n\n", style="dim")
        for number, reason in enumerate(REASONS, start=1):
            body.append(f" {number} ", style="bold reverse")
            body.append(f" {reason.value}\n")
        body.append(" enter ", style="bold reverse")
        body.append(" no reason    ")
        body.append(" esc ", style="bold reverse")
        body.append(" cancel")
        with Vertical(id="reject-dialog", classes="dialog"):
            yield Static(body)

    def action_choose(self, number: int) -> None:
        self.dismiss(RejectChoice(REASONS[number - 1] if number else None))

    def action_cancel(self) -> None:
        self.dismiss(None)
