"""Candidate pairs through an inverted index, so comparisons grow with what items share,
not with the square of their number.

Keys held by very many items (a story's every claim says "Gaza") say nothing about which two
belong together and would make the pair count quadratic again: such keys are left out.
"""

from __future__ import annotations

import heapq
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


def nearest_sharing(
    items: Sequence[Iterable[tuple[Hashable, float]]],
    *,
    neighbours: int,
    max_postings: int,
) -> set[tuple[int, int]]:
    """(i, j) with i < j: for every item, the `neighbours` others sharing the most weight of
    its keys (the sum of the products of both sides' weights), ties broken by position, so
    the pair count is at most `neighbours` per item whatever the items have in common.

    Keys held by more than `max_postings` items are skipped: a word every document of a
    templated batch carries ranks nothing, and scoring it would cost the square of its
    postings. Work is bounded by (keys per item) x `max_postings` per item."""
    index: dict[Hashable, list[tuple[int, float]]] = defaultdict(list)
    keyed = [list(keys) for keys in items]
    for position, keys in enumerate(keyed):
        for key, weight in keys:
            index[key].append((position, weight))
    out: set[tuple[int, int]] = set()
    for position, keys in enumerate(keyed):
        scores: dict[int, float] = defaultdict(float)
        for key, weight in keys:
            postings = index[key]
            if len(postings) > max_postings:
                continue
            for other, other_weight in postings:
                if other != position:
                    scores[other] += weight * other_weight
        best = heapq.nsmallest(neighbours, scores.items(), key=_strongest)
        out.update((position, o) if position < o else (o, position) for o, _ in best)
    return out


def _strongest(item: tuple[int, float]) -> tuple[float, int]:
    return (-item[1], item[0])
