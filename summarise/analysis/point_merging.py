"""Which accepted claims make one point: groups of claims linked as stating the same fact.

Strong links (near-copies, close rewordings) join claims outright. Weak links (paraphrases of
one event found by the event rule) join two groups only when most pairs between them are
linked (average linkage, so one claim that happens to share an event verb with two different
facts cannot chain them into one point), and two lone claims only when a third claim is
linked to both: two claims sharing a verb and two names are not yet one fact.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from summarise.models import LinkRecord

STRONG = 0.45  # the lexical matcher's own threshold: above it a link joins outright
MAJORITY = 0.5  # weak links must cover more than this share of the pairs between two groups


def merge(ids: Iterable[str], links: Sequence[LinkRecord]) -> list[list[str]]:
    """Groups of claim ids (each sorted), in order of their smallest id."""
    group_of = {i: i for i in sorted(ids)}
    members: dict[str, set[str]] = {i: {i} for i in group_of}
    usable = [k for k in links if k.first in group_of and k.second in group_of]
    linked: dict[str, set[str]] = defaultdict(set)
    for link in usable:
        linked[link.first].add(link.second)
        linked[link.second].add(link.first)

    def join(a: str, b: str) -> None:
        ga, gb = group_of[a], group_of[b]
        if ga == gb:
            return
        keep, gone = min(ga, gb), max(ga, gb)
        for node in members[gone]:
            group_of[node] = keep
        members[keep] |= members.pop(gone)

    for link in usable:
        if link.score >= STRONG:
            join(link.first, link.second)
    # Weak links, best first, each checked against the groups as they stand by then.
    for link in sorted(usable, key=lambda k: (-k.score, k.first, k.second)):
        ga, gb = group_of[link.first], group_of[link.second]
        if link.score >= STRONG or ga == gb:
            continue
        a, b = members[ga], members[gb]
        if len(a) == 1 and len(b) == 1 and not linked[link.first] & linked[link.second]:
            continue  # two lone claims: a paraphrase needs a third claim linked to both
        between = sum(len(linked[node] & b) for node in a)
        if between > MAJORITY * len(a) * len(b):
            join(link.first, link.second)
    return sorted((sorted(g) for g in members.values()), key=lambda g: g[0])
