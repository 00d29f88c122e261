"""The review app and its factory, shared by `summarise review` and the tests."""

from __future__ import annotations

import getpass
import os
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message

from summarise.output.terminal import for_terminal
from summarise.store import Store, StoreError, UnknownStory

if TYPE_CHECKING:
    from summarise.analysis.refresh import AnalysisReport
from summarise.tui.screens.review import ReviewScreen
from summarise.tui.screens.review_analysis import AnalysisWanted
from summarise.tui.session import ReviewSession

# One attempt's wait for another process's write lock; the write queue retries after it.
WRITE_WAIT_SECONDS = 1.0


class AnalysisDone(Message):
    """Stories, links and conflicts are up to date (or could not be brought up to date)."""

    def __init__(self, report: AnalysisReport | None, error: str | None) -> None:
        super().__init__()
        self.report = report
        self.error = error


class ReviewApp(App[None]):
    """Holds the session; screens are pushed on top, and the session is closed when the app
    ends. Stories and conflicts are brought up to date in the background at start (a big
    database takes seconds to regroup; the first screen must not wait for it)."""

    CSS_PATH = "review.tcss"
    TITLE = "summarise review"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, id="app.quit"),
    ]

    def __init__(
        self, session: ReviewSession, *, analyse: bool = True, story: int | None = None
    ) -> None:
        super().__init__()
        self.session = session
        self.analyse_at_start = analyse
        self.story_at_start = story

    def on_mount(self) -> None:
        self.sub_title = for_terminal(
            f"{self.session.reviewer} @ {os.path.basename(self.session.path)}"
        )
        screen = ReviewScreen(self.session)
        self.push_screen(screen)
        if self.story_at_start is not None:
            # `review --story N`: the story view on top, the claim list one key below it.
            screen.open_story(self.story_at_start)
        if self.analyse_at_start:
            # After the first screen is drawn: its thread would compete with it for the GIL.
            self.call_after_refresh(self.analyse)

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def analyse(self) -> None:
        """Run analysis.refresh on a connection of its own; post AnalysisDone when done."""
        # Imported here, in the worker's thread: the first screen does not wait for it.
        from summarise.analysis import refresh as analysis

        try:
            with Store.open(self.session.path, create=False) as store:
                report = analysis.refresh(store)
        except StoreError as exc:
            self.post_message(AnalysisDone(None, str(exc)))
        else:
            self.post_message(AnalysisDone(report, None))

    def on_analysis_wanted(self, message: AnalysisWanted) -> None:
        self.analyse()

    def on_analysis_done(self, message: AnalysisDone) -> None:
        if message.error is not None:
            self.notify(
                f"Stories and conflicts not brought up to date: {message.error}",
                severity="warning",
                timeout=8,
                markup=False,
            )
            return
        report = message.report
        if report is None or not report.recomputed:
            return
        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen):
                screen.analysis_updated()
        self.notify(
            f"Stories and conflicts updated: {report.stories} stories, "
            f"{report.conflicts} conflicts (C lists the open ones).",
            markup=False,
        )

    async def on_unmount(self) -> None:
        self.session.close()


def default_reviewer() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        # No passwd entry and no LOGNAME/USER (some containers): still record a name.
        return "reviewer"


def create_app(
    db_path: str,
    reviewer: str | None = None,
    *,
    busy_timeout: float | None = None,
    analyse: bool = True,
    split: tuple[int, int] | None = None,
    story: int | None = None,
) -> ReviewApp:
    """Open the database (raising StoreError with a clear message) and build the app.
    `analyse` False skips bringing stories and conflicts up to date at start; `split` (k, n)
    shows only this reviewer's share of the documents; `story` opens that story's story view
    (UnknownStory, a StoreError, when there is no such story).

    A decision that finds the database locked is retried by the screen until saved, so the
    writer waits only a little each time (WRITE_WAIT_SECONDS) and the status bar can say
    what is happening instead of one long silent wait."""
    session = ReviewSession(
        db_path,
        reviewer or default_reviewer(),
        busy_timeout=WRITE_WAIT_SECONDS if busy_timeout is None else busy_timeout,
        split=split,
    )
    if story is not None and session.story(story) is None:
        session.close()
        raise UnknownStory(f"no story {story} (see `summarise stories`)")
    return ReviewApp(session, analyse=analyse, story=story)
