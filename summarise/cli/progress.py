"""A live run's progress on a terminal: a bar on stderr, and one line per file that needs saying."""

from __future__ import annotations

import contextlib
import sys
from typing import Any

import click

from summarise.output.terminal import for_terminal


class TerminalObserver:
    """Shows a progress bar while the run goes and reports every skip, failure and warning.

    Messages go to stderr so that stdout stays clean for scripts. File names and reasons
    come from untrusted input, so each line goes through `for_terminal`: a name holding
    ESC sequences or a newline cannot clear the screen or fake a closing line.
    """

    def __init__(self, *, quiet: bool = False) -> None:
        self.quiet = quiet
        self._progress: Any = None
        self._task: Any = None
        # The rich Progress is entered as a context manager and left by close().
        self._stack = contextlib.ExitStack()
        self.messages: list[str] = []

    def started(self, total_files: int, backend: str) -> None:
        if not self.quiet:
            click.echo(f"Extracting with {for_terminal(backend)}: {total_files} file(s)", err=True)
        if total_files and not self.quiet and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import MofNCompleteColumn, Progress

            progress = Progress(
                *Progress.get_default_columns(),
                MofNCompleteColumn(),
                console=Console(file=sys.stderr),
                transient=False,
            )
            self._progress = self._stack.enter_context(progress)
            self._task = progress.add_task("documents", total=total_files)

    def file_done(self, source: str, outcome: str, message: str) -> None:
        if outcome in ("skipped", "failed"):
            self._say(f"{outcome}: {for_terminal(source)}: {for_terminal(message)}")
        if self._progress is not None:
            self._progress.advance(self._task)

    def warning(self, message: str) -> None:
        self._say(f"warning: {for_terminal(message)}")

    def close(self) -> None:
        self._stack.close()
        self._progress = None

    def _say(self, line: str) -> None:
        self.messages.append(line)
        if self._progress is not None:
            # Printed above the live bar; no markup, so "[red]" in a name stays text.
            self._progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
            return
        click.echo(line, err=True)
