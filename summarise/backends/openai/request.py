"""The chat-completions request body for one chunk, in each mode, and its re-ask.

instructor's mode handlers decide what a mode adds to a request (the tool and tool_choice,
the response_format, the schema appended to the system prompt) and how a re-ask tells the
model its error; they are run once per mode on placeholder messages, and each real request
fills the placeholders in, since running them per request cost ~0.3-0.9 ms of CPU each.
The live path and the Batch API path both build their bodies here.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import instructor
from instructor.processing.response import handle_reask_kwargs, handle_response_model
from openai.types.chat import ChatCompletion
from pydantic import BaseModel

from summarise.backends.openai.schema import ExtractedClaims

INSTRUCTOR_MODES: dict[str, instructor.Mode] = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
    "md_json": instructor.Mode.MD_JSON,
}
_SYSTEM = "\x00SYSTEM\x00"
_USER = "\x00USER\x00"


@cache
def _template(
    mode: str, response_model: type[BaseModel]
) -> tuple[dict[str, Any], tuple[dict[str, Any], ...]]:
    """What `mode` adds to a request for `response_model`: (extra body keys, messages with
    placeholders)."""
    placeholders = [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": _USER}]
    _, kwargs = handle_response_model(
        response_model, mode=INSTRUCTOR_MODES[mode], messages=placeholders
    )
    messages = tuple(kwargs.pop("messages"))
    return kwargs, messages


def build_request(
    messages: list[dict[str, str]],
    *,
    mode: str,
    model: str,
    reply_cap: int | None = None,
    cap_field: str = "max_tokens",
    temperature: float | None = None,
    response_model: type[BaseModel] = ExtractedClaims,
) -> dict[str, Any]:
    """The chat-completions body asking for `messages` (system, user) in `mode`, with the
    reply capped at `reply_cap` tokens (sent as `cap_field`); the answer's shape is
    `response_model` (the claims, or a story synthesis)."""
    extra, template = _template(mode, response_model)
    system, user = messages[0]["content"], messages[1]["content"]
    filled = [
        {
            **message,
            "content": message["content"].replace(_SYSTEM, system).replace(_USER, user),
        }
        for message in template
    ]
    # The mode's parts (the tool schema) are shared by every body, not copied: a body is
    # only serialised, never edited (re-asks build new message lists).
    body: dict[str, Any] = {"model": model, "messages": filled, **extra}
    if reply_cap is not None:
        body[cap_field] = reply_cap
    if temperature is not None:
        body["temperature"] = temperature
    return body


def reask_request(
    first: dict[str, Any], mode: str, reply: dict[str, Any], error: Exception
) -> dict[str, Any]:
    """The re-ask after `reply` failed with `error`: the first request plus that reply and the
    error only, never the whole history, so a re-ask is no longer than the first request plus
    one reply and one error message."""
    body = {**first, "messages": list(first["messages"])}
    completion = ChatCompletion.model_validate(reply)
    return handle_reask_kwargs(body, INSTRUCTOR_MODES[mode], completion, error)


def body_json(body: dict[str, Any]) -> str:
    """The request body as it is logged and hashed."""
    return json.dumps(body, sort_keys=True, ensure_ascii=False)


def fresh_retry(first: dict[str, Any], error: str) -> dict[str, Any]:
    """The first request plus the last error alone (no earlier reply): the shortest re-ask,
    for when a full re-ask does not fit the server's context window."""
    note = "An earlier answer to this request was rejected for this reason; avoid it:\n" + error
    return {**first, "messages": [*first["messages"], {"role": "user", "content": note}]}
