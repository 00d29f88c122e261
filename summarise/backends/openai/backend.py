"""The model backend: claims from any OpenAI-compatible server, grounded, cached and counted."""

from __future__ import annotations

import math
import os
import re
from urllib.parse import urlsplit

import openai

from summarise.backends.base import (
    Backend,
    BackendOptions,
    BatchAborted,
    CallRecorder,
    ExtractionFailed,
)
from summarise.backends.openai import prompts
from summarise.backends.openai.asker import Asker, GaveUp, Refused, Spend, TokenBudget, Truncated
from summarise.backends.openai.chunking import Span, estimate_tokens, halve, split_spans
from summarise.backends.openai.connections import http_client
from summarise.backends.openai.schema import SCHEMA_VERSION, ExtractedClaims
from summarise.backends.openai.settings import ModelSettings, SettingsError
from summarise.backends.openai.transport import RequestRejected, public_url
from summarise.grounding import locate_quote
from summarise.models import (
    CachedResponse,
    Claim,
    Document,
    Extraction,
    ExtractionKey,
    Figure,
    short_hash,
)

# A reply restates most of its text as quotes plus claim texts: about this many completion
# tokens per document token, plus a fixed part (the JSON around them).
COMPLETION_RATIO = 0.8
COMPLETION_BASE = 60
_SPACE = re.compile(r"\s+")


class OpenAIBackend(Backend):
    """Extraction by a model through instructor (TOOLS, JSON_SCHEMA or MD_JSON mode)."""

    name = "openai"

    def __init__(self, options: BackendOptions, *, prompt_set: prompts.PromptSet | None = None):
        self.settings = ModelSettings.from_options(options)
        self.prompts = prompt_set or prompts.load()
        api_key = self.settings.api_key
        if not api_key and self.settings.base_url:
            api_key = "not-needed"  # local servers take any key; the client insists on one
        server = self.settings.base_url or os.environ.get("OPENAI_BASE_URL")
        try:
            # max_retries=0: our own loop retries, so that every attempt is counted and logged.
            self.client = openai.AsyncOpenAI(
                api_key=api_key,
                base_url=self.settings.base_url,
                max_retries=0,
                timeout=self.settings.timeout,
                http_client=http_client(server),
            )
        except openai.OpenAIError as exc:
            raise SettingsError(
                "the openai backend needs OPENAI_API_KEY, or a server's --base-url "
                "(OPENAI_BASE_URL)"
            ) from exc
        self.settings.base_url = str(self.client.base_url)
        self.budget = TokenBudget(self.settings.token_budget)
        self.asker = Asker(self.settings, self.client, self.prompts.version, self.budget)
        self.recorder: CallRecorder | None = None
        self._overhead = estimate_tokens(
            self.prompts.system + self.prompts.user + str(ExtractedClaims.model_json_schema())
        )

    @property
    def key(self) -> ExtractionKey:
        return ExtractionKey("openai", self.settings.model, self.prompts.version)

    def describe(self) -> str:
        host = urlsplit(public_url(self.settings.base_url) or "").netloc or "api.openai.com"
        return (
            f"openai ({self.settings.model} at {host}, {self.settings.mode} mode, "
            f"prompt {self.prompts.version})"
        )

    @property
    def concurrency(self) -> int:
        return self.settings.concurrency

    def attach(self, recorder: CallRecorder) -> None:
        self.recorder = recorder
        self.asker.recorder = recorder

    async def aclose(self) -> None:
        await self.client.close()

    # -- estimates ----------------------------------------------------------------------

    def estimate_tokens(self, document: Document) -> int:
        return sum(self._request_tokens(document, span) for span in self._uncached(document))

    def estimate_calls(self, document: Document) -> tuple[int, int]:
        spans = len(self._uncached(document))
        return spans, spans * self.settings.worst_case_calls_per_chunk()

    def _uncached(self, document: Document) -> list[Span]:
        return [s for s in self._plan(document) if self._cached(document, s) is None]

    def _request_tokens(self, document: Document, span: Span) -> int:
        text_tokens = estimate_tokens(document.text[span.start : span.end])
        return self._overhead + text_tokens + _completion_allowance(text_tokens)

    # -- extraction ---------------------------------------------------------------------

    async def extract(self, document: Document) -> Extraction:
        spend = Spend()
        plan = self._plan(document)
        claims: list[Claim] = []
        dropped = 0
        try:
            for number, span in enumerate(plan, 1):
                part = (
                    "the whole article"
                    if len(plan) == 1
                    else f"part {number} of {len(plan)}; the article continues "
                    + ("before and after it" if 1 < number < len(plan) else "elsewhere")
                )
                found, lost = await self._extract_span(document, span, part, 0, spend)
                claims += found
                dropped += lost
        except BatchAborted as stop:
            raise BatchAborted(stop.reason, **spend.counts()) from None
        except RequestRejected as rejected:
            if rejected.fatal:
                raise BatchAborted(str(rejected), **spend.counts()) from None
            raise ExtractionFailed(str(rejected), **spend.counts()) from None
        except (GaveUp, Refused, Truncated) as failure:
            raise ExtractionFailed(str(failure), **spend.counts()) from None
        return Extraction(
            document_id=document.id,
            claims=_deduplicated(claims),
            dropped_ungrounded=dropped,
            **spend.counts(),
        )

    async def _extract_span(
        self, document: Document, span: Span, part: str, depth: int, spend: Spend
    ) -> tuple[list[Claim], int]:
        text = document.text[span.start : span.end]
        cached = self._cached(document, span)
        if cached is not None:
            return self._ground(document, span, ExtractedClaims.model_validate_json(cached.payload))
        before = Spend(**spend.counts())
        allowance = _completion_allowance(estimate_tokens(text))
        messages = self.prompts.messages(text, marker=prompts.marker_for(document.id), part=part)
        try:
            result = await self.asker.ask(document.id, span, text, messages, spend, allowance)
        except (Truncated, RequestRejected) as cut:
            if isinstance(cut, RequestRejected) and not cut.too_long:
                raise
            if depth >= self.settings.max_splits or (
                estimate_tokens(text) < 2 * self.settings.min_split_tokens
            ):
                raise Truncated(
                    f"{cut}; the chunk (~{estimate_tokens(text)} tokens, characters "
                    f"{span.start}-{span.end}) is too small to split again"
                ) from None
            found: list[Claim] = []
            dropped = 0
            for piece in halve(document.text, span, self.settings.overlap_tokens):
                claims, lost = await self._extract_span(
                    document, piece, part + ", a smaller piece", depth + 1, spend
                )
                found += claims
                dropped += lost
            return found, dropped
        if self.recorder is not None:
            self.recorder.cache_response(
                CachedResponse(
                    key=self._cache_key(document, span),
                    document_id=document.id,
                    chunk_start=span.start,
                    chunk_end=span.end,
                    model=self.settings.model,
                    mode=self.settings.mode,
                    prompt_version=self.prompts.version,
                    schema_version=SCHEMA_VERSION,
                    payload=result.model_dump_json(),
                    prompt_tokens=spend.prompt_tokens - before.prompt_tokens,
                    completion_tokens=spend.completion_tokens - before.completion_tokens,
                )
            )
        return self._ground(document, span, result)

    def _ground(
        self, document: Document, span: Span, result: ExtractedClaims
    ) -> tuple[list[Claim], int]:
        """Claims whose quotes are found in the span, at whole-document offsets; and how
        many were dropped because theirs were not."""
        text = document.text[span.start : span.end]
        provenance = self.key.provenance()
        claims: list[Claim] = []
        dropped = 0
        for draft in result.claims:
            match = locate_quote(text, draft.quote)
            if match is None:
                dropped += 1
                continue
            start, end = span.start + match.start, span.start + match.end
            body = _SPACE.sub(" ", draft.text).strip()
            claims.append(
                Claim(
                    id=Claim.id_for(document.id, provenance, start, end, body),
                    document_id=document.id,
                    text=body,
                    quote=document.text[start:end],
                    quote_start=start,
                    quote_end=end,
                    kind=draft.kind,
                    attribution=(draft.attribution or "").strip() or None,
                    figures=[
                        Figure(value=f.value, raw=f.raw, counts=f.counts) for f in draft.figures
                    ],
                    provenance=provenance,
                )
            )
        return claims, dropped

    def _plan(self, document: Document) -> list[Span]:
        return split_spans(document.text, self.settings.chunk_tokens, self.settings.overlap_tokens)

    def _cached(self, document: Document, span: Span) -> CachedResponse | None:
        if self.recorder is None:
            return None
        return self.recorder.cached_response(self._cache_key(document, span))

    def _cache_key(self, document: Document, span: Span) -> str:
        return short_hash(
            "response",
            document.id,
            str(span.start),
            str(span.end),
            self.settings.model,
            self.settings.mode,
            self.prompts.version,
            SCHEMA_VERSION,
            length=32,
        )


def _completion_allowance(text_tokens: int) -> int:
    return COMPLETION_BASE + math.ceil(text_tokens * COMPLETION_RATIO)


def _deduplicated(claims: list[Claim]) -> list[Claim]:
    """One claim per quote span and per statement: chunks overlap, so the same sentence can
    be extracted twice."""
    kept: list[Claim] = []
    spans: set[tuple[int, int]] = set()
    texts: set[str] = set()
    for claim in sorted(claims, key=lambda c: (c.quote_start, c.quote_end)):
        said = claim.text.casefold()
        if (claim.quote_start, claim.quote_end) in spans or said in texts:
            continue
        spans.add((claim.quote_start, claim.quote_end))
        texts.add(said)
        kept.append(claim)
    return kept
