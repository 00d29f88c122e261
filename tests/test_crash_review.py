"""A reviewer's process killed with SIGKILL keeps exactly the decisions it committed."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from summarise.backends.regex.backend import RegexBackend
from summarise.pipeline.runner import run_batch
from summarise.store import Store
from tests.articles import write_corpus
from tests.crashes import start

# The child reviewer: decides pending claims in order (accept, reject, edit in turn) and
# prints "decided CLAIM REVIEW" after each commit. With PAUSE_AT = n, decision n + 1 stops
# inside its transaction (claim updated, review row written, not yet committed) and says
# "inside CLAIM", so the parent can kill it exactly there.
REVIEWER = """
import sys, time
from summarise.models import ReviewAction
from summarise.store import ClaimFilter, Store, decisions

db, pause_at = sys.argv[1], int(sys.argv[2])
apply = decisions._apply
made = 0

def apply_then_pause(db, claim, changes, **kwargs):
    review = apply(db, claim, changes, **kwargs)
    if made == pause_at:
        print("inside", claim["id"], flush=True)
        time.sleep(60)
    return review

decisions._apply = apply_then_pause
store = Store.open(db)
actions = [ReviewAction.ACCEPT, ReviewAction.REJECT, ReviewAction.EDIT]
for claim in store.claims(ClaimFilter(status="pending")):
    action = actions[made % 3]
    review = store.decide(
        claim.id, action, reviewer="child", expected_version=claim.version,
        text=f"Edited: {claim.text}" if action is ReviewAction.EDIT else None,
        reason="not a claim" if action is ReviewAction.REJECT else None,
    )
    made += 1
    print("decided", claim.id, review.id, flush=True)
"""


@pytest.fixture
def reviewed_db(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 40, seed=3)
    db = tmp_path / "review.db"
    with Store.open(db) as store:
        run_batch(store, RegexBackend(), [str(corpus)])
    return db


def _decided(db: Path) -> tuple[dict[str, dict[str, object]], list[dict[str, object]]]:
    with Store.open(db) as store:
        claims = {
            row["id"]: row
            for row in list(
                store.db.query(
                    "SELECT id, status, version, text, original_text FROM claims WHERE version > 0"
                )
            )
        }
        reviews = list(store.db.query("SELECT * FROM reviews ORDER BY id"))
    return claims, reviews


def _assert_each_decision_is_whole(
    claims: dict[str, dict[str, object]], reviews: list[dict[str, object]]
) -> None:
    """Every decided claim has exactly one review, and the review says what the claim is."""
    assert sorted(r["claim_id"] for r in reviews) == sorted(claims)  # type: ignore[type-var]
    for review in reviews:
        claim = claims[str(review["claim_id"])]
        assert claim["version"] == 1
        assert claim["status"] == review["status_after"]
        # text_after is stored only when the decision changed the text (NULL: unchanged).
        after = review["text_after"] if review["text_after"] is not None else review["text_before"]
        assert claim["text"] == after
        if review["action"] == "edit":
            assert claim["original_text"] == review["text_before"]


def test_kill_inside_a_decision_keeps_exactly_the_n_committed(reviewed_db: Path) -> None:
    committed = 7
    child = start(
        [sys.executable, "-c", REVIEWER, str(reviewed_db), str(committed)],
        stdout=subprocess.PIPE,
    )
    assert child.stdout is not None
    reported = [child.stdout.readline().split() for _ in range(committed)]
    inside = child.stdout.readline().split()
    assert [line[0] for line in reported] == ["decided"] * committed
    assert inside[0] == "inside"
    child.send_signal(signal.SIGKILL)
    child.communicate()

    claims, reviews = _decided(reviewed_db)
    assert len(claims) == committed and len(reviews) == committed
    assert set(claims) == {line[1] for line in reported}
    assert [str(r["id"]) for r in reviews] == [line[2] for line in reported]
    _assert_each_decision_is_whole(claims, reviews)
    with Store.open(reviewed_db) as store:
        interrupted = store.get_claim(inside[1])
    assert interrupted is not None
    assert (interrupted.status.value, interrupted.version) == ("pending", 0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kill_at_a_random_moment_keeps_every_reported_decision(
    reviewed_db: Path, seed: int
) -> None:
    wanted = random.Random(seed).randint(5, 60)
    child = start([sys.executable, "-c", REVIEWER, str(reviewed_db), "-1"], stdout=subprocess.PIPE)
    assert child.stdout is not None
    reported = [child.stdout.readline().split() for _ in range(wanted)]
    child.send_signal(signal.SIGKILL)  # while it carries on deciding
    rest, _ = child.communicate()
    reported += [line.split() for line in rest.splitlines()]
    # A line the kill cut off mid-write ("decided" alone, or without its review id) was
    # never reported whole: only complete reports count.
    reported = [line for line in reported if len(line) == 3 and line[0] == "decided"]

    claims, reviews = _decided(reviewed_db)
    # Every reported decision is kept; at most one more committed in the instant between
    # its commit and its report.
    assert {line[1] for line in reported} <= set(claims)
    assert len(claims) - len(reported) in (0, 1)
    assert len(reviews) == len(claims)
    _assert_each_decision_is_whole(claims, reviews)
