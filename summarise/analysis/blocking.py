"""Candidate pairs through an inverted index, so comparisons grow with what items share,
not with the square of their number.

Keys held by very many items (a story's every claim says "Gaza") say nothing about which two
belong together and would make the pair count quadratic again: such keys are left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence

MAX_POSTINGS = 400


def pairs_sharing(
    items: Sequence[tuple[Hashable, Iterable[Hashable]]],
    *,
    min_shared: int = 1,
    max_postings: int = MAX_POSTINGS,
    across_groups_only: bool = True,
) -> dict[tuple[int, int], int]:
    """(i, j) with i < j -> how many keys items i and j share, for pairs sharing at least
    `min_shared` keys. Each item is (group, keys); with `across_groups_only` two items of one
    group (one document) are never paired."""
    index: dict[Hashable, list[int]] = defaultdict(list)
    for position, (_, keys) in enumerate(items):
        for key in set(keys):
            index[key].append(position)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for postings in index.values():
        if len(postings) < 2 or len(postings) > max_postings:
            continue
        for i, first in enumerate(postings):
            group = items[first][0]
            for second in postings[i + 1 :]:
                if across_groups_only and items[second][0] == group:
                    continue
                shared[(first, second)] += 1
    return {pair: n for pair, n in shared.items() if n >= min_shared}
