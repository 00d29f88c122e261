"""Which accepted claims make one point: groups of claims linked as stating the same fact.

Average linkage on the link graph, best link first: two groups join when more than half of
the pairs between them are linked (`MAJORITY`), and the joined group stays within
`MAX_CLAIMS`. Two lone claims join on their link alone; a claim joins a group only when it is
linked to most of it, so one claim that shares words with two different facts cannot chain
them into one point (single linkage built points of 17-35 claims), and no point outgrows
`MAX_CLAIMS` however many outlets restate it in slightly different words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from summarise.models import LinkRecord

MAJORITY = 0.5  # more than this share of the pairs between two groups must be linked
MAX_CLAIMS = 12  # no point holds more claims than this


def merge(ids: Iterable[str], links: Sequence[LinkRecord]) -> list[list[str]]:
    """Groups of claim ids (each sorted), in order of their smallest id."""
    group_of = {i: i for i in sorted(ids)}
    members: dict[str, set[str]] = {i: {i} for i in group_of}
    usable = [k for k in links if k.first in group_of and k.second in group_of]
    score: dict[frozenset[str], float] = {}
    for link in usable:
        pair = frozenset((link.first, link.second))
        score[pair] = max(score.get(pair, 0.0), link.score)

    def linked_share(a: set[str], b: set[str]) -> float:
        linked = sum(frozenset((x, y)) in score for x in a for y in b)
        return linked / (len(a) * len(b))

    for link in sorted(usable, key=lambda k: (-k.score, k.first, k.second)):
        ga, gb = group_of[link.first], group_of[link.second]
        if ga == gb:
            continue
        a, b = members[ga], members[gb]
        if len(a) + len(b) > MAX_CLAIMS or linked_share(a, b) <= MAJORITY:
            continue
        keep, gone = min(ga, gb), max(ga, gb)
        for node in members[gone]:
            group_of[node] = keep
        members[keep] |= members.pop(gone)
    return sorted((sorted(g) for g in members.values()), key=lambda g: g[0])
