"""What the review screen's controllers may ask of the screen that holds them.

The controllers (review_decisions.DecisionController, review_analysis.AnalysisController) are
plain objects, not mixins: everything they use of the screen is named here, so a reader sees
the whole seam in one place and a test can drive a controller with a stand-in. Outcomes that
arrive from a worker come back as Textual messages the screen handles; these calls are made
on the UI thread only.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.app import App
    from textual.message import Message
    from textual.notifications import SeverityLevel
    from textual.worker import Worker

    from summarise.models import Claim, Review
    from summarise.tui.session import ReviewSession


class ReviewView(Protocol):
    """The review screen as its controllers see it."""

    session: ReviewSession

    @property
    def app(self) -> App[Any]:
        """The app, to push dialogs (`push_screen`, and `push_screen_wait` in a worker)."""
        ...

    def claim_under_cursor(self) -> Claim | None:
        """The claim a key acts on: the one at the cursor when the key is handled."""
        ...

    def cursor_claim_id(self) -> str | None: ...

    def selected_span(self, document_id: str) -> tuple[int, int] | None:
        """The text the reviewer selected in the document pane, if it shows that document."""
        ...

    def show_progress(self, note: str = "") -> None: ...

    def show_saved(self, review: Review) -> None:
        """A decision of ours is in: redraw what it changed."""
        ...

    def reload(self, claim_id: str | None = None, index: int | None = None) -> None: ...

    def advance(self, after: str) -> None:
        """On to the next pending claim after `after`, not waiting for its save."""
        ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...

    def post_message(self, message: Message) -> bool: ...

    def run_worker(
        self,
        work: Awaitable[None],
        name: str | None = "",
        group: str = "default",
        description: str = "",
        exit_on_error: bool = True,
        start: bool = True,
        exclusive: bool = False,
        thread: bool = False,
    ) -> Worker[None]: ...
