"""The synthesis paragraph: the model's answer checked (cited points exist and are accepted,
numbers and dates come from the cited points) and re-asked on failure, then cached; offline,
the written (offline) synthesis. The model is faked on the HTTP layer with respx."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import respx

from summarise.backends.base import BackendOptions
from summarise.backends.openai import prompts as extraction_prompts
from summarise.backends.openai.synthesis import ModelSynthesiser, SynthesisFailed, load_prompt
from summarise.backends.synthesis import SynthesisPoint, check
from summarise.models import ClaimKind
from summarise.output.summary.model import (
    Citation,
    Point,
    ReviewCounts,
    StorySummary,
    Summary,
)
from summarise.output.summary.synthesis import extractive, synthesis_points, with_model
from summarise.store import Store
from tests import openai_replies as replies

BASE = "http://model.test/v1"
POINTS = [
    ("P1", "Northland foreign minister Anna Berg arrived in Valdoria on March 5.", 3),
    ("P2", "The river dispute has closed 2 crossings since the spring floods.", 2),
    ("P3", "Farmers say the closed crossings are ruining them.", 1),
]


def _point(ref: str, text: str, sources: int) -> Point:
    claim_id = f"{int(ref[1:]):016x}"
    return Point(
        id=claim_id,
        ref=ref,
        text=text,
        kind=ClaimKind.EVENT,
        sources=sources,
        documents=sources,
        score=float(sources),
        claim_ids=[claim_id],
        citations=[
            Citation(
                claim_id=claim_id,
                document_id="d" * 16,
                label="herald",
                quote=text,
                quote_start=0,
                quote_end=len(text),
            )
        ],
    )


def _summary() -> Summary:
    points = [_point(*p) for p in POINTS]
    counts = ReviewCounts(documents=3, claims=3, accepted=3, pending=0, rejected=0)
    story = StorySummary(
        id=1,
        title="Berg in Valdoria",
        headline=points[0].text,
        headline_claim_id=points[0].id,
        key_points=points,
        conflicts=[],
        detail=[],
        documents=[],
        counts=counts,
    )
    return Summary(generated_at=datetime.now(UTC), database="db", counts=counts, stories=[story])


def _reply(*sentences: tuple[str, list[str]]) -> dict[str, Any]:
    arguments = {"sentences": [{"text": t, "points": refs} for t, refs in sentences]}
    message = {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "SynthesisReply", "arguments": json.dumps(arguments)},
            }
        ],
    }
    return replies.completion(message, finish_reason="tool_calls")


GOOD = _reply(
    ("Anna Berg arrived in Valdoria on March 5 over the river dispute.", ["P1"]),
    ("The dispute has closed 2 crossings, and farmers say it is ruining them.", ["P2", "P3"]),
)
UNSUPPORTED_NUMBER = _reply(("Anna Berg arrived in Valdoria with 45 officials.", ["P1"]))
UNACCEPTED_POINT = _reply(("Talks are expected to last a week.", ["P9"]))


def _synthesiser(store: Store | None = None) -> ModelSynthesiser:
    async def no_sleep(seconds: float) -> None:
        return None

    options = BackendOptions(
        base_url=BASE, model="test-model", extra={"sleep": no_sleep, "validation_retries": 2}
    )
    return ModelSynthesiser(options, recorder=store.call_recorder(None) if store else None)


def _route(mock: respx.MockRouter, *responses: Any) -> respx.Route:
    return mock.post("/chat/completions").mock(
        side_effect=[httpx.Response(200, json=r) for r in responses]
    )


def _points() -> list[SynthesisPoint]:
    return [SynthesisPoint(ref, text, sources) for ref, text, sources in POINTS]


def test_the_check_names_unsupported_numbers_and_unknown_points() -> None:
    points = _points()
    assert check([("Berg arrived in Valdoria on March 5.", ["P1"])], points) == []
    (problem,) = check([("Berg arrived with 45 officials.", ["P1"])], points)
    assert "45" in problem and "P1" in problem
    (problem,) = check([("Berg arrived on March 6.", ["P1"])], points)
    assert "March 6" in problem
    (problem,) = check([("Talks will last.", ["P9"])], points)
    assert "P9" in problem and "not an accepted key point" in problem
    # A number is supported only by the points the sentence cites, not by any point.
    (problem,) = check([("Berg arrived; 2 crossings are shut.", ["P1"])], points)
    assert "2" in problem
    assert check([("x " * 121, ["P1"])], points)  # over the word limit


@respx.mock(base_url=BASE)
async def test_an_unsupported_number_and_an_unaccepted_point_are_re_asked(
    respx_mock: respx.MockRouter, store: Store
) -> None:
    sent = _route(respx_mock, UNSUPPORTED_NUMBER, UNACCEPTED_POINT, GOOD)
    synthesiser = _synthesiser(store)
    try:
        written = await synthesiser.write("k", "Berg in Valdoria", _points())
    finally:
        await synthesiser.aclose()
    assert sent.call_count == 3
    second = json.loads(sent.calls[1].request.content)
    third = json.loads(sent.calls[2].request.content)
    assert "45" in json.dumps(second["messages"][-1])  # the error went back to the model
    assert "P9" in json.dumps(third["messages"][-1])
    assert written.sentences[0] == (
        "Anna Berg arrived in Valdoria on March 5 over the river dispute.",
        ["P1"],
    )
    calls = list(store.db.query("SELECT status, prompt_tokens, document_id FROM calls"))
    assert [c["status"] for c in calls] == ["invalid", "invalid", "ok"]
    assert all(c["prompt_tokens"] == replies.USAGE["prompt_tokens"] for c in calls)
    assert all(c["document_id"] == "synthesis:k" for c in calls)


@respx.mock(base_url=BASE)
async def test_a_synthesis_is_cached_and_marked_as_model_written(
    respx_mock: respx.MockRouter, store: Store
) -> None:
    sent = _route(respx_mock, GOOD)
    synthesiser = _synthesiser(store)
    try:
        first = await with_model(_summary(), synthesiser, store.syntheses, failure=SynthesisFailed)
        again = await with_model(_summary(), synthesiser, store.syntheses, failure=SynthesisFailed)
    finally:
        await synthesiser.aclose()
    assert sent.call_count == 1  # the second summary of the same points asked nothing
    for summary in (first, again):
        synthesis = summary.stories[0].synthesis
        assert synthesis is not None and synthesis.method == "model"
        assert synthesis.model == "test-model" and "test-model" in synthesis.note
        assert synthesis.prompt_version == load_prompt().version
    (row,) = store.db.query("SELECT model, prompt_version, prompt_tokens FROM syntheses")
    assert row["model"] == "test-model" and row["prompt_tokens"] == replies.USAGE["prompt_tokens"]


@pytest.mark.parametrize("concurrency", [1, 8, 32])
@respx.mock(base_url=BASE)
async def test_a_model_that_never_gets_it_right_falls_back_to_the_written_one(
    respx_mock: respx.MockRouter, store: Store, concurrency: int
) -> None:
    _route(respx_mock, *[UNSUPPORTED_NUMBER] * 3)
    synthesiser = _synthesiser(store)
    try:
        summary = await with_model(
            _summary(),
            synthesiser,
            store.syntheses,
            failure=SynthesisFailed,
            concurrency=concurrency,
        )
    finally:
        await synthesiser.aclose()
    synthesis = summary.stories[0].synthesis
    assert synthesis is not None and synthesis.method == "written"
    assert synthesis.fallback_reason and "45" in synthesis.fallback_reason
    assert synthesis.sentences and not check(
        [(s.text, s.point_refs) for s in synthesis.sentences],
        synthesis_points(summary.stories[0].key_points),
    )
    assert not list(store.db.query("SELECT * FROM syntheses"))  # nothing invalid is cached


def test_offline_the_synthesis_is_the_top_key_points_each_cited() -> None:
    points = [_point(*p) for p in POINTS]
    synthesis = extractive(points, skip=points[0].id)
    assert synthesis.method == "extractive" and synthesis.model is None
    assert [(s.text, s.point_refs) for s in synthesis.sentences] == [
        (POINTS[1][1], ["P2"]),
        (POINTS[2][1], ["P3"]),
    ]
    assert "reviewed" in synthesis.note


def test_the_synthesis_prompt_has_its_own_version() -> None:
    assert load_prompt().version != extraction_prompts.load().version


@respx.mock(base_url=BASE)
def test_the_summary_command_asks_the_model_and_marks_the_synthesis(
    respx_mock: respx.MockRouter, tmp_path: Any
) -> None:
    from click.testing import CliRunner

    from summarise.cli.app import cli
    from tests.story_fixtures import accept_all
    from tests.summary_stories import article, save

    db = tmp_path / "review.db"
    text = "Berg arrived in Valdoria on March 5. The dispute has closed 2 crossings."
    with Store.open(db) as store:
        save(store, article("a.txt", text), "Berg arrived in Valdoria on March 5.")
        accept_all(store)
    reply = _reply(("Berg arrived in Valdoria on March 5.", ["P1"]))
    sent = _route(respx_mock, reply)
    args = ["summary", "--db", str(db), "--base-url", BASE, "--model", "test-model"]
    result = CliRunner().invoke(cli, [*args, "--synthesis", "model", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert sent.call_count == 1
    (story,) = json.loads(result.output)["stories"]
    assert story["synthesis"]["method"] == "model" and story["synthesis"]["model"] == "test-model"
    # (--detail full: a two-sentence document leaves no word budget for a synthesis.)
    markdown = CliRunner().invoke(cli, [*args, "--synthesis", "model", "--detail", "full"]).output
    assert "**Synthesis** (test-model)" in markdown and "checked" in markdown
    assert sent.call_count == 1  # the second summary came from the cache
    offline = CliRunner().invoke(cli, ["summary", "--db", str(db), "--detail", "full"]).output
    assert "(test-model)" not in offline
