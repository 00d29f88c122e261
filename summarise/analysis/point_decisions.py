"""Reviewers' structure decisions applied to the points point merging found: merges, splits,
moves and the headline pick, in the order they were made, so a later decision wins.

Applied every time a summary or the story view is built, after point merging, so they
survive `stories --rebuild` and new documents: they name claims, whose ids are stable, not
point numbers. A decision naming a claim that is not in the set (rejected, or re-extracted
away) is passed over; it applies again if the claim comes back.
"""

from __future__ import annotations

from collections.abc import Sequence

from summarise.models import StructureDecision


def apply(
    groups: Sequence[Sequence[str]], decisions: Sequence[StructureDecision]
) -> list[list[str]]:
    """The groups of claim ids after the decisions, each sorted, in order of smallest id."""
    members: dict[int, set[str]] = {n: set(g) for n, g in enumerate(groups)}
    group_of = {claim: n for n, g in members.items() for claim in g}
    fresh = len(members)
    for decision in decisions:
        claim, target = decision.claim_id, decision.target_claim_id
        if claim not in group_of:
            continue
        if decision.kind == "split":
            members[group_of[claim]].discard(claim)
            members[fresh] = {claim}
            group_of[claim] = fresh
            fresh += 1
        elif decision.kind == "move" and target in group_of:
            members[group_of[claim]].discard(claim)
            members[group_of[target]].add(claim)
            group_of[claim] = group_of[target]
        elif decision.kind == "merge" and target in group_of:
            keep, gone = group_of[target], group_of[claim]
            if keep != gone:
                for node in members.pop(gone):
                    group_of[node] = keep
                    members[keep].add(node)
    return sorted((sorted(g) for g in members.values() if g), key=lambda g: g[0])


def headline_claim(decisions: Sequence[StructureDecision], present: Sequence[str]) -> str | None:
    """The claim whose point the reviewers picked to head the story (the latest pick still
    among `present`), or None."""
    here = set(present)
    picks = [d.claim_id for d in decisions if d.kind == "headline" and d.claim_id in here]
    return picks[-1] if picks else None
