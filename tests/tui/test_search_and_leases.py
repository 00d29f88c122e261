"""The store side of the review: word search through the FTS5 index (kept current by
triggers, never reading user text as FTS syntax), the team split, leases, and the write
queue's promise that a refused key never reaches a claim that changed."""

from __future__ import annotations

import asyncio

import pytest

from summarise.models import ReviewAction
from summarise.store import ClaimFilter, StaleDecision, Store, StoreBusy
from summarise.store.claim_filter import fts_query, parse_split
from summarise.tui.write_queue import Job, Outcome, WriteQueue
from tests.factories import document, store_claims

TEXT = (
    "Officials said 40 hostages were freed.\nRebels seized the town on Monday.\n"
    'The "ceasefire" (NEAR talks) held - barely * again.'
)


def test_search_matches_words_and_a_prefix_and_follows_edits(store: Store) -> None:
    freed, seized, held = store_claims(
        store,
        document(TEXT),
        "Officials said 40 hostages were freed.",
        "Rebels seized the town on Monday.",
        'The "ceasefire" (NEAR talks) held - barely * again.',
    )
    found = lambda text: [c.id for c in store.claims(ClaimFilter(search=text))]  # noqa: E731
    assert found("hostage") == [freed.id]  # the last word is a prefix
    assert found("rebels monday") == [seized.id]
    assert found("monday rebels") == [seized.id]  # every word, in any order
    # Text that would be FTS5 syntax is only words to search for.
    assert found('"ceasefire" (NEAR') == [held.id]
    assert found("held - barely *") == [held.id]
    assert found("NOT rebels") == []
    # No word at all: a substring scan, still literal.
    assert found("*") == [held.id]
    # An edit re-indexes the claim; a status change leaves it as it was.
    store.decide(
        seized.id,
        ReviewAction.EDIT,
        reviewer="ann",
        expected_version=0,
        text="Insurgents took the town on Monday.",
    )
    assert found("insurgents") == [seized.id]
    assert found("seized") == [seized.id]  # its quote still says so
    store.decide(freed.id, ReviewAction.ACCEPT, reviewer="ann", expected_version=0)
    assert found("hostages freed") == [freed.id]
    assert store.count_claims(ClaimFilter(search="monday", status="accepted")) == 1


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('a "b" OR c*') == '"a" "b" "OR" "c"'
    assert fts_query("hostage") == '"hostage"*'
    assert fts_query("%%") == ""


@pytest.mark.parametrize(("text", "expected"), [("1/3", (1, 3)), (" 3 / 3 ", (3, 3))])
def test_split_parses(text: str, expected: tuple[int, int]) -> None:
    assert parse_split(text) == expected


@pytest.mark.parametrize("text", ["0/3", "4/3", "a/b", "3", ""])
def test_split_refuses_nonsense_with_one_line(text: str) -> None:
    with pytest.raises(ValueError, match="--split"):
        parse_split(text)


def test_a_lease_is_advisory_and_one_per_reviewer(store: Store) -> None:
    first, second = store_claims(
        store,
        document(TEXT),
        "Officials said 40 hostages were freed.",
        "Rebels seized the town on Monday.",
    )
    assert store.leases.take(first.id, "ann") is None
    assert store.leases.take(first.id, "bob") == "ann"
    assert store.leases.take(second.id, "ann") is None  # moving on releases the first
    assert store.leases.holders([first.id, second.id], "bob") == {second.id: "ann"}
    free = store.claims(ClaimFilter(free_for="bob"))
    assert [c.id for c in free] == [first.id]
    # Advisory: bob can still decide ann's claim.
    store.decide(second.id, ReviewAction.ACCEPT, reviewer="bob", expected_version=0)
    store.leases.release("ann")
    assert store.leases.held_by_others("bob") == 0


def _busy() -> StoreBusy:
    return StoreBusy("review.db: locked by another process")


async def test_the_queue_drops_keys_for_a_refused_claim_and_runs_the_rest_in_order() -> None:
    ran: list[str] = []
    outcomes: list[Outcome] = []

    def job(name: str, claim: str, fail: bool = False) -> Job:
        def run() -> str:
            if fail:
                raise StaleDecision(claim, 0, 1)
            ran.append(name)
            return name

        return Job(name, run, claim_id=claim)

    queue = WriteQueue(outcomes.append, lambda *_: None)
    for item in (job("x1", "X", fail=True), job("y", "Y"), job("x2", "X"), job("z", "Z")):
        queue.add(item)
    await queue.drain()
    assert ran == ["y", "z"]
    refused = outcomes[0]
    assert isinstance(refused.error, StaleDecision)
    assert [j.describe for j in refused.dropped] == ["x2"]
    assert [o.job.describe for o in outcomes] == ["x1", "y", "z"]


async def test_the_queue_retries_a_locked_write_until_saved() -> None:
    attempts: list[int] = []
    waits: list[int] = []
    outcomes: list[Outcome] = []

    def run() -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise _busy()
        return "saved"

    queue = WriteQueue(outcomes.append, lambda job, attempt, exc: waits.append(attempt))
    queue.add(Job("accept", run, claim_id="X"))
    await asyncio.wait_for(queue.drain(), 10)
    assert waits == [1, 2] and len(attempts) == 3
    assert outcomes[0].result == "saved" and outcomes[0].error is None
