"""Reading a server's 200 reply: is it a chat completion, and what does it claim?

The body is read as JSON and checked by hand (a few dict look-ups) rather than built into the
openai client's pydantic objects: a reply that is an HTML page, `choices: []` or a message
without the mode's structure fails with a reason a user can act on, and a good reply costs
one JSON parse plus the validation of the claims themselves.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from instructor.v2.core.json import extract_json_from_codeblock
from pydantic import BaseModel

from summarise.backends.openai.schema import ExtractedClaims

AnswerT = TypeVar("AnswerT", bound=BaseModel)

# Kept of an unusable reply's body in the call log.
EXCERPT_CHARS = 500


class NotACompletion(Exception):
    """The server answered 200 with something that is not a chat completion."""


def read_completion(raw: bytes, content_type: str) -> dict[str, Any]:
    """The reply body as a chat completion dict, or NotACompletion saying what it was."""
    text = raw.decode("utf-8", errors="replace")
    if "html" in content_type.lower() or text.lstrip()[:1] == "<":
        raise NotACompletion("the server answered with an HTML page, not a chat completion")
    try:
        body = json.loads(text)
    except json.JSONDecodeError:
        raise NotACompletion(
            f"the server's reply is not JSON ({content_type or 'no content type'}), "
            "not a chat completion"
        ) from None
    if not isinstance(body, dict):
        raise NotACompletion("the server's reply is JSON but not a chat completion object")
    choices = body.get("choices")
    if not isinstance(choices, list) or not choices:
        raise NotACompletion("the server's reply has no choices (`choices` is empty or missing)")
    choice = choices[0]
    if not isinstance(choice, dict) or not isinstance(choice.get("message"), dict):
        raise NotACompletion("the server's reply has a choice without a message")
    return body


def finish_reason(body: dict[str, Any]) -> str | None:
    reason = body["choices"][0].get("finish_reason")
    return str(reason) if reason is not None else None


def cut_off(
    reason: str | None,
    counted: tuple[int, int] | None,
    *,
    cap: int | None,
    context: int | None,
) -> str | None:
    """Why a reply was cut off before its end, or None. finish_reason "length" says so; a
    server may not: llama.cpp reports "tool_calls" for a tool call cut off at the token limit,
    so the server's own token counts (`counted`: prompt, completion; None when it sent none)
    are checked too: a completion that reached the cap sent as max_tokens, or a prompt and
    completion that filled the context window (--context)."""
    if reason == "length":
        return "finish_reason length"
    if counted is None:
        return None
    prompt, completion = counted
    if cap and completion >= cap:
        return f"it reached the {cap}-token reply cap, finish_reason {reason}"
    if context and prompt + completion >= context:
        return f"the prompt and reply filled the {context}-token context, finish_reason {reason}"
    return None


def refusal(body: dict[str, Any]) -> str | None:
    value = body["choices"][0]["message"].get("refusal")
    return str(value) if value else None


def usage(body: dict[str, Any]) -> tuple[int, int] | None:
    counted = body.get("usage")
    if not isinstance(counted, dict):
        return None
    return int(counted.get("prompt_tokens") or 0), int(counted.get("completion_tokens") or 0)


def claims_json(body: dict[str, Any], mode: str, function: str = "ExtractedClaims") -> str:
    """The JSON the model gave as its answer, from where `mode` puts it. ValueError (which
    is re-asked) when the message does not carry it."""
    message = body["choices"][0]["message"]
    if mode == "tools":
        calls = message.get("tool_calls") or []
        if not calls:
            raise ValueError(
                f"You must call the {function} function with your answer as its arguments."
            )
        arguments = (calls[0].get("function") or {}).get("arguments")
        if not isinstance(arguments, str):
            raise ValueError(f"The {function} call has no arguments.")
        return arguments
    content = message.get("content")
    if not isinstance(content, str) or not content.strip():
        raise ValueError("The reply was empty: answer with the JSON object.")
    if mode == "md_json" or content.lstrip()[:1] not in ("{", "["):
        return extract_json_from_codeblock(content)
    return content


def parse_claims(body: dict[str, Any], mode: str) -> ExtractedClaims:
    """The reply's claims, validated (and grounded, when GROUNDING is set)."""
    return parse_reply(body, mode, ExtractedClaims)


def parse_reply(body: dict[str, Any], mode: str, response_model: type[AnswerT]) -> AnswerT:
    """The reply's answer validated as `response_model`."""
    return response_model.model_validate_json(claims_json(body, mode, response_model.__name__))
