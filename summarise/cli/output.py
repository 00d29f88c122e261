"""Where a command's output goes: standard output, or a file that appears whole or not at all.

One `-o/--output` option (`output_option`) and one writer (`output_file`) serve every command
that writes a report. Hand-written rather than `click.File(atomic=True)`: click's atomic file
replaces the target on close even when the write failed part-way, and gives no say over the
message a full disk produces; here a failed write leaves the previous file as it was and
says so in one line.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from typing import IO, Any, TypeVar

import click

from summarise.output.terminal import for_terminal

STDOUT = "-"
F = TypeVar("F", bound=Callable[..., Any])


def output_option(function: F) -> F:
    """The shared `-o/--output FILE` option (default: standard output)."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, allow_dash=True),
        default=STDOUT,
        help="File to write (default: standard output). Written whole or not at all: "
        "on any error the previous file is left as it was.",
    )(function)


class _TerminalWriter:
    """Standard output when it is a terminal: document text shown with its control
    characters made visible, so an ESC sequence in a quote cannot drive the terminal.
    Piped or redirected output keeps the exact text."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        # CSV rows end in CRLF; on a screen that is just a line end.
        self.stream.write(for_terminal(text.replace("\r\n", "\n"), multiline=True))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()


@contextlib.contextmanager
def output_file(path: str, *, newline: str) -> Iterator[IO[str]]:
    """Standard output for '-'; otherwise a temporary file beside `path`, renamed over it
    only when the whole block and the write to disk succeeded. A full disk, a file-size
    limit or an unwritable folder is one line naming the path, and the previous file (if
    any) is left untouched. Devices and pipes (`/dev/null`, a FIFO) are written directly:
    they cannot be replaced, and must not be."""
    if path == STDOUT:
        yield _TerminalWriter(sys.stdout) if sys.stdout.isatty() else sys.stdout  # type: ignore[misc]
        return
    if _is_special(path):
        try:
            with open(path, "w", encoding="utf-8", newline=newline) as handle:
                yield handle
        except OSError as exc:
            raise _cannot_write(path, exc) from exc
        return
    folder = os.path.dirname(os.path.abspath(path))
    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".partial"
        )
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    try:
        with open(descriptor, "w", encoding="utf-8", newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())  # on disk before it takes the name
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError as exc:
        _remove(temporary)
        raise _cannot_write(path, exc) from exc
    except BaseException:
        _remove(temporary)
        raise


def _is_special(path: str) -> bool:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _cannot_write(path: str, exc: OSError) -> click.ClickException:
    kept = " (the previous file is unchanged)" if os.path.isfile(path) else ""
    reason = exc.strerror or str(exc)
    return click.ClickException(f"cannot write {for_terminal(path)}: {reason}{kept}")


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)


def _umask() -> int:
    # mkstemp makes the file 0600; an output file gets the usual permissions instead.
    current = os.umask(0)
    os.umask(current)
    return current
