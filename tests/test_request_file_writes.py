"""Request files of remote jobs are written through an unguessable temp file (issue 24,
item 15): a symlink planted at the old PID-named temp path is never written through."""

from __future__ import annotations

import os
from pathlib import Path

from tests.test_batch_api import write_articles
from tests.test_jobs_cli import MODEL, run


def test_batch_file_never_writes_through_a_planted_temp_symlink(tmp_path: Path) -> None:
    inputs = write_articles(tmp_path / "in", 2)
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    requests = out / "requests.jsonl"
    # The old name was `.requests.jsonl.<pid>.tmp`: plant it for every plausible PID nearby.
    base = os.getpid()
    for pid in range(base - 50, base + 2000):
        (out / f".requests.jsonl.{pid}.tmp").symlink_to(victim)
    code, said = run(
        "batch",
        str(inputs),
        "--db",
        str(tmp_path / "review.db"),
        "--via",
        "batch-file",
        "-o",
        str(requests),
        *MODEL,
    )
    assert code == 0, said
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert requests.read_text(encoding="utf-8").count("custom_id") >= 2
    assert not list(out.glob("*.partial"))
    assert requests.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
