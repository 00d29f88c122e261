"""The model backend: claims from any OpenAI-compatible server, grounded, cached and counted.

Importing this module loads neither openai nor instructor: the client, the asker and the
mode handlers are built on the first request (`_engine`), so a dry run's reading, `--help`,
`stats` and `export` never pay for them; a live run starts importing them in the background
as it begins (`prepare`, see `preload`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from summarise.backends.base import (
    BackendOptions,
    CallRecorder,
    ChunkedBackend,
    ExtractionFailed,
    RunAborted,
)
from summarise.backends.openai import preload, prompts
from summarise.backends.openai.chunking import Span, estimate_tokens, halve, split_spans
from summarise.backends.openai.schema import SCHEMA_VERSION, ExtractedClaims, GroundingContext
from summarise.backends.openai.settings import AUTO_MODE, MODES, ModelSettings
from summarise.backends.openai.sizing import (
    completion_allowance,
    context_advice,
    fit_chunk_tokens,
    reply_cap,
)
from summarise.models import (
    CachedResponse,
    Claim,
    Document,
    Extraction,
    ExtractionKey,
    Figure,
    short_hash,
)

if TYPE_CHECKING:
    from summarise.backends.openai.asker import Asker
    from summarise.backends.openai.outcomes import Spend

# Instructions instructor adds around the schema in the json and md_json modes.
MODE_TEXT_TOKENS = 80
_SPACE = re.compile(r"\s+")


class OpenAIBackend(ChunkedBackend):
    """Extraction by a model (tools, json_schema, json or md_json mode; auto picks)."""

    name = "openai"

    def __init__(self, options: BackendOptions, *, prompt_set: prompts.PromptSet | None = None):
        self.settings = ModelSettings.from_options(options)
        self.prompts = prompt_set or prompts.load()
        self.recorder: CallRecorder | None = None
        self._asker: Asker | None = None
        self._sizes: dict[str, tuple[int, int]] = {}
        self._size()  # a context too small for any document is refused now, not per chunk

    @property
    def _overhead(self) -> int:
        return self._size()[0]

    @property
    def _chunk_tokens(self) -> int:
        return self._size()[1]

    def _size(self) -> tuple[int, int]:
        """(the fixed prompt's tokens, the chunk size) for the mode in use: the tools and
        json_schema modes carry the schema compact, in the body; json and md_json put an
        indented copy in the prompt, and auto is sized for those until a mode is picked."""
        mode = self.mode
        if mode not in self._sizes:
            indent = None if mode in ("tools", "json_schema") else 2
            schema = json.dumps(ExtractedClaims.model_json_schema(), indent=indent)
            overhead = (
                estimate_tokens(self.prompts.system + self.prompts.user + schema) + MODE_TEXT_TOKENS
            )
            self._sizes[mode] = (overhead, self._fit_chunk_tokens(overhead))
        return self._sizes[mode]

    def _fit_chunk_tokens(self, overhead: int) -> int:
        return fit_chunk_tokens(self.settings.chunk_tokens, self.settings.context_tokens, overhead)

    def _engine(self) -> Asker:
        """The openai client and the asker, made on first use."""
        if self._asker is None:
            preload.wait()  # a preload under way finishes the imports below
            import openai

            from summarise.backends.openai.asker import Asker
            from summarise.backends.openai.budget import TokenBudget
            from summarise.backends.openai.connections import http_client

            settings = self.settings
            api_key = settings.api_key
            if not api_key and settings.base_url:
                api_key = "not-needed"  # local servers take any key; the client insists on one
            timeout = openai.Timeout(settings.timeout, connect=min(settings.timeout, 30.0))
            # max_retries=0: our own loop retries, so that every attempt is counted and logged.
            client = openai.AsyncOpenAI(
                api_key=api_key,
                base_url=settings.base_url,
                max_retries=0,
                timeout=timeout,
                http_client=http_client(settings.base_url or str(_default_base())),
            )
            self._asker = Asker(
                settings, client, self.prompts.version, TokenBudget(settings.token_budget)
            )
            self._asker.recorder = self.recorder
        return self._asker

    @property
    def key(self) -> ExtractionKey:
        return ExtractionKey("openai", self.settings.model, self.prompts.version)

    def describe(self) -> str:
        host = urlsplit(self.settings.base_url or "").netloc or "api.openai.com"
        host = host.rsplit("@", 1)[-1]  # never a user:password
        return (
            f"openai ({self.settings.model} at {host}, {self.mode} mode, "
            f"prompt {self.prompts.version})"
        )

    @property
    def mode(self) -> str:
        """The mode in use: as set, or what --mode auto picked (auto until it has)."""
        if self._asker is not None and self._asker.mode is not None:
            return self._asker.mode
        return self.settings.mode

    @property
    def concurrency(self) -> int:
        return self.settings.concurrency

    def prepare(self) -> None:
        preload.start()

    def attach(self, recorder: CallRecorder) -> None:
        self.recorder = recorder
        if self._asker is not None:
            self._asker.recorder = recorder

    async def aclose(self) -> None:
        if self._asker is not None:
            await self._asker.client.close()

    # -- estimates ----------------------------------------------------------------------

    def estimate_tokens(self, document: Document) -> int:
        return sum(self.request_tokens(document, span) for span in self._uncached(document))

    def estimate_calls(self, document: Document) -> tuple[int, int]:
        spans = len(self._uncached(document))
        return spans, spans * self.settings.worst_case_calls_per_chunk()

    def _uncached(self, document: Document) -> list[Span]:
        return [s for s in self.plan(document) if self._cached(document, s) is None]

    def request_tokens(self, document: Document, span: Span) -> int:
        text_tokens = estimate_tokens(document.text[span.start : span.end])
        return self._overhead + text_tokens + completion_allowance(text_tokens)

    # -- the request and reply of one chunk (shared with the Batch API path) --------------

    def messages_for(
        self, document: Document, span: Span, part: str = "the whole article"
    ) -> list[dict[str, str]]:
        """The chat messages asking for the claims in one chunk of `document`."""
        text = document.text[span.start : span.end]
        return self.prompts.messages(text, marker=prompts.marker_for(document.id), part=part)

    def build_request(
        self, document: Document, span: Span, *, mode: str | None = None, part: str = ""
    ) -> dict[str, Any]:
        """The chat-completions body for one chunk, as the live path sends it: prompt,
        schema and structure for `mode` (default: the backend's; auto means tools), the
        reply cap and the temperature."""
        from summarise.backends.openai.request import build_request

        chosen = mode or (self.mode if self.mode != AUTO_MODE else MODES[0])
        text_tokens = estimate_tokens(document.text[span.start : span.end])
        host = urlsplit(self.settings.base_url or "https://api.openai.com").hostname or ""
        return build_request(
            self.messages_for(document, span, part or "the whole article"),
            mode=chosen,
            model=self.settings.model,
            reply_cap=reply_cap(text_tokens),
            cap_field="max_completion_tokens" if host.endswith("openai.com") else "max_tokens",
            temperature=self.settings.temperature,
        )

    def claims_from_reply(
        self, document: Document, span: Span, reply: dict[str, Any], *, mode: str
    ) -> tuple[list[Claim], int]:
        """Validate a chat-completion reply body for one chunk and ground its claims:
        (claims at whole-document offsets, how many were dropped as ungrounded). Raises
        ValueError (or pydantic's ValidationError) for a reply that is not an extraction."""
        from summarise.backends.openai import reply as replies
        from summarise.backends.openai.schema import GROUNDING

        completion = replies.read_completion(json.dumps(reply).encode(), "application/json")
        grounding = GroundingContext(document.text[span.start : span.end], last_attempt=True)
        token = GROUNDING.set(grounding)
        try:
            result = replies.parse_claims(completion, mode)
        finally:
            GROUNDING.reset(token)
        return self._ground(document, span, result, grounding)

    # -- extraction ---------------------------------------------------------------------

    async def extract(self, document: Document) -> Extraction:
        preload.wait()  # the imports below (transport: openai, httpx) are the preload's
        from summarise.backends.openai.outcomes import GaveUp, Refused, Spend, Truncated
        from summarise.backends.openai.transport import RequestRejected

        spend = Spend()
        plan = self.plan(document)
        claims: list[Claim] = []
        dropped = 0
        failed: list[tuple[Span, Exception]] = []
        with _stopped_as_failures(spend):
            for number, span in enumerate(plan, 1):
                part = (
                    "the whole article"
                    if len(plan) == 1
                    else f"part {number} of {len(plan)}; the article continues "
                    + ("before and after it" if 1 < number < len(plan) else "elsewhere")
                )
                try:
                    found, lost = await self._extract_span(document, span, part, 0, spend)
                except (GaveUp, Refused, Truncated, RequestRejected) as failure:
                    if isinstance(failure, RequestRejected) and failure.fatal:
                        raise
                    # The document fails, but its other chunks are still asked: their
                    # answers are cached, so a rerun asks again only for the chunks that failed.
                    failed.append((span, failure))
                    continue
                claims += found
                dropped += lost
            if failed:
                raise _first_failure(failed, len(plan))
        return Extraction(
            document_id=document.id,
            claims=self.deduplicate(claims),
            dropped_ungrounded=dropped,
            chunks=len(plan),
            **spend.counts(),
        )

    async def extract_span(
        self, document: Document, span: Span, part: str
    ) -> tuple[list[Claim], int]:
        from summarise.backends.openai.outcomes import Spend

        spend = Spend()
        with _stopped_as_failures(spend):
            found = await self._extract_span(document, span, part, 0, spend)
        return found

    def ground_reply(self, document: Document, span: Span, payload: str) -> tuple[list[Claim], int]:
        return self._ground(document, span, ExtractedClaims.model_validate_json(payload))

    async def _extract_span(
        self, document: Document, span: Span, part: str, depth: int, spend: Spend
    ) -> tuple[list[Claim], int]:
        from summarise.backends.openai.outcomes import Spend, Truncated
        from summarise.backends.openai.transport import RequestRejected

        text = document.text[span.start : span.end]
        cached = self._cached(document, span)
        if cached is not None:
            answer = ExtractedClaims.model_validate_json(cached.payload)
            found = self._ground(document, span, answer)
            if found[0]:
                return found
            # A cached answer none of whose quotes are in the text: asked again, like an empty
            # one (see _cached).
        asker = self._engine()
        before = Spend(**spend.counts())
        messages = self.messages_for(document, span, part)
        grounding = GroundingContext(text)
        cap = reply_cap(estimate_tokens(text))
        try:
            result = await asker.ask(document.id, span, grounding, messages, spend, cap)
        except (Truncated, RequestRejected) as cut:
            if isinstance(cut, RequestRejected) and not cut.too_long:
                raise
            if depth >= self.settings.max_splits or (
                estimate_tokens(text) < 2 * self.settings.min_split_tokens
            ):
                raise Truncated(
                    f"{cut}; the chunk (~{estimate_tokens(text)} tokens, characters "
                    f"{span.start}-{span.end}) is too small to split again; "
                    + self._context_advice(cut, text, cap)
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
                    key=self.cache_key(document, span, self.mode),
                    document_id=document.id,
                    chunk_start=span.start,
                    chunk_end=span.end,
                    model=self.settings.model,
                    mode=self.mode,
                    prompt_version=self.prompts.version,
                    schema_version=SCHEMA_VERSION,
                    payload=result.model_dump_json(),
                    prompt_tokens=spend.prompt_tokens - before.prompt_tokens,
                    completion_tokens=spend.completion_tokens - before.completion_tokens,
                )
            )
        return self._ground(document, span, result, grounding)

    def _context_advice(self, cut: Exception, text: str, cap: int) -> str:
        prompt = self._overhead + estimate_tokens(text)
        return context_advice(cut, prompt, estimate_tokens(text), cap, self.settings.context_tokens)

    def _ground(
        self,
        document: Document,
        span: Span,
        result: ExtractedClaims,
        grounding: GroundingContext | None = None,
    ) -> tuple[list[Claim], int]:
        """Claims whose quotes are found in the span, at whole-document offsets; and how
        many were dropped because theirs were not (found once: validation's search is
        reused through `grounding`)."""
        text = document.text[span.start : span.end]
        grounding = grounding or GroundingContext(text)
        provenance = self.key.provenance()
        claims: list[Claim] = []
        dropped = 0
        for draft in result.claims:
            match = grounding.locate(draft.quote)
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
                        Figure(**f.model_dump())  # every field the schema asks for
                        for f in draft.figures
                    ],
                    provenance=provenance,
                )
            )
        return claims, dropped

    def plan(self, document: Document) -> list[Span]:
        overlap = min(self.settings.overlap_tokens, self._chunk_tokens // 4)
        return split_spans(document.text, self._chunk_tokens, overlap)

    def _cached(self, document: Document, span: Span) -> CachedResponse | None:
        if self.recorder is None:
            return None
        # Under --mode auto before a mode is picked, an answer in any mode will do.
        modes = MODES if self.mode == AUTO_MODE else (self.mode,)
        for mode in modes:
            found = self.recorder.cached_response(self.cache_key(document, span, mode))
            # An answer with no claims is asked again (a document that gave none is only
            # extracted again on request: --retry-empty, --force).
            if found is not None and json.loads(found.payload).get("claims"):
                return found
        return None

    def cache_key(self, document: Document, span: Span, mode: str) -> str:
        return short_hash(
            "response",
            document.id,
            str(span.start),
            str(span.end),
            self.settings.model,
            mode,
            self.prompts.version,
            SCHEMA_VERSION,
            length=32,
        )


@contextmanager
def _stopped_as_failures(spend: Spend) -> Iterator[None]:
    """The backend's own stops as the contract's: RunAborted when nothing more should be
    sent (budget spent, key refused), ExtractionFailed for this document, with the spend."""
    from summarise.backends.openai.outcomes import GaveUp, Refused, Stop, Truncated
    from summarise.backends.openai.transport import RequestRejected

    try:
        yield
    except Stop as stop:
        raise RunAborted(str(stop), **spend.counts()) from None
    except RequestRejected as rejected:
        if rejected.fatal:
            raise RunAborted(str(rejected), **spend.counts()) from None
        raise ExtractionFailed(str(rejected), **spend.counts()) from None
    except (GaveUp, Refused, Truncated) as failure:
        raise ExtractionFailed(str(failure), **spend.counts()) from None


def _first_failure(failed: list[tuple[Span, Exception]], chunks: int) -> Exception:
    """The failure a document ends on when some of its chunks failed: the first, saying how
    many failed when the document had more than one chunk."""
    span, first = failed[0]
    if chunks == 1:
        return first
    kept = "; the other chunks' answers are kept for the rerun" if chunks > len(failed) else ""
    return type(first)(
        f"{len(failed)} of {chunks} chunks failed (first: characters {span.start}-{span.end}): "
        f"{first}{kept}"
    )


def _default_base() -> str:
    import os

    return os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1"
