"""Reading batch output lines (OpenAI's and vLLM's), and migration 007 on an older database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlite_utils

from summarise.backends.base import BackendOptions
from summarise.backends.openai.backend import OpenAIBackend
from summarise.backends.openai.batch_codec import BatchCodec
from summarise.store import Store
from summarise.store.migrations import MIGRATIONS, applied, migrate
from tests import openai_replies as replies
from tests.factories import document

TEXT = "The council voted on Tuesday to approve the budget.\nThe mayor arrived on Monday."


def codec(**extra: Any) -> BatchCodec:
    return BatchCodec(
        OpenAIBackend(
            BackendOptions(
                base_url="http://model.test/v1",
                model="m",
                api_key=extra.pop("key", None),
                extra=extra,
            )
        )
    )


def line(body: Any = None, *, status: int = 200, error: Any = None) -> dict[str, Any]:
    response = None if status is None else {"status_code": status, "request_id": "r", "body": body}
    return {"id": "x", "custom_id": "d:0-10:r0", "response": response, "error": error}


def read(the_codec: BatchCodec, output: dict[str, Any], round: int = 0) -> Any:
    doc = document(TEXT)
    [(span, part)] = the_codec.spans(doc)
    body = the_codec.request(doc, span, part).body
    return the_codec.read(output, text=doc.text, body=body, round=round)


def test_a_grounded_reply_is_ok_with_its_usage() -> None:
    ok = read(
        codec(),
        line(replies.tool_call({"claims": [replies.claim("The mayor arrived on Monday.")]})),
    )
    assert ok.status == "ok" and json.loads(ok.payload)["claims"][0]["quote"].startswith(
        "The mayor"
    )
    assert (ok.prompt_tokens, ok.completion_tokens) == (100, 20)


def test_a_reply_without_usage_is_counted_by_estimate() -> None:
    reply = replies.tool_call({"claims": []})
    del reply["usage"]
    ok = read(codec(), line(reply))
    assert ok.status == "ok" and ok.tokens_estimated and ok.prompt_tokens > 0


def test_vllm_error_lines_and_openai_error_file_lines_fail_with_the_reason() -> None:
    vllm = read(codec(), line(None, status=400, error="Invalid request: bad schema"))
    assert vllm.status == "failed" and "400: Invalid request: bad schema" in vllm.error
    openai = read(codec(), line({"error": {"message": "Too many tokens"}}, status=400))
    assert openai.status == "failed" and "Too many tokens" in openai.error
    expired = read(
        codec(), line(status=None, error={"code": "batch_expired", "message": "expired"})
    )
    assert expired.status == "failed" and "expired" in expired.error


def test_length_and_refusal_fail_with_what_to_do() -> None:
    cut = read(codec(), line(replies.tool_call({"claims": []}, finish_reason="length")))
    assert cut.status == "failed" and "length limit" in cut.error and "rerun live" in cut.error
    refused = read(codec(), line(replies.refusal("No.")))
    assert refused.status == "failed" and "refused" in refused.error


def test_an_invented_quote_is_reasked_then_let_through_and_dropped_on_the_last_round() -> None:
    invented = line(replies.tool_call({"claims": [replies.claim("Never said.")]}))
    first = read(codec(), invented)
    assert first.status == "invalid" and "not in the article" in first.error
    assert first.follow_up["messages"][-1]["role"] == "tool"
    last = read(codec(), invented, round=2)  # validation_retries 2: the third ask is the last
    assert last.status == "ok"
    doc = document(TEXT)
    [(span, _)] = codec().spans(doc)
    claims, dropped = codec().ground(doc, span, last.payload)
    assert claims == [] and dropped == 1


def test_a_key_echoed_in_a_reply_is_masked_before_it_is_kept() -> None:
    key = "sk-test-secret-123456"
    reply = replies.tool_call({"claims": [replies.claim("The mayor arrived on Monday.")]})
    reply["id"] = f"echo {key}"
    ok = read(codec(key=key), line(reply))
    assert key not in (ok.response or "") and key not in (ok.payload or "")


def test_007_upgrades_a_database_from_before_it(db_path: Path) -> None:
    db = sqlite_utils.Database(db_path)
    before = [m for m in MIGRATIONS if m.name < "007"]
    original = MIGRATIONS[:]
    MIGRATIONS[:] = before
    try:
        migrate(db)
    finally:
        MIGRATIONS[:] = original
    db["calls"].insert(
        {
            "document_id": "d",
            "request_hash": "h",
            "model": "m",
            "mode": "tools",
            "status": "ok",
            "started_at": "2026-01-01",
        }
    )
    db.close()
    with Store.open(db_path) as store:
        assert "007_remote_batches" in applied(store.db)
        assert {"remote_batches", "remote_requests"} <= set(store.db.table_names())
        assert [r["pricing"] for r in store.db.query("SELECT pricing FROM calls")] == [None]
        assert store.remote_batches.batches() == []
