"""Batch progress for a terminal: a bar on stderr, and one line per file that needs saying."""

from __future__ import annotations

import sys
from typing import Any

import click


class TerminalObserver:
    """Shows a progress bar while the batch runs and reports every skip, failure and warning.

    Messages go to stderr so that stdout stays clean for scripts.
    """

    def __init__(self, *, quiet: bool = False) -> None:
        self.quiet = quiet
        self._bar: Any = None
        self.messages: list[str] = []

    def started(self, total_files: int, backend: str) -> None:
        if not self.quiet:
            click.echo(f"Extracting with {backend}: {total_files} file(s)", err=True)
        if total_files and not self.quiet and sys.stderr.isatty():
            self._bar = click.progressbar(
                length=total_files, file=sys.stderr, label="documents", show_pos=True
            )
            self._bar.__enter__()

    def file_done(self, source: str, outcome: str, message: str) -> None:
        if outcome in ("skipped", "failed"):
            self._say(f"{outcome}: {source}: {message}")
        if self._bar is not None:
            self._bar.update(1)

    def warning(self, message: str) -> None:
        self._say(f"warning: {message}")

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None

    def _say(self, line: str) -> None:
        self.messages.append(line)
        if self._bar is not None:
            # Start a fresh line so the message is not glued onto the bar.
            click.echo("", err=True)
        click.echo(line, err=True)
