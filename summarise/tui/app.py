"""The review app and its factory, shared by `summarise review` and the tests."""

from __future__ import annotations

import getpass
import os
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from summarise.tui.screens.review import ReviewScreen
from summarise.tui.session import ReviewSession


class ReviewApp(App[None]):
    """Holds the session; screens are pushed on top (a later view, e.g. conflicts, can be
    pushed the same way), and the session is closed when the app ends."""

    CSS_PATH = "review.tcss"
    TITLE = "summarise review"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, id="app.quit"),
    ]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session

    def on_mount(self) -> None:
        self.sub_title = f"{self.session.reviewer} @ {os.path.basename(self.session.path)}"
        self.push_screen(ReviewScreen(self.session))

    async def on_unmount(self) -> None:
        self.session.close()


def default_reviewer() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        # No passwd entry and no LOGNAME/USER (some containers): still record a name.
        return "reviewer"


def create_app(
    db_path: str, reviewer: str | None = None, *, busy_timeout: float | None = None
) -> ReviewApp:
    """Open the database (raising StoreError with a clear message) and build the app."""
    session = ReviewSession(db_path, reviewer or default_reviewer(), busy_timeout=busy_timeout)
    return ReviewApp(session)
