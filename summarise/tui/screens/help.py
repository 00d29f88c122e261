"""The help screen, written from the bindings themselves so it cannot drift from them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from summarise.tui.screens.dialog import Dialog


def binding_table(sections: Iterable[tuple[str, Iterable[Binding]]], key_display) -> Table:  # type: ignore[no-untyped-def]
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for title, bindings in sections:
        table.add_row(Text(title, style="bold underline"), Text(""))
        seen: dict[str, list[str]] = {}
        for binding in bindings:
            description = binding.tooltip or binding.description
            if not description:
                continue
            seen.setdefault(description, []).append(key_display(binding))
        for description, keys in seen.items():
            table.add_row(Text(" ".join(dict.fromkeys(keys))), Text(description))
        table.add_row(Text(""), Text(""))
    return table


class HelpScreen(Dialog[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
    ]

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text("Keys (escape closes)", style="bold"), id="help-title")
            self.table = binding_table(self.sections, self.app.get_key_display)
            yield Static(self.table)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
