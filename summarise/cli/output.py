"""Where a command's output goes: standard output, or a file that appears whole or not at all."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import IO

import click

STDOUT = "-"


@contextlib.contextmanager
def output_file(path: str, *, newline: str) -> Iterator[IO[str]]:
    """Standard output for '-'; otherwise a temporary file beside `path`, renamed over it
    only when the block succeeds, so a failed write never leaves half a file. A path that
    cannot be written is a one-line error, not a traceback."""
    if path == STDOUT:
        yield sys.stdout
        return
    temporary = path + ".partial"
    try:
        handle = open(temporary, "w", encoding="utf-8", newline=newline)  # noqa: SIM115
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with handle:
            yield handle
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise
