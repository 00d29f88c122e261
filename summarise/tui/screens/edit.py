"""The edit dialog: rewrite the claim text, optionally re-anchor its quote; saving accepts.

The quote field starts as the claim's quote (or the span selected in the document pane);
changing it to another passage of the document moves the claim's offsets there. Warnings
(a dropped attribution or figure) show as the reviewer types and never block the save.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, Static, TextArea

from summarise.models import Claim
from summarise.output.terminal import for_terminal, one_for_one
from summarise.store import InvalidDecision
from summarise.tui.edit_checks import edit_warnings, find_span
from summarise.tui.screens.dialog import Dialog


@dataclass(frozen=True)
class EditResult:
    text: str
    span: tuple[int, int] | None
    warnings: tuple[str, ...] = ()
    # Saved after the reviewer was warned that a colleague changed the claim: apply the
    # edit to the claim as it is now.
    onto_current: bool = False


# How often the open dialog looks whether a colleague decided the claim meanwhile.
WATCH_SECONDS = 1.0


def _one_line(text: str) -> str:
    return " ".join(text.split())


class EditScreen(Dialog[EditResult | None]):
    """Dismissed with the edit to save, or None when the reviewer pressed escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,f2", "save", "Save the edit and accept", priority=True, id="edit.save"),
        Binding("escape", "cancel", "Cancel the edit", id="edit.cancel"),
    ]

    def __init__(
        self,
        claim: Claim,
        document_text: str,
        *,
        draft: str | None = None,
        span: tuple[int, int] | None = None,
        changed_by: Callable[[], str | None] | None = None,
    ) -> None:
        """`changed_by` says who changed the claim since it was shown (None: nobody)."""
        super().__init__()
        self.changed_by = changed_by
        self.overtaken = False
        self.claim = claim
        self.document_text = document_text
        self.draft = draft
        self.proposed = span or (claim.quote_start, claim.quote_end)
        self.prefill = one_for_one(_one_line(document_text[self.proposed[0] : self.proposed[1]]))

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-dialog", classes="dialog"):
            yield Label("Edit claim (ctrl+s or F2 saves and accepts, esc cancels)")
            # Controls in the claim text show as one visible symbol each (and are saved as
            # those symbols if the reviewer saves): never written to the terminal raw.
            yield TextArea(
                one_for_one(self.draft if self.draft is not None else self.claim.text),
                id="edit-text",
                soft_wrap=True,
                tab_behavior="focus",
                show_line_numbers=False,
            )
            yield Label("Quote (change it to re-anchor on another passage; tab moves here)")
            yield Input(self.prefill, id="edit-quote")
            yield Static("", id="edit-warnings")
            yield Static("", id="edit-overtaken")

    def ready(self) -> None:
        area = self.query_one("#edit-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        self._check()
        if self.changed_by is not None:
            self.set_interval(WATCH_SECONDS, self._watch)

    def _watch(self) -> None:
        """Warn while the reviewer types that a colleague decided this claim: the draft is
        theirs to keep, and saving applies it to the claim as it now is."""
        if self.overtaken or self.changed_by is None:
            return
        changed = self.changed_by()
        if changed is None:
            return
        self.overtaken = True
        warning = Text(
            f"⚠ {for_terminal(changed)} while you typed. ctrl+s applies your edit to the "
            "claim as it is now; esc drops it.",
            style="bold red",
        )
        self.query_one("#edit-overtaken", Static).update(warning)

    def on_text_area_changed(self) -> None:
        self._check()

    def on_input_changed(self) -> None:
        self._check()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def _span(self) -> tuple[int, int]:
        typed = self.query_one("#edit-quote", Input).value
        if _one_line(typed) == self.prefill:
            return self.proposed
        # Searched in the text as the reviewer sees it (same offsets), so a passage copied
        # with its visible control symbols is found too.
        return find_span(one_for_one(self.document_text), typed, self.claim.quote_start)

    def _check(self) -> list[str]:
        if self.closed:  # a change event can still arrive from a dialog closed while mounting
            return []
        text = self.query_one("#edit-text", TextArea).text
        warnings: list[str] = []
        try:
            start, end = self._span()
            warnings = edit_warnings(self.claim, text, self.document_text[start:end])
        except InvalidDecision as exc:
            warnings = [str(exc)]
        shown = Text(
            for_terminal("\n".join(f"⚠ {w}" for w in warnings), multiline=True), style="bold yellow"
        )
        self.query_one("#edit-warnings", Static).update(shown)
        return warnings

    def action_save(self) -> None:
        text = self.query_one("#edit-text", TextArea).text.strip()
        if not text:
            self.notify(
                "The claim text is empty: type it, or escape to cancel",
                severity="error",
                markup=False,
            )
            return
        try:
            span = self._span()
        except InvalidDecision as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        moved = span != (self.claim.quote_start, self.claim.quote_end)
        warnings = edit_warnings(self.claim, text, self.document_text[span[0] : span[1]])
        self.dismiss(EditResult(text, span if moved else None, tuple(warnings), self.overtaken))

    def action_cancel(self) -> None:
        self.dismiss(None)
