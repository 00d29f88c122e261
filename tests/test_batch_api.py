"""Extraction through the OpenAI Batch API: the real openai client, files and batches faked
with respx (tests/fake_batch_provider.py), the real store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from summarise.backends.base import BackendOptions
from summarise.backends.openai.backend import OpenAIBackend
from summarise.backends.openai.batch_api import BatchServiceError
from summarise.pipeline.options import BatchOptions
from summarise.pipeline.remote import RemoteJobs
from summarise.pipeline.remote_collect import Collector, resubmit
from summarise.pipeline.remote_submit import submit
from summarise.store import Store
from summarise.store.remote_batches import RemoteBatches
from tests import openai_replies as replies
from tests.fake_batch_provider import FakeBatchProvider, grounded

BASE = "http://model.test/v1"


def article(number: int) -> str:
    return (
        f"Report {number}\n\n"
        f"The council voted on Tuesday to approve budget {number}.\n"
        f"Officials said {number + 10} people were hurt in the blast.\n"
        f"The mayor arrived in the city on Monday for talks {number}.\n"
    )


def write_articles(directory: Path, count: int) -> Path:
    directory.mkdir(exist_ok=True)
    for number in range(count):
        (directory / f"a{number:03d}.txt").write_text(article(number), encoding="utf-8")
    return directory


def backend(**extra: Any) -> OpenAIBackend:
    return OpenAIBackend(BackendOptions(base_url=BASE, model="test-model", extra=extra))


def collector(store: Store, **extra: Any) -> Collector:
    return Collector(RemoteJobs(store, backend(**extra)), reask=extra.pop("reask", "batch"))


def claims_rows(store: Store) -> list[dict[str, Any]]:
    return list(store.db.query("SELECT * FROM claims ORDER BY id"))


def ungrounded(store: Store) -> int:
    return store.db.execute(
        "SELECT count(*) FROM claims JOIN documents ON documents.id = claims.document_id "
        "WHERE substr(documents.text, quote_start + 1, quote_end - quote_start) != quote"
    ).fetchone()[0]


@respx.mock(base_url=BASE, assert_all_called=False)
def test_submit_poll_collect_through_every_status(
    respx_mock: respx.MockRouter, store: Store, tmp_path: Path
) -> None:
    provider = FakeBatchProvider(respx_mock)
    inputs = write_articles(tmp_path / "in", 5)
    report = submit(store, backend(), [str(inputs)], BatchOptions(via="batch-api"))
    assert report.requests == 5 and len(report.batches) == 1
    assert report.batches[0].status == "validating" and report.batches[0].batch_id == "batch_1"
    [sent] = provider.batches.values()
    lines = provider.requests_in(sent["input_file_id"])
    assert {line["url"] for line in lines} == {"/v1/chat/completions"}
    assert {line["method"] for line in lines} == {"POST"}
    assert len({line["custom_id"] for line in lines}) == 5
    assert not claims_rows(store)  # nothing stored before the batch completes

    seen = []
    for _ in range(3):
        poll = collector(store)
        poll.refresh()
        seen.append(poll.report.refreshed[0].status)
    assert seen == ["in_progress", "finalizing", "completed"]

    done = collector(store).collect()
    assert done.ok == 5 and done.settled.extracted == 5
    assert len(claims_rows(store)) == 15 and ungrounded(store) == 0
    statuses = {r["status"] for r in store.db.query("SELECT status FROM extractions")}
    assert statuses == {"extracted"}
    calls = list(store.db.query("SELECT pricing, prompt_tokens FROM calls"))
    assert len(calls) == 5 and {c["pricing"] for c in calls} == {"batch"}
    [run] = [r for r in store.runs() if r["pricing"] == "batch"]
    assert run["prompt_tokens"] == 5 * replies.USAGE["prompt_tokens"]

    again = collector(store).collect()
    assert again.stored == 0
    assert len(claims_rows(store)) == 15
    assert len(list(store.db.query("SELECT id FROM calls"))) == 5


@respx.mock(base_url=BASE, assert_all_called=False)
def test_a_live_rerun_after_collecting_makes_no_requests(
    respx_mock: respx.MockRouter, store: Store, tmp_path: Path
) -> None:
    from summarise.pipeline.options import BatchOptions
    from summarise.pipeline.runner import run_batch

    FakeBatchProvider(respx_mock, statuses=("validating", "completed"))
    inputs = write_articles(tmp_path / "in", 4)
    submit(store, backend(), [str(inputs)], BatchOptions(via="batch-api"))
    collector(store).collect()
    live = respx_mock.post("/chat/completions").mock(
        return_value=httpx.Response(500, json={"error": {"message": "must not be called"}})
    )
    report = run_batch(store, backend(), [str(inputs)], BatchOptions(force=True))
    assert live.call_count == 0
    assert report.read == 4 and report.failed == 0
    # and a submit of the same files sends nothing: every document is extracted
    resubmitted = submit(store, backend(), [str(inputs)], BatchOptions(via="batch-api"))
    assert resubmitted.requests == 0 and resubmitted.unchanged == 4
    # with --force, every chunk is answered from the cache: nothing is sent, all is stored
    forced = submit(store, backend(), [str(inputs)], BatchOptions(via="batch-api", force=True))
    assert forced.requests == 0 and forced.cached == 4 and forced.batches == []
    assert forced.settled.extracted == 4
    assert store.db.execute("SELECT sum(claims) FROM extractions").fetchone()[0] == 12
    assert len(claims_rows(store)) == 12


def mixed(custom_id: str, body: dict[str, Any]) -> Any:
    """Article 0 malformed, 1 invents a quote, 2 an error-file line, the rest grounded."""
    document = replies.document_in(body)
    if "budget 0." in document:
        return replies.tool_call('{"claims": [{"text": "unterminated')
    if "budget 1." in document and body["messages"][-1]["role"] == "user":
        return replies.tool_call({"claims": [replies.claim("The moon is made of cheese.")]})
    if "budget 2." in document:
        return ("error", 400, "This request was malformed")
    return grounded(custom_id, body)


@respx.mock(base_url=BASE, assert_all_called=False)
def test_bad_replies_are_reasked_in_a_follow_up_batch_and_errors_recorded(
    respx_mock: respx.MockRouter, store: Store, tmp_path: Path
) -> None:
    provider = FakeBatchProvider(respx_mock, mixed, statuses=("validating", "completed"))
    inputs = write_articles(tmp_path / "in", 5)
    submit(store, backend(), [str(inputs)], BatchOptions(via="batch-api"))
    first = collector(store).collect()
    assert (first.ok, first.reasked, first.failed) == (2, 2, 1)
    assert "malformed" in first.failures[0][1]
    [follow_up] = first.follow_ups
    assert follow_up.round == 1 and follow_up.requests == 2
    reasks = provider.requests_in(provider.batches[follow_up.batch_id]["input_file_id"])
    # instructor's re-ask: the bad reply, then the validation error, in the conversation
    for line in reasks:
        assert line["custom_id"].endswith(":r1")
        assert any("Validation Error" in str(m.get("content")) for m in line["body"]["messages"])
    second = collector(store).collect()
    # the re-asked malformed reply is malformed again (article 0); article 1 is grounded now
    assert second.ok == 1 and second.reasked == 1
    third = collector(store).collect()
    assert third.failed == 1  # validation_retries=2: third round is the last
    extractions = {
        r["status"]: r["n"]
        for r in store.db.query("SELECT status, count(*) AS n FROM extractions GROUP BY status")
    }
    assert extractions == {"extracted": 3, "failed": 2}
    reasons = [
        r["error"] for r in store.db.query("SELECT error FROM extractions WHERE error IS NOT NULL")
    ]
    assert any("did not validate after 3 attempt" in r for r in reasons)
    assert any("400" in r for r in reasons)
    assert ungrounded(store) == 0


@respx.mock(base_url=BASE, assert_all_called=False)
def test_an_expired_batch_is_reported_and_its_unanswered_requests_resubmitted(
    respx_mock: respx.MockRouter, store: Store, tmp_path: Path
) -> None:
    def half(custom_id: str, body: dict[str, Any]) -> Any:
        return grounded(custom_id, body) if "budget 0." in replies.document_in(body) else None

    provider = FakeBatchProvider(respx_mock, half, statuses=("in_progress", "expired"))
    inputs = write_articles(tmp_path / "in", 3)
    submit(store, backend(), [str(inputs)], BatchOptions(via="batch-api"))
    first = collector(store).collect()
    assert first.ok == 1 and first.unfinished == 2 and first.settled.extracted == 1
    provider.answer = grounded
    provider.statuses = ["in_progress", "completed"]
    [batch] = resubmit(RemoteJobs(store, backend()))
    assert batch.requests == 2
    resent = provider.requests_in(provider.batches[batch.batch_id]["input_file_id"])
    assert all(line["custom_id"].endswith(".1") for line in resent)
    second = collector(store).collect()
    assert second.ok == 2 and second.settled.extracted == 2
    assert store.db.execute("SELECT count(*) FROM extractions").fetchone()[0] == 3
    assert resubmit(RemoteJobs(store, backend())) == []


@respx.mock(base_url=BASE, assert_all_called=False)
def test_a_crash_between_upload_and_batch_creation_resumes_without_a_second_upload(
    respx_mock: respx.MockRouter, store: Store, tmp_path: Path
) -> None:
    provider = FakeBatchProvider(respx_mock, statuses=("validating", "completed"))
    provider.fail_create = KeyboardInterrupt()  # the process dies after the upload
    inputs = write_articles(tmp_path / "in", 3)
    with pytest.raises(KeyboardInterrupt):
        submit(store, backend(), [str(inputs)], BatchOptions(via="batch-api"))
    [batch] = store.remote_batches.batches()
    assert batch.status == "uploaded" and batch.batch_id is None
    again = submit(store, backend(), [str(inputs)], BatchOptions(via="batch-api"))
    assert again.requests == 0 and again.in_flight == 3  # not planned twice
    assert len(again.resumed) == 1 and provider.uploads == 1 and len(provider.batches) == 1
    done = collector(store).collect()
    assert done.settled.extracted == 3 and len(claims_rows(store)) == 9


@respx.mock(base_url=BASE, assert_all_called=False)
def test_a_crash_between_download_and_store_then_a_rerun_stores_each_reply_once(
    respx_mock: respx.MockRouter, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    provider = FakeBatchProvider(respx_mock, statuses=("validating", "completed"))
    inputs = write_articles(tmp_path / "in", 4)
    submit(store, backend(), [str(inputs)], BatchOptions(via="batch-api"))
    provider.fail_download = httpx.ConnectError("connection reset")
    with pytest.raises(BatchServiceError, match="downloading"):
        collector(store).collect()
    assert not claims_rows(store)
    # killed while storing, at the third reply
    stored = RemoteBatches.store_reply
    calls = []

    def dies_on_the_third(self: RemoteBatches, record: Any, *, run_id: Any) -> bool:
        calls.append(record.custom_id)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return stored(self, record, run_id=run_id)

    monkeypatch.setattr(RemoteBatches, "store_reply", dies_on_the_third)
    with pytest.raises(KeyboardInterrupt):
        collector(store).collect()
    monkeypatch.setattr(RemoteBatches, "store_reply", stored)
    # replies are stored a group at a time: the group in flight is wholly absent
    answered = "SELECT count(*) FROM remote_requests WHERE status != 'pending'"
    assert store.db.execute("SELECT count(*) FROM calls").fetchone()[0] == 0
    assert store.db.execute(answered).fetchone()[0] == 0
    assert store.db.execute("SELECT count(*) FROM response_cache").fetchone()[0] == 0
    done = collector(store).collect()
    assert done.ok == 4 and done.settled.extracted == 4
    assert len(claims_rows(store)) == 12
    assert store.db.execute("SELECT count(*) FROM calls").fetchone()[0] == 4
    assert collector(store).collect().stored == 0


@respx.mock(base_url=BASE, assert_all_called=False)
def test_batch_file_write_then_import_round_trip(
    respx_mock: respx.MockRouter, store: Store, tmp_path: Path
) -> None:
    inputs = write_articles(tmp_path / "in", 3)
    out = tmp_path / "requests.jsonl"
    report = submit(store, backend(), [str(inputs)], BatchOptions(via="batch-file", output=out))
    assert report.requests == 3 and out.exists()
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    # what vLLM's run_batch writes: BatchRequestOutput lines
    results = tmp_path / "results.jsonl"
    results.write_text(
        "".join(
            json.dumps(
                {
                    "id": f"vllm-{n}",
                    "custom_id": line["custom_id"],
                    "response": {
                        "status_code": 200,
                        "request_id": f"vllm-batch-{n}",
                        "body": grounded(line["custom_id"], line["body"]),
                    },
                    "error": None,
                }
            )
            + "\n"
            for n, line in enumerate(lines)
        )
    )
    imported = Collector(RemoteJobs(store, backend())).import_file(results)
    assert imported.ok == 3 and imported.settled.extracted == 3
    assert len(claims_rows(store)) == 9 and ungrounded(store) == 0
    again = Collector(RemoteJobs(store, backend())).import_file(results)
    assert again.stored == 0 and again.already == 3


@pytest.mark.parametrize("concurrency", [1, 8])
@respx.mock(base_url=BASE, assert_all_called=False)
def test_reask_live_answers_the_invalid_replies_through_the_live_path(
    respx_mock: respx.MockRouter, store: Store, tmp_path: Path, concurrency: int
) -> None:
    def invented(custom_id: str, body: dict[str, Any]) -> Any:
        return replies.tool_call({"claims": [replies.claim("Nobody said this at all.")]})

    FakeBatchProvider(respx_mock, invented, statuses=("validating", "completed"))
    live = respx_mock.post("/chat/completions").mock(
        side_effect=lambda request: httpx.Response(
            200, json=grounded("", json.loads(request.content))
        )
    )
    inputs = write_articles(tmp_path / "in", 12)
    submit(store, backend(), [str(inputs)], BatchOptions(via="batch-api"))
    chosen = backend()
    chosen.settings.concurrency = concurrency
    report = Collector(RemoteJobs(store, chosen), reask="live").collect()
    assert report.ok == 12 and report.follow_ups == [] and report.settled.extracted == 12
    assert live.call_count == 12
    assert len(claims_rows(store)) == 36 and ungrounded(store) == 0
    pricing = {
        r["pricing"]: r["n"]
        for r in store.db.query("SELECT pricing, count(*) AS n FROM calls GROUP BY pricing")
    }
    assert pricing == {"batch": 12, None: 12}
    assert collector(store).collect().stored == 0


@respx.mock(base_url=BASE, assert_all_called=False)
def test_a_set_over_the_file_limits_goes_in_several_batches_of_whole_documents(
    respx_mock: respx.MockRouter, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Small limits and a tiny document window: long documents (several chunks each) and
    short ones; the process dies creating the second batch; the rerun sends the rest, and
    no document is stored from only some of its chunks."""
    import summarise.pipeline.remote as remote_module

    monkeypatch.setattr(remote_module, "DOCUMENTS_KEPT", 2)
    provider = FakeBatchProvider(respx_mock, statuses=("validating", "completed"))
    inputs = write_articles(tmp_path / "in", 6)
    (inputs / "long.txt").write_text(article(99) * 30, encoding="utf-8")
    options = BatchOptions(via="batch-api", max_requests_per_file=4)
    chosen = backend(chunk_tokens=400, overlap_tokens=20)
    long_chunks = len(RemoteJobs(store, chosen).codec.spans(document_of(inputs / "long.txt")))
    assert 2 <= long_chunks <= 4

    original_create = provider._create
    creates = []

    def dies_on_the_second(request: httpx.Request) -> httpx.Response:
        creates.append(1)
        if len(creates) == 2:
            raise KeyboardInterrupt
        return original_create(request)

    respx_mock.post("/batches").mock(side_effect=dies_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        submit(store, backend(chunk_tokens=400, overlap_tokens=20), [str(inputs)], options)
    collector(store, chunk_tokens=400, overlap_tokens=20).collect()  # the first batch
    for row in store.db.query("SELECT document_id, claims FROM extractions"):
        assert row["claims"] > 0
    again = submit(store, backend(chunk_tokens=400, overlap_tokens=20), [str(inputs)], options)
    assert again.requests + len(again.resumed) > 0
    while True:
        report = collector(store, chunk_tokens=400, overlap_tokens=20).collect()
        if not report.stored:
            break
    files = [provider.requests_in(b["input_file_id"]) for b in provider.batches.values()]
    assert all(len(lines) <= 4 for lines in files)
    # every document's lines sit in one file
    homes: dict[str, set[int]] = {}
    for number, lines in enumerate(files):
        for line in lines:
            homes.setdefault(line["custom_id"].split(":")[0], set()).add(number)
    assert all(len(found) == 1 for found in homes.values())
    assert (
        store.db.execute("SELECT count(*) FROM extractions WHERE status = 'extracted'").fetchone()[
            0
        ]
        == 7
    )
    assert ungrounded(store) == 0


def document_of(path: Path) -> Any:
    from summarise.ingest.reader import read_input

    return read_input(str(path)).document
