"""Request lines for a remote job and the reading of its replies, as the live path does it.

A batch request is the live path's first attempt for one chunk, written down instead of sent:
the same prompt, marker, schema and mode (instructor builds the body, as it does live), the
same cache key. A reply goes through the same instructor parsing and grounding validator; one
that fails is re-asked with instructor's own re-ask messages in a follow-up request, and on the
last round the validator lets it through and ungrounded claims are dropped and counted, as
live. A provider's JSONL (`custom_id`, `method`, `url`, `body` in; `id`, `custom_id`,
`response`, `error` out) is OpenAI's Batch API format, which vLLM's `run_batch` also reads and
writes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from summarise.backends.openai import reply as replies
from summarise.backends.openai.backend import OpenAIBackend
from summarise.backends.openai.chunking import Span, estimate_tokens
from summarise.backends.openai.request import reask_request
from summarise.backends.openai.schema import (
    GROUNDING,
    SCHEMA_VERSION,
    GroundingContext,
)
from summarise.backends.openai.settings import AUTO_MODE, MODES
from summarise.backends.openai.transport import public_url, redact
from summarise.models import CachedResponse, Claim, Document, Extraction, ModelCall, short_hash

URL = "/v1/chat/completions"
# Kept of a failed reply's message in the database.
ERROR_CHARS = 500


@dataclass(frozen=True)
class RequestLine:
    """One line of a request file."""

    custom_id: str
    document_id: str
    span: Span
    cache_key: str
    round: int
    body: dict[str, Any]
    estimated_tokens: int

    def jsonl(self) -> str:
        line = {"custom_id": self.custom_id, "method": "POST", "url": URL, "body": self.body}
        return json.dumps(line, ensure_ascii=False, separators=(",", ":"))


@dataclass
class Reply:
    """What one line of an output or error file says about its request.

    status: ok (`payload` is the validated answer), invalid (did not validate; `follow_up`
    is the re-ask body when another round is allowed) or failed (`error` says why).
    """

    custom_id: str
    status: str
    call_status: str
    error: str | None = None
    payload: str | None = None
    follow_up: dict[str, Any] | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    tokens_estimated: bool = False
    http_status: int | None = None
    finish_reason: str | None = None
    response: str | None = None


class BatchCodec:
    """Builds request lines and reads replies for one model backend's settings."""

    def __init__(self, backend: OpenAIBackend) -> None:
        self.backend = backend
        self.settings = backend.settings
        self.prompts = backend.prompts
        self.key = backend.key
        # A provider cannot be probed for the mode it takes: auto means tools, which
        # OpenAI's Batch API and vLLM both accept (and which the live path tries first).
        chosen = backend.settings.mode
        self.mode = MODES[0] if chosen == AUTO_MODE else chosen

    @property
    def rounds(self) -> int:
        """Requests one chunk may take: the first ask and its re-asks (validation retries)."""
        return self.settings.validation_retries + 1

    def spans(self, document: Document) -> list[tuple[Span, str]]:
        """The document's chunks, each with how the prompt names it."""
        plan = self.backend.plan(document)
        return [(span, part_label(number, len(plan))) for number, span in enumerate(plan, 1)]

    def cache_key(self, document: Document, span: Span) -> str:
        return self.backend.cache_key(document, span, self.mode)

    def request(
        self, document: Document, span: Span, part: str, *, resubmission: int = 0
    ) -> RequestLine:
        """The first ask for one chunk: the body the live path sends (prompt, schema and
        structure of the mode, reply cap, temperature), built by the same code."""
        return RequestLine(
            custom_id=custom_id(document.id, span, 0, resubmission),
            document_id=document.id,
            span=span,
            cache_key=self.cache_key(document, span),
            round=0,
            body=self.backend.build_request(document, span, mode=self.mode, part=part),
            estimated_tokens=self.backend.request_tokens(document, span),
        )

    def read(self, line: dict[str, Any], *, text: str, body: dict[str, Any], round: int) -> Reply:
        """One output or error line, parsed and validated against the chunk's `text`."""
        identifier = str(line.get("custom_id") or "")
        response = line.get("response") or {}
        status_code = response.get("status_code") if isinstance(response, dict) else None
        answer = response.get("body") if isinstance(response, dict) else None
        if line.get("error") or status_code != 200 or not isinstance(answer, dict):
            message = _error_message(line.get("error"), answer)
            return Reply(
                identifier,
                "failed",
                "http_error",
                error=self._redact(
                    f"the provider could not run the request ({status_code or 'no status'}: "
                    f"{message})"
                ),
                http_status=status_code if isinstance(status_code, int) else None,
                response=self._redact(json.dumps(line, ensure_ascii=False)[: ERROR_CHARS * 4]),
            )
        dumped = self._redact(json.dumps(answer, ensure_ascii=False))
        try:
            completion = replies.read_completion(dumped.encode("utf-8"), "application/json")
        except replies.NotACompletion as exc:
            return Reply(
                identifier, "failed", "bad_reply", error=str(exc), http_status=200, response=dumped
            )
        reply = Reply(identifier, "ok", "ok", http_status=200, response=dumped)
        self._account(reply, completion, body, dumped)
        reply.finish_reason = replies.finish_reason(completion)
        refusal = replies.refusal(completion)
        if reply.finish_reason == "length":
            reply.status, reply.call_status = "failed", "truncated"
            reply.error = (
                f"the reply was cut off at the length limit after {reply.completion_tokens} "
                "completion tokens; rerun live (summarise batch) to split the chunk"
            )
            return reply
        if refusal or reply.finish_reason == "content_filter":
            reply.status, reply.call_status = "failed", "refused"
            reply.error = f"the model refused: {refusal or 'stopped by the content filter'}"
            return reply
        last = round + 1 >= self.rounds
        token = GROUNDING.set(GroundingContext(text, last_attempt=last))
        try:
            result = replies.parse_claims(completion, self.mode)
        except (ValueError, ValidationError) as exc:
            reply.call_status = "invalid"
            reply.error = self._redact(_first_line(str(exc)))
            if last:
                reply.status = "failed"
                reply.error = (
                    f"the reply did not validate after {round + 1} attempt(s): {reply.error}"
                )
            else:
                reply.status = "invalid"
                reply.follow_up = reask_request(dict(body), self.mode, completion, exc)
            return reply
        finally:
            GROUNDING.reset(token)
        reply.payload = result.model_dump_json()
        return reply

    def follow_up(self, request_id: str, body: dict[str, Any], round: int) -> tuple[str, str]:
        """The custom_id and JSON body of a re-ask."""
        document_id, span, _, _ = parse_custom_id(request_id)
        return custom_id(document_id, span, round, 0), json.dumps(body, ensure_ascii=False)

    def ground(self, document: Document, span: Span, payload: str) -> tuple[list[Claim], int]:
        return self.backend.ground_reply(document, span, payload)

    def assemble(
        self,
        document: Document,
        parts: list[tuple[list[Claim], int]],
        *,
        prompt_tokens: int,
        completion_tokens: int,
        calls: int,
    ) -> Extraction:
        return Extraction(
            document_id=document.id,
            claims=self.backend.deduplicate([claim for found, _ in parts for claim in found]),
            dropped_ungrounded=sum(dropped for _, dropped in parts),
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            calls=calls,
        )

    def cache_entry(
        self, cache_key: str, document_id: str, span: Span, reply: Reply
    ) -> CachedResponse:
        """The live path's response-cache row for this answer (under the live path's key,
        recorded with the request): a later live run reuses it and pays nothing."""
        assert reply.payload is not None
        return CachedResponse(
            key=cache_key,
            document_id=document_id,
            chunk_start=span.start,
            chunk_end=span.end,
            model=self.settings.model,
            mode=self.mode,
            prompt_version=self.prompts.version,
            schema_version=SCHEMA_VERSION,
            payload=reply.payload,
            prompt_tokens=reply.prompt_tokens,
            completion_tokens=reply.completion_tokens,
        )

    def call(self, document_id: str, span: Span, round: int, body: str, reply: Reply) -> ModelCall:
        """The call-log row for one batch reply, priced as batch."""
        return ModelCall(
            document_id=document_id,
            chunk_start=span.start,
            chunk_end=span.end,
            attempt=round + 1,
            transport_attempt=1,
            request_hash=short_hash(body, length=24),
            model=self.settings.model,
            mode=self.mode,
            base_url=public_url(self.settings.base_url),
            prompt_version=self.prompts.version,
            status=reply.call_status,
            http_status=reply.http_status,
            finish_reason=reply.finish_reason,
            prompt_tokens=reply.prompt_tokens,
            completion_tokens=reply.completion_tokens,
            tokens_estimated=reply.tokens_estimated,
            validation_error=reply.error if reply.call_status == "invalid" else None,
            error=reply.error if reply.call_status != "invalid" else None,
            request=self._redact(body),
            response=reply.response,
            started_at=datetime.now(UTC),
            pricing="batch",
        )

    def _account(
        self, reply: Reply, completion: dict[str, Any], body: dict[str, Any], dumped: str
    ) -> None:
        usage = replies.usage(completion)
        if usage is not None:
            reply.prompt_tokens, reply.completion_tokens = usage
        else:  # vLLM and some servers may leave usage out: count an estimate, as live
            reply.tokens_estimated = True
            reply.prompt_tokens = estimate_tokens(json.dumps(body, ensure_ascii=False))
            reply.completion_tokens = estimate_tokens(dumped)

    def _redact(self, text: str) -> str:
        return redact(text, self.settings.api_key)


def part_label(number: int, total: int) -> str:
    """How the prompt names a chunk (as OpenAIBackend.extract does)."""
    if total == 1:
        return "the whole article"
    return f"part {number} of {total}; the article continues " + (
        "before and after it" if 1 < number < total else "elsewhere"
    )


def custom_id(document_id: str, span: Span, round: int, resubmission: int) -> str:
    """Readable and unique: document, chunk, re-ask round and resubmission."""
    return f"{document_id}:{span.start}-{span.end}:r{round}" + (
        f".{resubmission}" if resubmission else ""
    )


def parse_custom_id(value: str) -> tuple[str, Span, int, int]:
    document_id, chunk, attempt = value.split(":")
    start, end = chunk.split("-")
    round_text, _, resubmission = attempt.removeprefix("r").partition(".")
    return document_id, Span(int(start), int(end)), int(round_text), int(resubmission or 0)


def _error_message(error: Any, body: Any) -> str:
    if isinstance(error, dict):
        return str(error.get("message") or error.get("code") or error)[:ERROR_CHARS]
    if error:
        return str(error)[:ERROR_CHARS]
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])[:ERROR_CHARS]
    return "no reply"


def _first_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return " / ".join(lines[:3])[:ERROR_CHARS]
