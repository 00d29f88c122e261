"""What an incremental analysis asks of the claims table reads only what changed: no query
but a count reads every claim (migration 024), so the step does not grow with the archive."""

from __future__ import annotations

from pathlib import Path

from summarise.store import Store


def _plans(store: Store, call: object) -> dict[str, str]:
    """Each statement `call` runs -> SQLite's plan for it."""
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        call()  # type: ignore[operator]
    finally:
        store.db.conn.set_trace_callback(None)
    plans = {}
    for statement in statements:
        if not statement.lstrip().upper().startswith("SELECT"):
            continue
        rows = store.db.execute("EXPLAIN QUERY PLAN " + statement).fetchall()
        plans[statement] = " | ".join(row[-1] for row in rows)
    return plans


def test_which_claims_changed_is_found_by_index_not_by_reading_every_claim(
    tmp_path: Path,
) -> None:
    with Store.open(tmp_path / "a.db") as store:
        index = store.story_index
        plans = _plans(store, index.claims_signature)
        plans |= _plans(store, lambda: index.stories_with_claims_since("2030-01-01T00:00:00"))
        assert len(plans) == 4
        scans = {s: p for s, p in plans.items() if "SCAN c" in p and "count(*)" not in s}
        assert not scans, scans
        since = next(p for s, p in plans.items() if "DISTINCT" in s)
        assert "idx_claims_updated_at" in since and "idx_claims_created_at" in since
