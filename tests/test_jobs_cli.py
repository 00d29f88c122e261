"""`batch --via batch-api | batch-file` and `summarise jobs ...` through the CLI."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
import respx
from click.testing import CliRunner

from summarise.cli import cli
from summarise.pipeline.remote import RemoteJobs
from summarise.pipeline.remote_collect import Collector
from summarise.store import Store
from tests.fake_batch_provider import FakeBatchProvider, grounded
from tests.test_batch_api import BASE, backend, write_articles

MODEL = ["--backend", "openai", "--base-url", BASE, "--model", "test-model"]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), prog_name="summarise", catch_exceptions=False)
    return result.exit_code, result.output


@respx.mock(base_url=BASE, assert_all_called=False)
def test_submit_list_collect_and_collect_again(
    respx_mock: respx.MockRouter, tmp_path: Path
) -> None:
    FakeBatchProvider(respx_mock, statuses=("validating", "in_progress", "completed"))
    inputs = write_articles(tmp_path / "in", 4)
    db = str(tmp_path / "review.db")
    code, out = run("batch", str(inputs), "--db", db, "--via", "batch-api", *MODEL)
    assert code == 0, out
    assert "Remote job 1: batch-api" in out and "batch_1" in out and "summarise jobs" in out
    code, out = run("jobs", "--db", db)
    assert code == 0 and "in_progress" in out and "0/4" in out
    code, out = run("jobs", "--db", db, "collect")
    assert code == 0, out
    assert "Replies: 4 ok" in out and "Documents stored: 4" in out and "batch-priced" in out
    code, out = run("jobs", "collect", "--db", db)  # --db after the subcommand works too
    assert code == 0 and "No remote jobs to collect" in out
    code, out = run("jobs", "--db", db)
    assert "completed+stored" in out and "4/4" in out


@respx.mock(base_url=BASE, assert_all_called=False)
def test_watch_polls_until_done_and_collects(respx_mock: respx.MockRouter, tmp_path: Path) -> None:
    FakeBatchProvider(respx_mock)
    inputs = write_articles(tmp_path / "in", 2)
    db = str(tmp_path / "review.db")
    run("batch", str(inputs), "--db", db, "--via", "batch-api", *MODEL)
    code, out = run("jobs", "--db", db, "--watch", "--interval", "0")
    assert code == 0, out
    assert "Documents stored: 2" in out
    with Store.open(db) as store:
        assert store.db.execute("SELECT count(*) FROM claims").fetchone()[0] == 6


def test_dry_run_counts_and_stores_nothing(tmp_path: Path) -> None:
    inputs = write_articles(tmp_path / "in", 3)
    db = tmp_path / "review.db"
    code, out = run(
        "batch", str(inputs), "--db", str(db), "--via", "batch-api", "--dry-run", *MODEL
    )
    assert code == 0, out
    assert "3 document(s), 3 request(s) in 1 file(s)" in out and "tokens" in out
    assert not db.exists()


def test_max_tokens_refuses_the_whole_set(tmp_path: Path) -> None:
    inputs = write_articles(tmp_path / "in", 3)
    db = str(tmp_path / "review.db")
    code, out = run(
        "batch", str(inputs), "--db", db, "--via", "batch-api", "--max-tokens", "50", *MODEL
    )
    assert code == 1 and "over --max-tokens 50" in out and "Traceback" not in out
    with Store.open(db) as store:
        assert store.remote_batches.batches() == []
        assert store.db.execute("SELECT count(*) FROM remote_requests").fetchone()[0] == 0


def test_usage_errors_are_one_line(tmp_path: Path) -> None:
    inputs = write_articles(tmp_path / "in", 1)
    db = str(tmp_path / "review.db")
    code, out = run("batch", str(inputs), "--db", db, "--via", "batch-file", *MODEL)
    assert code == 2 and "needs -o" in out
    code, out = run("batch", str(inputs), "--db", db, "--via", "batch-api", "--backend", "regex")
    assert code == 1 and "model backend" in out
    code, out = run("batch", str(inputs), "--db", db, "-o", "x.jsonl", *MODEL)
    assert code == 2 and "batch-file" in out


def test_batch_file_then_import(tmp_path: Path) -> None:
    inputs = write_articles(tmp_path / "in", 3)
    db = str(tmp_path / "review.db")
    requests = tmp_path / "requests.jsonl"
    code, out = run(
        "batch", str(inputs), "--db", db, "--via", "batch-file", "-o", str(requests), *MODEL
    )
    assert code == 0 and "run_batch" in out
    results = tmp_path / "results.jsonl"
    lines = [json.loads(line) for line in requests.read_text().splitlines()]
    results.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"vllm-{n}",
                    "custom_id": line["custom_id"],
                    "response": {
                        "status_code": 200,
                        "request_id": f"r{n}",
                        "body": grounded(line["custom_id"], line["body"]),
                    },
                    "error": None,
                }
            )
            + "\n"
            for n, line in enumerate(lines)
        )
        + "not json\n"
    )
    code, out = run("jobs", "--db", db, "import", str(results))
    assert code == 0, out
    assert "Replies: 3 ok" in out and "Documents stored: 3" in out
    assert "1 malformed (line 4: not a JSON object)" in out  # reported, not "not ours"
    code, out = run("jobs", "--db", db, "import", str(results))
    assert "Replies: 0 ok" in out and "3 already stored" in out


@respx.mock(base_url=BASE, assert_all_called=False)
def test_cancel(respx_mock: respx.MockRouter, tmp_path: Path) -> None:
    FakeBatchProvider(respx_mock, statuses=("validating", "in_progress", "completed"))
    inputs = write_articles(tmp_path / "in", 2)
    db = str(tmp_path / "review.db")
    run("batch", str(inputs), "--db", db, "--via", "batch-api", *MODEL)
    code, out = run("jobs", "--db", db, "cancel", "batch_1")
    assert code == 0 and "cancelled" in out
    code, out = run("jobs", "--db", db, "cancel", "nope")
    assert code == 1 and "no submitted remote job" in out


@respx.mock(base_url=BASE, assert_all_called=False)
def test_concurrent_collectors_store_each_reply_once(
    respx_mock: respx.MockRouter, tmp_path: Path
) -> None:
    """Reviewers share a database: 8 processes' worth of collectors at once store each
    reply, each call-log row and each claim once."""
    FakeBatchProvider(respx_mock, statuses=("validating", "completed"))
    inputs = write_articles(tmp_path / "in", 16)
    db = tmp_path / "review.db"
    run("batch", str(inputs), "--db", str(db), "--via", "batch-api", *MODEL)
    with Store.open(db) as store:  # the batch completes
        Collector(RemoteJobs(store, backend())).refresh()
    errors: list[BaseException] = []

    def collect() -> None:
        try:
            with Store.open(db, busy_timeout=30) as store:
                Collector(RemoteJobs(store, backend())).collect()
        except BaseException as exc:  # surfaced below, never lost
            errors.append(exc)

    threads = [threading.Thread(target=collect) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Store.open(db) as store:
        count = store.db.execute
        assert count("SELECT count(*) FROM calls").fetchone()[0] == 16
        assert count("SELECT count(*) FROM extractions").fetchone()[0] == 16
        assert count("SELECT count(*) FROM claims").fetchone()[0] == 48
        assert count("SELECT sum(claims) FROM extractions").fetchone()[0] == 48


@respx.mock(base_url=BASE, assert_all_called=False)
def test_an_expired_batch_is_reported_and_resubmitted_with_one_command(
    respx_mock: respx.MockRouter, tmp_path: Path
) -> None:
    provider = FakeBatchProvider(respx_mock, lambda c, b: None, statuses=("validating", "expired"))
    inputs = write_articles(tmp_path / "in", 3)
    db = str(tmp_path / "review.db")
    run("batch", str(inputs), "--db", db, "--via", "batch-api", *MODEL)
    code, out = run("jobs", "--db", db, "collect")
    assert "Collected remote job 1 (expired)" in out and "3 unanswered" in out and "resubmit" in out
    provider.answer = grounded
    provider.statuses = ["validating", "completed"]
    code, out = run("jobs", "--db", db, "resubmit")
    assert code == 0 and "Remote job 2:" in out
    code, out = run("jobs", "--db", db, "collect")
    assert "Documents stored: 3" in out
    code, out = run("jobs", "--db", db, "resubmit")
    assert "Nothing to resubmit" in out


@pytest.mark.slow
def test_the_benchmark_runs_at_a_tiny_size() -> None:
    from bench import batch_api

    figures = batch_api.run(documents=6)
    first = figures["A_first_round_faults"]
    assert first["after_collect"]["without_outcome"] == 0
    assert first["after_collect"]["ungrounded_claims"] == 0
    assert first["second_collect_changed"] == {}
    assert first["live_rerun_force_requests"] == 0


def test_without_a_key_the_batch_api_says_so_in_one_line(tmp_path: Path) -> None:
    inputs = write_articles(tmp_path / "in", 1)
    code, out = run(
        "batch",
        str(inputs),
        "--db",
        str(tmp_path / "r.db"),
        "--via",
        "batch-api",
        "--backend",
        "openai",
        "--model",
        "gpt-4o-mini",
    )
    assert code == 2 and "OPENAI_API_KEY" in out and "Traceback" not in out


@respx.mock(base_url=BASE, assert_all_called=False)
def test_a_collection_killed_after_marking_its_batch_finishes_on_the_next(
    respx_mock: respx.MockRouter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after the batch is marked collected but before its documents are stored or
    its re-asks sent: the next `jobs collect` stores and sends them."""
    from tests.test_batch_api import mixed

    provider = FakeBatchProvider(respx_mock, mixed, statuses=("validating", "completed"))
    inputs = write_articles(tmp_path / "in", 5)
    db = str(tmp_path / "review.db")
    run("batch", str(inputs), "--db", db, "--via", "batch-api", *MODEL)

    def killed(self: Collector, written_next_to: Path | None = None) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(Collector, "send_follow_ups", killed)
        code, out = run("jobs", "--db", db, "collect")
        assert code != 0 and "Aborted" in out
    with Store.open(db) as store:
        assert store.db.execute("SELECT count(*) FROM extractions").fetchone()[0] == 0
    code, out = run("jobs", "--db", db, "collect")
    assert "Documents stored: 2, failed: 1" in out and "Re-ask remote job 2" in out
    assert len(provider.batches) == 2


def test_standard_input_is_read_once_and_written_to_a_request_file(tmp_path: Path) -> None:
    out = tmp_path / "requests.jsonl"
    result = CliRunner().invoke(
        cli,
        [
            "batch",
            "-",
            "--db",
            str(tmp_path / "r.db"),
            "--via",
            "batch-file",
            "-o",
            str(out),
            *MODEL,
        ],
        input="The council voted on Tuesday to approve the budget.\n",
        prog_name="summarise",
    )
    assert result.exit_code == 0, result.output
    [line] = [json.loads(x) for x in out.read_text().splitlines()]
    assert "The council voted on Tuesday" in json.dumps(line["body"])


@respx.mock(base_url=BASE, assert_all_called=False)
def test_batches_in_two_modes_are_each_read_in_their_own(
    respx_mock: respx.MockRouter, tmp_path: Path
) -> None:
    provider = FakeBatchProvider(respx_mock, statuses=("validating", "completed"))
    first = write_articles(tmp_path / "first", 2)
    second = tmp_path / "second"
    second.mkdir()
    for number in (7, 8):
        (second / f"b{number}.txt").write_text(
            f"Report {number}\n\nThe port reopened on day {number}. "
            f"Ships waited for {number} hours.\n"
        )
    db = str(tmp_path / "review.db")
    run("batch", str(first), "--db", db, "--via", "batch-api", *MODEL)
    run("batch", str(second), "--db", db, "--via", "batch-api", "--mode", "json_schema", *MODEL)
    bodies = [line["body"] for line in provider.all_requests()]
    assert (
        sum("tools" in b for b in bodies) == 2 and sum("response_format" in b for b in bodies) == 2
    )
    code, out = run("jobs", "--db", db, "collect")
    assert code == 0, out
    assert out.count("Replies: 2 ok") == 2 and "not ours" not in out
    with Store.open(db) as store:
        assert (
            store.db.execute(
                "SELECT count(*) FROM extractions WHERE status = 'extracted'"
            ).fetchone()[0]
            == 4
        )
