"""Replies as llama.cpp's server sends them (respx through the real openai client): a tool
call cut off at the token limit with finish_reason "tool_calls", a re-ask that would not fit
the context, 400 "exceeds the context" errors, a refused mode answered with a 500 carrying a
Python traceback; and documents a model gave no claims at all for."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from click.testing import CliRunner

from summarise.backends.base import BackendOptions, ExtractionFailed, RunAborted
from summarise.backends.openai.backend import OpenAIBackend
from summarise.backends.openai.settings import SettingsError
from summarise.cli import cli
from tests import openai_replies as replies
from tests.factories import document

BASE = "http://llama.test/v1"
SENTENCES = [
    f"The harbour board met on day {n} and approved repairs to pier {n}." for n in range(40)
]
LONG = "\n".join(SENTENCES)


def backend(mode: str = "tools", **extra: Any) -> OpenAIBackend:
    async def no_sleep(seconds: float) -> None:
        return None

    return OpenAIBackend(
        BackendOptions(
            base_url=BASE,
            model="local",
            mode=mode,
            concurrency=1,
            extra={"sleep": no_sleep, **extra},
        )
    )


def bodies(route: respx.Route) -> list[dict[str, Any]]:
    return [json.loads(call.request.content) for call in route.calls]


def cut_tool_call(cap: int, prompt: int = 500) -> httpx.Response:
    """llama.cpp's reply to a tool call cut off at max_tokens: unfinished arguments, and
    finish_reason "tool_calls" all the same."""
    usage = {"prompt_tokens": prompt, "completion_tokens": cap, "total_tokens": prompt + cap}
    unfinished = '{"claims": [{"text": "The harbour board met on day 0 and appro'
    return httpx.Response(200, json=replies.tool_call(unfinished, usage=usage))


async def run(chosen: OpenAIBackend, text: str = LONG) -> Any:
    try:
        return await chosen.extract(document(text))
    finally:
        await chosen.aclose()


@respx.mock(base_url=BASE)
async def test_a_tool_call_cut_at_the_reply_cap_is_split_not_re_asked(
    respx_mock: respx.MockRouter,
) -> None:
    seen = []

    def server(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)
        seen.append(sent)
        if len(seen) == 1:
            return cut_tool_call(sent["max_tokens"])
        return httpx.Response(200, json=replies.reply_for(sent))

    route = respx_mock.post("/chat/completions").mock(side_effect=server)
    result = await run(backend())
    sent = bodies(route)
    # One cut-off reply, then its chunk in two halves: no re-ask carrying the broken reply.
    assert len(sent) == 3
    assert all(len(body["messages"]) == 2 for body in sent)
    assert {replies.document_in(sent[1]), replies.document_in(sent[2])} != {LONG}
    assert result.claims and result.chunks == 1


@respx.mock(base_url=BASE)
async def test_a_reply_that_fills_the_context_is_cut_off_whatever_its_finish_reason(
    respx_mock: respx.MockRouter,
) -> None:
    seen = []

    def server(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)
        seen.append(sent)
        if len(seen) == 1:
            # Stopped by the context, not the cap: prompt + completion = the server's n_ctx.
            cap = sent["max_tokens"]
            return cut_tool_call(cap=cap - 300, prompt=2048 - cap + 300)
        return httpx.Response(200, json=replies.reply_for(sent))

    route = respx_mock.post("/chat/completions").mock(side_effect=server)
    await run(backend(context_tokens=2048, min_split_tokens=100), LONG[:800])
    assert route.call_count == 3
    assert all(len(body["messages"]) == 2 for body in bodies(route))


@respx.mock(base_url=BASE)
async def test_a_re_ask_that_would_not_fit_the_context_starts_fresh_without_a_400(
    respx_mock: respx.MockRouter,
) -> None:
    invented = {"claims": [replies.claim("A line the article never printed anywhere.")] * 8}

    seen = []

    def server(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)
        seen.append(sent)
        if len(seen) == 1:
            return httpx.Response(200, json=replies.tool_call(invented))
        return httpx.Response(200, json=replies.reply_for(sent))

    route = respx_mock.post("/chat/completions").mock(side_effect=server)
    chosen = backend(context_tokens=2048)
    result = await run(chosen, LONG[:800])
    assert result.claims and route.call_count == 2
    reask = bodies(route)[1]
    # The previous reply is left out (it would not fit beside the prompt and the reply cap);
    # the error it earned is kept.
    assert [m["role"] for m in reask["messages"]] == ["system", "user", "user"]
    assert "never printed" in reask["messages"][-1]["content"]
    assert len(json.dumps(reask)) / 3.5 + reask["max_tokens"] <= 2048


@respx.mock(base_url=BASE)
async def test_a_chunk_too_small_to_split_names_the_context_to_ask_for(
    respx_mock: respx.MockRouter,
) -> None:
    too_long = httpx.Response(
        400,
        json={
            "error": {
                "code": 400,
                "message": "the request exceeds the available context size, try increasing it",
                "type": "exceed_context_size_error",
            }
        },
    )
    respx_mock.post("/chat/completions").mock(return_value=too_long)
    with pytest.raises(ExtractionFailed) as failed:
        await run(backend(context_tokens=2048, max_splits=0), LONG[:900])
    reason = failed.value.reason
    assert "too small to split again" in reason
    wanted = int(reason.split("--context ")[1].split()[0])
    assert wanted > 2048 and wanted % 1024 == 0
    assert f"-c {wanted}" in reason  # the server's own setting, raised to the same


@respx.mock(base_url=BASE)
async def test_without_context_a_too_long_prompt_says_to_pass_it(
    respx_mock: respx.MockRouter,
) -> None:
    respx_mock.post("/chat/completions").mock(
        return_value=replies.error(400, "the request exceeds the available context size")
    )
    with pytest.raises(ExtractionFailed, match="pass it as --context"):
        await run(backend(max_splits=0), LONG[:900])


def test_a_context_too_small_for_the_prompt_names_a_context_that_fits() -> None:
    with pytest.raises(SettingsError, match=r"use --context \d+ or more") as refused:
        backend(context_tokens=600)
    wanted = int(str(refused.value).split("--context ")[1].split()[0])
    backend(context_tokens=wanted)  # and that one is accepted


TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "/venv/lib/python3.11/site-packages/llama_cpp/server/errors.py", line 173, in '
    "custom_route_handler\n    response = await original_route_handler(request)\n"
    '  File "/venv/lib/python3.11/site-packages/llama_cpp/llama_grammar.py", line 92, in '
    'from_json_schema\n    raise ValueError(f"unsupported response_format {kind}")\n'
    "ValueError: unsupported response_format json_schema\n"
)


@respx.mock(base_url=BASE)
async def test_a_refused_mode_is_one_line_without_the_servers_traceback(
    respx_mock: respx.MockRouter,
) -> None:
    route = respx_mock.post("/chat/completions").mock(
        return_value=httpx.Response(
            500, json={"error": {"message": TRACEBACK, "type": "internal_server_error"}}
        )
    )
    with pytest.raises(RunAborted) as stopped:
        await run(backend("json_schema"))
    reason = stopped.value.reason
    assert route.call_count == 1
    assert "\n" not in reason and "Traceback" not in reason and "File " not in reason
    assert "ValueError: unsupported response_format json_schema" in reason
    assert "--mode json" in reason


def cli_batch(db: Path, folder: Path, *extra: str) -> Any:
    args = ["batch", str(folder), "--db", str(db), "--backend", "openai", "--base-url", BASE]
    return CliRunner().invoke(cli, [*args, "--model", "local", "--mode", "tools", *extra])


def test_documents_without_claims_are_stored_empty_and_retried_on_request(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "quiet.txt").write_text("The ferry left the harbour at dawn on Friday.\n")
    (folder / "invented.txt").write_text("The lighthouse was repainted in white last May.\n")
    db = tmp_path / "review.db"
    invented = {"claims": [replies.claim("A sentence the article does not contain at all.")]}

    def nothing_usable(request: httpx.Request) -> httpx.Response:
        text = replies.document_in(json.loads(request.content))
        if "ferry" in text:
            return httpx.Response(200, json=replies.tool_call({"claims": []}))
        return httpx.Response(200, json=replies.tool_call(invented))

    with respx.mock(base_url=BASE) as mock:
        mock.post("/chat/completions").mock(side_effect=nothing_usable)
        first = cli_batch(db, folder, "--validation-retries", "0")
    # One claim dropped as ungrounded does not hide the documents that gave nothing.
    assert "(1 ungrounded dropped)" in first.stdout
    assert "2 document(s) gave no claims at all" in first.stdout
    stats = CliRunner().invoke(cli, ["stats", "--db", str(db)]).stdout
    assert "2 empty" in stats and "--retry-empty" in stats

    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        route = mock.post("/chat/completions").mock(side_effect=nothing_usable)
        again = cli_batch(db, folder)
        assert route.call_count == 0 and "Nothing new" in again.stdout
    with respx.mock(base_url=BASE) as mock:
        route = mock.post("/chat/completions").mock(
            side_effect=lambda request: httpx.Response(
                200, json=replies.reply_for(json.loads(request.content))
            )
        )
        retried = cli_batch(db, folder, "--retry-empty")
        assert route.call_count == 2
    assert "Claims stored: 2" in retried.stdout
    assert "0 document(s) gave no claims at all" in retried.stdout
    assert "Chunks per document: 1" in retried.stdout


@respx.mock(base_url=BASE)
async def test_a_chunk_that_fails_does_not_stop_the_others_being_asked(
    respx_mock: respx.MockRouter,
) -> None:
    def server(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)
        if "part 1 of" in sent["messages"][1]["content"]:
            return httpx.Response(200, json=replies.tool_call('{"claims": [{"text": 1}'))
        return httpx.Response(200, json=replies.reply_for(sent))

    route = respx_mock.post("/chat/completions").mock(side_effect=server)
    chosen = backend(context_tokens=2048)
    chunks = len(chosen.plan(document(LONG)))
    with pytest.raises(ExtractionFailed, match=f"1 of {chunks} chunks failed") as failed:
        await run(chosen)
    assert "kept for the rerun" in failed.value.reason
    asked = {replies.document_in(body) for body in bodies(route)}
    assert len(asked) == chunks  # every chunk was sent


# llama-cpp-python's 500 to a response_format it does not know: pydantic's error and a frame.
PYDANTIC_500 = (
    "1 validation error:\n  {'type': 'literal_error', 'loc': ('body', 'response_format', "
    "'type'), 'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema'}\n\n"
    '  File "/venv/lib/python3.11/site-packages/llama_cpp/server/app.py", line 376, in '
    "create_chat_completion\n    POST /v1/chat/completions"
)


@respx.mock(base_url=BASE)
async def test_a_refused_mode_with_a_validation_error_and_a_frame_is_one_line(
    respx_mock: respx.MockRouter,
) -> None:
    respx_mock.post("/chat/completions").mock(
        return_value=httpx.Response(
            500, json={"error": {"message": PYDANTIC_500, "type": "internal_server_error"}}
        )
    )
    with pytest.raises(RunAborted) as stopped:
        await run(backend("json_schema"))
    reason = stopped.value.reason
    assert "\n" not in reason and "File " not in reason and "app.py" not in reason
    assert "body.response_format.type: Input should be 'text' or 'json_object'" in reason


@respx.mock(base_url=BASE)
async def test_a_reply_past_its_cap_with_room_in_the_context_does_not_ask_for_more_context(
    respx_mock: respx.MockRouter,
) -> None:
    # llama.cpp at a context of 8,192: the model wrote until the reply cap on a small chunk.
    def server(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)
        cut = replies.tool_call({"claims": []})
        cut["choices"][0]["finish_reason"] = "length"
        cut["usage"] = {
            "prompt_tokens": 900,
            "completion_tokens": sent["max_tokens"],
            "total_tokens": 900 + sent["max_tokens"],
        }
        return httpx.Response(200, json=cut)

    respx_mock.post("/chat/completions").mock(side_effect=server)
    with pytest.raises(ExtractionFailed) as failed:
        await run(backend(context_tokens=8192, max_splits=0), LONG[:900])
    reason = failed.value.reason
    assert "too small to split again" in reason
    assert "reply cap" in reason and "--context" not in reason
