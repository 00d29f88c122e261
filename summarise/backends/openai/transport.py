"""Sending one request with transport retries: which errors to retry, how long to wait,
the client-side rate limit, and keeping the API key out of every message."""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit, urlunsplit

import openai

from summarise.backends.openai.settings import Sleep

# Worth resending: the server was busy, slow or broken, not the request.
RETRYABLE_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})
KEY_MASK = "[API key]"
_KEY_PATTERN = re.compile(r"\b(sk-[A-Za-z0-9_\-]{2,})[A-Za-z0-9_\-*]*")


class RequestRejected(Exception):
    """The server refused the request itself; resending the same request cannot help.

    `fatal`: every other document would be refused too (bad key, unknown model, no tool
    calling), so the batch should stop. `too_long`: the prompt is over the context window.
    """

    def __init__(self, message: str, *, fatal: bool = False, too_long: bool = False) -> None:
        super().__init__(message)
        self.fatal = fatal
        self.too_long = too_long


def public_url(url: str | None) -> str | None:
    """The server URL without credentials: no user:password, no query (`?api-key=`), so it
    can be logged and printed."""
    if not url:
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def redact(text: str, api_key: str | None) -> str:
    """`text` with the API key (and anything shaped like an OpenAI key) masked."""
    if api_key and len(api_key) >= 6:
        text = text.replace(api_key, KEY_MASK)
    return _KEY_PATTERN.sub("sk-[redacted]", text)


def retry_delay(
    headers: Mapping[str, str] | None,
    retry: int,
    *,
    base: float,
    cap: float,
    max_wait: float,
) -> float:
    """Seconds to wait before retry number `retry` (1 = first): the server's retry-after-ms or
    retry-after when it sends one, else exponential backoff with jitter."""
    asked = _retry_after(headers or {})
    if asked is not None:
        return min(max(asked, 0.0), max_wait)
    backoff = min(cap, base * 2 ** (retry - 1))
    return backoff * (0.5 + random.random() / 2)


def _retry_after(headers: Mapping[str, str]) -> float | None:
    value = headers.get("retry-after-ms")
    if value:
        try:
            return float(value) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when.timestamp() - time.time()


def classify(
    error: openai.APIStatusError, *, mode: str, model: str, api_key: str | None
) -> RequestRejected:
    """Why a non-retryable status failed, in words that say what to do."""
    status = error.status_code
    message = redact(_server_message(error), api_key)
    lowered = message.lower()
    if status in (401, 403):
        return RequestRejected(
            f"the server refused the credentials ({status}: {message}); check OPENAI_API_KEY",
            fatal=True,
        )
    if status == 404:
        return RequestRejected(
            f"model {model!r} or the endpoint was not found ({status}: {message}); "
            "check --model and --base-url",
            fatal=True,
        )
    if status == 429:  # not retryable: the account's quota is spent
        return RequestRejected(f"quota exhausted ({status}: {message})", fatal=True)
    if "context" in lowered and ("length" in lowered or "window" in lowered):
        return RequestRejected(f"the prompt is too long ({status}: {message})", too_long=True)
    if mode == "tools" and "tool" in lowered:
        return RequestRejected(
            f"the server or model does not support tool calling ({status}: {message}); "
            "use --mode json_schema, or --mode md_json for servers without structured output",
            fatal=True,
        )
    if mode == "json_schema" and ("response_format" in lowered or "json_schema" in lowered):
        return RequestRejected(
            f"the server does not support response_format json_schema ({status}: {message}); "
            "use --mode md_json",
            fatal=True,
        )
    return RequestRejected(f"the server rejected the request ({status}: {message})")


def is_retryable(error: openai.APIStatusError) -> bool:
    if error.status_code == 429:
        # OpenAI answers 429 both for "slow down" and for "no money left"; only one passes.
        return _error_code(error) != "insufficient_quota"
    return error.status_code in RETRYABLE_STATUS or error.status_code >= 500


def _error_code(error: openai.APIStatusError) -> str | None:
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict):
            code = inner.get("code") or inner.get("type")
            return str(code) if code else None
    return None


def _server_message(error: openai.APIStatusError) -> str:
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
        if isinstance(inner, str):
            return inner
    text = error.response.text if error.response is not None else ""
    return (text or str(error))[:300]


class RateLimiter:
    """Spaces request starts at least 60/rpm seconds apart, across all documents."""

    def __init__(self, requests_per_minute: float, sleep: Sleep = asyncio.sleep) -> None:
        self.interval = 60.0 / requests_per_minute
        self.sleep = sleep
        self.next_start = 0.0
        self.lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self.lock:
            now = time.monotonic()
            wait = self.next_start - now
            self.next_start = max(now, self.next_start) + self.interval
        if wait > 0:
            await self.sleep(wait)
