"""The model backend against the real openai client and instructor, HTTP mocked with respx."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

from summarise.backends.base import BackendOptions, ExtractionFailed, RunAborted
from summarise.backends.openai.backend import OpenAIBackend
from summarise.models import Document
from summarise.store import Store
from tests import openai_replies as replies
from tests.factories import document

BASE = "http://model.test/v1"
TEXT = (
    "The council voted on Tuesday to approve the budget.\n"
    "Officials said “12 people” were hurt in the blast — most of them lightly.\n"
    "The mayor arrived in the city on Monday."
)
GOOD = {"claims": [replies.claim("The council voted on Tuesday to approve the budget.")]}


def backend(mode: str = "tools", *, store: Store | None = None, **extra: Any) -> OpenAIBackend:
    sleeps: list[float] = []

    async def no_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    chosen = OpenAIBackend(
        BackendOptions(
            base_url=BASE,
            model="test-model",
            mode=mode,
            api_key=extra.pop("api_key", None),
            max_tokens=extra.pop("max_tokens", None),
            extra={"sleep": no_sleep, **extra},
        )
    )
    chosen.sleeps = sleeps  # type: ignore[attr-defined]
    if store is not None:
        chosen.attach(store.call_recorder(None))
    return chosen


def route(mock: respx.MockRouter, *responses: Any) -> respx.Route:
    return mock.post("/chat/completions").mock(
        side_effect=[
            r if isinstance(r, httpx.Response) else httpx.Response(200, json=r) for r in responses
        ]
    )


def body(call: Any) -> dict[str, Any]:
    return json.loads(call.request.content)


def logged(store: Store) -> list[dict[str, Any]]:
    return list(store.db.query("SELECT * FROM calls ORDER BY id"))


async def extract(chosen: OpenAIBackend, doc: Document) -> Any:
    try:
        return await chosen.extract(doc)
    finally:
        await chosen.aclose()


@respx.mock(base_url=BASE)
async def test_a_valid_tool_call_gives_grounded_claims(
    respx_mock: respx.MockRouter, store: Store
) -> None:
    doc = document(TEXT)
    sent = route(respx_mock, replies.tool_call(GOOD))
    result = await extract(backend(store=store), doc)
    assert [c.quote for c in result.claims] == [GOOD["claims"][0]["quote"]]
    claim = result.claims[0]
    assert doc.text[claim.quote_start : claim.quote_end] == claim.quote
    assert (result.prompt_tokens, result.completion_tokens, result.calls) == (100, 20, 1)
    request = body(sent.calls[0])
    assert request["tools"][0]["function"]["name"] == "ExtractedClaims"
    assert request["model"] == "test-model"
    user = request["messages"][1]["content"]
    assert TEXT in user and "<<<DOCUMENT " in user  # the document is delimited as data
    rows = logged(store)
    assert [(r["status"], r["prompt_tokens"], r["finish_reason"]) for r in rows] == [
        ("ok", 100, "tool_calls")
    ]
    assert TEXT in json.loads(rows[0]["request"])["messages"][1]["content"]
    assert json.loads(rows[0]["response"])["choices"][0]["finish_reason"] == "tool_calls"


@respx.mock(base_url=BASE)
async def test_invalid_arguments_are_re_asked(respx_mock: respx.MockRouter, store: Store) -> None:
    sent = route(
        respx_mock, replies.tool_call('{"claims": [{"text": "x"}'), replies.tool_call(GOOD)
    )
    result = await extract(backend(store=store), document(TEXT))
    assert len(result.claims) == 1
    assert (result.prompt_tokens, result.calls) == (200, 2)  # the failed attempt counts too
    second = json.dumps(body(sent.calls[1])["messages"])
    assert "Validation Error" in second
    rows = logged(store)
    assert [r["status"] for r in rows] == ["invalid", "ok"]
    assert rows[0]["validation_error"] and rows[1]["attempt"] == 2


@respx.mock(base_url=BASE)
async def test_a_hallucinated_quote_is_named_and_re_asked(respx_mock: respx.MockRouter) -> None:
    invented = {"claims": [replies.claim("The council rejected the budget outright.")]}
    sent = route(respx_mock, replies.tool_call(invented), replies.tool_call(GOOD))
    result = await extract(backend(), document(TEXT))
    assert [c.quote for c in result.claims] == [GOOD["claims"][0]["quote"]]
    reask = json.dumps(body(sent.calls[1])["messages"], ensure_ascii=False)
    assert "The council rejected the budget outright." in reask
    assert "not in the article" in reask


@respx.mock(base_url=BASE)
async def test_still_ungrounded_after_retries_is_dropped_and_counted(
    respx_mock: respx.MockRouter,
) -> None:
    mixed = {
        "claims": [
            replies.claim("Nobody was hurt and the blast was a drill, officials said."),
            # Straight quotes and a hyphen for the document's curly quotes and dash.
            replies.claim('Officials said "12 people" were hurt in the blast - most of them'),
        ]
    }
    sent = route(respx_mock, *[replies.tool_call(mixed)] * 2)
    result = await extract(backend(validation_retries=1), document(TEXT))
    assert sent.call_count == 2 and result.calls == 2
    assert result.dropped_ungrounded == 1
    [kept] = result.claims
    assert kept.quote == "Officials said “12 people” were hurt in the blast — most of them"
    assert TEXT[kept.quote_start : kept.quote_end] == kept.quote


@respx.mock(base_url=BASE)
async def test_a_cut_off_reply_fails_without_blind_retries(
    respx_mock: respx.MockRouter, store: Store
) -> None:
    sent = route(respx_mock, replies.tool_call('{"claims": [', finish_reason="length"))
    with pytest.raises(ExtractionFailed) as failed:
        await extract(backend(store=store), document(TEXT))
    assert sent.call_count == 1
    assert "cut off" in failed.value.reason and "too small to split" in failed.value.reason
    assert (failed.value.prompt_tokens, failed.value.calls) == (100, 1)
    assert [r["status"] for r in logged(store)] == ["truncated"]


@respx.mock(base_url=BASE)
async def test_a_cut_off_reply_splits_a_long_chunk(respx_mock: respx.MockRouter) -> None:
    paragraph = "The agency said the convoy of trucks arrived at the northern crossing today. "
    text = "\n".join(paragraph * 4 for _ in range(12))  # ~1,100 tokens, one chunk of 6,000

    def answer(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)
        if len(replies.document_in(sent)) == len(text):
            return httpx.Response(200, json=replies.tool_call("{", finish_reason="length"))
        return httpx.Response(200, json=replies.reply_for(sent, limit=1))

    sent = respx_mock.post("/chat/completions").mock(side_effect=answer)
    result = await extract(backend(), document(text))
    assert sent.call_count == 3  # the whole chunk, then its two halves
    halves = [len(replies.document_in(body(c))) for c in sent.calls[1:]]
    assert all(h < len(text) for h in halves) and sum(halves) >= len(text)
    assert result.claims and all(
        text[c.quote_start : c.quote_end] == c.quote for c in result.claims
    )


@respx.mock(base_url=BASE)
async def test_a_refusal_fails_the_document_at_once(respx_mock: respx.MockRouter) -> None:
    sent = route(respx_mock, replies.refusal("I cannot help with this request."))
    with pytest.raises(ExtractionFailed, match="refused: I cannot help"):
        await extract(backend(), document(TEXT))
    assert sent.call_count == 1


@respx.mock(base_url=BASE)
async def test_429_honours_retry_after_ms(respx_mock: respx.MockRouter, store: Store) -> None:
    busy = replies.error(429, "Rate limit reached", {"retry-after-ms": "250"})
    sent = route(respx_mock, busy, replies.tool_call(GOOD))
    chosen = backend(store=store)
    result = await extract(chosen, document(TEXT))
    assert sent.call_count == 2 and result.calls == 2 and len(result.claims) == 1
    assert chosen.sleeps == [0.25]  # type: ignore[attr-defined]
    rows = logged(store)
    assert [(r["status"], r["http_status"], r["transport_attempt"]) for r in rows] == [
        ("http_error", 429, 1),
        ("ok", 200, 2),
    ]


@respx.mock(base_url=BASE)
async def test_500_is_retried_with_backoff(respx_mock: respx.MockRouter) -> None:
    sent = route(respx_mock, replies.error(500, "upstream broke"), replies.tool_call(GOOD))
    chosen = backend(backoff_base=2.0)
    result = await extract(chosen, document(TEXT))
    assert sent.call_count == 2 and len(result.claims) == 1
    [wait] = chosen.sleeps  # type: ignore[attr-defined]
    assert 1.0 <= wait <= 2.0  # base 2s with jitter, no retry-after header


@respx.mock(base_url=BASE)
async def test_transport_retries_run_out(respx_mock: respx.MockRouter) -> None:
    sent = route(respx_mock, *[replies.error(503, "overloaded")] * 3)
    with pytest.raises(ExtractionFailed, match="gave up after 3 tries") as failed:
        await extract(backend(transport_retries=2), document(TEXT))
    assert sent.call_count == 3 and failed.value.calls == 3


@respx.mock(base_url=BASE)
async def test_no_tool_support_stops_the_batch_naming_the_fix(
    respx_mock: respx.MockRouter,
) -> None:
    sent = route(respx_mock, replies.error(400, "test-model does not support tools"))
    with pytest.raises(RunAborted, match="--mode json_schema"):
        await extract(backend(), document(TEXT))
    assert sent.call_count == 1


@respx.mock(base_url=BASE)
async def test_json_schema_mode_reads_a_content_reply(respx_mock: respx.MockRouter) -> None:
    sent = route(respx_mock, replies.content(json.dumps(GOOD)))
    result = await extract(backend("json_schema"), document(TEXT))
    assert len(result.claims) == 1
    request = body(sent.calls[0])
    assert request["response_format"]["type"] == "json_schema" and "tools" not in request


@respx.mock(base_url=BASE)
async def test_md_json_mode_reads_a_fenced_reply(respx_mock: respx.MockRouter) -> None:
    sent = route(respx_mock, replies.fenced_json(GOOD))
    result = await extract(backend("md_json"), document(TEXT))
    assert len(result.claims) == 1
    request = body(sent.calls[0])
    assert "tools" not in request and "response_format" not in request


@respx.mock(base_url=BASE)
async def test_a_cached_answer_makes_no_request(respx_mock: respx.MockRouter, store: Store) -> None:
    doc = document(TEXT)
    sent = route(respx_mock, replies.tool_call(GOOD))
    first = await extract(backend(store=store), doc)
    again = backend(store=store)
    assert again.estimate_tokens(doc) == 0 and again.estimate_calls(doc) == (0, 0)
    second = await extract(again, doc)
    assert sent.call_count == 1
    assert [c.id for c in second.claims] == [c.id for c in first.claims]
    assert (second.prompt_tokens, second.calls) == (0, 0)  # not paid twice
    other_mode = backend("md_json", store=store)
    assert other_mode.estimate_calls(doc)[0] == 1  # the cache is keyed by mode too


@respx.mock(base_url=BASE)
async def test_long_documents_are_chunked_and_merged(respx_mock: respx.MockRouter) -> None:
    sentences = [f"Report {n} said the crossing at point {n} opened at dawn." for n in range(60)]
    text = "\n".join(" ".join(sentences[i : i + 3]) for i in range(0, 60, 3))
    sent = respx_mock.post("/chat/completions").mock(
        side_effect=lambda r: httpx.Response(200, json=replies.reply_for(json.loads(r.content), 50))
    )
    result = await extract(backend(chunk_tokens=200, overlap_tokens=40), document(text))
    assert sent.call_count > 3
    assert all(text[c.quote_start : c.quote_end] == c.quote for c in result.claims)
    assert len({c.quote for c in result.claims}) == len(result.claims) == 60


@respx.mock(base_url=BASE, assert_all_called=False)
async def test_the_token_budget_stops_before_sending(respx_mock: respx.MockRouter) -> None:
    sent = route(respx_mock, replies.tool_call(GOOD))
    with pytest.raises(RunAborted, match="token budget of 50"):
        await extract(backend(max_tokens=50), document(TEXT))
    assert sent.call_count == 0


@respx.mock(base_url=BASE)
async def test_the_api_key_is_never_stored_or_shown(
    respx_mock: respx.MockRouter, store: Store
) -> None:
    key = "sk-test-0123456789abcdef"
    route(respx_mock, replies.error(401, f"Incorrect API key provided: {key}."))
    with pytest.raises(RunAborted) as stopped:
        await extract(backend(store=store, api_key=key), document(TEXT))
    assert "credentials" in str(stopped.value) and key not in str(stopped.value)
    dump = json.dumps(logged(store))
    assert logged(store) and key not in dump and "0123456789abcdef" not in dump


@respx.mock(base_url=BASE)
async def test_the_model_gives_what_is_counted_and_the_hedge_of_each_figure(
    respx_mock: respx.MockRouter,
) -> None:
    quote = "Officials said “12 people” were hurt in the blast — most of them lightly."
    figure = {"raw": "12", "value": 12, "counts": "people hurt in the blast", "qualifier": ""}
    hedged = {**figure, "qualifier": "at least"}
    sent = route(
        respx_mock, replies.tool_call({"claims": [replies.claim(quote, figures=[hedged])]})
    )
    result = await extract(backend(), document(TEXT))
    schema = body(sent.calls[0])["tools"][0]["function"]["parameters"]
    item = schema["properties"]["claims"]["items"]["properties"]["figures"]["items"]
    assert {"counts", "qualifier"} <= set(item["properties"])
    [claim] = result.claims
    assert [(f.value, f.counts, f.qualifier) for f in claim.figures] == [
        (12.0, "people hurt in the blast", "at least")
    ]
