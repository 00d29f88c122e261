"""One structured request for one span of a document: send, read, validate, re-ask.

The body comes from `request.build_request` (instructor's mode handlers), goes out through the
openai client's plain `post` (no per-request transform or response model), and the reply is
read by `reply` and validated by the response model; a reply that does not validate is
re-asked with instructor's re-ask message for the mode. Each attempt is one call-log row,
written as `sent` before the request leaves and completed when it ends, so a killed process
leaves rows the next start marks `lost`. Before each send the attempt books its most tokens
against the budget and passes the circuit breaker; each attempt has a deadline.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import openai
from pydantic import BaseModel, ValidationError

from summarise.backends.base import CallRecorder
from summarise.backends.openai import reply as replies
from summarise.backends.openai.breaker import CircuitBreaker, ServerDown
from summarise.backends.openai.budget import BudgetSpent, TokenBudget
from summarise.backends.openai.chunking import Span, estimate_tokens
from summarise.backends.openai.outcomes import GaveUp, Refused, Spend, Stop, Truncated
from summarise.backends.openai.request import (
    body_json,
    build_request,
    fresh_retry,
    reask_request,
)
from summarise.backends.openai.schema import GROUNDING, ExtractedClaims, GroundingContext
from summarise.backends.openai.settings import AUTO_MODE, MODES, ModelSettings
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
# A probe of a server the breaker thinks is down waits at most this long for an answer.
PROBE_TIMEOUT = 10.0

logging.getLogger("instructor").addHandler(logging.NullHandler())


@dataclass
class _Exchange:
    """One span's request and its re-asks."""

    document_id: str
    span: Span
    spend: Spend
    reply_cap: int
    response_model: type[BaseModel] = ExtractedClaims
    attempt: int = 0


@dataclass
class _Sent:
    """A request that got a 200 reply: the reply and its still-open call-log row."""

    body: dict[str, Any]
    call: ModelCall
    row: int | None


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
        self.server = public_url(str(client.base_url)) or str(client.base_url)
        self.limiter = (
            RateLimiter(settings.requests_per_minute, settings.sleep)
            if settings.requests_per_minute
            else None
        )
        self.breaker = CircuitBreaker(
            threshold=settings.breaker,
            probe=self._alive,
            delays=settings.probe_delays,
            sleep=settings.sleep,
            server=self.server,
        )
        self.mode: str | None = None if settings.mode == AUTO_MODE else settings.mode
        self.trying = MODES[0]  # under --mode auto, until a mode is kept
        host = client.base_url.host or ""
        # OpenAI's newer models refuse max_tokens; every other server knows it.
        self.cap_field = "max_completion_tokens" if host.endswith("openai.com") else "max_tokens"

    # -- one span ------------------------------------------------------------------------

    async def ask(
        self,
        document_id: str,
        span: Span,
        grounding: GroundingContext,
        messages: list[dict[str, str]],
        spend: Spend,
        reply_cap: int,
        response_model: type[BaseModel] = ExtractedClaims,
    ) -> Any:
        """The validated answer for one span (instructor's mode, our transport): the claims,
        unless `response_model` asks for another shape (a story synthesis goes through the
        same retries, call log and budget). Quotes are checked against `grounding`, which
        keeps where it found them."""
        exchange = _Exchange(document_id, span, spend, reply_cap, response_model)
        if self.mode is None:
            return await self._ask_choosing_mode(exchange, grounding, messages)
        return await self._ask(exchange, grounding, messages, self.mode)

    async def _ask_choosing_mode(
        self, exchange: _Exchange, grounding: GroundingContext, messages: list[dict[str, str]]
    ) -> Any:
        """--mode auto: requests go out in the mode being tried; one the server refuses moves
        every request on to the next mode (tools, json_schema, json, md_json), and the first
        mode answered with a 200 is kept for the run (`_read`). Requests are not held back
        behind one another meanwhile, so a server that is down is found as fast as in any
        other mode."""
        while True:
            mode = self.mode or self.trying
            try:
                return await self._ask(exchange, grounding, messages, mode)
            except RequestRejected as rejected:
                if not rejected.mode_refused:
                    raise
                if self.mode is not None:
                    if mode == self.mode:
                        raise
                    continue  # another request found the mode meanwhile: use it
                if mode == MODES[-1]:
                    raise
                if self.trying == mode:
                    self.trying = MODES[MODES.index(mode) + 1]

    async def _ask(
        self,
        exchange: _Exchange,
        grounding: GroundingContext,
        messages: list[dict[str, str]],
        mode: str,
    ) -> Any:
        first = build_request(
            messages,
            mode=mode,
            model=self.settings.model,
            reply_cap=exchange.reply_cap,
            cap_field=self.cap_field,
            temperature=self.settings.temperature,
            response_model=exchange.response_model,
        )
        body = first
        tries = self.settings.validation_retries + 1
        last_error: str | None = None
        for attempt in range(1, tries + 1):
            exchange.attempt = attempt
            grounding.last_attempt = attempt == tries
            try:
                sent = await self._send(exchange, body, mode)
            except RequestRejected as rejected:
                if not (rejected.too_long and body is not first and last_error is not None):
                    raise
                # The re-ask's history pushed the prompt past the context window: ask again
                # with a fresh conversation (the first request and the last error only)
                # before the chunk is split.
                body = fresh_retry(first, last_error)
                sent = await self._send(exchange, body, mode)
            token = GROUNDING.set(grounding)
            try:
                result = replies.parse_reply(sent.body, mode, exchange.response_model)
            except (ValidationError, ValueError) as error:
                self._finish(sent, "invalid", validation_error=str(error))
                if attempt == tries:
                    raise GaveUp(
                        f"the reply did not validate after {attempt} attempt(s): "
                        f"{self._redact(_first_line(str(error)))}"
                    ) from None
                last_error = str(error)
                body = self._fitting_reask(first, mode, sent.body, error, exchange.reply_cap)
                continue
            finally:
                GROUNDING.reset(token)
            self._finish(sent, "ok")
            return result
        raise AssertionError("unreachable: the loop returns or raises")

    # -- one request, with transport retries --------------------------------------------

    async def _send(self, exchange: _Exchange, body: dict[str, Any], mode: str) -> _Sent:
        dumped = body_json(body)
        encoded = dumped.encode("utf-8")
        request_hash = short_hash(dumped, length=24)
        most = estimate_tokens(dumped) + exchange.reply_cap
        tries = self.settings.transport_retries + 1
        for transport_attempt in range(1, tries + 1):
            try:
                await self.breaker.admit()
                booking = self.budget.reserve(most)
            except (ServerDown, BudgetSpent) as stop:
                raise Stop(str(stop)) from None
            if self.limiter:
                await self.limiter.wait()
            call = self._call(exchange, transport_attempt, request_hash, dumped, mode)
            row = self._sent(call)
            started = time.monotonic()
            try:
                async with asyncio.timeout(self.settings.attempt_deadline):
                    # The body as logged and hashed is the body sent: encoded once.
                    response: httpx.Response = await self.client.post(
                        "/chat/completions", content=encoded, cast_to=httpx.Response
                    )
            except openai.APIStatusError as exc:
                self.breaker.answered()
                call.latency_ms = (time.monotonic() - started) * 1000
                call.status, call.http_status = "http_error", exc.status_code
                call.error = f"{exc.status_code}: {exc.message}"
                call.response = exc.response.text[:ERROR_BODY_CHARS]
                self._done(row, call)
                settings = self.settings
                if not is_retryable(exc, mode):
                    raise classify(
                        exc, mode=mode, model=settings.model, api_key=settings.api_key
                    ) from None
                if transport_attempt == tries:
                    raise GaveUp(f"gave up after {tries} tries; last: {call.error}") from None
                await settings.sleep(self._delay(exc.response.headers, transport_attempt))
                continue
            except (openai.APIConnectionError, TimeoutError) as exc:
                call.latency_ms = (time.monotonic() - started) * 1000
                call.status, call.error = self._failure(exc)
                self._done(row, call)
                try:
                    await self.breaker.failed(call.error)
                except ServerDown as down:
                    raise Stop(str(down)) from None
                if transport_attempt == tries:
                    raise GaveUp(f"gave up after {tries} tries; last: {call.error}") from None
                await self.settings.sleep(self._delay(None, transport_attempt))
                continue
            except openai.APIError as exc:
                # Anything else the client raises about this exchange: the attempt failed.
                call.latency_ms = (time.monotonic() - started) * 1000
                call.status, call.error = "error", f"{type(exc).__name__}: {exc}"[:400]
                self._done(row, call)
                raise GaveUp(f"the request failed: {call.error}") from None
            except BaseException:
                # Cancelled (Ctrl-C, the batch stopping): the server may have the request.
                call.status, call.error = "cancelled", "the batch stopped before the reply"
                self._done(row, call)
                raise
            finally:
                # Released here whatever happened; a reply's real cost is counted in _read.
                self.budget.settle(booking, 0)
            self.breaker.answered()
            call.latency_ms = (time.monotonic() - started) * 1000
            return self._read(exchange, dumped, call, row, response, mode, body.get(self.cap_field))
        raise AssertionError("unreachable: the loop returns or raises")

    def _fitting_reask(
        self,
        first: dict[str, Any],
        mode: str,
        reply: dict[str, Any],
        error: Exception,
        reply_cap: int,
    ) -> dict[str, Any]:
        """The re-ask after `reply` failed with `error`, counted against the context window:
        the full re-ask (the first request, the reply and the error) when it and its reply cap
        fit --context, else the fresh one (the first request and the error alone), so a
        re-ask is never cut off by the window its own history filled."""
        full = reask_request(first, mode, reply, error)
        window = self.settings.context_tokens
        if window is None or estimate_tokens(body_json(full)) + reply_cap <= window:
            return full
        return fresh_retry(first, str(error))

    def _read(
        self,
        exchange: _Exchange,
        dumped: str,
        call: ModelCall,
        row: int | None,
        response: httpx.Response,
        mode: str,
        cap: int | None = None,
    ) -> _Sent:
        raw = response.content
        key = self.settings.api_key
        if key and len(key) >= 6 and key.encode() in raw:
            # A server (or proxy) that repeats the key: masked before the reply is read, so
            # no re-ask sends it back and no log or cache keeps it.
            raw = raw.replace(key.encode(), KEY_MASK.encode())
        call.http_status = response.status_code
        try:
            reply = replies.read_completion(raw, response.headers.get("content-type", ""))
        except replies.NotACompletion as bad:
            call.status, call.error = "bad_reply", str(bad)
            call.response = raw[: replies.EXCERPT_CHARS].decode("utf-8", errors="replace")
            self._done(row, call)
            raise GaveUp(f"{bad} (HTTP {response.status_code} from {self.server})") from None
        if self.mode is None:
            self.mode = mode  # --mode auto: the server took this mode
        counted = replies.usage(reply)
        if counted is None:  # some local servers report no usage: count an estimate
            call.tokens_estimated = True
            counted = (estimate_tokens(dumped), estimate_tokens(raw.decode("utf-8", "replace")))
        call.prompt_tokens, call.completion_tokens = counted
        call.response = raw.decode("utf-8", errors="replace")
        exchange.spend.prompt_tokens += call.prompt_tokens
        exchange.spend.completion_tokens += call.completion_tokens
        self.budget.settle(0, call.prompt_tokens + call.completion_tokens)
        call.finish_reason = replies.finish_reason(reply)
        refusal = replies.refusal(reply)
        cut = replies.cut_off(
            call.finish_reason,
            None if call.tokens_estimated else counted,
            cap=cap,
            context=self.settings.context_tokens,
        )
        if cut:
            call.status = "truncated"
            self._done(row, call)
            raise Truncated(
                f"the reply was cut off at the length limit after {call.completion_tokens} "
                f"completion tokens ({cut})",
                prompt_tokens=call.prompt_tokens,
                reply_cap=cap,
            )
        if refusal or call.finish_reason == "content_filter":
            refusal = self._redact(refusal) if refusal else None
            call.status, call.error = "refused", refusal or "content filter"
            self._done(row, call)
            raise Refused(f"the model refused: {refusal or 'stopped by the content filter'}")
        return _Sent(reply, call, row)

    def _failure(self, exc: BaseException) -> tuple[str, str]:
        if isinstance(exc, TimeoutError):
            deadline = self.settings.attempt_deadline
            return "timeout", f"timed out: no complete reply within {deadline:g} s (--deadline)"
        if isinstance(exc, openai.APITimeoutError):
            return "timeout", f"timed out: no answer within {self.settings.timeout:g} s (--timeout)"
        cause = exc.__cause__ or exc.__context__
        detail = f" ({type(cause).__name__}: {cause})" if cause else ""
        return "connection_error", self._redact(f"{type(exc).__name__}: {exc}{detail}")[:400]

    async def _alive(self) -> bool:
        """The breaker's probe: does the server answer anything at all?"""
        wait = min(self.settings.timeout, PROBE_TIMEOUT)
        try:
            async with asyncio.timeout(wait):
                await self.client.get("/models", cast_to=httpx.Response, options={"timeout": wait})
        except openai.APIStatusError:
            return True  # an error status is still an answer
        except (openai.APIConnectionError, TimeoutError):
            return False
        return True

    # -- the call log ---------------------------------------------------------------------

    def _call(
        self, exchange: _Exchange, transport_attempt: int, request_hash: str, body: str, mode: str
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
            mode=mode,
            base_url=self.server,
            prompt_version=self.prompt_version,
            status="sent",
            request=body,
            started_at=datetime.now(UTC),
        )

    def _sent(self, call: ModelCall) -> int | None:
        if self.recorder is None:
            return None
        self._scrub(call)
        return self.recorder.call_sent(call)

    def _finish(self, sent: _Sent, status: str, *, validation_error: str | None = None) -> None:
        sent.call.status = status
        sent.call.validation_error = validation_error
        self._done(sent.row, sent.call)

    def _done(self, row: int | None, call: ModelCall) -> None:
        self._scrub(call)  # also what the errors raised from `call` will say
        if self.recorder is None or row is None:
            return
        self.recorder.call_done(row, call)

    def _scrub(self, call: ModelCall) -> None:
        # The last gate before the database: whatever a message or body repeated, no key.
        for name in ("request", "response", "error", "validation_error"):
            value = getattr(call, name)
            if value:
                setattr(call, name, self._redact(value))

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
