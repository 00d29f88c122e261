"""`jobs import` limits (issue 24, item 14): a device or FIFO is refused at once, and
malformed lines are reported by number instead of counted as "not ours"."""

from __future__ import annotations

import os
from pathlib import Path

from tests.test_batch_api import write_articles
from tests.test_jobs_cli import MODEL, run


def made(tmp_path: Path) -> str:
    inputs = write_articles(tmp_path / "in", 1)
    db = str(tmp_path / "review.db")
    code, out = run(
        "batch",
        str(inputs),
        "--db",
        db,
        "--via",
        "batch-file",
        "-o",
        str(tmp_path / "requests.jsonl"),
        *MODEL,
    )
    assert code == 0, out
    return db


def test_a_device_or_a_fifo_is_refused_in_one_line(tmp_path: Path) -> None:
    db = made(tmp_path)
    fifo = tmp_path / "results.fifo"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        code, out = run("jobs", "--db", db, "import", path)
        assert code == 1 and "not a regular file" in out, out
        assert len(out.strip().splitlines()) == 1


def test_malformed_lines_are_reported_by_number(tmp_path: Path) -> None:
    db = made(tmp_path)
    results = tmp_path / "results.jsonl"
    results.write_bytes(b'{"custom_id": "nobody"}\nnot json\n\xff\xfe\n[1, 2]\n')
    code, out = run("jobs", "--db", db, "import", str(results))
    assert code == 0, out
    assert "1 not ours" in out
    assert "3 malformed (line 2: not a JSON object; line 3: not UTF-8; line 4: not a JSON" in out
