"""The synthesis paragraph: written offline, extractive, or model-written and checked before use.

Written (the offline default): composed from the story's facts, see `written.py`.
Extractive (`summary --synthesis extractive`): the top key points after the headline's,
joined, each cited, within the word limit. Model-written: see
`summarise.backends.openai.synthesis`; whatever a model returns is checked here again
(`backends.synthesis.check`) before it is shown, cached or not.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any, Protocol

from summarise.backends.synthesis import MAX_WORDS, SynthesisPoint, check
from summarise.models import short_hash
from summarise.output.summary.model import (
    Point,
    StorySummary,
    Summary,
    Synthesis,
    SynthesisSentence,
)
from summarise.output.summary.written import written
from summarise.store import CachedSynthesis

EXTRACTIVE_POINTS = 3
EXTRACTIVE_NOTE = "Extractive: the top key points, quoted from reviewed (accepted) claims."


def model_note(model: str) -> str:
    return f"Written by the model {model} from reviewed (accepted) key points only; checked."


def extractive(
    points: Sequence[Point], *, skip: str | None = None, reason: str | None = None
) -> Synthesis:
    """The best-ranked key points (but `skip`, shown as the headline) within MAX_WORDS."""
    sentences: list[SynthesisSentence] = []
    words = 0
    for point in points:
        if point.id == skip:
            continue
        length = len(point.text.split())
        if sentences and words + length > MAX_WORDS:
            break
        if not sentences and length > MAX_WORDS:
            continue
        sentences.append(SynthesisSentence(text=point.text, point_refs=[point.ref]))
        words += length
        if len(sentences) == EXTRACTIVE_POINTS:
            break
    return Synthesis(
        method="extractive", sentences=sentences, note=EXTRACTIVE_NOTE, fallback_reason=reason
    )


def with_extractive(summary: Summary) -> Summary:
    """The summary with each story's synthesis the extractive one (its top points quoted)."""
    for story in summary.stories:
        if story.key_points:
            story.synthesis = extractive(story.key_points, skip=story.headline_claim_id)
    return summary


def offline(story: StorySummary, reason: str) -> Synthesis:
    """What stands in for a model synthesis that could not be used: the written one."""
    return written(story, reason=reason) or extractive(
        story.key_points, skip=story.headline_claim_id, reason=reason
    )


def synthesis_points(points: Sequence[Point]) -> list[SynthesisPoint]:
    return [SynthesisPoint(ref=p.ref, text=p.text, sources=p.sources) for p in points]


def from_model(
    sentences: Sequence[tuple[str, Sequence[str]]],
    points: Sequence[Point],
    *,
    model: str,
    prompt_version: str,
) -> Synthesis | str:
    """The model's sentences as a Synthesis, or why they cannot be shown."""
    problems = check(sentences, synthesis_points(points))
    if problems:
        return "; ".join(problems)
    return Synthesis(
        method="model",
        model=model,
        prompt_version=prompt_version,
        sentences=[SynthesisSentence(text=t, point_refs=list(r)) for t, r in sentences],
        note=model_note(model),
    )


class Synthesiser(Protocol):
    """What writes a model synthesis (backends.openai.synthesis.ModelSynthesiser in use)."""

    model: str
    prompt_version: str

    async def write(self, key: str, title: str, points: Sequence[SynthesisPoint]) -> Any: ...


class Cache(Protocol):
    def get(self, key: str) -> Any: ...

    def put(self, entry: Any, *, story_id: int, points_hash: str) -> None: ...


def cache_key(points: Sequence[Point], model: str, prompt_version: str) -> tuple[str, str]:
    """(cache key, points hash): the same accepted key points, model and prompt reuse one."""
    listed = json.dumps([[p.ref, p.text, p.sources] for p in points], ensure_ascii=False)
    points_hash = short_hash(listed)
    return short_hash(points_hash, model, prompt_version), points_hash


async def with_model(
    summary: Summary,
    synthesiser: Synthesiser,
    cache: Cache,
    *,
    failure: type[Exception],
    concurrency: int = 8,
) -> Summary:
    """The summary with each story's synthesis written by the model (or, where the model's
    answer fails the checks after its re-asks, the written one with the reason)."""
    limit = asyncio.Semaphore(concurrency)

    async def one(story: StorySummary) -> None:
        if not story.key_points:
            return
        async with limit:
            story.synthesis = await _story_synthesis(story, synthesiser, cache, failure)

    # A TaskGroup: any unexpected error cancels the rest and is raised, never dropped.
    async with asyncio.TaskGroup() as group:
        for story in summary.stories:
            group.create_task(one(story))
    return summary


async def _story_synthesis(
    story: StorySummary, synthesiser: Synthesiser, cache: Cache, failure: type[Exception]
) -> Synthesis:
    points = story.key_points
    model, version = synthesiser.model, synthesiser.prompt_version
    key, points_hash = cache_key(points, model, version)
    cached = cache.get(key)
    if cached is not None:
        result = from_model(cached.sentences, points, model=model, prompt_version=version)
        if isinstance(result, Synthesis):
            return result
    try:
        written = await synthesiser.write(key, story.title, synthesis_points(points))
    except failure as exc:
        return offline(story, str(exc))
    result = from_model(written.sentences, points, model=model, prompt_version=version)
    if isinstance(result, str):  # validated by the model call too: this is a second gate
        return offline(story, result)
    cache.put(
        CachedSynthesis(
            key, model, version, written.sentences, written.prompt_tokens, written.completion_tokens
        ),
        story_id=story.id,
        points_hash=points_hash,
    )
    return result
