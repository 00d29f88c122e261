"""A story's synthesis paragraph, written by a model from its accepted key points.

The same instructor + Asker path as extraction (transport retries, call log, token counts),
with its own versioned prompt (prompts/synthesis-*.txt; extraction's version is untouched)
and a reply schema whose validator applies `backends.synthesis.check`: a sentence that cites
an unknown point, or states a number or date its cited points do not, fails validation and
instructor re-asks with the error. What still fails after the re-asks raises `GaveUp`; the
summary then falls back to the extractive synthesis.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template

import openai
from pydantic import BaseModel, Field, model_validator

from summarise.backends.base import BackendOptions, CallRecorder, RunAborted
from summarise.backends.openai.asker import Asker
from summarise.backends.openai.budget import TokenBudget
from summarise.backends.openai.chunking import Span
from summarise.backends.openai.connections import http_client
from summarise.backends.openai.outcomes import GaveUp, Refused, Spend, Stop, Truncated
from summarise.backends.openai.prompts import PromptError
from summarise.backends.openai.schema import GroundingContext
from summarise.backends.openai.settings import ModelSettings, SettingsError
from summarise.backends.openai.transport import RequestRejected
from summarise.backends.synthesis import MAX_WORDS, SynthesisPoint, check
from summarise.models import short_hash
from summarise.resources import prompts_dir

SYSTEM_TEMPLATE = "synthesis-system.txt"
USER_TEMPLATE = "synthesis-user.txt"
COMPLETION_ALLOWANCE = 600  # tokens: 120 words and their JSON, with room to spare
SYNTHESIS_SCHEMA_VERSION = "1"

_POINTS: ContextVar[Sequence[SynthesisPoint] | None] = ContextVar("synthesis_points", default=None)


class SentenceOut(BaseModel):
    text: str = Field(description="One sentence of the synthesis.")
    points: list[str] = Field(description="Ids of the key points it rests on, e.g. ['P1'].")


class SynthesisReply(BaseModel):
    sentences: list[SentenceOut] = Field(
        description=f"The synthesis, sentence by sentence, at most {MAX_WORDS} words in all."
    )

    @model_validator(mode="after")
    def _supported(self) -> SynthesisReply:
        points = _POINTS.get()
        if points is not None:
            problems = check([(s.text, s.points) for s in self.sentences], points)
            if problems:
                raise ValueError("; ".join(problems))
        return self


@dataclass(frozen=True)
class SynthesisPrompt:
    system: str
    user: str
    version: str

    def messages(self, title: str, points: Sequence[SynthesisPoint]) -> list[dict[str, str]]:
        listed = "\n".join(
            f"{p.ref} ({p.sources} source{'' if p.sources == 1 else 's'}): {p.text}" for p in points
        )
        marker = short_hash("synthesis", listed, length=12)
        values = {"title": title, "points": listed, "marker": marker}
        return [
            {"role": "system", "content": Template(self.system).substitute(values)},
            {"role": "user", "content": Template(self.user).substitute(values)},
        ]


def load_prompt(directory: Path | None = None) -> SynthesisPrompt:
    return _load(directory or prompts_dir())


@cache
def _load(directory: Path) -> SynthesisPrompt:
    texts: dict[str, str] = {}
    for name in (SYSTEM_TEMPLATE, USER_TEMPLATE):
        try:
            texts[name] = (directory / name).read_text(encoding="utf-8")
        except OSError as exc:
            raise PromptError(
                f"{directory / name}: cannot read the prompt template ({exc})"
            ) from exc
    fields = set(Template(texts[USER_TEMPLATE]).get_identifiers())
    if not {"points", "marker"} <= fields:
        raise PromptError(f"{directory / USER_TEMPLATE}: must contain $points and $marker")
    version = short_hash(*(f"{name}\n{texts[name]}" for name in sorted(texts)), length=12)
    return SynthesisPrompt(texts[SYSTEM_TEMPLATE], texts[USER_TEMPLATE], version)


class SynthesisFailed(Exception):
    """No acceptable synthesis: the reason is shown with the extractive fallback."""


@dataclass
class Written:
    sentences: list[tuple[str, list[str]]]
    prompt_tokens: int
    completion_tokens: int


class ModelSynthesiser:
    """Writes syntheses through one client for the whole summary run."""

    def __init__(self, options: BackendOptions, recorder: CallRecorder | None = None) -> None:
        self.settings = ModelSettings.from_options(options)
        self.prompt = load_prompt()
        api_key = self.settings.api_key
        if not api_key and self.settings.base_url:
            api_key = "not-needed"  # local servers take any key; the client insists on one
        server = self.settings.base_url or os.environ.get("OPENAI_BASE_URL")
        try:
            self.client = openai.AsyncOpenAI(
                api_key=api_key,
                base_url=self.settings.base_url,
                max_retries=0,
                timeout=self.settings.timeout,
                http_client=http_client(server),
            )
        except openai.OpenAIError as exc:
            raise SettingsError(
                "a model synthesis needs OPENAI_API_KEY, or a server's --base-url"
            ) from exc
        self.settings.base_url = str(self.client.base_url)
        self.asker = Asker(
            self.settings, self.client, self.prompt.version, TokenBudget(self.settings.token_budget)
        )
        self.asker.recorder = recorder

    @property
    def model(self) -> str:
        return self.settings.model

    @property
    def prompt_version(self) -> str:
        return self.prompt.version

    async def write(self, key: str, title: str, points: Sequence[SynthesisPoint]) -> Written:
        spend = Spend()
        token = _POINTS.set(points)
        try:
            reply = await self.asker.ask(
                f"synthesis:{key}",
                Span(0, 0),
                GroundingContext(""),
                self.prompt.messages(title, points),
                spend,
                COMPLETION_ALLOWANCE,
                response_model=SynthesisReply,
            )
        except (GaveUp, Truncated, Refused, RequestRejected, RunAborted, Stop) as exc:
            raise SynthesisFailed(str(exc)) from None
        finally:
            _POINTS.reset(token)
        return Written(
            [(s.text, list(s.points)) for s in reply.sentences],
            spend.prompt_tokens,
            spend.completion_tokens,
        )

    async def aclose(self) -> None:
        await self.client.close()
