"""The Backend contract: what every extractor (regex, model, test double) must provide.

A backend turns one Document into an Extraction. The pipeline owns runs, remote jobs,
storage and progress; a backend owns only extraction, so it never touches the database.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from summarise.models import (
    CachedResponse,
    Claim,
    Document,
    Extraction,
    ExtractionKey,
    ModelCall,
)


class _StoppedWithSpend(Exception):
    """An extraction that stopped, carrying what it had spent so cost accounting stays honest."""

    def __init__(
        self, reason: str, *, prompt_tokens: int = 0, completion_tokens: int = 0, calls: int = 0
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.prompt_tokens = prompt_tokens
        self.completion_tokens = completion_tokens
        self.calls = calls


class ExtractionFailed(_StoppedWithSpend):
    """A document could not be extracted. The run records `reason` and goes on."""


class RunAborted(_StoppedWithSpend):
    """The whole run must stop cleanly (e.g. the token budget is spent, the key is refused)."""


class CallRecorder(Protocol):
    """Where a model backend keeps its response cache and call log (the store implements it).

    A backend never imports the store: the pipeline hands it one of these with `attach`.
    """

    def cached_response(self, key: str) -> CachedResponse | None:
        """The cached answer stored under `key`, if any."""
        ...

    def cache_response(self, entry: CachedResponse) -> None:
        """Keep a validated answer (replacing any under the same key)."""
        ...

    def log_call(self, call: ModelCall) -> None:
        """Append one finished attempt to the call log."""
        ...

    def call_sent(self, call: ModelCall) -> int:
        """Log an attempt about to be sent (status `sent`); returns its row id."""
        ...

    def call_done(self, row_id: int, call: ModelCall) -> None:
        """Complete the `sent` row `row_id` with how the attempt ended."""
        ...


@dataclass(frozen=True)
class Span:
    """Character offsets [start, end) of one chunk of a document's text."""

    start: int
    end: int


@dataclass
class StreamedExtraction:
    """One document's claims in slices, made while the store writes them.

    `slices` is drained once, in document order; only once it is exhausted does `totals`
    (an Extraction without claims) hold the document's final figures: the cap reason,
    claims dropped, tokens spent. Holding one slice at a time is what keeps a claim-dense
    file within memory: a claim object costs kilobytes, its stored row far less.
    """

    slices: Iterable[list[Claim]]
    totals: Extraction

    @classmethod
    def whole(cls, extraction: Extraction) -> StreamedExtraction:
        """An extraction made all at once, as one slice."""
        totals = extraction.model_copy(update={"claims": []})
        return cls(slices=[extraction.claims] if extraction.claims else [], totals=totals)


@dataclass
class BackendOptions:
    """Settings a backend may read; each backend ignores what it does not use."""

    model: str | None = None
    base_url: str | None = None
    api_key: str | None = None
    mode: str | None = None
    concurrency: int = 1
    requests_per_minute: float | None = None
    max_tokens: int | None = None
    extra: dict[str, object] = field(default_factory=dict)


class Backend(ABC):
    """Abstract extractor. Subclasses set `name` and implement `extract`.

    `extract` is async so model backends can overlap network calls; a CPU-bound backend
    simply does its work inline. Optional capabilities have default implementations.
    """

    name: str = ""

    @property
    @abstractmethod
    def key(self) -> ExtractionKey:
        """Backend name, model and prompt version: what a stored extraction is keyed on."""

    @abstractmethod
    async def extract(self, document: Document) -> Extraction:
        """Extract grounded claims from one document, or raise ExtractionFailed."""

    async def extract_streamed(self, document: Document) -> StreamedExtraction:
        """The claims of one document in slices, for the store to write as they come.

        By default the whole `extract` as one slice; a backend that can make claims lazily
        (the rules) overrides it so a claim-dense document never holds all its claims.
        Draining the slices may raise ExtractionFailed like `extract`."""
        return StreamedExtraction.whole(await self.extract(document))

    def describe(self) -> str:
        """One line for the run log: which backend and model did the work."""
        return f"{self.key.backend} ({self.key.model}, prompt {self.key.prompt_version})"

    @property
    def concurrency(self) -> int:
        """How many documents the pipeline may extract at once."""
        return 1

    def estimate_tokens(self, document: Document) -> int:
        """Tokens one extraction of `document` would cost (for --dry-run). Free by default."""
        return 0

    def estimate_calls(self, document: Document) -> tuple[int, int]:
        """(expected, worst-case) model requests for `document`. None by default."""
        return (0, 0)

    def attach(self, recorder: CallRecorder) -> None:
        """Receive the cache and call log for this run. Ignored by backends with no calls."""
        return None

    def prepare(self) -> None:
        """A live run is about to start: begin any slow set-up (imports) now, in the
        background, so it overlaps reading the files rather than delaying the first request.
        Nothing by default; calling it twice is harmless."""
        return None

    async def aclose(self) -> None:
        """Release clients and connections at the end of a run."""
        return None


class ChunkedBackend(Backend):
    """A backend that asks a model one chunk (span) at a time, and so can be driven through
    a remote job (a provider's Batch API or a batch file) instead of live calls.

    This is everything the remote-job path (pipeline/remote*.py and the request codec)
    may ask of a backend: it plans a document's chunks, prices and keys a request, grounds
    a stored reply, merges the claims of a document's chunks, and re-asks one chunk live.
    The answers must match what the live `extract` does with the same settings, so that a
    document extracted through a remote job is stored exactly as a live run would store it.
    """

    @abstractmethod
    def plan(self, document: Document) -> list[Span]:
        """The chunks one request each is made for, in document order (overlapping where
        the document is longer than one chunk). Depends only on the text and settings."""

    @abstractmethod
    def request_tokens(self, document: Document, span: Span) -> int:
        """Estimated tokens (prompt, schema, chunk text and the reply allowance) of the
        first request for `span` of `document`: what --max-tokens and --dry-run count."""

    @abstractmethod
    def cache_key(self, document: Document, span: Span, mode: str) -> str:
        """The response-cache key of the answer for `span` in `mode`: a remote job stores
        its replies under it so a later live run reuses them (and the reverse)."""

    @abstractmethod
    def ground_reply(self, document: Document, span: Span, payload: str) -> tuple[list[Claim], int]:
        """Claims from a validated reply for `span` (`payload`: its JSON, as kept in the
        response cache), each at whole-document offsets with its quote found in the text;
        and how many were dropped because their quote was not found."""

    @abstractmethod
    async def extract_span(
        self, document: Document, span: Span, part: str
    ) -> tuple[list[Claim], int]:
        """Ask live for the claims of one chunk (`part` says which part of the document it
        is, for the prompt), with the live path's retries, splitting and caching: (grounded
        claims, dropped as ungrounded). Raises ExtractionFailed or RunAborted."""

    def deduplicate(self, claims: list[Claim]) -> list[Claim]:
        """One claim per quote span and per statement, in document order: chunks overlap,
        so the same sentence can be extracted twice. Override for another policy."""
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
