"""Claims a bulk action would accept that sit in an open conflict: found and described, so
`A` and a settlement never accept them without the reviewer being shown and asked."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from summarise.models import ConflictRecord
from summarise.output.terminal import for_terminal
from summarise.tui.session import ReviewSession

SHOWN = 3  # conflicts named in the question; the rest are counted


def open_conflicts_of(
    session: ReviewSession, claim_ids: Iterable[str], *, besides: int | None = None
) -> tuple[set[str], list[ConflictRecord]]:
    """(the claims among `claim_ids` that are in an open conflict other than `besides`,
    those conflicts)."""
    wanted = set(claim_ids)
    caught: set[str] = set()
    conflicts: list[ConflictRecord] = []
    for conflict in session.open_conflicts():
        if conflict.id == besides:
            continue
        members = {m.claim_id for m in conflict.members} & wanted
        if members:
            caught |= members
            conflicts.append(conflict)
    return caught, conflicts


def describe(conflicts: list[ConflictRecord]) -> str:
    """`#7 hostages held (129 / 130)`, for the first few conflicts."""
    named = []
    for conflict in conflicts[:SHOWN]:
        values = " / ".join(for_terminal(m[0].value) for m in conflict.values().values())
        named.append(f"#{conflict.id} {for_terminal(conflict.subject)} ({values})")
    more = f" and {len(conflicts) - SHOWN} more" if len(conflicts) > SHOWN else ""
    return ", ".join(named) + more


def overlap_question(
    headline: str, caught: set[str], conflicts: list[ConflictRecord], tail: str
) -> Text:
    question = Text(headline, style="bold")
    question.append(
        f"\n{len(caught)} of them are in open conflict(s): {describe(conflicts)}. {tail}",
        style="yellow",
    )
    return question
