"""Splitting a long document into overlapping spans that fit a token budget.

Token counts are estimates (no tokenizer is shipped): UTF-8 bytes / BYTES_PER_TOKEN, which
errs high for English (about 4 bytes a token) and is close for scripts that take 2-3 bytes a
character. Spans end at a paragraph break where one is near, else at a sentence end, else at
white space, so a claim's sentence is rarely cut; the overlap catches the ones that are.
"""

from __future__ import annotations

import math
import re

from summarise.backends.base import Span

BYTES_PER_TOKEN = 3.5
# A span may end this far (as a share of its length) before its budget to end on a boundary.
BOUNDARY_SLACK = 0.25
__all__ = ["Span", "estimate_tokens", "halve", "split_spans"]
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s")


def estimate_tokens(text: str) -> int:
    return math.ceil(len(text.encode("utf-8")) / BYTES_PER_TOKEN)


def split_spans(text: str, max_tokens: int, overlap_tokens: int = 0) -> list[Span]:
    """Spans covering `text` in order, each within `max_tokens` (estimated), consecutive ones
    sharing about `overlap_tokens`. A text within the budget is one span."""
    if max_tokens < 1:
        raise ValueError("max_tokens must be at least 1")
    overlap_tokens = max(0, min(overlap_tokens, max_tokens // 2))
    spans: list[Span] = []
    start = 0
    while True:
        end = _fit(text, start, max_tokens)
        if end >= len(text):
            spans.append(Span(start, len(text)))
            return spans
        end = _boundary_before(text, start, end)
        spans.append(Span(start, end))
        next_start = _boundary_after(text, _back(text, end, overlap_tokens), end)
        start = next_start if next_start > start else end


def halve(text: str, span: Span, overlap_tokens: int) -> list[Span]:
    """Two spans covering `span`, split near its middle (for a reply that was cut off)."""
    middle = (span.start + span.end) // 2
    cut = _boundary_before(text, span.start, middle)
    if cut <= span.start or cut >= span.end:
        cut = middle
    second = _boundary_after(text, _back(text, cut, overlap_tokens), cut)
    second = min(max(second, span.start + 1), cut)
    return [Span(span.start, cut), Span(second, span.end)]


def _fit(text: str, start: int, max_tokens: int) -> int:
    """The furthest end whose span from `start` is within `max_tokens`."""
    end = min(len(text), start + int(max_tokens * BYTES_PER_TOKEN))
    # Characters above ASCII take more bytes: shrink until the estimate fits.
    while end > start + 1 and estimate_tokens(text[start:end]) > max_tokens:
        over = estimate_tokens(text[start:end]) / max_tokens
        end = start + max(1, int((end - start) / over) - 1)
    return max(end, start + 1)


def _boundary_before(text: str, start: int, end: int) -> int:
    floor = end - int((end - start) * BOUNDARY_SLACK)
    paragraph = text.rfind("\n", floor, end)
    if paragraph > start:
        return paragraph + 1
    last_sentence = -1
    for match in _SENTENCE_END.finditer(text, floor, end):
        last_sentence = match.end()
    if last_sentence > start:
        return last_sentence
    space = max(text.rfind(" ", floor, end), text.rfind("\n", floor, end))
    return space + 1 if space > start else end


def _boundary_after(text: str, position: int, limit: int) -> int:
    """The first sentence or paragraph start at or after `position`, before `limit`; a word
    start when that would leave less than half the overlap."""
    if position <= 0:
        return 0
    paragraph = text.find("\n", position - 1, limit)
    sentence = _SENTENCE_END.search(text, position - 1, limit)
    candidates = [p + 1 for p in (paragraph,) if p >= 0]
    if sentence:
        candidates.append(sentence.end())
    found = min(candidates) if candidates else limit
    if found - position > (limit - position) // 2:
        space = text.find(" ", position - 1, limit)
        found = space + 1 if space >= 0 else position
    return found


def _back(text: str, end: int, tokens: int) -> int:
    """The position about `tokens` (estimated) before `end`."""
    position = max(0, end - int(tokens * BYTES_PER_TOKEN))
    while position < end and estimate_tokens(text[position:end]) > tokens:
        position += max(1, (end - position) // 20)
    return position
