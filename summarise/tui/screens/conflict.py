"""The conflict dialog: every value with the quotes and sources stating it; one key settles.

`1`-`9` picks a value (every pending claim stating it is accepted; claims stating another
value are rejected, or kept with that figure marked wrong: see settle_others),
`b` keeps every value with its attribution (all pending claims accepted), `x` rejects them
all. The dialog only chooses; the review screen writes the choice with the claim versions
this dialog showed, so a claim changed meanwhile refuses the whole resolution.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from summarise.models import ConflictMemberRecord, ConflictRecord, Resolution
from summarise.output.terminal import for_terminal
from summarise.tui.screens.dialog import Dialog

# One key per value: values past the ninth can still be kept or rejected, not picked.
PICKABLE = 9
QUOTE_WIDTH = 120


@dataclass(frozen=True)
class ConflictChoice:
    conflict: ConflictRecord  # as shown: its members' versions guard the resolution
    action: Resolution
    claim_id: str | None = None  # the claim whose value was picked

    def describe(self) -> str:
        if self.action is Resolution.PICK:
            picked = next(m for m in self.conflict.members if m.claim_id == self.claim_id)
            return f"picked {picked.value}"
        if self.action is Resolution.KEEP_BOTH:
            return "kept every value, each with its source"
        return "rejected every value"


def _short(text: str, width: int = QUOTE_WIDTH) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def describe_conflict(conflict: ConflictRecord, labels: Mapping[str, str] | None = None) -> Text:
    """The values, numbered, each with its claims' outlets and dates, statuses and quotes.
    `labels` (claim id -> "outlet (date)") comes from the session; the file name otherwise."""
    body = Text(end="")
    body.append(f"Conflict #{conflict.id}: {for_terminal(conflict.subject)}", style="bold")
    body.append(f"  ({conflict.kind}, {conflict.status})\n", style="dim")
    for number, members in enumerate(conflict.values().values(), start=1):
        key = f" {number} " if number <= PICKABLE else "   "
        body.append("\n")
        body.append(key, style="bold reverse")
        sources = {m.document_source for m in members}
        body.append(f" {for_terminal(members[0].value)}", style="bold")
        body.append(f"  {len(sources)} source{'s' if len(sources) != 1 else ''}\n", style="dim")
        for member in members:
            label = (labels or {}).get(member.claim_id) or _describe_member(member)
            body.append(f"    {for_terminal(label)}", style="bold")
            by = f" by {member.reviewed_by}" if member.reviewed_by else ""
            body.append(f"  {member.status}{for_terminal(by)}  {member.claim_id}\n", style="dim")
            body.append(f'    "{for_terminal(_short(member.quote))}"\n', style="italic")
    return body


def _describe_member(member: ConflictMemberRecord) -> str:
    name = member.document_title or PurePath(member.document_source).name
    date = (member.document_published or "")[:10]
    return f"{name} ({date})" if date else name


KEYS_HELP = Text.assemble(
    (" 1-9 ", "bold reverse"),
    " pick  ",
    (" b ", "bold reverse"),
    " keep all, attributed  ",
    (" x ", "bold reverse"),
    " reject all  ",
    (" esc ", "bold reverse"),
    " cancel",
)


class ConflictScreen(Dialog[ConflictChoice | None]):
    """Dismissed with the reviewer's choice, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                str(number),
                f"pick({number})",
                "Pick this value: accept its claims; reject or correct the others"
                if number == 1
                else "",
                key_display="1-9" if number == 1 else None,
                show=False,
                id=f"conflict.pick{number}",
            )
            for number in range(1, PICKABLE + 1)
        ),
        Binding("b", "keep_both", "Keep every value, each with its source", id="conflict.keep"),
        Binding("x", "reject_all", "Reject every claim of the conflict", id="conflict.reject"),
        Binding("escape", "cancel", "Cancel: leave the conflict open", id="conflict.cancel"),
    ]

    def __init__(self, conflict: ConflictRecord, labels: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.conflict = conflict
        self.labels = labels
        self.choices = [members[0].claim_id for members in conflict.values().values()]

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict-dialog", classes="dialog"):
            with VerticalScroll(id="conflict-body"):
                yield Static(describe_conflict(self.conflict, self.labels))
            yield Static(KEYS_HELP, id="conflict-keys")

    def action_pick(self, number: int) -> None:
        if number > len(self.choices):
            self.notify(f"There is no value {number} here.", markup=False)
            return
        self.dismiss(ConflictChoice(self.conflict, Resolution.PICK, self.choices[number - 1]))

    def action_keep_both(self) -> None:
        self.dismiss(ConflictChoice(self.conflict, Resolution.KEEP_BOTH))

    def action_reject_all(self) -> None:
        self.dismiss(ConflictChoice(self.conflict, Resolution.REJECT))

    def action_cancel(self) -> None:
        self.dismiss(None)
