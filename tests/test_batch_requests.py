"""Batch request lines: the live path's request, written down; files within the limits."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

from summarise.backends.base import BackendOptions
from summarise.backends.openai import batch_files
from summarise.backends.openai.backend import OpenAIBackend
from summarise.backends.openai.batch_codec import BatchCodec, parse_custom_id
from summarise.backends.openai.chunking import Span
from tests import openai_replies as replies
from tests.factories import document

BASE = "http://model.test/v1"
TEXT = (
    "The council voted on Tuesday to approve the budget.\n"
    "Officials said 12 people were hurt in the blast.\n"
    "The mayor arrived in the city on Monday."
)


def backend(mode: str = "tools", **extra: Any) -> OpenAIBackend:
    return OpenAIBackend(BackendOptions(base_url=BASE, model="test-model", mode=mode, extra=extra))


@pytest.mark.parametrize("mode", ["tools", "json_schema", "md_json"])
@respx.mock(base_url=BASE)
async def test_a_batch_request_body_is_what_the_live_path_sends(
    respx_mock: respx.MockRouter, mode: str
) -> None:
    # long enough for several chunks; with text shaped like the codec's placeholders and
    # like template fields, which must stay text
    doc = document(TEXT * 40 + "\nA \x00summarise message 0\x00 {{ x }} $document line.")
    live = backend(mode, chunk_tokens=400, overlap_tokens=20)
    answer = {"claims": []}
    reply = replies.tool_call(answer) if mode == "tools" else replies.content(json.dumps(answer))
    route = respx_mock.post("/chat/completions").mock(return_value=httpx.Response(200, json=reply))
    try:
        await live.extract(doc)
    finally:
        await live.aclose()
    sent = [json.loads(call.request.content) for call in route.calls]
    codec = BatchCodec(backend(mode, chunk_tokens=400, overlap_tokens=20))
    built = [codec.request(doc, span, part).body for span, part in codec.spans(doc)]
    assert len(built) > 2
    assert built == sent


def test_request_lines_name_their_chunk_and_are_unique() -> None:
    doc = document(TEXT * 40)
    codec = BatchCodec(backend(chunk_tokens=400, overlap_tokens=20))
    lines = [codec.request(doc, span, part) for span, part in codec.spans(doc)]
    assert len({line.custom_id for line in lines}) == len(lines)
    for line in lines:
        assert parse_custom_id(line.custom_id) == (doc.id, line.span, 0, 0)
        parsed = json.loads(line.jsonl())
        assert parsed["method"] == "POST" and parsed["url"] == "/v1/chat/completions"
        assert parsed["body"] == line.body


def test_files_split_at_the_request_and_byte_limits() -> None:
    codec = BatchCodec(backend())
    docs = [document(f"{TEXT} Number {n}.") for n in range(25)]
    lines = [codec.request(d, Span(0, len(d.text)), "the whole article") for d in docs]
    size = len(lines[0].jsonl().encode()) + 1
    singles = [[line] for line in lines]
    by_count = list(batch_files.split(singles, max_requests=10))
    assert [len(group) for group in by_count] == [10, 10, 5]
    by_bytes = list(batch_files.split(singles, max_bytes=size * 4 + 10))
    assert all(len(batch_files.content(g)) <= size * 4 + 10 for g in by_bytes)
    assert [line for group in by_bytes for line in group] == lines
    with pytest.raises(batch_files.RequestTooLarge):
        list(batch_files.split(singles, max_bytes=size // 2))


def test_a_documents_lines_are_never_split_between_files() -> None:
    doc = document(TEXT * 40)
    codec = BatchCodec(backend(chunk_tokens=400, overlap_tokens=20))
    bundle = [codec.request(doc, span, part) for span, part in codec.spans(doc)]
    assert len(bundle) >= 3
    single = document(TEXT)
    one = [codec.request(single, Span(0, len(single.text)), "the whole article")]
    groups = list(batch_files.split([one, bundle, one], max_requests=len(bundle)))
    assert groups == [one, bundle, one]
    with pytest.raises(batch_files.RequestTooLarge):
        list(batch_files.split([bundle], max_requests=len(bundle) - 1))


def test_the_default_limits_are_the_providers() -> None:
    assert batch_files.MAX_REQUESTS == 50_000
    assert batch_files.MAX_BYTES == 200 * 1024 * 1024
