"""The model backend's settings: CLI options plus tunables, with their defaults in one place."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, fields
from typing import Any

import instructor

from summarise.backends.base import BackendOptions

# --mode value -> instructor mode. TOOLS needs a server that does tool calling; JSON_SCHEMA
# needs one that honours response_format json_schema; MD_JSON needs only a chat model.
MODES: dict[str, instructor.Mode] = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "md_json": instructor.Mode.MD_JSON,
}
DEFAULT_MODE = "tools"
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"

Sleep = Callable[[float], Awaitable[None]]


class SettingsError(ValueError):
    """A setting that cannot work (the CLI shows it as a usage error)."""


@dataclass
class ModelSettings:
    model: str
    mode: str = DEFAULT_MODE
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    concurrency: int = 8
    requests_per_minute: float | None = None
    token_budget: int | None = None
    # Chunking: a document over chunk_tokens (estimated) is split, overlapping by overlap_tokens.
    chunk_tokens: int = 6000
    overlap_tokens: int = 200
    # A reply cut off at the length limit splits its chunk in two, at most this many times deep,
    # while the chunk is above min_split_tokens.
    max_splits: int = 2
    min_split_tokens: int = 300
    # Validation retries re-ask the model with the error; transport retries resend the same
    # request after a 429, a 5xx, a timeout or a dropped connection.
    validation_retries: int = 2
    transport_retries: int = 4
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    max_retry_wait: float = 120.0
    timeout: float = 120.0
    temperature: float | None = 0.0
    sleep: Sleep = asyncio.sleep

    @classmethod
    def from_options(cls, options: BackendOptions) -> ModelSettings:
        mode = options.mode or DEFAULT_MODE
        if mode not in MODES:
            raise SettingsError(f"unknown mode {mode!r}; choose one of: {', '.join(MODES)}")
        model = options.model
        if not model:
            if options.base_url:
                raise SettingsError(
                    "the openai backend needs a model name with a custom base URL: "
                    "--model NAME or SUMMARISE_MODEL"
                )
            model = DEFAULT_OPENAI_MODEL
        tunables = {f.name for f in fields(cls)} - {"model", "mode", "base_url", "api_key"}
        unknown = set(options.extra) - tunables
        if unknown:
            raise SettingsError(f"unknown model backend setting(s): {', '.join(sorted(unknown))}")
        extra: dict[str, Any] = dict(options.extra)
        settings = cls(
            model=model,
            mode=mode,
            base_url=options.base_url,
            api_key=options.api_key,
            concurrency=max(1, options.concurrency),
            requests_per_minute=options.requests_per_minute,
            token_budget=options.max_tokens,
            **extra,
        )
        settings.check()
        return settings

    def check(self) -> None:
        if self.chunk_tokens < 200:
            raise SettingsError("chunk_tokens must be at least 200")
        if self.overlap_tokens < 0 or self.overlap_tokens >= self.chunk_tokens // 2:
            raise SettingsError("overlap_tokens must be between 0 and half of chunk_tokens")
        if self.validation_retries < 0 or self.transport_retries < 0:
            raise SettingsError("retry counts cannot be negative")

    def worst_case_calls_per_chunk(self) -> int:
        """Requests one chunk can cost: every validation attempt may need every transport try,
        and a cut-off reply may split the chunk (1 + 2 + 4 ... pieces)."""
        pieces = 2 ** (self.max_splits + 1) - 1
        return pieces * (self.validation_retries + 1) * (self.transport_retries + 1)
