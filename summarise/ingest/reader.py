"""Reading input: paths, directories, globs and stdin in; Documents (or clear skips) out.

Nothing here raises on bad input. Every file yields exactly one IngestResult that says
what became of it, so a batch can report each file and carry on with the rest.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from summarise.ingest.boilerplate import agency_signoff, strip_boilerplate
from summarise.ingest.paths import (
    INPUT_SUFFIXES,
    STDIN,
    InputError,
    ListedFile,
    RefusedInput,
    expand_inputs,
    refusal,
)
from summarise.ingest.report_dates import read_report_date
from summarise.models import Document

# Path expansion lives in ingest.paths; these names stay importable from here.
__all__ = [
    "DEFAULT_MAX_BYTES",
    "INPUT_SUFFIXES",
    "STDIN",
    "IngestResult",
    "InputError",
    "Outcome",
    "RefusedInput",
    "expand_inputs",
    "parse_bytes",
    "read_input",
]

# A document bigger than this is refused rather than read into memory whole.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Bytes that almost never occur in text but do in images, archives and executables.
_BINARY_CONTROL = set(range(0, 9)) | {
    11,
    14,
    15,
    16,
    17,
    18,
    19,
    20,
    21,
    22,
    23,
    24,
    25,
    26,
    27,
    28,
    29,
    30,
    31,
}
# The same bytes as one string, for counting them with bytes.translate at C speed.
_BINARY_CONTROL_BYTES = bytes(sorted(_BINARY_CONTROL))
_DATE_HEADER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})(?:[ \t]+|[ \t]*\n)", re.IGNORECASE)
_HEADLINE_MAX_CHARS = 200
_HEADLINE_MAX_WORDS = 30


class Outcome(StrEnum):
    READ = "read"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class IngestResult:
    source: str
    outcome: Outcome
    document: Document | None = None
    message: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)


def read_input(source: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> IngestResult:
    """Read one file (or stdin for '-') into a Document, or say why not."""
    if isinstance(source, RefusedInput):
        return IngestResult(source, Outcome.FAILED, message=source.reason)
    listed = source if isinstance(source, ListedFile) else None
    if source != STDIN and (reason := refusal(listed.path if listed else source)):
        return IngestResult(source, Outcome.FAILED, message=reason)
    try:
        raw = _read_bytes(source, max_bytes)
    except _Swapped as exc:
        return IngestResult(source, Outcome.FAILED, message=str(exc))
    except _TooLarge as exc:
        # Failed, not skipped: there is text here that the user expected to be read.
        return IngestResult(source, Outcome.FAILED, message=str(exc))
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        return IngestResult(source, Outcome.FAILED, message=f"cannot read: {reason}")
    return parse_bytes(raw, "<stdin>" if source == STDIN else source)


def parse_bytes(raw: bytes, source: str) -> IngestResult:
    """Decode, normalise and describe raw bytes as a Document."""
    if not raw.strip():
        return IngestResult(source, Outcome.SKIPPED, message="empty file")
    bomless = _bomless_utf16(raw)
    if bomless is None and _looks_binary(raw):
        return IngestResult(source, Outcome.SKIPPED, message="binary file, not text")
    text, encoding, warnings = bomless or _decode(raw, source)
    nuls = text.count("\x00")
    if nuls:
        warnings.append(f"{source}: {nuls} NUL byte(s) removed from the text")
    text = _normalise(text)
    published, text = _take_date_header(text)
    agencies = agency_signoff(text)
    text, removed = strip_boilerplate(text)
    text = text.strip()
    report_date = read_report_date(text)
    published = published or report_date.published
    if not text:
        return IngestResult(
            source,
            Outcome.SKIPPED,
            message="no text left after boilerplate",
            warnings=tuple(warnings),
        )
    document = Document(
        id=Document.id_for(text),
        source=source,
        title=_headline(text),
        published=published,
        text=text,
        encoding=encoding,
        boilerplate_removed=removed,
        agencies=agencies,
        outlet=report_date.outlet,
        dateline_month_day=(
            "{:02d}-{:02d}".format(*report_date.month_day)
            if report_date.month_day and published is None
            else None
        ),
    )
    return IngestResult(source, Outcome.READ, document=document, warnings=tuple(warnings))


class _TooLarge(Exception):
    pass


def _read_bytes(source: str, max_bytes: int) -> bytes:
    if source == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        fd = _open_listed(source)
        try:
            info = os.fstat(fd)
            data = _read_open(fd, info, source, max_bytes)
        finally:
            os.close(fd)
    if len(data) > max_bytes:
        raise _TooLarge(_too_large_message(len(data), max_bytes))
    return data


class _Swapped(Exception):
    """The file opened is not the one listed (a symlink or another file put in its place)."""


def _open_listed(source: str) -> int:
    """Open the file the listing found: never following a symlink that was not one when
    listed, and non-blocking, so a FIFO cannot hang the batch (fstat refuses it next)."""
    listed = source if isinstance(source, ListedFile) else None
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if listed is not None and not listed.follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(listed.path if listed else source, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and listed is not None and not listed.follow:
            raise _Swapped(
                "refused: it was replaced by a symlink after the folder was listed"
            ) from None
        if exc.errno in (errno.ENXIO, errno.EOPNOTSUPP):  # a socket cannot be opened
            raise _not_regular(os.stat(listed.path if listed else source).st_mode) from None
        raise
    if listed is not None and listed.identity is not None:
        info = os.fstat(fd)
        if (info.st_dev, info.st_ino) != listed.identity:
            os.close(fd)
            raise _Swapped("refused: the file was replaced after the folder was listed")
    return fd


def _read_open(fd: int, info: os.stat_result, source: str, max_bytes: int) -> bytes:
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(21, "is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise _not_regular(info.st_mode)
    size = info.st_size
    if size > max_bytes:
        raise _TooLarge(_too_large_message(size, max_bytes))
    chunks: list[bytes] = []
    left = max_bytes + 1
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _not_regular(mode: int) -> OSError:
    # A FIFO with no writer would block a plain open, and a socket cannot be opened.
    return OSError(
        0,
        f"not a regular file ({_kind_of(mode)}); pipe it to standard input with '-' instead",
    )


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def _too_large_message(size: int, max_bytes: int) -> str:
    # MiB, so the default 10 * 1024 * 1024 reads as the "10" the help and README promise.
    return (
        f"too large: {size / 2**20:.1f} MiB ({size} bytes) is over the "
        f"{max_bytes / 2**20:.1f} MiB limit (raise it with --max-bytes)"
    )


# Mostly-ASCII UTF-16 without a BOM: at least this share of one byte of each pair is NUL...
UTF16_NUL_SHARE = 0.6
# ...and at most this share of the other (a NUL character in the text).
UTF16_STRAY_NUL_SHARE = 0.02


def _looks_binary(raw: bytes) -> bool:
    head = raw[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 with a BOM is text; _decode handles it
    controls = len(head) - len(head.translate(None, _BINARY_CONTROL_BYTES))
    if controls > len(head) * 0.05:
        return True
    # A few stray NULs in otherwise valid UTF-8 are a damaged text file (a bad scrape or
    # copy), not an image: read it and say so, rather than lose the article. Binary formats
    # with NULs (images, PDFs, UTF-16 without a BOM) fail the UTF-8 test or the 5% above.
    return b"\x00" in head and not _valid_utf8_prefix(head.replace(b"\x00", b""))


def _bomless_utf16(raw: bytes) -> tuple[str, str, list[str]] | None:
    """UTF-16 text without a byte-order mark, decoded, or None. Mostly-ASCII UTF-16 shows
    itself by its NULs: one byte of nearly every pair is 0 (the second in little-endian, the
    first in big-endian) and the other almost never is; the whole must then decode strictly
    into text with few control characters."""
    head = raw[:8192]
    pairs = len(head) // 2
    if pairs < 2 or len(raw) % 2 or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # too short to tell, or has a BOM (_decode reads those)
    first_nul = head[0 : pairs * 2 : 2].count(0) / pairs
    second_nul = head[1 : pairs * 2 : 2].count(0) / pairs
    if second_nul >= UTF16_NUL_SHARE and first_nul <= UTF16_STRAY_NUL_SHARE:
        codec = "utf-16-le"
    elif first_nul >= UTF16_NUL_SHARE and second_nul <= UTF16_STRAY_NUL_SHARE:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        return None
    sample = text[:4096]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r")
    if controls > len(sample) * 0.05:
        return None
    return text, codec, []


def _valid_utf8_prefix(data: bytes) -> bool:
    """Whether `data` is valid UTF-8, allowing a character cut off at its end."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _decode(raw: bytes, source: str) -> tuple[str, str, list[str]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig", []
        except UnicodeDecodeError:
            pass
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16", []
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        position = exc.start
    # cp1252 is a superset of Latin-1's printable range and is what "Latin-1" files
    # from Windows editors really are; bytes it leaves undefined fall back to Latin-1.
    try:
        text, encoding = raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, encoding = raw.decode("latin-1"), "latin-1"
    warning = (
        f"{source}: not valid UTF-8 (first bad byte at offset {position}); decoded as {encoding}"
    )
    return text, encoding, [warning]


def _normalise(text: str) -> str:
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x00", "")
    # NFC so that the same article saved by two tools hashes to one document id.
    return unicodedata.normalize("NFC", text)


def _take_date_header(text: str) -> tuple[date | None, str]:
    match = _DATE_HEADER.match(text)
    if not match:
        return None, text
    try:
        published = date.fromisoformat(match.group(1))
    except ValueError:
        return None, text
    return published, text[match.end() :]


def _headline(text: str) -> str | None:
    """The first line, when it reads as a headline: short, no closing full stop, and set
    apart from the body by a blank line or followed by a longer paragraph."""
    first, _, rest = text.partition("\n")
    first = first.strip()
    if not first or not rest.strip():
        return None
    words = first.split()
    if len(first) > _HEADLINE_MAX_CHARS or len(words) > _HEADLINE_MAX_WORDS or len(words) < 3:
        return None
    if first[-1] in ".,;:" or first.endswith(("”", '"')):
        return None
    return first
