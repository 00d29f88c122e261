"""No byte of hostile data reaches the raw terminal, on any screen or dialog of the review.

`summarise review` runs in tmux with the pane's raw output logged (`pipe-pane`), on a
database whose document text, claim text, file name, story label and reviewer names carry
OSC (title, clipboard), CSI (cursor, clear), 8-bit C1 and bidi/invisible characters. The
test walks every screen and dialog (review, document pane, edit, reject, filter, story,
search, conflicts, help, the messages naming a colleague, and the story view `v` with its
reject, accept-all, help and figure dialogs) and then checks the log: the
app draws with its own escape sequences, but none of the data's may appear in it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from summarise.models import ReviewAction
from summarise.store import Store
from tests.conftest import REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]

OSC = "\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07"
CSI = "\x1b[999;999H\x1b[2J"
C1 = "\x9b31m\x9d0;c1title\x9c"
BIDI = "\u202e\u2066\u200b\ufeff\U000e0041"
HOSTILE = OSC + CSI + C1 + BIDI

# Byte strings only the data could have produced.
FORBIDDEN = [
    b"\x1b]0;pwned",
    b"\x1b]52;",
    b"\x1b[999;999H",
    "\x9b".encode(),
    "\x9d".encode(),
    "\x9c".encode(),
    *(char.encode() for char in BIDI),
]

ARTICLE = (
    f"Harbour {HOSTILE}strike enters its third day\n\n"
    f"The union said {HOSTILE}400 dockers walked out at the northern harbour on Tuesday.\n"
    "Officials said 12 ships were waiting outside the port after the walkout began.\n"
    "The port authority announced that 30 cranes stood idle across the terminals.\n"
)
OTHER = (
    "Dock strike continues at the northern harbour\n\n"
    "The union said 450 dockers walked out at the northern harbour on Tuesday.\n"
    "Officials said 12 ships were waiting outside the port after the walkout began.\n"
)
REVIEWER = f"mallory{HOSTILE}"


def hostile_database(tmp: Path) -> Path:
    folder = tmp / "in"
    folder.mkdir()
    (folder / f"harbour{HOSTILE}.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "dock.txt").write_text(OTHER, encoding="utf-8")
    db = tmp / "review.db"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "summarise",
            "batch",
            "--backend",
            "regex",
            "--db",
            str(db),
            "-q",
            str(folder),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    subprocess.run(
        [sys.executable, "-m", "summarise", "stats", "--db", str(db)],
        cwd=REPO,
        capture_output=True,
        check=True,
    )  # brings stories and conflicts up to date
    with Store.open(db) as store:
        hostile = [c for c in store.claims() if "\x1b" in c.text]
        others = [c for c in store.claims() if c.document_id == hostile[0].document_id]
        others = [c for c in others if c.id != hostile[0].id]
        assert hostile and others
        # A colleague with a hostile name decided one claim and holds a lease on another.
        store.decide(others[0].id, ReviewAction.ACCEPT, reviewer=REVIEWER, expected_version=0)
        store.leases.take(hostile[0].id, REVIEWER, seconds=600)
    return db


class Pane:
    def __init__(self, socket: str, command: str, log: Path, go: Path) -> None:
        self.socket = socket
        wait = f"while [ ! -e {go} ]; do sleep 0.05; done; exec {command}"
        self.tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", "t", f"sh -c '{wait}'")
        self.tmux("set-option", "-t", "t", "remain-on-exit", "on")
        self.tmux("pipe-pane", "-o", "-t", "t", f"cat >> {log}")
        go.touch()

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "t", *keys)

    def wait_for_any(self, texts: list[str], limit: float) -> str | None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            shown = self.screen()
            for text in texts:
                if text in shown:
                    return text
            time.sleep(0.05)
        return None

    def wait_until_gone(self, text: str, limit: float = 10.0) -> None:
        deadline = time.monotonic() + limit
        while text in self.screen():
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} stayed:\n{self.screen()}")
            time.sleep(0.05)

    def wait_for(self, text: str, limit: float = 30.0) -> str:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared:\n{self.screen()}")


# What each story-view dialog shows; a key on a row it does not apply to shows a message.
STORY_DIALOGS = ["Reject: why?", "pending claim(s)?", " as:", "What it counts", "Keys (escape"]


def walk_the_story_view(pane: Pane) -> None:
    """`v`: the story's draft (hostile headline, claims, outlets, the colleague's lease), every
    row in turn with the dialogs and messages its keys open (reject, accept all, help, and on
    a figure row mark and rename; on other rows the message saying they need one)."""
    pane.keys("k", "k", "k", "k", "k")
    time.sleep(0.3)
    pane.keys("v")
    pane.wait_for("Story ")
    opened: set[str] = set()
    for _ in range(8):
        for key in ("r", "A", "x", "e", "?"):
            pane.keys(key)
            dialog = pane.wait_for_any(STORY_DIALOGS, limit=0.8)
            if dialog is not None:  # close it (escape on the view itself would leave it)
                opened.add(dialog)
                pane.keys("Escape")
                pane.wait_until_gone(dialog)
            assert "Story " in pane.screen(), (key, pane.screen())
        pane.keys("j")
        time.sleep(0.2)
    assert {"Reject: why?", "pending claim(s)?", "Keys (escape"} <= opened, opened
    pane.keys("a")  # a point a colleague holds is refused with their name
    time.sleep(0.6)
    pane.keys("Escape")
    pane.wait_for("reviewed")


def test_no_byte_of_hostile_data_reaches_the_raw_terminal(tmp_path: Path) -> None:
    db = hostile_database(tmp_path)
    log = tmp_path / "raw.log"
    socket = f"summarise-raw-{uuid.uuid4().hex[:8]}"
    env = f"env PYTHONPATH={REPO} TERM=xterm-256color"
    command = f"{env} {sys.executable} -m summarise review --db {db} --reviewer ann"
    pane = Pane(socket, command, log, tmp_path / "go")
    try:
        pane.wait_for("reviewed")
        pane.keys("j", "j")  # the hostile claim, which the colleague holds
        pane.wait_for("has this claim open")
        pane.wait_for("\u241b")  # the source pane shows ESC as one visible symbol
        for key, shown in [
            ("e", "Edit claim"),
            ("r", "why"),
            ("f", "Filter:"),
            ("s", "Move it to"),
            ("/", ""),
            ("c", ""),
            ("C", ""),
            ("?", ""),
        ]:
            pane.keys(key)
            if shown:
                pane.wait_for(shown)
            time.sleep(0.6)
            pane.keys("Escape")
            time.sleep(0.4)
            assert "reviewed" in pane.screen(), (key, pane.screen())
        pane.keys("d")  # the document pane, scrolled through
        for _ in range(6):
            pane.keys("Down")
        pane.keys("d")
        for _ in range(4):  # every claim in turn: the colleague's lease and decision
            pane.keys("j")
            time.sleep(0.3)
            pane.keys("a")
            time.sleep(0.3)
        pane.keys("c")
        time.sleep(0.6)
        pane.keys("Escape")
        time.sleep(0.6)
        walk_the_story_view(pane)
        pane.keys("q")
        time.sleep(1.0)
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
    raw = log.read_bytes()
    assert len(raw) > 10_000  # the screens were drawn and logged
    for sequence in FORBIDDEN:
        assert sequence not in raw, sequence
    assert b"mallory" in raw  # the colleague was named, visibly
