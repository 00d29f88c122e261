"""Which accepted claims make one point: groups of claims linked as stating the same fact.

Average linkage on the link graph, best link first: two groups join when more than half of
the pairs between them are linked (`MAJORITY`), and the joined group stays within
`MAX_CLAIMS`. Two lone claims join on their link alone; a claim joins a group only when it is
linked to most of it, so one claim that shares words with two different facts cannot chain
them into one point (single linkage built points of 17-35 claims), and no point outgrows
`MAX_CLAIMS` however many outlets restate it in slightly different words.

Links of equal score are taken in the order the story tells them (`order`: each claim's
document order and quote position), not by claim id: ids are hashes that a rules revision
renames, and a merge must not move because a name changed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence

from summarise.models import LinkRecord

MAJORITY = 0.5  # more than this share of the pairs between two groups must be linked
MAX_CLAIMS = 12  # no point holds more claims than this


def merge(
    ids: Iterable[str],
    links: Sequence[LinkRecord],
    order: Mapping[str, Hashable] | None = None,
) -> list[list[str]]:
    """Groups of claim ids (each in story order), in story order of their first claim.

    `order` maps each claim id to a sortable key (document order, then quote position);
    claims without one fall back on their id, after every ordered claim."""
    place = _placer(order)
    group_of = {i: i for i in sorted(ids, key=place)}
    members: dict[str, set[str]] = {i: {i} for i in group_of}
    usable = [k for k in links if k.first in group_of and k.second in group_of]
    score: dict[frozenset[str], float] = {}
    for link in usable:
        pair = frozenset((link.first, link.second))
        score[pair] = max(score.get(pair, 0.0), link.score)

    def linked_share(a: set[str], b: set[str]) -> float:
        linked = sum(frozenset((x, y)) in score for x in a for y in b)
        return linked / (len(a) * len(b))

    def tie_break(link: LinkRecord) -> tuple:  # type: ignore[type-arg]
        ends = sorted((place(link.first), place(link.second)))
        return (-link.score, ends[0], ends[1])

    for link in sorted(usable, key=tie_break):
        ga, gb = group_of[link.first], group_of[link.second]
        if ga == gb:
            continue
        a, b = members[ga], members[gb]
        if len(a) + len(b) > MAX_CLAIMS or linked_share(a, b) <= MAJORITY:
            continue
        keep, gone = min(ga, gb, key=place), max(ga, gb, key=place)
        for node in members[gone]:
            group_of[node] = keep
        members[keep] |= members.pop(gone)
    groups = (sorted(g, key=place) for g in members.values())
    return sorted(groups, key=lambda g: place(g[0]))


def _placer(order: Mapping[str, Hashable] | None) -> Callable[[str], tuple]:  # type: ignore[type-arg]
    """A sort key for claim ids: their `order` key first, then the id (ids without a key
    last)."""
    if not order:
        return lambda claim_id: (0, (), claim_id)
    return lambda claim_id: (
        (0, order[claim_id], claim_id) if claim_id in order else (1, (), claim_id)
    )
