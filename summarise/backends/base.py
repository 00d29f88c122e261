"""The Backend contract: what every extractor (regex, model, test double) must provide.

A backend turns one Document into an Extraction. The pipeline owns batching, storage and
progress; a backend owns only extraction, so it never touches the database.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Protocol

from summarise.models import CachedResponse, Document, Extraction, ExtractionKey, ModelCall


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
    """A document could not be extracted. The batch records `reason` and goes on."""


class BatchAborted(_StoppedWithSpend):
    """The whole batch must stop cleanly (e.g. the token budget is spent, the key is refused)."""


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
        """Receive the cache and call log for this batch. Ignored by backends with no calls."""
        return None

    async def aclose(self) -> None:
        """Release clients and connections at the end of a batch."""
        return None
