"""Kill -9 in the middle of a review: every decision made so far is in the database, whole.

The app runs as a real process on a pseudo-terminal, exactly as `summarise review` runs for
a person; the test types keys into it and kills it without warning.
"""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

from summarise.store import ClaimFilter, Store
from tests.conftest import REPO
from tests.tui.helpers import seed_database

DECISIONS = 5


def _reviews(path: Path) -> int:
    with Store.open(path) as store:
        return len(store.reviews())


def _wait_for(predicate, seconds: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_sigkill_after_n_decisions_leaves_exactly_n(db_path: Path) -> None:
    seed_database(db_path)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-m", "summarise", "review", "--db", str(db_path), "--reviewer", "kim"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=REPO,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    screen = bytearray()

    def drain() -> None:
        # Keep reading, or the app blocks writing to a full terminal.
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            screen.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        assert _wait_for(lambda: b"reviewed" in screen), "the app never drew its first screen"
        for made in range(1, DECISIONS + 1):
            os.write(master, b"a" if made % 2 else b"r")
            if made % 2 == 0:
                os.write(master, b"3")
            assert _wait_for(lambda n=made: _reviews(db_path) >= n), f"decision {made} lost"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        os.close(master)
    assert child.returncode == -signal.SIGKILL
    with Store.open(db_path) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert len(store.reviews()) == DECISIONS
        decided = store.count_claims() - store.count_claims(ClaimFilter(status="pending"))
        assert decided == DECISIONS
        assert store.count_claims(ClaimFilter(status="rejected")) == DECISIONS // 2
        assert {r.reviewer for r in store.reviews()} == {"kim"}
