"""Issue 24 item 13: symlinked folders reported or followed (loops caught), UTF-16 without a
byte-order mark read as text, SIGTERM ends a batch with its closing line."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarise.cli import batch as batch_cli
from summarise.cli import cli
from summarise.cli.progress import TerminalObserver
from summarise.ingest.paths import RefusedInput, expand_inputs
from summarise.ingest.reader import Outcome, parse_bytes
from summarise.store import Store
from tests.articles import write_corpus

TEXT = "The harbour board met on Monday.\nIt approved 3 new cranes for the east quay.\n"


def _tree(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    (inbox / "own").mkdir(parents=True)
    (inbox / "own" / "a.txt").write_text(TEXT)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.txt").write_text(TEXT)
    (inbox / "linked").symlink_to(elsewhere, target_is_directory=True)
    (inbox / "own" / "back").symlink_to(inbox, target_is_directory=True)  # a loop
    return inbox


def test_a_symlinked_folder_is_reported_without_the_flag(tmp_path: Path) -> None:
    listed = list(expand_inputs([str(_tree(tmp_path))]))
    read = sorted(Path(p).name for p in listed if not isinstance(p, RefusedInput))
    refused = {Path(p).name: p.reason for p in listed if isinstance(p, RefusedInput)}
    assert read == ["a.txt"]
    assert set(refused) == {"linked", "back"}
    assert all("--follow-symlinks" in reason for reason in refused.values())


def test_a_symlinked_folder_is_followed_with_the_flag_and_a_loop_is_caught(
    tmp_path: Path,
) -> None:
    listed = list(expand_inputs([str(_tree(tmp_path))], follow_symlinks=True))
    read = sorted(Path(p).name for p in listed if not isinstance(p, RefusedInput))
    refused = {Path(p).name: p.reason for p in listed if isinstance(p, RefusedInput)}
    assert read == ["a.txt", "b.txt"]
    assert list(refused) == ["back"] and "loop" in refused["back"]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_as_text(codec: str) -> None:
    result = parse_bytes(TEXT.encode(codec), "cranes.txt")
    assert result.outcome is not Outcome.SKIPPED, result.message
    assert result.document is not None
    assert "approved 3 new cranes" in result.document.text


def test_binary_with_nuls_is_still_skipped() -> None:
    blob = bytes(range(256)) * 8
    assert parse_bytes(blob, "image.txt").outcome is Outcome.SKIPPED


class _TermAfterTwo(TerminalObserver):
    """Sends this process SIGTERM once two files are done, as `kill` would."""

    done = 0

    def file_done(self, source: str, outcome: str, message: str) -> None:
        super().file_done(source, outcome, message)
        type(self).done += 1
        if type(self).done == 2:
            os.kill(os.getpid(), signal.SIGTERM)


def test_sigterm_ends_a_batch_with_its_closing_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_corpus(tmp_path / "in", 30, seed=7)
    db = tmp_path / "review.db"
    monkeypatch.setattr(batch_cli, "TerminalObserver", _TermAfterTwo)
    before = signal.getsignal(signal.SIGTERM)
    result = CliRunner().invoke(
        cli, ["batch", str(tmp_path / "in"), "--db", str(db), "--backend", "regex"]
    )
    assert signal.getsignal(signal.SIGTERM) == before
    assert "Run interrupted; run the same command again to resume." in result.output
    assert result.exit_code == batch_cli.EXIT_INTERRUPTED
    with Store.open(db) as store:
        assert [run["status"] for run in store.runs()] == ["interrupted"]
