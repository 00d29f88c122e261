"""The two-reviewer race in real terminals, as people would run it: two `summarise review`
processes in tmux (80x24) on one database. Reviewer B rejects a claim; 0.4 s later reviewer A,
on the same claim, types `a a`. B's rejection must stay, and no `accepted→accepted` no-op row
may be written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from summarise.models import ClaimStatus, ReviewAction
from summarise.store import Store
from tests.polling import wait_until

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]


class Terminal:
    """One tmux session on a private server socket (so nothing else's sessions are touched)."""

    def __init__(self, socket: str, name: str, command: str, env: dict[str, str]) -> None:
        self.socket, self.name = socket, name
        exports = " ".join(f"{key}={value}" for key, value in env.items())
        self.tmux(
            "new-session", "-d", "-x", "80", "-y", "24", "-s", name, f"env {exports} {command}"
        )

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def running(self) -> bool:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "has-session", "-t", self.name], capture_output=True
        )
        return done.returncode == 0

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def wait_for(self, text: str, limit: float = 30.0) -> str:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared in {self.name}:\n{self.screen()}")


def holders(path: Path) -> dict[str, str]:
    """Claim id -> the reviewer holding its lease."""
    with Store.open(path) as store:
        return dict(store.db.execute("SELECT claim_id, reviewer FROM claim_leases").fetchall())


def status_of(path: Path, claim_id: str) -> ClaimStatus | None:
    with Store.open(path) as store:
        claim = store.get_claim(claim_id)
    return claim.status if claim else None


def test_two_reviewers_race_in_real_terminals(seeded: Path) -> None:
    db_path = seeded
    with Store.open(db_path) as store:
        first = store.claims(limit=1)[0].id
    socket = f"summarise-test-{uuid.uuid4().hex[:8]}"
    env = {"PYTHONPATH": os.getcwd(), "TERM": "xterm-256color"}
    command = f"{sys.executable} -m summarise review --db {db_path} --reviewer"
    try:
        ann = Terminal(socket, "ann", f"{command} ann", env)
        ann.wait_for("reviewed")
        wait_until(lambda: holders(db_path).get(first) == "ann", "ann's lease on the first claim")
        bob = Terminal(socket, "bob", f"{command} bob", env)
        bob.wait_for("reviewed")
        wait_until(lambda: "bob" in holders(db_path).values(), "bob's lease on his claim")
        bob.keys("k")  # bob goes to ann's claim on purpose (n would pass over it)
        bob.wait_for("ann has this claim open")
        bob.keys("r")
        bob.wait_for("why?")
        bob.keys("4")
        wait_until(lambda: status_of(db_path, first) is ClaimStatus.REJECTED, "bob's rejection")
        ann.keys("a", "a")
        ann.wait_for("Not saved")
        # q comes after both a's, so once the apps have ended every key was handled.
        ann.keys("q")
        bob.keys("q")
        wait_until(lambda: not ann.running() and not bob.running(), "both apps to quit")
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
    with Store.open(db_path) as store:
        assert store.get_claim(first).status is ClaimStatus.REJECTED
        assert [r.reviewer for r in store.reviews(first)] == ["bob"]
        reviews = store.reviews()
    no_ops = [
        r
        for r in reviews
        if r.action is not ReviewAction.UNDO
        and r.status_before is r.status_after
        and r.text_before == r.text_after
    ]
    assert no_ops == []
    (anns,) = [r for r in reviews if r.reviewer == "ann"]
    assert anns.claim_id != first and anns.status_before is ClaimStatus.PENDING
