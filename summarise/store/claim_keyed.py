"""Reading reviewers' structure decisions (point and figure decisions) that stay in force:
rows keyed by claim id, so they survive re-analysis, joined to their decision group so an
undone group undoes them. One reader for both tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlite_utils

SLICE = 400  # SQLite caps the number of parameters of one statement


def in_force(
    db: sqlite_utils.Database, table: str, columns: Sequence[str], claim_ids: Sequence[str]
) -> list[tuple[Any, ...]]:
    """`columns` (the first must be `id`) of the rows of `table` not undone, by themselves or
    by their group, whose `claim_id` or `target_claim_id` is one of `claim_ids`: oldest
    first, as they are applied (a later decision overrides an earlier one)."""
    if not db[table].exists():
        return []  # a read-only database not yet upgraded
    ids = list(dict.fromkeys(claim_ids))
    selected = ", ".join(f"d.{column}" for column in columns)
    found: dict[int, tuple[Any, ...]] = {}
    for start in range(0, len(ids), SLICE):
        part = ids[start : start + SLICE]
        marks = ", ".join("?" for _ in part)
        rows = db.execute(
            f"SELECT {selected} FROM [{table}] d JOIN decision_groups g ON g.id = d.group_id "
            "WHERE d.undone_at IS NULL AND g.undone_at IS NULL "
            f"AND (d.claim_id IN ({marks}) OR d.target_claim_id IN ({marks}))",
            [*part, *part],
        )
        for row in rows:
            found[row[0]] = tuple(row)
    return [found[key] for key in sorted(found)]
