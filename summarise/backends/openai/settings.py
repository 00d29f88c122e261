"""The model backend's settings: CLI options plus tunables, with their defaults in one place.

Nothing here imports the model stack: settings are checked (and bad ones refused as usage
errors) before anything is known to need openai or instructor.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import urlsplit

from summarise.backends.base import BackendOptions

# --mode value -> how the reply carries its structure. tools: a function call (OpenAI, vLLM
# with a tool parser, LM Studio); json_schema: response_format json_schema (OpenAI, vLLM,
# newer llama.cpp); json: response_format json_object plus the schema in the prompt, which
# llama.cpp, Ollama and vLLM constrain by grammar; md_json: a fenced JSON block, any chat
# model. auto tries them in this order on the run's first request and keeps the first one
# the server accepts.
MODES = ("tools", "json_schema", "json", "md_json")
AUTO_MODE = "auto"
DEFAULT_MODE = AUTO_MODE
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
DEFAULT_TIMEOUT = 120.0
# Without --deadline, an attempt may take this many times --timeout in all: long enough for
# a slow local model that answers within --timeout, short enough to end a server that drips.
DEADLINE_PER_TIMEOUT = 2.0
DEFAULT_BREAKER = 5

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
    # The server's context window in tokens, when known (--context): chunks shrink to fit the
    # prompt, the schema, a re-ask's history and the reply cap inside it.
    context_tokens: int | None = None
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
    # timeout: the longest wait for a connection or for the next bytes of a reply; deadline:
    # the longest one attempt may take in all (None: DEADLINE_PER_TIMEOUT x timeout).
    timeout: float = DEFAULT_TIMEOUT
    deadline: float | None = None
    # The circuit breaker: this many connection failures or timeouts in a row, across the
    # batch, stop new requests while the server is probed (probe_delays apart).
    breaker: int = DEFAULT_BREAKER
    probe_delays: tuple[float, ...] = (1.0, 2.0, 4.0)
    temperature: float | None = 0.0
    sleep: Sleep = asyncio.sleep

    @classmethod
    def from_options(cls, options: BackendOptions) -> ModelSettings:
        mode = options.mode or DEFAULT_MODE
        if mode not in (*MODES, AUTO_MODE):
            choices = ", ".join((AUTO_MODE, *MODES))
            raise SettingsError(f"unknown mode {mode!r}; choose one of: {choices}")
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
        if self.timeout <= 0 or (self.deadline is not None and self.deadline <= 0):
            raise SettingsError("timeout and deadline must be positive")
        if self.breaker < 1:
            raise SettingsError("breaker must be at least 1")
        if self.context_tokens is not None and self.context_tokens < 512:
            raise SettingsError("context must be at least 512 tokens")
        if self.base_url is not None:
            check_base_url(self.base_url)
        elif not (self.api_key or os.environ.get("OPENAI_API_KEY")):
            raise SettingsError(
                "the openai backend needs OPENAI_API_KEY, or a server's --base-url "
                "(OPENAI_BASE_URL)"
            )

    @property
    def attempt_deadline(self) -> float:
        return self.deadline if self.deadline is not None else self.timeout * DEADLINE_PER_TIMEOUT

    def worst_case_calls_per_chunk(self) -> int:
        """Requests one chunk can cost: every validation attempt may need every transport try,
        and a cut-off reply may split the chunk (1 + 2 + 4 ... pieces)."""
        pieces = 2 ** (self.max_splits + 1) - 1
        return pieces * (self.validation_retries + 1) * (self.transport_retries + 1)


def check_base_url(url: str) -> None:
    """Refuse a server URL that no request could reach: a wrong scheme, no host, a bad port."""
    try:
        parts = urlsplit(url)
        port = parts.port  # raises for a port that is not a number in 0-65535
    except ValueError as exc:
        raise SettingsError(f"--base-url {url!r} is not a valid URL: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise SettingsError(
            f"--base-url {url!r} must start with http:// or https:// "
            "(for example http://127.0.0.1:8080/v1)"
        )
    if not parts.hostname:
        raise SettingsError(f"--base-url {url!r} names no host")
    if port == 0:
        raise SettingsError(f"--base-url {url!r}: port 0 cannot be connected to")
