"""Which files a batch reads: paths, directories and globs in; files (or refusals) out.

Inputs stay inside what the user named. A symlinked folder inside a directory is reported
and not walked unless `follow_symlinks` is given; then it is walked, a link back to a folder
above it reported as a loop and one to a folder already walked passed over, so a loop cannot
hang a batch. A file symlink found on the walk is read only when it resolves inside the
directory being walked: a folder of untrusted articles
holding `environ.txt -> /proc/self/environ` must not turn the environment into a document.
`follow_symlinks=True` opts out. A file named on the command line is read as given, but
nothing under /proc, /sys or /dev is ever read: those are not articles, and reading them
can leak secrets or block forever.

Every entry the walk cannot read (an unreadable directory, a path too long for the
system) comes out as a RefusedInput with its reason, so the batch reports it as failed and
the exit code says so, instead of the walk skipping it in silence.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator

INPUT_SUFFIXES = (".txt", ".md")
STDIN = "-"
# Pseudo-filesystems whose "files" are kernel state (environment, memory maps, devices).
_FORBIDDEN_ROOTS = ("/proc", "/sys", "/dev")


class InputError(Exception):
    """A path the user named does not exist or matches nothing (a usage error)."""


def escaped_name(path: str) -> str:
    """`path` as text that can be stored and printed: bytes of a file name that are not
    UTF-8 (which Python holds as lone surrogates) shown as `\\xNN`, the rest unchanged."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path


class ListedFile(str):
    """A file found while listing the inputs. Its value is the name as stored and shown
    (escaped_name); `path` is the name to open; `identity` (device, inode) and `follow` say
    what was listed, so the reader opens that very file: not a symlink swapped in after the
    listing (opened with O_NOFOLLOW unless the listed entry was an accepted symlink), not
    another file moved into its place (fstat compared with `identity`)."""

    path: str
    identity: tuple[int, int] | None
    follow: bool

    def __new__(cls, path: str, *, follow: bool) -> ListedFile:
        value = super().__new__(cls, escaped_name(path))
        value.path = path
        value.follow = follow
        try:
            info = os.stat(path) if follow else os.lstat(path)
            value.identity = (info.st_dev, info.st_ino)
        except OSError:
            value.identity = None  # the reader reports why it cannot open it
        return value


class RefusedInput(str):
    """A path found on the walk that will not be read, with the reason why.

    A str, so it travels through the batch like any other path and is reported as failed
    by `read_input` with its path and reason.
    """

    reason: str

    def __new__(cls, path: str, reason: str) -> RefusedInput:
        value = super().__new__(cls, escaped_name(path))
        value.reason = escaped_name(reason)
        return value


def expand_inputs(inputs: Iterable[str], *, follow_symlinks: bool = False) -> Iterator[str]:
    """Yield files to read, in a stable order: directories recursively, globs expanded.

    Each file is yielded once even when two inputs name it.
    """
    seen: set[str] = set()
    for item in inputs:
        if item == STDIN:
            yield STDIN
            continue
        if glob.has_magic(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                raise InputError(f"{item}: no file matches this pattern")
            candidates: Iterable[str] = matches
        else:
            _check_exists(item)
            candidates = [item]
        for candidate in candidates:
            for path in _files_under(candidate, follow_symlinks=follow_symlinks):
                refused = isinstance(path, RefusedInput)
                key = str(path) if refused else os.path.realpath(path.path)  # type: ignore[union-attr]
                if key not in seen:
                    seen.add(key)
                    yield path


def refusal(path: str) -> str | None:
    """Why `path` must never be read (it resolves into /proc, /sys or /dev), or None."""
    real = os.path.realpath(path)
    for root in _FORBIDDEN_ROOTS:
        if real == root or real.startswith(root + os.sep):
            return f"refused: {real} is not a document (nothing under {root} is read)"
    return None


def _check_exists(item: str) -> None:
    try:
        os.lstat(item)
    except FileNotFoundError:
        raise InputError(f"{item}: no such file or directory") from None
    except OSError as exc:
        # ENAMETOOLONG, ELOOP, EACCES on a parent: say which, not "no such file".
        raise InputError(f"{item}: {exc.strerror or exc}") from None


def _files_under(path: str, *, follow_symlinks: bool) -> Iterator[ListedFile | RefusedInput]:
    if not os.path.isdir(path):
        yield ListedFile(path, follow=True)  # named by the user: read as given
        return
    root = os.path.realpath(path)
    errors: list[OSError] = []
    visited = {root}  # real paths of the folders walked: a symlink back to one is a loop
    for folder, dirs, files in os.walk(path, followlinks=True, onerror=errors.append):
        yield from _refusals(errors, path)
        dirs.sort()
        yield from _prune_folders(folder, dirs, visited, follow_symlinks=follow_symlinks)
        for name in sorted(files):
            if not name.lower().endswith(INPUT_SUFFIXES) or name.startswith("."):
                continue
            found = os.path.join(folder, name)
            if not os.path.islink(found):
                yield ListedFile(found, follow=False)
                continue
            target = os.path.realpath(found)
            if follow_symlinks or target == root or target.startswith(root.rstrip(os.sep) + os.sep):
                yield ListedFile(found, follow=True)
            else:
                yield RefusedInput(
                    found,
                    f"refused: a symlink to {target}, outside {path} "
                    "(name the file itself, or use --follow-symlinks)",
                )
    yield from _refusals(errors, path)


def _prune_folders(
    folder: str, dirs: list[str], visited: set[str], *, follow_symlinks: bool
) -> Iterator[RefusedInput]:
    """Keep in `dirs` the subfolders to walk. A symlinked folder is walked only with
    `follow_symlinks`, and never when it leads back to a folder above it (a loop); one whose
    folder was already walked is dropped quietly (its files were read). Without the flag a
    symlinked folder is reported, not skipped in silence."""
    here = os.path.realpath(folder)
    keep: list[str] = []
    for name in dirs:
        found = os.path.join(folder, name)
        real = os.path.realpath(found)
        if os.path.islink(found):
            if not follow_symlinks:
                yield RefusedInput(
                    found,
                    f"not read: a symlinked folder (to {real}); read it with --follow-symlinks",
                )
                continue
            if here == real or here.startswith(real.rstrip(os.sep) + os.sep):
                yield RefusedInput(found, f"not read: a symlink loop back to {real}")
                continue
        if real in visited:
            continue
        visited.add(real)
        keep.append(name)
    dirs[:] = keep


def _refusals(errors: list[OSError], walked: str) -> Iterator[RefusedInput]:
    """The walk's errors so far, as failures naming the entry and the reason."""
    while errors:
        error = errors.pop(0)
        where = os.fsdecode(error.filename) if error.filename is not None else walked
        yield RefusedInput(where, f"cannot read directory: {error.strerror or error}")
