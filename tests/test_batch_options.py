"""One options value for `summarise batch`: every path (live, a remote job through the Batch
API, a batch file) honours --follow-symlinks, and each refuses the link without it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import httpx
import pytest
import respx
from click.testing import CliRunner

from summarise.cli import cli
from tests import openai_replies as replies
from tests.fake_batch_provider import FakeBatchProvider

BASE = "http://options.test/v1"
MODEL = ["--backend", "openai", "--base-url", BASE, "--model", "test-model"]
INSIDE = "The ferry service resumed on Friday after the storm.\nCrews cleared the pier.\n"
OUTSIDE = "The harbour authority said nine boats were damaged overnight.\nRepairs begin soon.\n"


def folder_with_outside_link(tmp_path: Path) -> Path:
    """An input folder holding one file and a symlink to a file outside the folder."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "harbour.txt").write_text(OUTSIDE, encoding="utf-8")
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "ferry.txt").write_text(INSIDE, encoding="utf-8")
    (inputs / "linked.txt").symlink_to(outside / "harbour.txt")
    return inputs


def stored(db: Path) -> str:
    """Every stored document's text, together."""
    with sqlite3.connect(db) as connection:
        return "\n".join(row[0] for row in connection.execute("SELECT text FROM documents"))


def live_replies(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=replies.reply_for(json.loads(request.content)))


@pytest.mark.parametrize("via", ["live", "batch-api", "batch-file"])
@pytest.mark.parametrize("follow", [True, False])
@respx.mock(base_url=BASE, assert_all_called=False)
def test_every_path_reads_a_symlink_outside_the_folder_only_when_told(
    respx_mock: respx.MockRouter, tmp_path: Path, via: str, follow: bool
) -> None:
    respx_mock.post("/chat/completions").mock(side_effect=live_replies)
    provider = FakeBatchProvider(respx_mock)
    inputs = folder_with_outside_link(tmp_path)
    db = tmp_path / "review.db"
    requests = tmp_path / "requests.jsonl"
    args = ["batch", str(inputs), "--db", str(db), "--via", via, *MODEL, "--mode", "tools"]
    if via == "batch-file":
        args += ["-o", str(requests)]
    if follow:
        args.append("--follow-symlinks")
    result = CliRunner().invoke(cli, args, prog_name="summarise", catch_exceptions=False)

    bodies = [line["body"] for line in provider.all_requests()]
    if via == "batch-file":
        lines = requests.read_text(encoding="utf-8").splitlines()
        bodies = [json.loads(line)["body"] for line in lines]
    sent = "\n".join(replies.document_in(body) for body in bodies)
    assert "ferry service" in stored(db)
    if follow:
        assert result.exit_code == 0, result.output
        assert "harbour authority" in stored(db)
        if via != "live":
            assert "harbour authority" in sent and "ferry service" in sent
    else:
        assert result.exit_code == 1, result.output
        assert "harbour authority" not in stored(db)
        assert "harbour authority" not in sent
        if via != "live":
            assert "1 unreadable" in result.output
