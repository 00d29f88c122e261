"""Locating a claim's quote in its document, and checking that stored quotes are grounded.

A model copies quotes imperfectly: curly quotes become straight, dashes change, line breaks
become spaces, a letter slips. `locate_quote` finds the passage anyway, in three steps, and
always answers with the document's own span, so the stored quote is the document's text:

1. exact: the quote occurs as given;
2. normalised: it occurs once white space runs, quote marks, dashes and "…" are normalised
   on both sides (positions are mapped back to the original text);
3. fuzzy: it occurs (normalised) within an explicit edit-distance limit, found with Myers'
   bit-parallel algorithm, linear in the text length. The numbers must still agree: a quote
   that says "2023" is not grounded by a passage that says "2024".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarise.models import Claim, Extraction

# At most one edit per FUZZY_CHARS_PER_EDIT characters of quote, and never more than
# FUZZY_MAX_EDITS; a quote shorter than FUZZY_MIN_CHARS must match exactly or normalised
# (a short string is within a few edits of too many places).
FUZZY_CHARS_PER_EDIT = 12
FUZZY_MAX_EDITS = 10
FUZZY_MIN_CHARS = 24

_FOLD = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
        "…": "...",
    }
)
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class QuoteMatch:
    start: int
    end: int
    method: str  # exact | normalised | fuzzy
    edits: int = 0


def max_edits(quote_length: int) -> int:
    """The fuzzy-match limit for a (normalised) quote of this many characters."""
    if quote_length < FUZZY_MIN_CHARS:
        return 0
    return min(FUZZY_MAX_EDITS, quote_length // FUZZY_CHARS_PER_EDIT)


def locate_quote(text: str, quote: str) -> QuoteMatch | None:
    """The span of `text` that `quote` copies, or None when it is not there."""
    wanted = quote.strip()
    if not wanted:
        return None
    found = text.find(wanted)
    if found >= 0:
        return QuoteMatch(found, found + len(wanted), "exact")
    folded, origin = normalise(text)
    folded_quote = normalise(wanted)[0].strip()
    if not folded_quote:
        return None
    found = folded.find(folded_quote)
    if found >= 0:
        return _mapped(text, origin, found, found + len(folded_quote), "normalised", 0)
    limit = max_edits(len(folded_quote))
    if not limit:
        return None
    best = fuzzy_find(folded, folded_quote, limit)
    if best is None:
        return None
    start, end, edits = best
    if _DIGITS.findall(folded[start:end]) != _DIGITS.findall(folded_quote):
        return None
    return _mapped(text, origin, start, end, "fuzzy", edits)


def normalise(text: str) -> tuple[str, list[int]]:
    """`text` with white space runs as one space and quote marks, dashes and "…" folded,
    and for each character of the result, the index of the original character it came from."""
    chars: list[str] = []
    origin: list[int] = []
    in_space = False
    for index, char in enumerate(text):
        if char.isspace():
            if not in_space:
                chars.append(" ")
                origin.append(index)
            in_space = True
            continue
        in_space = False
        folded = char.translate(_FOLD)
        chars.extend(folded)
        origin.extend([index] * len(folded))
    return "".join(chars), origin


def _mapped(
    text: str, origin: list[int], start: int, end: int, method: str, edits: int
) -> QuoteMatch | None:
    first, last = origin[start], origin[end - 1] + 1
    # A fuzzy match may begin or end on a space; the stored quote should not.
    while first < last and text[first].isspace():
        first += 1
    while last > first and text[last - 1].isspace():
        last -= 1
    if first >= last:
        return None
    return QuoteMatch(first, last, method, edits)


def fuzzy_find(text: str, pattern: str, limit: int) -> tuple[int, int, int] | None:
    """(start, end, edits) of the substring of `text` closest to `pattern`, if it is within
    `limit` edits (Levenshtein: insertions, deletions, substitutions)."""
    if not pattern or limit < 0:
        return None
    end, edits = _best(text, pattern, limit, anchored=False)
    if end < 0:
        return None
    # The start: align the reversed pattern to the reversed text ending at `end`.
    window = text[max(0, end - len(pattern) - limit) : end]
    length, _ = _best(window[::-1], pattern[::-1], limit, anchored=True)
    if length <= 0:
        return None
    return end - length, end, edits


def _best(text: str, pattern: str, limit: int, *, anchored: bool) -> tuple[int, int]:
    """Myers (1999): the end position in `text` with the fewest edits to `pattern` (the
    earliest on ties) and that count; (-1, -1) when none is within `limit`. `anchored`
    makes the match start at the beginning of `text` (edit distance to a prefix)."""
    m = len(pattern)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    pv, mv, score = mask, 0, m
    best_end, best_score = -1, limit + 1
    if anchored and m <= limit:
        best_end, best_score = 0, m
    for j, char in enumerate(text):
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        # Anchored: the top row grows by one per text character (a match must start at 0).
        ph = ((ph << 1) | int(anchored)) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        if score < best_score:
            best_end, best_score = j + 1, score
    return (best_end, best_score) if best_end >= 0 else (-1, -1)


def keep_grounded(extraction: Extraction, document_text: str) -> Extraction:
    """Drop any claim whose quote is not `document_text[quote_start:quote_end]`.

    Backends are expected to ground their claims; this is the pipeline's last guard, so an
    ungrounded claim is counted, never stored, whatever backend produced it.
    """
    grounded: list[Claim] = [c for c in extraction.claims if c.is_grounded_in(document_text)]
    dropped = len(extraction.claims) - len(grounded)
    if not dropped:
        return extraction
    return extraction.model_copy(
        update={
            "claims": grounded,
            "dropped_ungrounded": extraction.dropped_ungrounded + dropped,
        }
    )


# A quote must be a real passage: at least this many words, or a whole clause or sentence
# of at least two. A one-letter quote is found in any article and grounds nothing.
MIN_QUOTE_WORDS = 4
# A claim is one statement: a "claim" longer than this is a reply gone wrong (or crafted to
# stall the review screen), never stored.
MAX_CLAIM_CHARS = 2000
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n\s*\n")
_CLAUSE_EDGE = set(".!?;:\n\"'“”‘’()[]—–-,")
_FRAME_LOOKBACK = 2000
# Words of an attribution that name no one ("the spokesman of the ministry" is named by
# "spokesman" and "ministry").
_NOT_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "for",
        "and",
        "in",
        "on",
        "at",
        "to",
        "by",
        "from",
        "with",
        "said",
        "says",
        "according",
        "its",
        "his",
        "her",
        "their",
    ]
)


def _numbers(text: str) -> set[str]:
    return {match.replace(",", "") for match in _NUMBER.findall(text)}


def _whole_clause(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip(" \t")
    after = text[end:].lstrip(" \t")
    return (not before or before[-1] in _CLAUSE_EDGE) and (not after or after[0] in _CLAUSE_EDGE)


def attribution_frame(text: str, start: int, end: int) -> str:
    """The quote's sentence and the one before it: where a speaker is named ("X said:" on
    the line before, or "..., X said." after the quote)."""
    window_start = max(0, start - _FRAME_LOOKBACK)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, window_start, start)]
    sentence_start = ends[-1] if ends else window_start
    before = [e for e in ends if e < sentence_start]
    frame_start = before[-1] if before else window_start
    following = _SENTENCE_END.search(text, end)
    frame_end = following.start() + 1 if following else len(text)
    return text[frame_start:frame_end]


def claim_problems(
    text: str,
    match: QuoteMatch,
    claim_text: str,
    figures: list[str],
    attribution: str | None,
) -> list[str]:
    """Why the quote at `match` in `text` does not ground the claim, in words the model (or
    the person importing a reply) can act on; empty when it does. Checked: the quote is a
    real passage, every figure of the claim is in its quote, and a named speaker is in the
    quote's sentence or its attribution frame."""
    quote = text[match.start : match.end]
    shown = quote if len(quote) <= 60 else quote[:59] + "…"
    problems: list[str] = []
    if len(claim_text) > MAX_CLAIM_CHARS:
        problems.append(
            f"the claim text is {len(claim_text):,} characters; a claim is one statement "
            f"(at most {MAX_CLAIM_CHARS:,})"
        )
    words = len(_WORD.findall(quote))
    if words < MIN_QUOTE_WORDS and not (words >= 2 and _whole_clause(text, match.start, match.end)):
        problems.append(
            f"the quote {shown!r} is too short to ground a claim: quote at least "
            f"{MIN_QUOTE_WORDS} words or a whole clause"
        )
    in_quote = _numbers(quote)
    missing = sorted(n for raw in figures for n in _numbers(raw) if n not in in_quote)
    frame = attribution_frame(text, match.start, match.end)
    in_frame = _numbers(frame) | in_quote
    missing += sorted(n for n in _numbers(claim_text) if n not in in_frame and n not in missing)
    if missing:
        problems.append(
            f"the figure(s) {', '.join(missing)} of the claim are not in its quote {shown!r}"
        )
    if attribution:
        names = [w for w in _WORD.findall(attribution) if w.lower() not in _NOT_NAMES]
        lowered = frame.lower()
        if names and not any(
            re.search(rf"\b{re.escape(name.lower())}\b", lowered) for name in names
        ):
            problems.append(
                f"the speaker {attribution!r} is not named in the quote's sentence or the "
                "one before it"
            )
    return problems
