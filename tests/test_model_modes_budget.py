"""Modes the server refuses, replies that are not extractions, re-asks that must fit a small
context, the reply cap, and a token budget that holds at concurrency 32 (HTTP mocked with
respx through the real openai client)."""

from __future__ import annotations

import asyncio
import json
import re
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from summarise.backends.base import BackendOptions, RunAborted
from summarise.backends.openai.backend import OpenAIBackend
from summarise.backends.openai.schema import ExtractedClaims
from summarise.pipeline.runner import run_batch
from summarise.store import Store
from tests import openai_replies as replies
from tests.factories import document

BASE = "http://model.test/v1"
TEXT = "The council voted on Tuesday to approve the budget.\nThe mayor arrived on Monday."
GOOD = {"claims": [replies.claim("The council voted on Tuesday to approve the budget.")]}


def backend(mode: str = "tools", **extra: Any) -> OpenAIBackend:
    async def no_sleep(seconds: float) -> None:
        return None

    return OpenAIBackend(
        BackendOptions(
            base_url=BASE,
            model="test-model",
            mode=mode,
            concurrency=extra.pop("concurrency", 1),
            max_tokens=extra.pop("max_tokens", None),
            extra={"sleep": no_sleep, **extra},
        )
    )


def sent_bodies(route: respx.Route) -> list[dict[str, Any]]:
    return [json.loads(call.request.content) for call in route.calls]


async def extract(chosen: OpenAIBackend, text: str = TEXT) -> Any:
    try:
        return await chosen.extract(document(text))
    finally:
        await chosen.aclose()


LLAMA_CPP_REFUSAL = httpx.Response(
    500,
    json={
        "error": {
            "code": 500,
            "message": 'response_format type must be one of "text" or "json_object"',
            "type": "server_error",
        }
    },
)


@respx.mock(base_url=BASE)
async def test_a_500_naming_response_format_is_not_retried_and_names_the_fix(
    respx_mock: respx.MockRouter,
) -> None:
    route = respx_mock.post("/chat/completions").mock(return_value=LLAMA_CPP_REFUSAL)
    with pytest.raises(RunAborted, match="--mode json") as stopped:
        await extract(backend("json_schema", transport_retries=4))
    assert route.call_count == 1  # not resent four times as if it were transient
    assert "does not support --mode json_schema" in stopped.value.reason


@respx.mock(base_url=BASE)
async def test_auto_mode_moves_past_refused_modes_and_keeps_the_one_accepted(
    respx_mock: respx.MockRouter,
) -> None:
    def server(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)
        if "tools" in sent:
            return replies.error(400, "tools are not supported by this model")
        if sent.get("response_format", {}).get("type") == "json_schema":
            return LLAMA_CPP_REFUSAL
        return httpx.Response(200, json=replies.content(json.dumps(GOOD)))

    route = respx_mock.post("/chat/completions").mock(side_effect=server)
    chosen = backend("auto")
    first = await chosen.extract(document(TEXT))
    second = await chosen.extract(document(TEXT + "\nMore."))
    await chosen.aclose()
    assert len(first.claims) == len(second.claims) == 1
    modes = [
        "tools" if "tools" in b else b.get("response_format", {}).get("type", "md_json")
        for b in sent_bodies(route)
    ]
    assert modes == ["tools", "json_schema", "json_object", "json_object"]
    assert chosen.mode == "json" and "json mode" in chosen.describe()


@pytest.mark.parametrize(
    "reply",
    [
        # The schema echoed back (a small model in md_json or json mode did this).
        ExtractedClaims.model_json_schema(),
        {"answer": "no claims here"},
        {"claims": [], "note": "stray key"},
    ],
)
@respx.mock(base_url=BASE)
async def test_a_reply_that_is_not_an_extraction_is_re_asked_not_stored(
    respx_mock: respx.MockRouter, reply: dict[str, Any]
) -> None:
    route = respx_mock.post("/chat/completions").mock(
        side_effect=[
            httpx.Response(200, json=replies.content(json.dumps(reply))),
            httpx.Response(200, json=replies.content(json.dumps(GOOD))),
        ]
    )
    result = await extract(backend("json"))
    assert len(result.claims) == 1 and route.call_count == 2
    reask = sent_bodies(route)[1]["messages"]
    assert "Field required" in reask[-1]["content"] or "Extra inputs" in reask[-1]["content"]


@respx.mock(base_url=BASE)
async def test_re_asks_carry_only_the_last_reply_and_error(respx_mock: respx.MockRouter) -> None:
    bad = {"claims": [replies.claim("A sentence that is not in the article at all.")]}
    route = respx_mock.post("/chat/completions").mock(
        side_effect=[httpx.Response(200, json=replies.tool_call(bad))] * 3
    )
    result = await extract(backend("tools", validation_retries=2))
    # Let through on the last attempt, and the ungrounded claim dropped.
    assert result.claims == [] and result.dropped_ungrounded == 1 and route.call_count == 3
    first, second, third = (len(b["messages"]) for b in sent_bodies(route))
    assert first == 2 and second == third  # the conversation does not grow per re-ask


@respx.mock(base_url=BASE)
async def test_a_re_ask_over_the_context_restarts_fresh_before_splitting(
    respx_mock: respx.MockRouter,
) -> None:
    invented = {"claims": [replies.claim("A sentence that is not in the article at all.")]}
    too_long = replies.error(400, "the request exceeds the available context size")
    route = respx_mock.post("/chat/completions").mock(
        side_effect=[
            httpx.Response(200, json=replies.tool_call(invented)),
            too_long,  # the re-ask with the reply and the error in it
            httpx.Response(200, json=replies.tool_call(GOOD)),  # the fresh one
        ]
    )
    result = await extract(backend("tools"))
    assert len(result.claims) == 1
    fresh = sent_bodies(route)[2]["messages"]
    assert [m["role"] for m in fresh] == ["system", "user", "user"]
    assert "not in the article" in fresh[-1]["content"]


@respx.mock(base_url=BASE)
async def test_every_request_sends_its_reply_cap(respx_mock: respx.MockRouter) -> None:
    route = respx_mock.post("/chat/completions").mock(
        return_value=httpx.Response(200, json=replies.tool_call(GOOD))
    )
    await extract(backend("tools"))
    assert sent_bodies(route)[0]["max_tokens"] > 0


def test_a_small_context_makes_chunks_that_fit_it() -> None:
    text = " ".join(f"Sentence {n} of a long article says something." for n in range(400))
    small = backend("json", context_tokens=2048)
    plan = small.plan(document(text))
    assert len(plan) > 1
    for span in plan:
        body = small.build_request(document(text), span, mode="json")
        prompt = len(json.dumps(body["messages"]).encode()) / 3.5
        assert prompt + body["max_tokens"] < 2048


def test_the_budget_holds_at_concurrency_32(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(200):
        (folder / f"d{n:03d}.txt").write_text(
            f"Dispatch {n}: the council voted on Tuesday to approve the budget number {n}.\n"
        )
    budget = 60_000
    most_cap = 0

    async def spend_the_whole_cap(request: httpx.Request) -> httpx.Response:
        # The worst honest server: the prompt as estimated and every token of the reply cap.
        nonlocal most_cap
        sent = json.loads(request.content)
        most_cap = max(most_cap, sent["max_tokens"])
        await asyncio.sleep(0.01)
        usage = {
            "prompt_tokens": len(request.content) // 4,
            # One short of the cap: a reply that reaches it is cut off, and split.
            "completion_tokens": sent["max_tokens"] - 1,
            "total_tokens": 0,
        }
        return httpx.Response(200, json={**replies.reply_for(sent), "usage": usage})

    chosen = backend("tools", concurrency=32, max_tokens=budget)
    with respx.mock(base_url=BASE) as mock:
        mock.post("/chat/completions").mock(side_effect=spend_the_whole_cap)
        report = run_batch(store, chosen, [str(folder)])
    spent = store.db.execute(
        "SELECT sum(prompt_tokens) + sum(completion_tokens) FROM calls"
    ).fetchone()[0]
    assert report.status == "aborted" and report.stopped and "token budget" in report.stopped
    assert spent <= budget + most_cap  # the README's bound: one reply cap at most
    assert spent > budget * 0.8  # and the budget was used, not refused early
    assert report.tokens == spent


def cli_batch(db: Path, folder: Path, *extra: str) -> Any:
    from click.testing import CliRunner

    from summarise.cli import cli

    args = ["batch", str(folder), "--db", str(db), "--backend", "openai", "--base-url", BASE]
    return CliRunner().invoke(cli, [*args, "--model", "test-model", "--mode", "tools", *extra])


def test_a_dry_run_expects_re_asks_at_the_rate_the_call_log_saw(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(4):
        (folder / f"d{n}.txt").write_text(
            f"The council voted on Tuesday, number {n}, to approve.\n"
        )
    db = tmp_path / "review.db"
    before = cli_batch(db, folder, "--dry-run")
    assert "allowance of 25% for re-asks" in before.stdout
    invented = {"claims": [replies.claim("A sentence that is not in the article at all.")]}

    def invalid_then_good(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)
        if len(sent["messages"]) == 2:  # a first ask: answer with a quote not in the text
            return httpx.Response(200, json=replies.tool_call(invented))
        return httpx.Response(200, json=replies.reply_for(sent))

    with respx.mock(base_url=BASE) as mock:
        mock.post("/chat/completions").mock(side_effect=invalid_then_good)
        assert cli_batch(db, folder).exit_code == 0
    fresh = tmp_path / "more"
    fresh.mkdir()
    for n in range(4):
        (fresh / f"e{n}.txt").write_text(f"The mayor arrived on Monday, visit {n}, by train.\n")
    after = cli_batch(db, fresh, "--dry-run")
    assert "2.00 requests per chunk, as observed over 4 chunk(s)" in after.stdout
    assert "in ~8 request(s)" in after.stdout


def test_a_document_with_no_claims_at_all_is_named_in_the_closing_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "long.txt").write_text("The council met on Tuesday. " * 100 + "\n")
    db = tmp_path / "review.db"
    with respx.mock(base_url=BASE) as mock:
        mock.post("/chat/completions").respond(200, json=replies.tool_call({"claims": []}))
        result = cli_batch(db, folder)
    assert result.exit_code == 0
    assert "1 document(s) gave no claims at all" in result.stdout
    characters = len((folder / "long.txt").read_text().strip())
    assert f"0 claims from a {characters:,}-character document" in result.stdout
    from click.testing import CliRunner

    from summarise.cli import cli

    stats = CliRunner().invoke(cli, ["stats", "--db", str(db)]).stdout
    assert f"0 claims from a {characters:,}-character document" in stats


def test_the_request_and_reply_of_one_chunk_are_usable_without_the_live_path() -> None:
    """What the Batch API path builds on: the body the live path would send, and a reply body
    validated and grounded into claims."""
    chosen = backend("tools")
    doc = document(TEXT)
    [span] = chosen.plan(doc)
    body = chosen.build_request(doc, span)
    assert body["tools"][0]["function"]["name"] == "ExtractedClaims"
    assert body["max_tokens"] > 0 and TEXT in body["messages"][1]["content"]
    claims, dropped = chosen.claims_from_reply(doc, span, replies.tool_call(GOOD), mode="tools")
    assert [c.quote for c in claims] == [GOOD["claims"][0]["quote"]] and dropped == 0
    echoed = replies.tool_call(ExtractedClaims.model_json_schema())
    with pytest.raises(ValueError, match="claims"):
        chosen.claims_from_reply(doc, span, echoed, mode="tools")


def test_a_batch_that_finds_nothing_new_never_imports_the_model_stack(tmp_path: Path) -> None:
    import subprocess

    from tests.crashes import child_env

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(5):
        (folder / f"d{n}.txt").write_text(
            f"The council voted on Tuesday, number {n}, to approve.\n"
        )
    db = tmp_path / "review.db"
    with respx.mock(base_url=BASE) as mock:
        mock.post("/chat/completions").mock(
            side_effect=lambda r: httpx.Response(200, json=replies.reply_for(json.loads(r.content)))
        )
        assert cli_batch(db, folder).exit_code == 0
    script = (
        "import sys\n"
        "from summarise.cli import cli\n"
        "try:\n"
        f"    cli.main(args=['batch', {str(folder)!r}, '--db', {str(db)!r}, '--backend', 'openai',"
        f" '--base-url', {BASE!r}, '--model', 'test-model', '--mode', 'tools', '-q'],"
        " standalone_mode=False)\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "print(sorted(m for m in ('openai', 'instructor', 'httpx') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=child_env(), timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "Nothing new: all 5 document(s)" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_auto_mode_at_concurrency_32_settles_on_one_mode_and_fails_nothing(
    tmp_path: Path, store: Store
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(64):
        (folder / f"d{n:02d}.txt").write_text(f"The council voted on Tuesday, number {n}.\n")

    async def json_object_only(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)
        if "tools" in sent:
            # Some refusals come late: by then other requests have found the mode to keep.
            late = int(re.search(r"number (\d+)", replies.document_in(sent)).group(1)) % 2
            await asyncio.sleep(0.2 if late else 0.01)
            return replies.error(500, "tools param requires --jinja flag")
        await asyncio.sleep(0.01)
        if sent.get("response_format", {}).get("type") == "json_schema":
            return LLAMA_CPP_REFUSAL
        return httpx.Response(200, json=replies.reply_for(sent))

    chosen = backend("auto", concurrency=32)
    with respx.mock(base_url=BASE) as mock:
        mock.post("/chat/completions").mock(side_effect=json_object_only)
        report = run_batch(store, chosen, [str(folder)])
    assert report.status == "completed" and report.read == 64 and report.failed == 0
    assert chosen.mode == "json"
    modes = dict(
        store.db.execute("SELECT mode, count(*) FROM calls WHERE status = 'ok' GROUP BY mode")
    )
    assert modes == {"json": 64}
