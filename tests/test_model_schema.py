"""The response schema the model is shown: slim in every mode, while validation stays strict."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pydantic
import pytest
import respx

from summarise.backends.base import BackendOptions
from summarise.backends.openai.backend import OpenAIBackend
from summarise.backends.openai.schema import ExtractedClaims
from summarise.models import ClaimKind
from tests import openai_replies as replies
from tests.factories import document

BASE = "http://schema.test/v1"
TEXT = "The council voted on Tuesday to approve the budget of 12 million euros."
GOOD = {"claims": [replies.claim(TEXT)]}
REPLIES = {
    "tools": replies.tool_call(GOOD),
    "json_schema": replies.content(json.dumps(GOOD)),
    "md_json": replies.fenced_json(GOOD),
}


def keys_anywhere(node: Any, inside_properties: bool = False) -> set[str]:
    """Every schema keyword used below the top (property names are not keywords)."""
    found: set[str] = set()
    if isinstance(node, list):
        for item in node:
            found |= keys_anywhere(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if not inside_properties:
                found.add(key)
            found |= keys_anywhere(value, inside_properties=key == "properties")
    return found


async def sent_request(mode: str) -> dict[str, Any]:
    chosen = OpenAIBackend(BackendOptions(base_url=BASE, model="m", mode=mode))
    with respx.mock(base_url=BASE) as mock:
        route = mock.post("/chat/completions").mock(
            return_value=httpx.Response(200, json=REPLIES[mode])
        )
        try:
            result = await chosen.extract(document(TEXT))
        finally:
            await chosen.aclose()
    assert [c.quote for c in result.claims] == [TEXT]
    return dict(json.loads(route.calls[0].request.content))


@pytest.mark.parametrize("mode", ["tools", "json_schema"])
async def test_the_schema_sent_has_no_titles_defaults_refs_or_nulls(mode: str) -> None:
    request = await sent_request(mode)
    if mode == "tools":
        function = request["tools"][0]["function"]
        assert function["name"] == "ExtractedClaims"
        schema = function["parameters"]
    else:
        schema = request["response_format"]["json_schema"]["schema"]
        schema = {k: v for k, v in schema.items() if k not in ("title", "description")}
    used = keys_anywhere(schema)
    assert not used & {"title", "default", "$ref", "$defs", "anyOf"}
    claim = schema["properties"]["claims"]["items"]
    assert set(claim["properties"]) == {"text", "quote", "kind", "attribution", "figures"}
    assert claim["required"] == ["text", "quote", "kind"]
    assert claim["properties"]["kind"]["enum"] == [kind.value for kind in ClaimKind]
    figure = claim["properties"]["figures"]["items"]
    assert figure["required"] == ["raw", "value"]
    assert figure["properties"]["value"]["type"] == "number"


async def test_md_json_mode_shows_the_slim_schema_in_the_prompt() -> None:
    request = await sent_request("md_json")
    prompt = " ".join(str(m["content"]) for m in request["messages"])
    assert '"enum": [' in prompt and '"quote"' in prompt
    assert "$defs" not in prompt and '"default"' not in prompt


def test_validation_is_as_strict_as_before() -> None:
    parsed = ExtractedClaims.model_validate(
        {
            "claims": [
                {"text": "a", "quote": "a", "kind": "statement", "attribution": None},
                {
                    "text": "b",
                    "quote": "b",
                    "kind": "figure",
                    "figures": [{"raw": "2", "value": 2}],
                },
            ]
        }
    )
    assert parsed.claims[0].attribution is None and parsed.claims[1].figures[0].counts == ""
    for bad in ({"text": "", "quote": "a", "kind": "event"}, {"text": "a", "quote": "a"}):
        with pytest.raises(pydantic.ValidationError):
            ExtractedClaims.model_validate({"claims": [bad]})


def test_each_caller_gets_its_own_copy() -> None:
    first = ExtractedClaims.model_json_schema()
    first["properties"]["claims"]["items"]["properties"]["text"]["description"] = "changed"
    assert ExtractedClaims.model_json_schema() != first
    # Asking for pydantic's own rendering still works, titles and all.
    full = ExtractedClaims.model_json_schema(
        schema_generator=pydantic.json_schema.GenerateJsonSchema
    )
    assert "$defs" in full
