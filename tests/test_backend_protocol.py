"""The chunked-backend protocol (backends/base.py) that the remote-job path drives: the
model backend keeps it, and the remote path reaches the backend through it alone."""

from __future__ import annotations

import ast
import json

import pytest
import respx

from summarise.backends.base import ChunkedBackend, ExtractionFailed, Span
from summarise.models import Claim
from tests import openai_replies as replies
from tests.conftest import REPO
from tests.factories import document
from tests.test_openai_backend import BASE, backend, route

TEXT = (
    "The lighthouse keeper logged a gale on Sunday night.\n"
    "Two trawlers sheltered in the bay until the wind dropped.\n"
)
# The modules that drive a backend through a remote job.
REMOTE_PATH = [
    "summarise/pipeline/remote.py",
    "summarise/pipeline/remote_submit.py",
    "summarise/pipeline/remote_collect.py",
    "summarise/backends/openai/batch_codec.py",
]


@pytest.mark.parametrize("path", REMOTE_PATH)
def test_the_remote_path_uses_no_private_name_of_another_object_or_module(path: str) -> None:
    tree = ast.parse((REPO / path).read_text(encoding="utf-8"))
    reached = [
        f"line {node.lineno}: .{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
        and not (isinstance(node.value, ast.Name) and node.value.id == "self")
    ]
    imported = [
        f"line {node.lineno}: {alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert reached == [] and imported == []


def test_the_model_backend_keeps_the_protocol() -> None:
    chosen = backend()
    assert isinstance(chosen, ChunkedBackend)
    source = document(TEXT)
    plan = chosen.plan(source)
    assert plan == [Span(0, len(TEXT))]
    # --dry-run's estimate is the sum of the planned requests' (nothing is cached).
    assert chosen.estimate_tokens(source) == sum(chosen.request_tokens(source, s) for s in plan)
    # The key depends on the mode, so a reply in one mode is never read as another's.
    assert chosen.cache_key(source, plan[0], "tools") != chosen.cache_key(source, plan[0], "json")


def test_ground_reply_places_quotes_at_whole_document_offsets_and_counts_the_rest() -> None:
    source = document(TEXT)
    second = TEXT.index("Two trawlers")
    span = Span(second, len(TEXT))
    payload = json.dumps(
        {
            "claims": [
                replies.claim("Two trawlers sheltered in the bay"),
                replies.claim("A ferry sank in the harbour."),  # not in the text
            ]
        }
    )
    claims, dropped = backend().ground_reply(source, span, payload)
    assert dropped == 1
    [claim] = claims
    assert (claim.quote_start, claim.quote_end) == (second, second + len(claim.quote))
    assert TEXT[claim.quote_start : claim.quote_end] == "Two trawlers sheltered in the bay"


def test_deduplicate_keeps_one_claim_per_quote_and_per_statement() -> None:
    chosen = backend()

    def made(start: int, end: int, text: str) -> Claim:
        return Claim(
            id=f"c{start}-{end}-{text}",
            document_id="d",
            text=text,
            quote=TEXT[start:end],
            quote_start=start,
            quote_end=end,
            provenance=chosen.key.provenance(),
        )

    kept = chosen.deduplicate(
        [
            made(10, 20, "B said"),
            made(0, 9, "A said"),
            made(10, 20, "B again"),
            made(30, 40, "a SAID"),
        ]
    )
    assert [c.text for c in kept] == ["A said", "B said"]


@respx.mock(base_url=BASE)
async def test_extract_span_answers_one_chunk_and_fails_in_the_contracts_terms(
    respx_mock: respx.MockRouter,
) -> None:
    source = document(TEXT)
    claimed = {"claims": [replies.claim("The lighthouse keeper logged a gale on Sunday night.")]}
    route(respx_mock, replies.tool_call(claimed), replies.refusal("Not this one."))
    chosen = backend()
    claims, dropped = await chosen.extract_span(source, Span(0, len(TEXT)), "the whole article")
    assert [c.quote for c in claims] == [claimed["claims"][0]["quote"]] and dropped == 0
    with pytest.raises(ExtractionFailed, match="refused: Not this one"):
        await chosen.extract_span(source, Span(0, len(TEXT)), "the whole article")
