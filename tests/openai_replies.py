"""Chat-completion replies as an OpenAI-compatible server sends them, for respx and stubs."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

USAGE = {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}
_DOCUMENT = re.compile(r"<<<DOCUMENT (\w+)>>>\n(.*)\n<<<END DOCUMENT \1>>>", re.DOTALL)


def claim(quote: str, text: str | None = None, **fields: Any) -> dict[str, Any]:
    return {"text": text or quote, "quote": quote, "kind": "event", **fields}


def completion(
    message: dict[str, Any], *, finish_reason: str = "stop", usage: dict[str, int] | None = None
) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1700000000,
        "model": "test-model",
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": usage or USAGE,
    }


def tool_call(arguments: dict[str, Any] | str, **options: Any) -> dict[str, Any]:
    """A TOOLS-mode reply calling the extraction function with `arguments`."""
    raw = arguments if isinstance(arguments, str) else json.dumps(arguments)
    message = {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "ExtractedClaims", "arguments": raw},
            }
        ],
    }
    return completion(message, finish_reason=options.pop("finish_reason", "tool_calls"), **options)


def content(text: str, **options: Any) -> dict[str, Any]:
    """A plain content reply (JSON_SCHEMA mode, MD_JSON mode, or a refusal-like answer)."""
    return completion({"role": "assistant", "content": text}, **options)


def fenced_json(arguments: dict[str, Any]) -> dict[str, Any]:
    return content("Here you are:\n```json\n" + json.dumps(arguments) + "\n```")


def refusal(reason: str = "I can't help with that.", **options: Any) -> dict[str, Any]:
    return completion({"role": "assistant", "content": None, "refusal": reason}, **options)


def error(status: int, message: str, headers: dict[str, str] | None = None) -> httpx.Response:
    body = {"error": {"message": message, "type": "invalid_request_error", "code": None}}
    return httpx.Response(status, json=body, headers=headers or {})


def document_in(request_body: dict[str, Any]) -> str:
    """The document text between the data markers of a request's messages."""
    for message in request_body.get("messages", []):
        found = _DOCUMENT.search(str(message.get("content") or ""))
        if found:
            return found.group(2)
    raise ValueError("no document block in the request")


def grounded_claims(document: str, limit: int = 3) -> dict[str, Any]:
    """Arguments naming up to `limit` of the document's sentences, each quoted verbatim."""
    sentences = [s for s in re.findall(r"[^.\n]+\.", document) if len(s.strip()) > 10]
    return {"claims": [claim(s.strip()) for s in sentences[:limit]]}


def reply_for(request_body: dict[str, Any], limit: int = 3) -> dict[str, Any]:
    """A valid grounded reply in the request's own mode (tools, json_schema or md_json)."""
    arguments = grounded_claims(document_in(request_body), limit)
    if request_body.get("tools"):
        return tool_call(arguments)
    if request_body.get("response_format"):
        return content(json.dumps(arguments))
    return fenced_json(arguments)
