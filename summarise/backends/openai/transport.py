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

import httpx
import openai

from summarise.backends.openai.settings import Sleep

# Worth resending: the server was busy, slow or broken, not the request.
RETRYABLE_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})
KEY_MASK = "[API key]"
# Kept of a server's error message in what a user is told (the call log keeps the body).
MESSAGE_CHARS = 300
# The line of a traceback that names the exception: "ValueError: ...", "jinja2.X: ...".
_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b:?")
_FRAME_LINE = re.compile(r'^File "[^"]*", line \d+')
# pydantic's error dict as a server prints it: {'type': ..., 'loc': (...), 'msg': "..."}
_PYDANTIC_ERROR = re.compile(r"'loc': \(([^)]*)\), 'msg': [\"']([^\"]*?)[\"'], ")
_KEY_PATTERN = re.compile(r"\b(sk-[A-Za-z0-9_\-]{2,})[A-Za-z0-9_\-*]*")


class RequestRejected(Exception):
    """The server refused the request itself; resending the same request cannot help.

    `fatal`: every other document would be refused too (bad key, unknown model, no tool
    calling), so the batch should stop. `too_long`: the prompt is over the context window.
    `mode_refused`: the server does not support how the mode asks for structure.
    """

    def __init__(
        self,
        message: str,
        *,
        fatal: bool = False,
        too_long: bool = False,
        mode_refused: bool = False,
    ) -> None:
        super().__init__(message)
        self.fatal = fatal
        self.too_long = too_long
        self.mode_refused = mode_refused


# What each mode asks the server for: a reply naming one of these refused the mode itself.
MODE_FIELDS: dict[str, tuple[str, ...]] = {
    "tools": ("tool_choice", "tools", "tool call", "function call"),
    "json_schema": ("response_format", "json_schema"),
    "json": ("response_format", "json_object"),
    "md_json": (),
}
MODE_ADVICE: dict[str, str] = {
    "tools": "use --mode json_schema or --mode json (or --mode auto to pick)",
    "json_schema": "use --mode json (llama.cpp, Ollama, vLLM) or --mode md_json",
    "json": "use --mode md_json",
    "md_json": "check the server",
}


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
    if _too_long(lowered):
        return RequestRejected(f"the prompt is too long ({status}: {message})", too_long=True)
    if refuses_mode(error, mode):
        return RequestRejected(
            f"the server does not support --mode {mode} ({status}: {message}); {MODE_ADVICE[mode]}",
            fatal=True,
            mode_refused=True,
        )
    return RequestRejected(f"the server rejected the request ({status}: {message})")


def refuses_mode(error: openai.APIStatusError, mode: str) -> bool:
    """A 4xx, or a 5xx whose body names what the mode asks for (llama.cpp answers 500 to a
    response_format it does not know): the server refuses the mode, resending cannot help."""
    if error.status_code == 429:
        return False
    lowered = _body_text(error).lower()
    return any(word in lowered for word in MODE_FIELDS.get(mode, ()))


def _too_long(lowered: str) -> bool:
    return ("context" in lowered and ("length" in lowered or "window" in lowered)) or (
        "exceed" in lowered and "context" in lowered
    )


def is_retryable(error: openai.APIStatusError, mode: str = "") -> bool:
    if error.status_code >= 500 and (
        refuses_mode(error, mode) or _too_long(_body_text(error).lower())
    ):
        return False
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


def _body_text(error: openai.APIStatusError) -> str:
    try:
        return error.response.text[:4000] if error.response is not None else str(error)
    except (httpx.ResponseNotRead, UnicodeDecodeError):
        return str(error)


def _server_message(error: openai.APIStatusError) -> str:
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return one_line(str(inner["message"]))
        if isinstance(inner, str):
            return one_line(inner)
    text = error.response.text if error.response is not None else ""
    return one_line(text or str(error))


def one_line(message: str, limit: int = MESSAGE_CHARS) -> str:
    """A server's error message as one line: a Python traceback (llama-cpp-python's server
    puts one in a 500's body) is reduced to its last line, the exception itself; other text
    to its first line. The whole body stays in the call log."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    if any(line.startswith("Traceback (most recent call last)") for line in lines):
        exception = [line for line in lines if _EXCEPTION_LINE.match(line)]
        chosen = exception[-1] if exception else lines[-1]
    else:
        # A frame ('File "...", line N, in f' and the source line after it) is not the news.
        kept: list[str] = []
        skip_next = False
        for line in lines:
            if _FRAME_LINE.match(line):
                skip_next = True
                continue
            if not skip_next:
                kept.append(line)
            skip_next = False
        if not kept:
            return ""
        chosen = kept[0]
        if chosen.endswith(":") and len(kept) > 1:
            # "1 validation error:" then pydantic's error dict: its location and message.
            detail = _PYDANTIC_ERROR.search(kept[1])
            chosen += " " + (
                f"{detail.group(1).replace(chr(39), '').replace(', ', '.')}: {detail.group(2)}"
                if detail
                else kept[1]
            )
    return chosen if len(chosen) <= limit else chosen[: limit - 1] + "…"


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
