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
from tests.tui.helpers import seed_database

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


def test_two_reviewers_race_in_real_terminals(db_path: Path) -> None:
    seed_database(db_path)
    with Store.open(db_path) as store:
        first = store.claims(limit=1)[0].id
    socket = f"summarise-test-{uuid.uuid4().hex[:8]}"
    env = {"PYTHONPATH": os.getcwd(), "TERM": "xterm-256color"}
    command = f"{sys.executable} -m summarise review --db {db_path} --reviewer"
    try:
        ann = Terminal(socket, "ann", f"{command} ann", env)
        ann.wait_for("reviewed")
        time.sleep(1.0)  # ann's lease on the first claim is taken
        bob = Terminal(socket, "bob", f"{command} bob", env)
        bob.wait_for("reviewed")
        time.sleep(0.5)
        bob.keys("k")  # bob goes to ann's claim on purpose (n would pass over it)
        time.sleep(0.5)
        bob.keys("r")
        bob.wait_for("why?")
        bob.keys("4")
        time.sleep(0.4)
        ann.keys("a", "a")
        ann.wait_for("Not saved")
        time.sleep(1.0)
        ann.keys("q")
        bob.keys("q")
        time.sleep(1.0)
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
