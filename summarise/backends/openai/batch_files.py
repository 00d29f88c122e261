"""Request files within a provider's limits: how many lines, how many bytes.

OpenAI's Batch API takes at most 50,000 requests and 200 MB in one input file; a set larger
than that becomes several files (and several batches).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from summarise.backends.openai.batch_codec import RequestLine

MAX_REQUESTS = 50_000
MAX_BYTES = 200 * 1024 * 1024


class RequestTooLarge(ValueError):
    """One request line is over the per-file byte limit on its own."""


def split(
    bundles: Iterable[list[RequestLine]],
    *,
    max_requests: int = MAX_REQUESTS,
    max_bytes: int = MAX_BYTES,
) -> Iterator[list[RequestLine]]:
    """The lines in order, grouped into files of at most `max_requests` lines and
    `max_bytes` bytes (each line's JSON plus its newline). A bundle (one document's lines)
    is never split between files."""
    group: list[RequestLine] = []
    size = 0
    for bundle in bundles:
        length = sum(len(line.jsonl().encode("utf-8")) + 1 for line in bundle)
        if length > max_bytes or len(bundle) > max_requests:
            first = bundle[0].custom_id if bundle else "?"
            raise RequestTooLarge(
                f"the requests for {first.split(':')[0]} are {length:,} bytes in "
                f"{len(bundle)} line(s), over one file's limits ({max_bytes:,} bytes, "
                f"{max_requests:,} requests); use a smaller --chunk-tokens"
            )
        if group and (len(group) + len(bundle) > max_requests or size + length > max_bytes):
            yield group
            group, size = [], 0
        group += bundle
        size += length
    if group:
        yield group


def content(lines: Iterable[RequestLine]) -> bytes:
    return "".join(line.jsonl() + "\n" for line in lines).encode("utf-8")


def numbered(path: Path, number: int) -> Path:
    """requests.jsonl, requests.2.jsonl, requests.3.jsonl ...: the files of one set."""
    if number == 1:
        return path
    return path.with_name(f"{path.stem}.{number}{path.suffix or '.jsonl'}")
