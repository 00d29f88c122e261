"""Nothing from a document or a file name reaches a terminal raw.

The CLI runs under a pseudo-terminal (so it behaves as it does for a person at a screen)
on a database and files made hostile here: ESC sequences that would write the clipboard
(OSC 52), set the window title (OSC 0), clear the screen and reset the terminal, and a
newline in a file name that would fake the batch's closing line. No ESC byte from the data
may reach the terminal, and the fake closing line must not stand on a line of its own.
"""

from __future__ import annotations

import errno
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from summarise.models import ReviewAction
from summarise.store import Store
from tests.conftest import REPO
from tests.crashes import child_env

HOSTILE = "\x1b]52;c;ZXZpbA==\x07\x1b]0;pwned\x07\x1b[2J\x1bc"
FAKE_LINE = "Documents: 99 read, 0 skipped, 0 failed."
ARTICLE = (
    f"Flood {HOSTILE}warning issued for the valley\n\n"
    f"The mayor said {HOSTILE}40 people were hurt when the river burst its banks on Monday.\n"
    "Officials said 12 bridges were closed across the region after the storm.\n"
    "The regional council announced that 300 homes were evacuated overnight.\n"
    "Emergency crews arrived in the town of Riverside late on Monday evening.\n"
)


def run_in_terminal(*args: str) -> tuple[int, bytes]:
    """Run `summarise ARGS` with stdin, stdout and stderr on a pseudo-terminal."""
    leader, follower = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "summarise", *args],
        cwd=REPO,
        env={**child_env(), "TERM": "xterm", "COLUMNS": "200"},
        stdin=follower,
        stdout=follower,
        stderr=follower,
        close_fds=True,
    )
    os.close(follower)
    output = bytearray()
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError as exc:  # EIO: the child closed the terminal
            if exc.errno != errno.EIO:
                raise
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    return child.wait(timeout=60), bytes(output)


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"article{HOSTILE}.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / f"empty{HOSTILE}\n{FAKE_LINE}\n.txt").write_text("", encoding="utf-8")
    outside = tmp_path / "secret"
    outside.write_text("not for the batch", encoding="utf-8")
    (folder / f"link{HOSTILE}.txt").symlink_to(outside)  # refused: a failure to report
    return folder, tmp_path / "review.db"


def test_batch_skip_fail_and_closing_lines_carry_no_escape_from_names(
    hostile: tuple[Path, Path],
) -> None:
    folder, db = hostile
    code, output = run_in_terminal(
        "batch", "--backend", "regex", "--db", str(db), "-q", str(folder)
    )
    assert code == 1  # the refused link failed
    assert b"\x1b" not in output, output
    text = output.decode()
    assert "\\x1b]52;c;" in text  # shown, visibly, not acted on
    lines = [line.strip() for line in text.splitlines()]
    assert FAKE_LINE not in lines  # the name's newline is shown as \n, not obeyed
    assert any(line.startswith("Documents: 1 read, 1 skipped, 1 failed.") for line in lines)


def test_the_progress_bar_run_prints_names_escaped(hostile: tuple[Path, Path]) -> None:
    folder, db = hostile
    code, output = run_in_terminal("batch", "--backend", "regex", "--db", str(db), str(folder))
    assert code == 1
    # The bar itself draws with escape sequences; the data's must not get through.
    for sequence in (b"\x1b]52;", b"\x1b]0;", b"\x1b[2J", b"\x1bc"):
        assert sequence not in output, sequence


@pytest.mark.slow  # six commands each run in a pty: CI runs them
@pytest.mark.parametrize(
    "command",
    [
        ["stories"],
        ["stats"],
        ["conflicts", "--status", "all"],
        ["summary"],
        ["summary", "--format", "html"],
        ["export", "--format", "csv"],
    ],
)
def test_listings_and_summaries_on_a_terminal_carry_no_escape(
    hostile: tuple[Path, Path], command: list[str]
) -> None:
    folder, db = hostile
    run_in_terminal("batch", "--backend", "regex", "--db", str(db), "-q", str(folder))
    with Store.open(db) as store:
        claims = store.claims()
        assert any("\x1b" in claim.quote for claim in claims)
        for claim in claims:
            store.decide(
                claim.id, ReviewAction.ACCEPT, reviewer=f"ann{HOSTILE}", expected_version=0
            )
    code, output = run_in_terminal(*command, "--db", str(db))
    assert code == 0, output
    assert b"\x1b" not in output, output
    assert b"\\x1b" in output or command == ["conflicts", "--status", "all"]


def test_json_and_exports_to_a_file_keep_the_exact_text(
    hostile: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, db = hostile
    run_in_terminal("batch", "--backend", "regex", "--db", str(db), "-q", str(folder))
    out = tmp_path / "claims.jsonl"
    code, _ = run_in_terminal("export", "--db", str(db), "-o", str(out))
    assert code == 0
    assert "\\u001b]52;c;" in out.read_text(encoding="utf-8")  # JSON escapes it, exactly


def test_every_commands_error_message_goes_through_the_terminal_renderer() -> None:
    import click
    from click.testing import CliRunner

    from summarise.cli.app import LazyGroup

    @click.group(cls=LazyGroup)
    def group() -> None:
        pass

    @group.command()
    def fails() -> None:
        raise click.ClickException("no quantity '\x1b]0;owned\x07' (it has: \u202eevil)")

    result = CliRunner().invoke(group, ["fails"])
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\u202e" not in result.output
    assert "no quantity" in result.output
