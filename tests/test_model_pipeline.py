"""The model backend through the real pipeline and CLI: concurrency, cache, costs, failures."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import respx
from click.testing import CliRunner

from bench.stub_server import StubServer
from summarise.backends.base import BackendOptions
from summarise.backends.openai.backend import OpenAIBackend
from summarise.cli import cli
from summarise.pipeline.runner import run_batch
from summarise.store import Store
from tests import openai_replies as replies

BASE = "http://model.test/v1"


def write_documents(folder: Path, count: int) -> Path:
    folder.mkdir(exist_ok=True)
    for n in range(count):
        (folder / f"doc{n:02d}.txt").write_text(
            f"Report {n}: the council met in session {n} on Tuesday. "
            f"Officials said {n + 2} trucks crossed at dawn. The envoy arrived on Monday {n}.\n",
            encoding="utf-8",
        )
    return folder


def cli_batch(db: Path, folder: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli,
        [
            "batch",
            str(folder),
            "--db",
            str(db),
            "--backend",
            "openai",
            "--base-url",
            BASE,
            "--model",
            "test-model",
            *extra,
        ],
    )
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def ungrounded(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        texts = dict(conn.execute("SELECT id, text FROM documents"))
        rows = conn.execute("SELECT document_id, quote, quote_start, quote_end FROM claims")
        return sum(1 for doc, quote, start, end in rows if texts[doc][start:end] != quote)


def answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=replies.reply_for(json.loads(request.content)))


def test_requests_overlap_under_concurrency(tmp_path: Path, store: Store) -> None:
    in_flight = peak = 0

    async def slow_answer(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.05)
        in_flight -= 1
        return answer(request)

    folder = write_documents(tmp_path / "in", 8)
    with respx.mock(base_url=BASE) as mock:
        sent = mock.post("/chat/completions").mock(side_effect=slow_answer)
        backend = OpenAIBackend(BackendOptions(base_url=BASE, model="m", concurrency=4))
        report = run_batch(store, backend, [str(folder)])
    assert sent.call_count == 8 and report.read == 8
    assert peak == 4  # really overlapping, and never more than --concurrency
    runs = store.runs()
    assert (runs[-1]["prompt_tokens"], runs[-1]["completion_tokens"]) == (800, 160)
    calls = list(store.db.query("SELECT run_id, status FROM calls"))
    assert len(calls) == 8 and {c["run_id"] for c in calls} == {report.run_id}


def test_cli_run_rerun_and_force_pay_once(tmp_path: Path, db_path: Path) -> None:
    folder = write_documents(tmp_path / "in", 3)
    with respx.mock(base_url=BASE) as mock:
        sent = mock.post("/chat/completions").mock(side_effect=answer)
        code, out, err = cli_batch(db_path, folder)
        assert code == 0, err
        assert "openai (test-model at model.test, auto mode" in err
        assert "3 read" in out and "Tokens: 360" in out
        assert cli_batch(db_path, folder)[0] == 0
        code, out, _ = cli_batch(db_path, folder, "--force")
        assert code == 0 and "3 read" in out
    assert sent.call_count == 3  # the rerun skipped, --force came from the response cache
    assert ungrounded(db_path) == 0
    stats = CliRunner().invoke(cli, ["stats", "--db", str(db_path), "--json"]).stdout
    figures = json.loads(stats)
    assert figures["tokens"] == {"prompt": 300, "completion": 60}
    assert figures["calls"]["requests"] == 3


def test_dry_run_estimates_and_touches_nothing(tmp_path: Path, db_path: Path) -> None:
    folder = write_documents(tmp_path / "in", 4)
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        sent = mock.post("/chat/completions").mock(side_effect=answer)
        code, out, err = cli_batch(db_path, folder, "--dry-run", "--transport-retries", "1")
    assert code == 0, err
    assert sent.call_count == 0 and not db_path.exists()
    assert "4 document(s) to extract" in out and "for 4 first request(s)" in out
    assert "at most 168 requests" in out  # 4 chunks x 7 pieces x 3 validation x 2 transport
    assert "Nothing was sent or stored" in out


def test_a_failed_document_is_recorded_and_the_batch_goes_on(tmp_path: Path, db_path: Path) -> None:
    folder = write_documents(tmp_path / "in", 3)

    def one_bad(request: httpx.Request) -> httpx.Response:
        if "session 1 " in replies.document_in(json.loads(request.content)):
            return replies.error(422, "unprocessable input")
        return answer(request)

    with respx.mock(base_url=BASE) as mock:
        mock.post("/chat/completions").mock(side_effect=one_bad)
        code, out, err = cli_batch(db_path, folder)
    assert code == 1 and "2 read, 0 skipped, 1 failed" in out
    assert "doc01.txt" in err and "422" in err
    with sqlite3.connect(db_path) as conn:
        failed = conn.execute(
            "SELECT error, calls FROM extractions WHERE status = 'failed'"
        ).fetchall()
    assert failed == [("the server rejected the request (422: unprocessable input)", 1)]


def test_faulty_server_every_document_ends_extracted_or_failed(
    tmp_path: Path, store: Store
) -> None:
    folder = write_documents(tmp_path / "in", 40)
    with StubServer(0.001, rate_429=0.10, rate_500=0.05, seed=3) as stub:
        backend = OpenAIBackend(
            BackendOptions(
                base_url=stub.base_url,
                model="stub",
                concurrency=8,
                extra={"backoff_base": 0.001, "transport_retries": 2},
            )
        )
        report = run_batch(store, backend, [str(folder)])
    assert stub.by_status.get(429) and stub.by_status.get(500)  # the faults did happen
    rows: list[dict[str, Any]] = list(store.db.query("SELECT status, error FROM extractions"))
    assert len(rows) == 40 and report.read + report.failed == 40
    assert all(r["status"] == "extracted" or r["error"] for r in rows)
    assert ungrounded(Path(store.path)) == 0
    logged = store.db.execute("SELECT count(*) FROM calls").fetchone()[0]
    assert logged == stub.requests  # every attempt, failed ones included, is in the log


def test_instructor_and_openai_stay_behind_the_model_backend() -> None:
    import subprocess
    import sys

    code = (
        "import sys, summarise.pipeline.runner, summarise.pipeline.estimate, summarise.cli, "
        "summarise.backends.registry, summarise.store, summarise.backends.openai.prompts; "
        "print(sorted(m for m in ('instructor', 'openai') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
