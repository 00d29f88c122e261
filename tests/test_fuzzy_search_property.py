"""The bounded fuzzy search (Myers' bit-parallel algorithm, hand-written in grounding.py)
against a brute-force reference: every substring of the text, plain Levenshtein distance."""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from summarise.grounding import fuzzy_find

ALPHABET = "ab c."


def levenshtein(a: str, b: str) -> int:
    @cache
    def distance(i: int, j: int) -> int:
        if i == 0 or j == 0:
            return i + j
        return min(
            distance(i - 1, j) + 1,
            distance(i, j - 1) + 1,
            distance(i - 1, j - 1) + (a[i - 1] != b[j - 1]),
        )

    return distance(len(a), len(b))


def brute_force(text: str, pattern: str) -> tuple[int, int]:
    """(fewest edits of any substring to `pattern`, the earliest end achieving it)."""
    best, best_end = len(pattern) + 1, -1
    for end in range(len(text) + 1):
        here = min(levenshtein(text[start:end], pattern) for start in range(end + 1))
        if here < best:
            best, best_end = here, end
    return best, best_end


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(ALPHABET, max_size=10),
    pattern=st.text(ALPHABET, min_size=1, max_size=6),
    limit=st.integers(min_value=0, max_value=5),
)
def test_fuzzy_find_agrees_with_a_brute_force_search(text: str, pattern: str, limit: int) -> None:
    limit = min(limit, len(pattern) - 1)  # as max_edits: never "match" by deleting it all
    edits, end = brute_force(text, pattern)
    found = fuzzy_find(text, pattern, limit)
    if edits > limit:
        assert found is None
        return
    assert found is not None
    start, found_end, found_edits = found
    assert found_edits == edits
    assert found_end == end
    assert 0 <= start <= found_end
    assert levenshtein(text[start:found_end], pattern) == edits
