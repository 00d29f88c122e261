"""The story view's figure dialogs: what a value is (update, dispute, retracted), the name of
what a quantity counts, and which of the story's other quantities to merge or move into.

Each only asks; the story view records the answer as a figure decision (the store call the
`summarise figures` subcommands make)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from summarise.output.terminal import for_terminal, is_safe
from summarise.tui.screens.dialog import Dialog

NAME_LIMIT = 80  # what a quantity counts is a few words: 'hostages held'


def name_problem(text: str) -> str | None:
    """Why `text` cannot name what a quantity counts, or None when it can."""
    name = text.strip()
    if not name:
        return "Type what the quantity counts (e.g. hostages held), or esc to cancel."
    if len(name) > NAME_LIMIT:
        return f"At most {NAME_LIMIT} characters ({len(name)} typed)."
    if not is_safe(name):
        return "No control characters in a name: type it as plain text."
    return None


class FigureMarkScreen(Dialog[str | None]):
    """Dismissed with 'update', 'dispute' or 'retracted', or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "u",
            "answer('update')",
            "An update: it leads, the figure is updated",
            id="figmark.update",
        ),
        Binding(
            "d",
            "answer('dispute')",
            "Disputed: the figure is shown as disputed",
            id="figmark.dispute",
        ),
        Binding(
            "r",
            "answer('retracted')",
            "Retracted: struck, kept in the series",
            id="figmark.retracted",
        ),
        Binding("escape", "answer(None)", "Cancel: mark nothing", id="figmark.cancel"),
    ]

    def __init__(self, value: str, subject: str) -> None:
        super().__init__()
        self.value = value
        self.subject = subject

    def compose(self) -> ComposeResult:
        body = Text("Mark ", style="bold")
        body.append(for_terminal(self.value), style="bold")
        body.append(" of ")
        body.append(for_terminal(self.subject), style="bold")
        body.append(" as:\n\n")
        for key, what in (("u", "an update"), ("d", "disputed"), ("r", "retracted")):
            body.append(f" {key} ", style="bold reverse")
            body.append(f" {what}   ")
        body.append(" esc ", style="bold reverse")
        body.append(" cancel")
        yield Static(body, classes="dialog", id="figure-mark-dialog")

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)


class FigureNameScreen(Dialog[str | None]):
    """Dismissed with a valid name (stripped), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel: name nothing", id="figname.cancel"),
    ]

    def __init__(self, title: str, value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="figure-name-dialog", classes="dialog"):
            yield Label(Text(for_terminal(self.title_text), style="bold"))
            yield Label("What it counts; enter saves, esc cancels")
            yield Input(value=self.value, id="figure-name")
            yield Label("", id="figure-name-problem")

    def ready(self) -> None:
        self.query_one("#figure-name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = name_problem(event.value)
        if problem is not None:
            self.query_one("#figure-name-problem", Label).update(Text(problem, style="red"))
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class QuantityChoiceScreen(Dialog[int | None]):
    """Dismissed with the index (in `subjects`) of the quantity chosen, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel: change nothing", id="quantity.cancel"),
    ]

    def __init__(self, prompt: str, subjects: list[tuple[int, str]]) -> None:
        super().__init__()
        self.prompt = prompt
        self.subjects = subjects

    def compose(self) -> ComposeResult:
        options = [
            Option(Text(for_terminal(subject), no_wrap=True, overflow="ellipsis"), id=str(index))
            for index, subject in self.subjects
        ]
        with Vertical(id="quantity-dialog", classes="dialog"):
            yield Label(Text(for_terminal(self.prompt), style="bold"))
            yield Label("↑↓ choose, enter picks, esc cancels")
            yield OptionList(*options, id="quantity-list")

    def ready(self) -> None:
        self.query_one("#quantity-list", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)
