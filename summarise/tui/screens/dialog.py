"""The base of every pushed screen (dialogs and the story view): its set-up runs once it is
mounted, and only if it was not closed first.

A key typed right behind the one that opens a dialog can close it before Textual has mounted
it: Textual checks a key's bindings against whichever screen is on top when the key reaches
the app, so an `escape` typed ahead lands on a dialog still being composed. Closing it takes
its widgets away, and a set-up that then looked them up crashed the app (`NoMatches
'#edit-text'` in the edit dialog's on_mount, seen typing fast in tmux). Subclasses put that
set-up in `ready()`; they define no `on_mount` (Textual would run both).
"""

from __future__ import annotations

from typing import Any, TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")


class Pushed:
    """Mixed in before the Textual screen class (`class X(Pushed, Screen[T])`): a base
    between them would reorder the screens' default CSS (a dialog lost its see-through
    background)."""

    # Set by dismiss: a screen closed before it mounted skips its set-up.
    closed = False

    def dismiss(self, result: Any = None) -> AwaitComplete:
        self.closed = True
        return super().dismiss(result)  # type: ignore[misc]

    def on_mount(self) -> None:
        if not self.closed:
            self.ready()

    def ready(self) -> None:
        """Set-up that needs the composed widgets (focus, cursor, first drawing, timers)."""


class Dialog(Pushed, ModalScreen[ResultT]):
    """A modal dialog over the screen below."""
