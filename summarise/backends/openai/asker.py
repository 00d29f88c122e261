"""One structured request for one span of a document, through instructor over openai.

instructor owns the validation retries (it re-asks with the error); the `create` function it
wraps is ours, and owns the transport retries, so every attempt of either kind is counted,
timed and logged, and the running token total can stop the batch before a request is sent.
"""

from __future__ import annotations

import json
import logging
import time
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import instructor
import openai
from instructor.core.exceptions import InstructorRetryException
from openai.types.chat import ChatCompletion

from summarise.backends.base import BatchAborted, CallRecorder
from summarise.backends.openai.chunking import Span, estimate_tokens
from summarise.backends.openai.schema import GROUNDING, ExtractedClaims, GroundingContext
from summarise.backends.openai.settings import MODES, ModelSettings
from summarise.backends.openai.transport import (
    KEY_MASK,
    RateLimiter,
    RequestRejected,
    classify,
    is_retryable,
    public_url,
    redact,
    retry_delay,
)
from summarise.models import ModelCall, short_hash

# Kept of an error reply's body in the call log.
ERROR_BODY_CHARS = 2000

# instructor logs every failed attempt at ERROR level; we log each attempt to the database,
# so keep its copies off the terminal unless the user configures logging.
logging.getLogger("instructor").addHandler(logging.NullHandler())


class Truncated(Exception):
    """The reply hit the length limit (finish_reason "length"): its JSON is cut off."""


class Refused(Exception):
    """The model declined to answer (a refusal, or the content filter)."""


class GaveUp(Exception):
    """A validation or transport retry budget ran out."""


@dataclass
class Spend:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "calls": self.calls,
        }


@dataclass
class TokenBudget:
    """The run's --max-tokens, shared by every document the backend extracts."""

    limit: int | None
    spent: int = 0

    def check(self, need: int, spend: Spend) -> None:
        if self.limit is not None and self.spent + need > self.limit:
            raise BatchAborted(
                f"the token budget of {self.limit} would be exceeded ({self.spent} spent, "
                f"the next request needs ~{need})",
                **spend.counts(),
            )


@dataclass
class _Exchange:
    """One span's request and its re-asks (instructor's hooks find it through a ContextVar)."""

    document_id: str
    span: Span
    spend: Spend
    grounding: GroundingContext
    completion_allowance: int
    attempt: int = 0
    pending: ModelCall | None = None


_EXCHANGE: ContextVar[_Exchange | None] = ContextVar("exchange", default=None)


class Asker:
    def __init__(
        self,
        settings: ModelSettings,
        client: openai.AsyncOpenAI,
        prompt_version: str,
        budget: TokenBudget,
    ) -> None:
        self.settings = settings
        self.client = client
        self.prompt_version = prompt_version
        self.budget = budget
        self.recorder: CallRecorder | None = None
        self.limiter = (
            RateLimiter(settings.requests_per_minute, settings.sleep)
            if settings.requests_per_minute
            else None
        )
        self.create = instructor.patch(create=self._send, mode=MODES[settings.mode])
        self.hooks = instructor.hooks.Hooks()
        self.hooks.on("parse:error", self._on_parse_error)

    async def ask(
        self,
        document_id: str,
        span: Span,
        text: str,
        messages: list[dict[str, str]],
        spend: Spend,
        completion_allowance: int,
        response_model: type[Any] = ExtractedClaims,
    ) -> Any:
        """The validated reply (an `ExtractedClaims` unless `response_model` says otherwise:
        the synthesis asks through the same retries, call log and budget)."""
        exchange = _Exchange(document_id, span, spend, GroundingContext(text), completion_allowance)
        exchange_token = _EXCHANGE.set(exchange)
        grounding_token = GROUNDING.set(exchange.grounding)
        try:
            extra: dict[str, Any] = {}
            if self.settings.temperature is not None:
                extra["temperature"] = self.settings.temperature
            result = await self.create(
                response_model=response_model,
                messages=messages,
                model=self.settings.model,
                max_retries=self.settings.validation_retries,
                hooks=self.hooks,
                **extra,
            )
        except InstructorRetryException as exc:
            cause = exc.__cause__
            if isinstance(cause, Truncated | Refused | RequestRejected | BatchAborted | GaveUp):
                raise cause from None
            self._flush(exchange, "invalid", str(cause or exc))
            raise GaveUp(
                f"the reply did not validate after {exchange.attempt} attempt(s): "
                f"{self._redact(_first_line(str(cause or exc)))}"
            ) from None
        finally:
            _EXCHANGE.reset(exchange_token)
            GROUNDING.reset(grounding_token)
        self._flush(exchange, "ok", None)
        return result

    async def _send(self, **kwargs: Any) -> ChatCompletion:
        """instructor's `create`: one validation attempt, sent with transport retries."""
        exchange = _EXCHANGE.get()
        assert exchange is not None, "_send runs only inside ask()"
        self._flush(exchange, "ok", None)
        exchange.attempt += 1
        exchange.grounding.last_attempt = exchange.attempt > self.settings.validation_retries
        body = json.dumps(kwargs, sort_keys=True, default=str, ensure_ascii=False)
        request_hash = short_hash(body, length=24)
        need = estimate_tokens(body) + exchange.completion_allowance
        tries = self.settings.transport_retries + 1
        for transport_attempt in range(1, tries + 1):
            self.budget.check(need, exchange.spend)
            if self.limiter:
                await self.limiter.wait()
            call = self._call(exchange, transport_attempt, request_hash, body)
            started = time.monotonic()
            try:
                response = await self.client.chat.completions.create(**kwargs)
            except openai.APIStatusError as exc:
                call.latency_ms = (time.monotonic() - started) * 1000
                call.status, call.http_status = "http_error", exc.status_code
                call.error = self._redact(f"{exc.status_code}: {exc.message}")
                call.response = self._redact(exc.response.text[:ERROR_BODY_CHARS])
                self._log(call)
                if not is_retryable(exc):
                    settings = self.settings
                    raise classify(
                        exc, mode=settings.mode, model=settings.model, api_key=settings.api_key
                    ) from None
                if transport_attempt == tries:
                    raise GaveUp(f"gave up after {tries} tries; last: {call.error}") from None
                await self.settings.sleep(self._delay(exc.response.headers, transport_attempt))
                continue
            except openai.APIConnectionError as exc:
                call.latency_ms = (time.monotonic() - started) * 1000
                timed_out = isinstance(exc, openai.APITimeoutError)
                call.status = "timeout" if timed_out else "connection_error"
                call.error = self._redact(f"{type(exc).__name__}: {exc}")
                self._log(call)
                if transport_attempt == tries:
                    raise GaveUp(f"gave up after {tries} tries; last: {call.error}") from None
                await self.settings.sleep(self._delay(None, transport_attempt))
                continue
            call.latency_ms = (time.monotonic() - started) * 1000
            response, dumped = self._scrubbed(response)
            self._account(exchange, call, response, body, dumped)
            return self._check_finish(exchange, call, response)
        raise AssertionError("unreachable: the loop returns or raises")

    def _check_finish(
        self, exchange: _Exchange, call: ModelCall, response: ChatCompletion
    ) -> ChatCompletion:
        choice = response.choices[0] if response.choices else None
        call.finish_reason = choice.finish_reason if choice else None
        refusal = getattr(choice.message, "refusal", None) if choice else None
        if call.finish_reason == "length":
            call.status = "truncated"
            self._log(call)
            raise Truncated(
                f"the reply was cut off at the length limit after {call.completion_tokens} "
                "completion tokens (finish_reason length)"
            )
        if refusal or call.finish_reason == "content_filter":
            refusal = self._redact(refusal) if refusal else None
            call.status, call.error = "refused", refusal or "content filter"
            self._log(call)
            raise Refused(f"the model refused: {refusal or 'stopped by the content filter'}")
        exchange.pending = call  # logged once instructor has validated it (or not)
        return response

    def _scrubbed(self, response: ChatCompletion) -> tuple[ChatCompletion, str]:
        """The reply, and its JSON, with the API key masked wherever the server repeated it
        (some proxies echo the Authorization header): before instructor parses it, re-asks
        with it or logs it, and before the call log or the response cache keep it."""
        dumped = response.model_dump_json(exclude_none=True)
        key = self.settings.api_key
        if key and len(key) >= 6 and key in dumped:
            dumped = dumped.replace(key, KEY_MASK)
            response = ChatCompletion.model_validate_json(dumped)
        return response, dumped

    def _account(
        self, exchange: _Exchange, call: ModelCall, response: ChatCompletion, body: str, dumped: str
    ) -> None:
        usage = response.usage
        if usage is not None:
            call.prompt_tokens = usage.prompt_tokens or 0
            call.completion_tokens = usage.completion_tokens or 0
        else:  # some local servers report no usage: count an estimate rather than nothing
            call.tokens_estimated = True
            call.prompt_tokens = estimate_tokens(body)
            call.completion_tokens = estimate_tokens(dumped)
        call.response = dumped
        call.status = "ok"
        exchange.spend.prompt_tokens += call.prompt_tokens
        exchange.spend.completion_tokens += call.completion_tokens
        self.budget.spent += call.prompt_tokens + call.completion_tokens

    def _on_parse_error(self, error: Exception, **_: Any) -> None:
        exchange = _EXCHANGE.get()
        if exchange is not None:
            self._flush(exchange, "invalid", str(error))

    def _flush(self, exchange: _Exchange, status: str, validation_error: str | None) -> None:
        call, exchange.pending = exchange.pending, None
        if call is None:
            return
        call.status = status
        call.validation_error = self._redact(validation_error) if validation_error else None
        self._log(call)

    def _call(
        self, exchange: _Exchange, transport_attempt: int, request_hash: str, body: str
    ) -> ModelCall:
        exchange.spend.calls += 1
        return ModelCall(
            document_id=exchange.document_id,
            chunk_start=exchange.span.start,
            chunk_end=exchange.span.end,
            attempt=exchange.attempt,
            transport_attempt=transport_attempt,
            request_hash=request_hash,
            model=self.settings.model,
            mode=self.settings.mode,
            base_url=public_url(self.settings.base_url),
            prompt_version=self.prompt_version,
            status="sent",
            request=body,
            started_at=datetime.now(UTC),
        )

    def _log(self, call: ModelCall) -> None:
        if self.recorder is None:
            return
        # The last gate before the database: whatever a message or body repeated, no key.
        for name in ("request", "response", "error", "validation_error"):
            value = getattr(call, name)
            if value:
                setattr(call, name, self._redact(value))
        self.recorder.log_call(call)

    def _delay(self, headers: Any, retry: int) -> float:
        return retry_delay(
            headers,
            retry,
            base=self.settings.backoff_base,
            cap=self.settings.backoff_max,
            max_wait=self.settings.max_retry_wait,
        )

    def _redact(self, text: str) -> str:
        return redact(text, self.settings.api_key)


def _first_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return " / ".join(lines[:3])[:400]
